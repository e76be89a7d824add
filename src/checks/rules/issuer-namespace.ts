import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { IssuerKind } from '../../issuers/issuer-ref';

/** CM-ISS1: a certificate using a namespaced Issuer of another namespace. */
export const ISSUER_NAMESPACE: Rule = {
  id: 'CM-ISS1',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate that uses a namespaced Issuer from another namespace.',
  explanation: 'An `Issuer` only signs certificates in its own namespace: cert-manager looks the issuer up in the '
    + 'Certificate\'s namespace, finds nothing, and the certificate is never issued. Use a ClusterIssuer, or declare an '
    + 'Issuer in the certificate\'s namespace. The Certificate construct refuses this when it is created; the rule also '
    + 'covers certificates that ingress and gateway annotations make.',
  check: (ctx) => ctx.graph.certificates
    .filter((c) => c.issuer.kind === IssuerKind.ISSUER && c.issuer.namespace !== c.namespace)
    .map((c) => ({
      scope: c.scope,
      message: `${describe(c)} uses Issuer "${c.issuer.namespace}/${c.issuer.issuerName}" from another namespace; an Issuer only `
        + `signs certificates in its own namespace; use a ClusterIssuer or an Issuer in "${c.namespace}"`,
    })),
};
