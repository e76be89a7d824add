import { pathOf } from '../../private/errors';
import { validateManifest } from '../../validation/manifest';
import { FindingSeverity } from '../finding';
import { Rule, RuleContext, RuleFinding } from '../rule';

const KINDS = ['Certificate', 'Issuer', 'ClusterIssuer'];

function findings(ctx: RuleContext): RuleFinding[] {
  // The library's own constructs validate their objects when created; this covers the rest:
  // low-level objects and included YAML.
  const declared = new Set([...ctx.graph.certificates.map((c) => c.scope), ...ctx.graph.issuers]);
  const out: RuleFinding[] = [];
  for (const kind of KINDS) {
    for (const o of ctx.inventory.ofKind(kind)) {
      if (declared.has(o.apiObject.node.scope!)) continue;
      const issue = validateManifest(o.json).find((i) => i.severity === 'error');
      if (!issue) continue;
      out.push({
        scope: o.construct,
        message: `${kind} "${o.namespace ? `${o.namespace}/` : ''}${o.name}" (${pathOf(o.apiObject)}) is refused by cert-manager's `
          + `admission webhook (${issue.rule}): ${issue.path}: ${issue.message}; ${issue.fix}`,
      });
    }
  }
  return out;
}

/** CM-WH1: a Certificate, Issuer or ClusterIssuer object that cert-manager's webhook refuses. */
export const WEBHOOK_REFUSED: Rule = {
  id: 'CM-WH1',
  severity: FindingSeverity.ERROR,
  summary: 'A Certificate, Issuer or ClusterIssuer object, written without this library\'s constructs, that cert-manager\'s admission webhook refuses.',
  explanation: 'cert-manager\'s validating webhook rejects such objects at apply time, so a GitOps sync fails or stays '
    + 'out of sync. The Certificate, Issuer and ClusterIssuer constructs check every webhook rule when created; this rule '
    + 'applies the same checks (docs/webhook-validation.md) to low-level objects and included YAML. Feature gates are '
    + 'taken at their cert-manager v1.21 defaults; suppress the finding where the cluster turns a gate on.',
  check: findings,
};
