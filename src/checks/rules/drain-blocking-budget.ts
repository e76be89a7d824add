import { FindingSeverity } from '../finding';
import { InventoryObject } from '../inventory';
import { Rule, RuleContext, RuleFinding } from '../rule';

const SCALED = ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'];

/** Whether pod labels satisfy a label selector (matchLabels and matchExpressions). */
function selects(selector: any, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const match = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const exprs = (selector.matchExpressions ?? []).every((e: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
  const empty = Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
  return !empty && match && exprs;
}

function blocking(pdb: any, matched: InventoryObject[]): string | undefined {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%') {
    return `maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}, so no pod may ever be evicted`;
  }
  if (spec.minAvailable === '100%') return 'minAvailable is "100%", so no pod may ever be evicted';
  if (typeof spec.minAvailable === 'number' && !matched.some((w) => w.kind === 'DaemonSet')) {
    const replicas = matched.reduce((n, w) => n + (w.json?.spec?.replicas ?? 1), 0);
    if (spec.minAvailable >= replicas) {
      return `minAvailable is ${spec.minAvailable} and the pods it selects have ${replicas} replica${replicas === 1 ? '' : 's'} `
        + `(${matched.map((w) => `${w.kind} ${w.name}`).join(', ')}), so no pod may ever be evicted`;
    }
  }
  return undefined;
}

function findings(ctx: RuleContext): RuleFinding[] {
  const workloads = SCALED.flatMap((k) => [...ctx.inventory.ofKind(k)]);
  const out: RuleFinding[] = [];
  for (const pdb of ctx.inventory.ofKind('PodDisruptionBudget')) {
    const namespace = pdb.namespace ?? 'default';
    const matched = workloads.filter((w) => (w.namespace ?? 'default') === namespace && selects(pdb.json?.spec?.selector, w.podLabels));
    if (matched.length === 0) continue;
    const why = blocking(pdb.json, matched);
    if (!why) continue;
    out.push({
      scope: pdb.construct,
      message: `PodDisruptionBudget "${namespace}/${pdb.name}" blocks every node drain: ${why}; cluster upgrades hang on it; use `
        + 'maxUnavailable: 1, or run more replicas than minAvailable',
    });
  }
  return out;
}

/** CM-PDB1: a PodDisruptionBudget that blocks every drain. */
export const DISRUPTION_BUDGET_BLOCKS_DRAINS: Rule = {
  id: 'CM-PDB1',
  severity: FindingSeverity.ERROR,
  summary: 'A PodDisruptionBudget that allows no eviction at all (maxUnavailable 0, or minAvailable at least the replicas).',
  explanation: 'A budget that allows no eviction makes `kubectl drain` and managed node upgrades wait forever on those pods; '
    + 'the usual way out is deleting the budget by hand during an incident. For the cert-manager webhook it is worse: the '
    + 'webhook pod cannot be moved, and its node cannot be replaced. Allow one pod to go at a time (maxUnavailable: 1) with '
    + 'at least two replicas.',
  check: findings,
};
