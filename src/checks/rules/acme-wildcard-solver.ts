import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';

/** CM-ACME1: a wildcard name on an ACME issuer with no DNS-01 solver for it. */
export const ACME_WILDCARD_SOLVER: Rule = {
  id: 'CM-ACME1',
  severity: FindingSeverity.ERROR,
  summary: 'A wildcard DNS name on an ACME issuer that has no DNS-01 solver selecting it.',
  explanation: 'ACME CAs prove control of a wildcard name (`*.example.com`) only with the DNS-01 challenge. With HTTP-01 '
    + 'solvers only, or DNS-01 solvers whose selectors do not cover the name, the order never completes and the '
    + 'Certificate stays not Ready; an existing certificate expires. Add a DNS-01 solver whose `dnsZones` cover the name, '
    + 'or drop the wildcard. Issuers referenced by name are not checked (their solvers are unknown).',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    if (!c.issuer.isAcme || c.issuer.external) return [];
    return c.dnsNames.filter((n) => n.startsWith('*.') && !c.issuer.solverFor(n, { ...c.labels })).map((n) => ({
      scope: c.scope,
      message: `${describe(c)} asks for "${n}" from ACME issuer "${c.issuer.issuerName}", which has no DNS-01 solver selecting it; `
        + `wildcards can only be proved with DNS-01; add AcmeSolver.dns01(...) with dnsZones ["${n.slice(2)}"] to the issuer, `
        + 'or list the names without the wildcard',
    }));
  }),
};
