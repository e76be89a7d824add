import { BundleFact, CertificateFact, PrivateCaFact } from '../../graph/certificate-graph';
import { FindingSeverity } from '../finding';
import { Inventory } from '../inventory';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe } from './support';

/** Whether `bundle` is written to `namespace`: yes, no, or unknown (a label selection of a namespace the app does not declare). */
function reaches(bundle: BundleFact, namespace: string, inventory: Inventory): boolean | undefined {
  if (bundle.allNamespaces) return true;
  if (bundle.namespaces) return bundle.namespaces.includes(namespace);
  const declared = inventory.ofKind('Namespace').find((n) => n.name === namespace);
  if (!declared) return undefined;
  const labels: Record<string, string> = declared.json?.metadata?.labels ?? {};
  return Object.entries(bundle.namespaceLabels ?? {}).every(([k, v]) => labels[k] === v);
}

const selector = (b: BundleFact) => (b.namespaces
  ? `the namespaces ${b.namespaces.map((n) => `"${n}"`).join(', ')}`
  : `namespaces labelled ${Object.entries(b.namespaceLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')}`);

/**
 * The finding for `leaf`'s namespace, which needs CA `ca`'s roots and gets them from none of
 * `bundles`; undefined when it does.
 */
function missing(ctx: RuleContext, ca: PrivateCaFact, bundles: BundleFact[], leaf: CertificateFact): RuleFinding | undefined {
  const namespace = leaf.namespace;
  const scope = leaf.scope;
  const what = `${describe(leaf)} is signed by private CA "${ca.issuer.issuerName}" (${ca.scope.node.path})`;
  if (bundles.length === 0) {
    return {
      scope,
      message: `${what}, but no Bundle of this app distributes the CA, so clients in namespace "${namespace}" cannot verify `
        + 'its certificates; create a Bundle of the PrivateCa that selects the namespace, or suppress CM-CA2 on the certificate '
        + '(or a scope above it) with the reason its clients trust the CA another way',
    };
  }
  const verdicts = bundles.map((b) => reaches(b, namespace, ctx.inventory));
  if (verdicts.some((v) => v === true)) return undefined;
  const unknown = bundles.filter((_, i) => verdicts[i] === undefined);
  if (unknown.length > 0) {
    return {
      scope,
      message: `${what}, and this app does not declare its namespace "${namespace}", so whether Bundle "${unknown[0].name}" `
        + `(which selects ${selector(unknown[0])}) reaches it cannot be checked; declare the Namespace with those labels, or `
        + 'select it by name with BundleNamespaces.named',
    };
  }
  return {
    scope,
    message: `${what}, but no Bundle of the CA is written to its namespace "${namespace}" (Bundle "${bundles[0].name}" selects `
      + `${selector(bundles[0])}); label the namespace to match, or widen the Bundle's namespaces`,
  };
}

function findings(ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const ca of ctx.graph.privateCas) {
    const bundles = ctx.graph.bundles.filter((b) => b.privateCas.includes(ca));
    const seen = new Set<string>();
    for (const leaf of ctx.graph.certificatesSignedBy(ca)) {
      if (seen.has(leaf.namespace)) continue;
      seen.add(leaf.namespace);
      const f = missing(ctx, ca, bundles, leaf);
      if (f) out.push(f);
    }
  }
  for (const c of ctx.graph.bundleConsumers) {
    if (reaches(c.bundle, c.namespace, ctx.inventory) === false) {
      out.push({
        scope: c.scope,
        message: `${c.kind} "${c.namespace}/${c.name}" mounts Bundle "${c.bundle.name}", which is not written to namespace `
          + `"${c.namespace}" (it selects ${selector(c.bundle)}), so the pod never starts (its volume is missing); label the `
          + 'namespace to match, or widen the Bundle\'s namespaces',
      });
    }
  }
  return out;
}

/** CM-CA2: a namespace using a private CA's certificates that receives no Bundle of the CA. */
export const PRIVATE_CA_BUNDLE: Rule = {
  id: 'CM-CA2',
  severity: FindingSeverity.WARNING,
  summary: 'A namespace that holds certificates of a private CA, or mounts a Bundle, does not receive that Bundle.',
  explanation: 'A certificate from a private CA is only as good as its clients\' trust: a client verifies it against the CA '
    + 'roots in its trust store, and copying `ca.crt` out of a Secret by hand goes stale at the first renewal or rotation. '
    + 'A trust-manager Bundle of the PrivateCa keeps a current copy of its roots (both of them during a CA rotation) in the '
    + 'namespaces it selects. A namespace that holds the CA\'s certificates usually also holds its clients, so it should '
    + 'receive the Bundle; where the clients trust the CA another way, suppress the finding with that reason. A workload '
    + 'that mounts a Bundle in a namespace the Bundle does not select never starts.',
  check: findings,
};
