/**
 * Annotations through which a synthesized manifest carries what the check pack knows beyond the
 * objects themselves: suppressions with their reasons, environment marks, and workloads that
 * reload certificates by themselves. Constructs write them; the manifest audit reads them, so an
 * audit of the synthesized output agrees with the findings at synth time. Anyone may also write
 * them by hand on objects (or, for suppressions and marks, on Namespaces) of any origin.
 */

/** Prefix of every check annotation. */
export const CHECK_ANNOTATION_PREFIX = 'checks.cdk8s-cert-manager.io/';

/** `checks.cdk8s-cert-manager.io/suppress-<RULE>: <reason>`: the rule does not apply here, and why. */
export function suppressionAnnotation(ruleId: string): string {
  return `${CHECK_ANNOTATION_PREFIX}suppress-${ruleId}`;
}

/** The rule id a suppression annotation key names, or undefined when the key is not one. */
export function suppressedRuleOf(key: string): string | undefined {
  const prefix = `${CHECK_ANNOTATION_PREFIX}suppress-`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

/** `production`, `staging` or `test`: the stage of delivery the object (or Namespace) deploys to. */
export const ENVIRONMENT_ANNOTATION = `${CHECK_ANNOTATION_PREFIX}environment`;

/** `"true"`: the object (or Namespace) is unreachable from the internet; `"false"`: it is reachable. */
export const PRIVATE_NETWORK_ANNOTATION = `${CHECK_ANNOTATION_PREFIX}private-network`;

/**
 * On a workload: the Secrets (comma-separated) whose renewal the workload picks up by itself,
 * without a restart. The reason is in {@link SELF_RELOAD_REASON_ANNOTATION}.
 */
export const SELF_RELOAD_ANNOTATION = `${CHECK_ANNOTATION_PREFIX}self-reload`;

/** On a workload: how it picks up renewed certificates by itself. */
export const SELF_RELOAD_REASON_ANNOTATION = `${CHECK_ANNOTATION_PREFIX}self-reload-reason`;

/** On an object (or Namespace): the check pack is off for it, and why. */
export const CHECKS_DISABLED_ANNOTATION = `${CHECK_ANNOTATION_PREFIX}disabled`;

/**
 * The kinds whose objects the checks judge, by API group (`''` for the core group). Check
 * annotations are written on these only, and the manifest audit reads only these.
 */
export const CHECKED_KINDS: Readonly<Record<string, readonly string[]>> = {
  'cert-manager.io': ['Certificate', 'Issuer', 'ClusterIssuer'],
  'networking.k8s.io': ['Ingress'],
  'extensions': ['Ingress'],
  'gateway.networking.k8s.io': ['Gateway'],
  'apps': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  'batch': ['Job', 'CronJob'],
  '': ['Pod', 'Namespace', 'Secret'],
  'policy': ['PodDisruptionBudget'],
  'monitoring.coreos.com': ['PrometheusRule'],
};

/** Whether objects of `apiVersion` and `kind` are judged by the checks. */
export function isChecked(apiVersion: string, kind: string): boolean {
  const slash = apiVersion.lastIndexOf('/');
  return (CHECKED_KINDS[slash < 0 ? '' : apiVersion.slice(0, slash)] ?? []).includes(kind);
}
