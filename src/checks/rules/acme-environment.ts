import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { ScopeMark } from '../../graph/certificate-graph';

/** CM-ENV1: a staging ACME certificate in a production scope. */
export const STAGING_IN_PRODUCTION: Rule = {
  id: 'CM-ENV1',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate from a staging ACME server in a scope marked production.',
  explanation: 'Staging ACME servers (Let\'s Encrypt staging) sign with an untrusted root, so every browser and client '
    + 'rejects the certificate. It is the right choice while testing and an outage in production. Mark production scopes '
    + 'with CertificateChecks.markEnvironment and use the production issuer there.',
  check: (ctx) => ctx.graph.certificates
    .filter((c) => c.issuer.isStaging && ctx.graph.marksOf(c.scope).has(ScopeMark.PRODUCTION))
    .map((c) => ({
      scope: c.scope,
      message: `${describe(c)} comes from issuer "${c.issuer.issuerName}" on the staging ACME server ${c.issuer.acmeServer}, `
        + `whose certificates no client trusts, but ${ctx.graph.marksOf(c.scope).get(ScopeMark.PRODUCTION)!.node.path} is marked `
        + 'production; use the production issuer',
    })),
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
        + `${marked.node.path} is marked ${marks.has(ScopeMark.STAGING) ? 'staging' : 'test'}; use a staging issuer to spare the `
        + 'production rate limits',
    }];
  }),
};
