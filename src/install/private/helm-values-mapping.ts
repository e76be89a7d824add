/**
 * Where each leaf value of the cert-manager chart's values.schema.json lands in this library:
 * the `CertManagerProps` path that sets it, or why it has no prop. docs/helm-values.md is
 * generated from this table (`npx projen helm-values:docs`), and a test fails when a key of the
 * pinned schema is missing here, or a key here is not in the schema.
 */
import { HelmValuesSchema, SchemaNode, helmValuesSchema, resolveNode, rootNode } from './helm-schema';

/** How one chart value maps onto the library. Exactly one of `props`, `notApplicable` and `missing` is set. */
export interface HelmValueMapping {
  /** The `CertManagerProps` paths that set it (several when the chart's one value is per component here). */
  readonly props?: string[];
  /** How the value converts, when not as is. */
  readonly note?: string;
  /** Why the value has no meaning outside Helm. */
  readonly notApplicable?: string;
  /** Meaningful, but not yet a prop: what to do instead. */
  readonly missing?: string;
}

const prop = (path: string | string[], note?: string): HelmValueMapping => ({ props: Array.isArray(path) ? path : [path], note });
const na = (reason: string): HelmValueMapping => ({ notApplicable: reason });
const missing = (instead: string): HelmValueMapping => ({ missing: instead });

/** The chart's values that each component (controller at the top level, webhook, cainjector) has, and the prop of `ComponentOptions`. */
const PER_COMPONENT: Record<string, HelmValueMapping> = {
  'affinity': prop('affinity'),
  'automountServiceAccountToken': prop('automountServiceAccountToken'),
  'config': prop('config', 'apiVersion and kind default to the component\'s configuration kind'),
  'containerSecurityContext': prop('containerSecurityContext', 'merged over the restricted default; values outside restricted Pod Security are refused'),
  'deploymentAnnotations': prop('deploymentAnnotations'),
  'enableServiceLinks': prop('enableServiceLinks'),
  'extraArgs': prop('extraArgs'),
  'extraEnv': prop('extraEnv'),
  'featureGates': prop('featureGates', 'a map of gate name to boolean instead of the "A=true,B=false" string'),
  'image.digest': prop('imageDigest'),
  'image.name': prop('imageRepository', 'the full repository, registry and name together'),
  'image.pullPolicy': prop('imagePullPolicy'),
  'image.registry': prop('imageRepository', 'deprecated upstream; the full repository, registry and name together'),
  'image.repository': prop('imageRepository'),
  'image.tag': prop('imageTag'),
  'networkPolicy.egress': prop('networkPolicyEgress'),
  'networkPolicy.enabled': prop('networkPolicies', 'or `networkPolicies` of the install for all three components'),
  'networkPolicy.ingress': prop('networkPolicyIngress'),
  'nodeSelector': prop('nodeSelector', 'merged with kubernetes.io/os: linux'),
  'podAnnotations': prop('podAnnotations'),
  'podDisruptionBudget.enabled': prop('disruptionBudget', 'DisruptionBudget.none() for false; on by default with more than one replica'),
  'podDisruptionBudget.maxUnavailable': prop('disruptionBudget', 'DisruptionBudget.maxUnavailable(n) or maxUnavailablePercent(n)'),
  'podDisruptionBudget.minAvailable': prop('disruptionBudget', 'DisruptionBudget.minAvailable(n) or minAvailablePercent(n)'),
  'podDisruptionBudget.unhealthyPodEvictionPolicy': prop('unhealthyPodEvictionPolicy'),
  'podLabels': prop('podLabels'),
  'replicaCount': prop('replicas'),
  'resources': prop('resources', 'a cdk8s-plus ContainerResources (cpu, memory, ephemeralStorage)'),
  'runtimeClassName': prop('runtimeClassName'),
  'securityContext': prop('podSecurityContext', 'merged over the restricted default; values outside restricted Pod Security are refused'),
  'serviceAccount.annotations': prop('serviceAccountAnnotations'),
  'serviceAccount.automountServiceAccountToken': prop('serviceAccountAutomountToken'),
  'serviceAccount.create': prop('createServiceAccount'),
  'serviceAccount.labels': prop('serviceAccountLabels'),
  'serviceAccount.name': prop('serviceAccountName'),
  'serviceAnnotations': prop('serviceAnnotations'),
  'serviceIPFamilies': prop('serviceIpFamilies'),
  'serviceIPFamilyPolicy': prop('serviceIpFamilyPolicy'),
  'serviceLabels': prop('serviceLabels'),
  'strategy': prop('strategy'),
  'tolerations': prop('tolerations'),
  'topologySpreadConstraints': prop('topologySpreadConstraints', 'replaces the default zone and node spreading'),
  'volumeMounts': prop('volumeMounts'),
  'volumes': prop('volumes'),
};

/** Keys of PER_COMPONENT that the chart does not have for the cainjector (whose Service it renders only for metrics). */
const NOT_FOR_CAINJECTOR = ['serviceIPFamilies', 'serviceIPFamilyPolicy'];

/** The per-component keys, under each component's prefix and props path. */
function perComponent(): Record<string, HelmValueMapping> {
  const out: Record<string, HelmValueMapping> = {};
  for (const [chartPrefix, propsPrefix] of [['', 'controller'], ['webhook.', 'webhook'], ['cainjector.', 'cainjector']]) {
    for (const [key, mapping] of Object.entries(PER_COMPONENT)) {
      if (propsPrefix === 'cainjector' && NOT_FOR_CAINJECTOR.includes(key)) continue;
      out[`${chartPrefix}${key}`] = { ...mapping, props: mapping.props!.map((p) => `${propsPrefix}.${p}`) };
    }
  }
  return out;
}

const STARTUPAPICHECK = 'startupapicheck is a Helm post-install hook Job that waits for the webhook; without Helm hooks, '
  + 'order the install with the GitOps stages (CertManagerStack) or wait for the webhook Deployment instead';

const EVERY_COMPONENT = (p: string) => [`controller.${p}`, `webhook.${p}`, `cainjector.${p}`];
const SCRAPE = (kind: 'servicemonitor' | 'podmonitor', p: string): [string, HelmValueMapping] =>
  [`prometheus.${kind}.${p}`, prop(`${kind === 'servicemonitor' ? 'serviceMonitor' : 'podMonitor'}.${p}`)];

/** Every leaf of the chart's values schema, by dotted path. */
export const HELM_VALUES_MAPPING: Record<string, HelmValueMapping> = {
  ...perComponent(),

  // Controller settings that only it has.
  'approveSignerNames': prop('controller.approveSignerNames'),
  'clusterResourceNamespace': prop('clusterResourceNamespace'),
  'disableAutoApproval': prop('controller.disableAutoApproval'),
  'dns01RecursiveNameservers': prop('controller.dns01RecursiveNameservers', 'a list instead of the comma-separated string'),
  'dns01RecursiveNameserversOnly': prop('controller.dns01RecursiveNameserversOnly'),
  'enableCertificateOwnerRef': prop('controller.enableCertificateOwnerRef'),
  'extraContainers': prop('controller.extraContainers'),
  'hostAliases': prop('controller.hostAliases', 'every component has it here'),
  'http_proxy': prop('controller.httpProxy'),
  'https_proxy': prop('controller.httpsProxy'),
  'no_proxy': prop('controller.noProxy', 'a list instead of the comma-separated string'),
  'ingressShim.defaultIssuerGroup': prop('controller.defaultIssuer.group'),
  'ingressShim.defaultIssuerKind': prop('controller.defaultIssuer.kind'),
  'ingressShim.defaultIssuerName': prop('controller.defaultIssuer.name'),
  'livenessProbe': prop('controller.livenessProbe'),
  'maxConcurrentChallenges': prop('controller.maxConcurrentChallenges'),
  'podDnsConfig': prop('controller.dnsConfig', 'every component has it here'),
  'podDnsPolicy': prop('controller.dnsPolicy', 'every component has it here'),

  // The webhook's own settings.
  'webhook.apiserverClientCertSubjects': prop('webhook.apiserverClientCertSubjects', 'a list instead of the comma-separated string'),
  'webhook.clientCAFile': prop('webhook.clientCaFile'),
  'webhook.enableClientVerification': prop('webhook.enableClientVerification'),
  'webhook.hostNetwork': prop('webhook.hostNetwork', 'the created namespace then enforces the privileged level, with a warning'),
  'webhook.livenessProbe': prop('webhook.livenessProbe'),
  'webhook.loadBalancerIP': prop('webhook.loadBalancerIp'),
  'webhook.mutatingWebhookConfiguration.namespaceSelector': prop('webhook.mutatingNamespaceSelector'),
  'webhook.mutatingWebhookConfigurationAnnotations': prop('webhook.mutatingWebhookAnnotations'),
  'webhook.readinessProbe': prop('webhook.readinessProbe'),
  'webhook.securePort': prop('webhook.securePort'),
  'webhook.serviceType': prop('webhook.serviceType'),
  'webhook.timeoutSeconds': prop('webhook.timeoutSeconds'),
  'webhook.url': prop('webhook.url', 'the https base URL: https://<url.host>'),
  'webhook.validatingWebhookConfiguration.namespaceSelector': prop('webhook.validatingNamespaceSelector'),
  'webhook.validatingWebhookConfigurationAnnotations': prop('webhook.validatingWebhookAnnotations'),

  // The cainjector.
  'cainjector.enabled': missing('the cainjector is always installed: without it no caBundle is injected and every cert-manager API '
    + 'call fails TLS. Remove it with a JSON patch only if another injector fills the caBundle'),

  // The ACME HTTP-01 solver image.
  'acmesolver.image.digest': prop('acmesolverImageDigest'),
  'acmesolver.image.name': prop('acmesolverImageRepository', 'the full repository, registry and name together'),
  'acmesolver.image.pullPolicy': na('no template of the chart reads it; the controller sets the solver pods\' pull policy'),
  'acmesolver.image.registry': prop('acmesolverImageRepository', 'deprecated upstream; the full repository'),
  'acmesolver.image.repository': prop('acmesolverImageRepository'),
  'acmesolver.image.tag': prop('acmesolverImageTag'),
  'acmesolver.runtimeClassName': prop('acmesolverRuntimeClassName'),

  // The install as a whole.
  'crds.enabled': prop('installCrds'),
  'crds.keep': na('Helm\'s resource policy annotation; this library never deletes CRDs (see CertManagerCrds for GitOps annotations)'),
  'creator': na('chooses Helm\'s or the static manifests\' bookkeeping labels'),
  'enabled': na('the condition of an umbrella chart\'s dependency; no template reads it'),
  'extraObjects': na('extra manifests templated by Helm; add ApiObjects to the chart instead'),
  'fullnameOverride': prop('fullnameOverride'),
  'global.commonLabels': prop('commonLabels'),
  'global.hostUsers': prop('hostUsers'),
  'global.imagePullSecrets': prop('imagePullSecrets', 'a list of Secret names'),
  'global.leaderElection.leaseDuration': prop('leaderElectionLeaseDuration', 'a Duration'),
  'global.leaderElection.namespace': prop('leaderElectionNamespace'),
  'global.leaderElection.renewDeadline': prop('leaderElectionRenewDeadline', 'a Duration'),
  'global.leaderElection.retryPeriod': prop('leaderElectionRetryPeriod', 'a Duration'),
  'global.logLevel': prop('logLevel'),
  'global.nodeSelector': prop(EVERY_COMPONENT('nodeSelector'), 'set on each component'),
  'global.podSecurityPolicy.enabled': na('PodSecurityPolicy was removed in Kubernetes 1.25; the namespace enforces Pod Security instead'),
  'global.podSecurityPolicy.useAppArmor': na('PodSecurityPolicy was removed in Kubernetes 1.25'),
  'global.priorityClassName': prop('priorityClassName'),
  'global.rbac.aggregateClusterRoles': prop('aggregateClusterRoles'),
  'global.rbac.create': prop('createRbac'),
  'global.revisionHistoryLimit': prop('revisionHistoryLimit'),
  'global.runtimeClassName': prop(EVERY_COMPONENT('runtimeClassName'), 'set on each component'),
  'imageNamespace': prop('imageRegistry', 'registry and namespace together, e.g. "quay.io/jetstack"'),
  'imageRegistry': prop('imageRegistry', 'registry and namespace together, e.g. "quay.io/jetstack"'),
  'installCRDs': prop('installCrds', 'deprecated upstream alias of crds.enabled'),
  'nameOverride': prop('nameOverride'),
  'namespace': prop('namespace'),

  // Prometheus.
  'prometheus.enabled': prop(['metricsServices', 'prometheusScrapeAnnotations'],
    'false: metricsServices false; true without a ServiceMonitor or PodMonitor: prometheusScrapeAnnotations true'),
  ...Object.fromEntries((['servicemonitor', 'podmonitor'] as const).flatMap((kind) => [
    SCRAPE(kind, 'annotations'),
    [`prometheus.${kind}.enabled`, prop(kind === 'servicemonitor' ? 'serviceMonitor' : 'podMonitor', 'set the options object to enable it')],
    SCRAPE(kind, 'endpointAdditionalProperties'),
    SCRAPE(kind, 'honorLabels'),
    [`prometheus.${kind}.interval`, prop(`${kind === 'servicemonitor' ? 'serviceMonitor' : 'podMonitor'}.interval`, 'a Duration')],
    SCRAPE(kind, 'labels'),
    SCRAPE(kind, 'namespace'),
    SCRAPE(kind, 'prometheusInstance'),
    [`prometheus.${kind}.scrapeTimeout`, prop(`${kind === 'servicemonitor' ? 'serviceMonitor' : 'podMonitor'}.scrapeTimeout`, 'a Duration')],
  ])),

  // startupapicheck: a Helm hook.
  ...Object.fromEntries([
    'affinity', 'automountServiceAccountToken', 'backoffLimit', 'containerSecurityContext', 'enableServiceLinks', 'enabled',
    'extraArgs', 'extraEnv', 'image.digest', 'image.name', 'image.pullPolicy', 'image.registry', 'image.repository', 'image.tag',
    'jobAnnotations', 'nodeSelector', 'podAnnotations', 'podLabels', 'rbac.annotations', 'resources', 'runtimeClassName',
    'securityContext', 'serviceAccount.annotations', 'serviceAccount.automountServiceAccountToken', 'serviceAccount.create',
    'serviceAccount.labels', 'serviceAccount.name', 'timeout', 'tolerations', 'ttlSecondsAfterFinished', 'volumeMounts', 'volumes',
  ].map((key) => [`startupapicheck.${key}`, na(STARTUPAPICHECK)])),
};

/** Figures of the mapping: applicable keys (not `notApplicable`) and how many of them map to a prop. */
export function mappingCoverage(keys: string[]): { applicable: number; mapped: number; percent: number } {
  const rows = keys.map((k) => HELM_VALUES_MAPPING[k]).filter((m) => m && !m.notApplicable);
  const mapped = rows.filter((m) => m.props).length;
  return { applicable: rows.length, mapped, percent: rows.length ? Math.floor((mapped / rows.length) * 1000) / 10 : 0 };
}

/**
 * Every leaf key of the chart's values schema, as dotted paths, sorted: a key whose node has
 * properties is a branch; any other (a scalar, a list, a free-form object) is a leaf.
 */
export function helmValuesLeafKeys(schema: HelmValuesSchema = helmValuesSchema()): string[] {
  const out: string[] = [];
  const walk = (given: SchemaNode, path: string) => {
    const node = resolveNode(schema, given);
    const children = Object.entries(node.properties ?? {});
    if (children.length === 0) {
      out.push(path);
      return;
    }
    for (const [key, child] of children) walk(child, path ? `${path}.${key}` : key);
  };
  walk(rootNode(schema), '');
  return out.sort();
}
