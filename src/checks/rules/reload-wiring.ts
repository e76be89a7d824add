import { secretsUsed } from '../../private/pod-spec';
import { FindingSeverity } from '../finding';
import { Rule, RuleContext, RuleFinding } from '../rule';

/** Workloads Reloader can restart (bare Pods and Jobs are not long-running servers it manages). */
const RESTARTABLE = ['Deployment', 'StatefulSet', 'DaemonSet'];
const RELOAD = 'secret.reloader.stakater.com/reload';
const AUTO = ['reloader.stakater.com/auto', 'secret.reloader.stakater.com/auto', 'reloader.stakater.com/search'];

/** Whether a Reloader annotation value (comma-separated anchored regexes) names `secret`. */
function listed(value: string | undefined, secret: string): boolean {
  return (value ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '').some((n) => {
    try {
      return n === secret || new RegExp(`^(?:${n})$`).test(secret);
    } catch {
      return false;
    }
  });
}

/** `kind/namespace/name/secret` of every workload wired for reload, for lookups in constant time. */
function wiredKey(kind: string, namespace: string, name: string, secretName: string): string {
  return `${kind}/${namespace}/${name}/${secretName}`;
}

function findings(ctx: RuleContext): RuleFinding[] {
  const wired = new Set(ctx.graph.consumers.map((c) => wiredKey(c.kind, c.namespace, c.name, c.secretName)));
  const out: RuleFinding[] = [];
  for (const kind of RESTARTABLE) {
    for (const w of ctx.inventory.ofKind(kind)) {
      const namespace = w.namespace ?? 'default';
      const annotations = w.json?.metadata?.annotations ?? {};
      const auto = AUTO.some((a) => annotations[a] === 'true');
      const seen = new Set<string>();
      for (const use of secretsUsed(w.podSpec)) {
        if (seen.has(use.secretName)) continue;
        seen.add(use.secretName);
        const cert = ctx.graph.certificateForSecret(namespace, use.secretName);
        if (!cert || auto || listed(annotations[RELOAD], use.secretName)) continue;
        if (wired.has(wiredKey(kind, namespace, w.name, use.secretName))) continue;
        out.push({
          scope: w.construct,
          message: `${kind} "${namespace}/${w.name}" uses the certificate Secret "${use.secretName}" but nothing restarts it when `
            + 'cert-manager renews the certificate, so it keeps serving the old one until it expires; call '
            + 'certificate.reloadOnRotation(workload) (or certificate.mount), or declare RotationReload.selfManaged(reason) if '
            + 'the process watches its files',
        });
      }
    }
  }
  return out;
}

/** CM-REL1: a workload using a certificate Secret with no reload wiring and no opt-out. */
export const RELOAD_WIRING: Rule = {
  id: 'CM-REL1',
  severity: FindingSeverity.ERROR,
  summary: 'A Deployment, StatefulSet or DaemonSet that uses a certificate Secret with neither reload wiring nor a declared self-reload.',
  explanation: 'cert-manager renews the Secret on time, the kubelet updates the mounted files, and the process keeps the '
    + 'certificate it read at start until it expires: the classic "renewed but still expired" outage. Reloader restarts the '
    + 'workload when the Secret changes if the workload names it (`secret.reloader.stakater.com/reload`) or opts in '
    + '(`reloader.stakater.com/auto`, or search/match). Processes that watch their certificate files declare it with '
    + 'RotationReload.selfManaged(reason).',
  check: findings,
};
