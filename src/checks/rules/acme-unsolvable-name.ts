import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';

/** CM-ACME2: a DNS name no solver of its ACME issuer selects. */
export const ACME_UNSOLVABLE_NAME: Rule = {
  id: 'CM-ACME2',
  severity: FindingSeverity.ERROR,
  summary: 'A DNS name that no solver of its ACME issuer selects.',
  explanation: 'cert-manager picks one solver per DNS name from the issuer\'s `dnsNames`, `dnsZones` and `matchLabels` '
    + 'selectors. When none matches, the challenge for that name is never attempted and the whole certificate fails. Add a '
    + 'solver without a selector as a fallback, or widen a selector to the name.',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    if (!c.issuer.isAcme || c.issuer.external) return [];
    return c.dnsNames.filter((n) => !n.startsWith('*.') && !c.issuer.solverFor(n, { ...c.labels })).map((n) => ({
      scope: c.scope,
      message: `${describe(c)} asks for "${n}" but no solver of ACME issuer "${c.issuer.issuerName}" selects it, so the order `
        + 'can never complete; add a solver whose dnsZones or dnsNames cover it, or a solver without a selector',
    }));
  }),
};
