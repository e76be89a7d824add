import { sameIssuer } from '../../graph/certificate-graph';
import { FindingSeverity } from '../finding';
import { Rule } from '../rule';

/** CM-ISS2: a certificate whose issuer the app only references by name. */
export const ISSUER_UNDECLARED: Rule = {
  id: 'CM-ISS2',
  severity: FindingSeverity.WARNING,
  summary: 'An issuer referenced by name that this app does not declare.',
  explanation: 'A reference made with `Issuer.fromIssuerName`, `ClusterIssuer.fromClusterIssuerName` or `ExternalIssuer.fromName` is trusted as it is: '
    + 'its existence, readiness, ACME server and solvers cannot be checked, so the wildcard, staging and HTTP-01 rules '
    + 'skip it. A typo in the name leaves every certificate of it unissued. Declare the issuer in the app, or suppress the '
    + 'rule on the reference with where the issuer is managed.',
  check: (ctx) => {
    const declared = ctx.graph.issuers.filter((i) => !i.external);
    const used = new Set(ctx.graph.certificates.map((c) => c.issuer));
    return [...used]
      .filter((i) => i.external && !declared.some((d) => sameIssuer(d, i)))
      .map((i) => ({
        scope: i,
        message: `${i.kind.kind}${i.kind.isCertManager ? '' : ` (${i.kind.group})`} "${i.namespace ? `${i.namespace}/` : ''}`
          + `${i.issuerName}" is referenced by name but not declared in this app, so it is not verified; declare it here, or `
          + 'suppress CM-ISS2 on the reference saying where it is managed',
      }));
  },
};
