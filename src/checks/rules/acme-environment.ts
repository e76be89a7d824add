import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { ScopeMark } from '../../graph/certificate-graph';
import { pathOf } from '../../private/errors';

/** CM-ENV1: a staging ACME certificate in a production scope. */
export const STAGING_IN_PRODUCTION: Rule = {
  id: 'CM-ENV1',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate from a staging ACME server in a scope marked production.',
  explanation: 'Staging ACME servers (Let\'s Encrypt staging) sign with an untrusted root, so every browser and client '
    + 'rejects the certificate. It is the right choice while testing and an outage in production. Mark production scopes '
    + 'with CertificateChecks.markEnvironment and use the production issuer there. Marks nest: the nearest mark to a '
    + 'certificate decides, so a chart marked staging inside an app marked production may use the staging issuer.',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    const marked = ctx.graph.marksOf(c.scope).get(ScopeMark.PRODUCTION);
    if (!c.issuer.isStaging || !marked) return [];
    return [{
      scope: c.scope,
      message: `${describe(c)} comes from issuer "${c.issuer.issuerName}" on the staging ACME server ${c.issuer.acmeServer}, `
        + `whose certificates no client trusts, but its nearest environment mark, on ${pathOf(marked)}, is production; use a `
        + 'production ACME issuer here, or, if this part deploys to staging, mark its chart with '
        + 'CertificateChecks.markEnvironment(chart, DeploymentEnvironment.STAGING)',
    }];
  }),
};

/** CM-ENV2: a production ACME certificate in a staging or test scope. */
export const PRODUCTION_IN_STAGING: Rule = {
  id: 'CM-ENV2',
  severity: FindingSeverity.WARNING,
  summary: 'A certificate from a production ACME server in a scope marked staging or test.',
  explanation: 'Test environments are re-created often; each re-creation issues new certificates and spends the production '
    + 'ACME rate limits (for Let\'s Encrypt, 50 certificates per domain per week) that real renewals need. Use the staging '
    + 'issuer there, or suppress the rule where a trusted certificate is required.',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    if (!c.issuer.isAcme || c.issuer.isStaging) return [];
    const marks = ctx.graph.marksOf(c.scope);
    const marked = marks.get(ScopeMark.STAGING) ?? marks.get(ScopeMark.TEST);
    if (!marked) return [];
    return [{
      scope: c.scope,
      message: `${describe(c)} comes from the production ACME server ${c.issuer.acmeServer} (issuer "${c.issuer.issuerName}") but `
        + `its nearest environment mark, on ${pathOf(marked)}, is ${marks.has(ScopeMark.STAGING) ? 'staging' : 'test'}; use a `
        + 'staging ACME issuer here to spare the production rate limits, or, if this part serves real users, mark its chart '
        + 'with CertificateChecks.markEnvironment(chart, DeploymentEnvironment.PRODUCTION)',
    }];
  }),
};
