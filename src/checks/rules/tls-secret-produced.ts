import { FindingSeverity } from '../finding';
import { InventoryObject } from '../inventory';
import { Rule, RuleContext, RuleFinding } from '../rule';

const SHIM_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

function produced(ctx: RuleContext, namespace: string, name: string): boolean {
  return ctx.graph.certificateForSecret(namespace, name) !== undefined
    || ctx.inventory.ofKind('Secret').some((s) => s.name === name && (s.namespace ?? 'default') === namespace);
}

function shimmed(o: InventoryObject): boolean {
  const annotations = o.json?.metadata?.annotations ?? {};
  return SHIM_ANNOTATIONS.some((a) => annotations[a] !== undefined);
}

function ingressFindings(ctx: RuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const ing of ctx.inventory.ofKind('Ingress')) {
    if (shimmed(ing)) continue;
    const namespace = ing.namespace ?? 'default';
    for (const tls of ing.json?.spec?.tls ?? []) {
      if (!tls.secretName || produced(ctx, namespace, tls.secretName)) continue;
      findings.push({
        scope: ing.construct,
        message: `Ingress "${namespace}/${ing.name}" serves hosts ${JSON.stringify(tls.hosts ?? [])} with Secret "${tls.secretName}", `
          + 'which no Certificate, ingress-shim annotation or Secret of this app produces, so the controller serves its default '
          + 'certificate; wire the Ingress with Certificate.terminateIngress, fix the secretName, or suppress CM-TLS1 saying '
          + 'where the Secret comes from',
      });
    }
  }
  return findings;
}

function gatewayFindings(ctx: RuleContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const gw of ctx.inventory.ofKind('Gateway')) {
    if (shimmed(gw)) continue;
    const namespace = gw.namespace ?? 'default';
    for (const listener of gw.json?.spec?.listeners ?? []) {
      for (const ref of listener.tls?.certificateRefs ?? []) {
        if ((ref.kind ?? 'Secret') !== 'Secret' || (ref.group ?? '') !== '') continue;
        const refNamespace = ref.namespace ?? namespace;
        if (produced(ctx, refNamespace, ref.name)) continue;
        findings.push({
          scope: gw.construct,
          message: `Gateway "${namespace}/${gw.name}" listener "${listener.name}" references Secret "${refNamespace}/${ref.name}", `
            + 'which no Certificate, gateway-shim annotation or Secret of this app produces, so the listener has no valid '
            + 'certificate; wire the listener with Certificate.terminateGatewayListener, fix the name, or suppress CM-TLS1 '
            + 'saying where the Secret comes from',
        });
      }
    }
  }
  return findings;
}

/** CM-TLS1: an Ingress or Gateway serving a Secret that nothing in the app produces. */
export const TLS_SECRET_PRODUCED: Rule = {
  id: 'CM-TLS1',
  severity: FindingSeverity.ERROR,
  summary: 'An Ingress TLS secretName or a Gateway certificateRef that no Certificate, shim annotation or Secret produces.',
  explanation: 'The most common certificate mix-up: the Ingress names `api-tls` while the Certificate writes `api-cert`. '
    + 'cert-manager keeps the Certificate valid, and the ingress controller serves its self-signed default certificate '
    + 'instead. Take the Ingress TLS entry from the Certificate (Certificate.terminateIngress) so the two cannot drift. Two '
    + 'Certificates writing one Secret are refused when the second is created.',
  check: (ctx) => [...ingressFindings(ctx), ...gatewayFindings(ctx)],
};
