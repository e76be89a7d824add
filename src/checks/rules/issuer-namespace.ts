import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { IssuerScope } from '../../issuers/issuer-ref';

/** CM-ISS1: a certificate using a namespaced Issuer of another namespace. */
export const ISSUER_NAMESPACE: Rule = {
  id: 'CM-ISS1',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate that uses a namespaced issuer (Issuer, AWSPCAIssuer, ...) from another namespace.',
  explanation: 'An `Issuer` only signs certificates in its own namespace: cert-manager looks the issuer up in the '
    + 'Certificate\'s namespace, finds nothing, and the certificate is never issued. Use a ClusterIssuer, or declare an '
    + 'Issuer in the certificate\'s namespace. External issuers\' namespaced kinds (AWSPCAIssuer, GoogleCASIssuer, StepIssuer) '
    + 'behave the same. The Certificate construct refuses this when it is created; the rule also '
    + 'covers certificates that ingress and gateway annotations make.',
  check: (ctx) => ctx.graph.certificates
    .filter((c) => c.issuer.issuerScope === IssuerScope.NAMESPACE && c.issuer.namespace !== c.namespace)
    .map((c) => ({
      scope: c.scope,
      message: `${describe(c)} uses ${c.issuer.kind} "${c.issuer.namespace}/${c.issuer.issuerName}" from another namespace; a `
        + `namespaced issuer only signs certificates in its own namespace; use a cluster-scoped issuer or one in "${c.namespace}"`,
    })),
};
