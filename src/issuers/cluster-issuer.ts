import { Construct } from 'constructs';
import { IssuerBase, IssuerBaseProps } from './issuer-base';
import { IIssuer, IssuerKind } from './issuer-ref';
import * as cm from '../imports/cert-manager.io';
import { clusterScoped } from '../private/cluster-scoped';
import { declareIssuer } from './private/declare-issuer';
import { DEFAULT_CLUSTER_RESOURCE_NAMESPACE } from '../private/defaults';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { typedObject } from '../private/plain-object';

/**
 * Props of {@link ClusterIssuer}.
 */
export interface ClusterIssuerProps extends IssuerBaseProps {
  /**
   * The namespace cert-manager reads ClusterIssuer Secrets from: the controller's
   * `--cluster-resource-namespace`, which is the namespace cert-manager is installed in. Every
   * Secret this ClusterIssuer references must be there; a Secret reference that names another
   * namespace is refused.
   *
   * @default "cert-manager"
   */
  readonly clusterResourceNamespace?: string;
}

/**
 * A cluster-scoped cert-manager `ClusterIssuer`, usable by Certificates in every namespace.
 *
 * Every Secret it references (DNS credentials, CA key, ACME account key) is read from
 * cert-manager's cluster resource namespace (`cert-manager` by default), never from the
 * namespace of the Certificate.
 *
 * Two ClusterIssuers with the same name in one app are refused.
 *
 * @see https://cert-manager.io/docs/concepts/issuer/
 *
 * @example
 * new ClusterIssuer(chart, 'Staging', {
 *   name: 'letsencrypt-staging',
 *   config: IssuerConfig.acme({
 *     server: AcmeServer.LETS_ENCRYPT_STAGING,
 *     solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })],
 *   }),
 * });
 */
export class ClusterIssuer extends IssuerBase {
  /**
   * References a ClusterIssuer created elsewhere. The library knows only its name: it is treated
   * as external, with unknown solvers and Secrets.
   *
   * @param name name of the ClusterIssuer
   */
  public static fromClusterIssuerName(scope: Construct, id: string, name: string): IIssuer {
    return new ImportedClusterIssuer(scope, id, name);
  }

  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.CLUSTER_ISSUER;
  public readonly namespace?: string = undefined;
  public readonly external: boolean = false;

  /** The namespace cert-manager reads this ClusterIssuer's Secrets from. */
  public readonly clusterResourceNamespace: string;

  constructor(scope: Construct, id: string, props: ClusterIssuerProps) {
    super(scope, id);
    this.clusterResourceNamespace = props.clusterResourceNamespace ?? DEFAULT_CLUSTER_RESOURCE_NAMESPACE;
    checkDnsLabel(this, 'clusterResourceNamespace', this.clusterResourceNamespace);
    const declared = declareIssuer(this, this.kind, props, undefined, this.clusterResourceNamespace);
    // Issuer and ClusterIssuer share one spec schema; the generated types differ only in name.
    clusterScoped(typedObject(this, 'Resource', cm.ClusterIssuer.GVK, cm.toJson_ClusterIssuerProps, {
      metadata: declared.metadata,
      spec: declared.spec as cm.ClusterIssuerSpec,
    }));
    this.issuerName = declared.metadata.name;
    this._facts = declared.facts;
  }
}

/** A ClusterIssuer created elsewhere, known by name only. */
class ImportedClusterIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.CLUSTER_ISSUER;
  public readonly namespace?: string = undefined;
  public readonly external: boolean = true;

  constructor(scope: Construct, id: string, name: string) {
    super(scope, id);
    checkSubdomain(this, 'name', name);
    this.issuerName = name;
  }
}
