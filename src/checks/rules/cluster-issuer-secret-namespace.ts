import { IssuerKind } from '../../issuers/issuer-ref';
import { pathOf } from '../../private/errors';
import { FindingSeverity } from '../finding';
import { Rule } from '../rule';

/** CM-ISS3: a ClusterIssuer whose Secrets are outside the install's cluster-resource namespace. */
export const CLUSTER_ISSUER_SECRET_NAMESPACE: Rule = {
  id: 'CM-ISS3',
  severity: FindingSeverity.ERROR,
  summary: 'A ClusterIssuer whose credential Secrets are not in the cert-manager install\'s cluster-resource namespace.',
  explanation: 'cert-manager reads every Secret of a ClusterIssuer (ACME account key, DNS provider credentials, CA key) from '
    + 'its `--cluster-resource-namespace` and nowhere else. A ClusterIssuer declared with another namespace stays not '
    + 'Ready with "secret not found". Set the ClusterIssuer\'s clusterResourceNamespace to the install\'s.',
  check: (ctx) => ctx.graph.installs.flatMap((install) => ctx.graph.issuers
    .filter((i) => i.kind === IssuerKind.CLUSTER_ISSUER && !i.external)
    .flatMap((i) => i.secretDependencies
      .filter((s) => s.namespace !== install.clusterResourceNamespace)
      .map((s) => ({
        scope: i,
        message: `ClusterIssuer "${i.issuerName}" reads its ${s.purpose} from Secret "${s.namespace}/${s.name}", but the install at `
          + `${pathOf(install.scope)} reads ClusterIssuer Secrets from "${install.clusterResourceNamespace}"; set `
          + `clusterResourceNamespace: "${install.clusterResourceNamespace}" on the ClusterIssuer and keep its Secrets there`,
      })))),
};
