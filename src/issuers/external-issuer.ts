import { Construct } from 'constructs';
import { IssuerBase } from './issuer-base';
import { IIssuer, IssuerKind, IssuerScope } from './issuer-ref';
import { fail } from '../private/errors';
import { checkDnsLabel, checkSubdomain, isDnsSubdomain } from '../private/names';

/**
 * Metadata props every external issuer construct takes.
 */
export interface ExternalIssuerBaseProps {
  /**
   * Name of the issuer object (an RFC 1123 subdomain). Certificates refer to the issuer by it.
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * Extra labels on the issuer object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on the issuer object.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * Options of {@link ExternalIssuer.fromName}.
 */
export interface ExternalIssuerReferenceOptions {
  /**
   * Group, kind and scope of the issuer: a preset such as `IssuerKind.AWS_PCA_CLUSTER_ISSUER`, or
   * `IssuerKind.of('example.com', 'MyClusterIssuer', IssuerScope.CLUSTER)` for any other issuer.
   */
  readonly kind: IssuerKind;

  /** Name of the issuer object. */
  readonly name: string;

  /**
   * Namespace of a namespaced issuer kind. Required for namespaced kinds, refused for
   * cluster-scoped ones.
   *
   * @default - none (cluster-scoped kinds)
   */
  readonly namespace?: string;
}

/**
 * References an issuer of any kind, including external issuers (controllers outside
 * cert-manager that sign CertificateRequests), by group, kind and name.
 *
 * Certificates that use the reference get an `issuerRef` with the issuer's `group` and `kind`,
 * and ingress or Gateway annotations get `cert-manager.io/issuer-kind` and
 * `cert-manager.io/issuer-group`. The issuer itself is not created: install its controller and
 * declare it elsewhere.
 *
 * @see https://cert-manager.io/docs/configuration/external/
 *
 * @example
 * const ca = ExternalIssuer.fromName(chart, 'Ca', {
 *   kind: IssuerKind.of('example.com', 'OrgClusterIssuer', IssuerScope.CLUSTER),
 *   name: 'corp-ca',
 * });
 */
export class ExternalIssuer {
  /**
   * References an issuer of any kind created elsewhere. The library knows its group, kind, name
   * and namespace; it is not ACME, and for a kind outside cert-manager the CA decides the
   * lifetime of what it signs.
   */
  public static fromName(scope: Construct, id: string, options: ExternalIssuerReferenceOptions): IIssuer {
    return new ReferencedIssuer(scope, id, options);
  }

  private constructor() {}
}

const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** An issuer of any kind created elsewhere, known by group, kind, name and namespace. */
class ReferencedIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind;
  public readonly namespace?: string;
  public readonly external: boolean = true;

  constructor(scope: Construct, id: string, options: ExternalIssuerReferenceOptions) {
    super(scope, id);
    if (!options) fail(this, 'options are missing; pass { kind, name } and, for a namespaced kind, namespace');
    const kind = options.kind;
    if (!(kind instanceof IssuerKind)) {
      fail(this, 'kind is missing; pass an IssuerKind, e.g. IssuerKind.AWS_PCA_CLUSTER_ISSUER or IssuerKind.of(group, kind, scope)');
    }
    if (!isDnsSubdomain(kind.group) || !kind.group.includes('.')) {
      fail(this, `kind group "${kind.group}" is not an API group; use the issuer's API group, a DNS name such as "awspca.cert-manager.io"`);
    }
    if (!KIND_NAME.test(kind.kind)) {
      fail(this, `kind "${kind.kind}" is not a Kubernetes kind; use the issuer's kind in PascalCase, e.g. "AWSPCAClusterIssuer"`);
    }
    if (kind.isCertManager && kind !== IssuerKind.ISSUER && kind !== IssuerKind.CLUSTER_ISSUER) {
      fail(this, `kind ${kind.kind} (${kind.scope}) is not a cert-manager issuer kind; use IssuerKind.ISSUER `
        + 'or IssuerKind.CLUSTER_ISSUER, the only kinds of cert-manager.io');
    }
    checkSubdomain(this, 'name', options.name);
    if (kind.scope === IssuerScope.NAMESPACE) {
      if (options.namespace === undefined) {
        fail(this, `namespace is not set but ${kind.kind} is a namespaced kind; set namespace to the issuer's namespace`);
      }
      checkDnsLabel(this, 'namespace', options.namespace);
    } else if (options.namespace !== undefined) {
      fail(this, `namespace is "${options.namespace}" but ${kind.kind} is cluster-scoped; remove namespace`);
    }
    this.kind = kind;
    this.issuerName = options.name;
    this.namespace = options.namespace;
    this._facts = { solvers: [], secrets: [], caDecidesLifetime: !kind.isCertManager };
  }
}
