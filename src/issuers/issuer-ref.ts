import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AcmeSolverDescription } from './acme-solver-description';
import { SecretDependency } from './secret-key-selector';

/**
 * Where an issuer can be used from.
 */
export enum IssuerScope {
  /** Only from its own namespace. */
  NAMESPACE = 'Namespace',
  /** From every namespace. */
  CLUSTER = 'Cluster',
}

const CERT_MANAGER_API_GROUP = 'cert-manager.io';
const interned = new Map<string, IssuerKind>();

/**
 * The API group and kind of an issuer, as a Certificate's `issuerRef` names it: cert-manager's
 * own `Issuer` and `ClusterIssuer`, the external issuers this library builds, or any other
 * external issuer through `IssuerKind.of`.
 *
 * Instances are unique per group, kind and scope, so two kinds compare equal with `===`.
 *
 * @see https://cert-manager.io/docs/configuration/issuers/
 */
export class IssuerKind {
  /** A namespaced cert-manager `Issuer`: only Certificates in its own namespace can use it. */
  public static readonly ISSUER = IssuerKind.of(CERT_MANAGER_API_GROUP, 'Issuer', IssuerScope.NAMESPACE);
  /** A cluster-scoped cert-manager `ClusterIssuer`: Certificates in any namespace can use it. */
  public static readonly CLUSTER_ISSUER = IssuerKind.of(CERT_MANAGER_API_GROUP, 'ClusterIssuer', IssuerScope.CLUSTER);
  /** The AWS Private CA issuer's namespaced `AWSPCAIssuer`. */
  public static readonly AWS_PCA_ISSUER = IssuerKind.of('awspca.cert-manager.io', 'AWSPCAIssuer', IssuerScope.NAMESPACE);
  /** The AWS Private CA issuer's cluster-scoped `AWSPCAClusterIssuer`. */
  public static readonly AWS_PCA_CLUSTER_ISSUER = IssuerKind.of('awspca.cert-manager.io', 'AWSPCAClusterIssuer', IssuerScope.CLUSTER);
  /** The Google CAS issuer's namespaced `GoogleCASIssuer`. */
  public static readonly GOOGLE_CAS_ISSUER = IssuerKind.of('cas-issuer.jetstack.io', 'GoogleCASIssuer', IssuerScope.NAMESPACE);
  /** The Google CAS issuer's cluster-scoped `GoogleCASClusterIssuer`. */
  public static readonly GOOGLE_CAS_CLUSTER_ISSUER = IssuerKind.of('cas-issuer.jetstack.io', 'GoogleCASClusterIssuer', IssuerScope.CLUSTER);
  /** smallstep's step-issuer namespaced `StepIssuer`. */
  public static readonly STEP_ISSUER = IssuerKind.of('certmanager.step.sm', 'StepIssuer', IssuerScope.NAMESPACE);
  /** smallstep's step-issuer cluster-scoped `StepClusterIssuer`. */
  public static readonly STEP_CLUSTER_ISSUER = IssuerKind.of('certmanager.step.sm', 'StepClusterIssuer', IssuerScope.CLUSTER);

  /**
   * Any issuer kind, for example an external issuer this library has no construct for.
   *
   * The values are checked where the kind is used (`ExternalIssuer.fromName`), so errors name
   * that construct's path. The same group, kind and scope always give the same instance.
   *
   * @param group API group of the issuer, e.g. `example.com`
   * @param kind kind of the issuer, e.g. `MyIssuer`
   * @param scope whether the issuer kind is namespaced or cluster-scoped
   */
  public static of(group: string, kind: string, scope: IssuerScope): IssuerKind {
    const key = `${group}/${kind}/${scope}`;
    let found = interned.get(key);
    if (!found) {
      found = new IssuerKind(group, kind, scope);
      interned.set(key, found);
    }
    return found;
  }

  private constructor(
    /** API group of the issuer, e.g. `cert-manager.io`. */
    public readonly group: string,
    /** Kind of the issuer, e.g. `ClusterIssuer`. */
    public readonly kind: string,
    /** Whether issuers of this kind serve one namespace or the whole cluster. */
    public readonly scope: IssuerScope,
  ) {}

  /** Whether this is one of cert-manager's own kinds (`Issuer`, `ClusterIssuer`). */
  public get isCertManager(): boolean {
    return this.group === CERT_MANAGER_API_GROUP;
  }

  /** The kind, e.g. `ClusterIssuer`. */
  public toString(): string {
    return this.kind;
  }
}

/**
 * The `issuerRef` of a Certificate or CertificateRequest.
 */
export interface IssuerRef {
  /** Name of the issuer. */
  readonly name: string;
  /** Kind of the issuer: `Issuer`, `ClusterIssuer`, or an external issuer's kind. */
  readonly kind: string;
  /** API group of the issuer, `cert-manager.io` for cert-manager's own issuers. */
  readonly group: string;
}

/**
 * A cert-manager issuer, created in this app or referenced by name.
 *
 * Constructs that use an issuer (such as a Certificate) accept this interface, and synth-time
 * checks read its facts. For a referenced issuer (`external` is true) the library knows only
 * its name, kind and namespace: it reports it as non-ACME with no solvers and no Secrets, and
 * checks should treat those facts as unknown rather than absent.
 */
export interface IIssuer extends IConstruct {
  /**
   * Name of the issuer object.
   */
  readonly issuerName: string;

  /**
   * Group and kind of the issuer: `IssuerKind.ISSUER`, `IssuerKind.CLUSTER_ISSUER`, or an
   * external issuer's kind such as `IssuerKind.AWS_PCA_CLUSTER_ISSUER`.
   */
  readonly kind: IssuerKind;

  /**
   * API group of the issuer (`cert-manager.io` for cert-manager's own kinds).
   */
  readonly group: string;

  /**
   * Whether the issuer serves one namespace or the whole cluster.
   */
  readonly issuerScope: IssuerScope;

  /**
   * Namespace of an `Issuer`; undefined for a `ClusterIssuer`.
   */
  readonly namespace?: string;

  /**
   * Whether the issuer was created elsewhere and only referenced here by name. This is about
   * where the issuer is declared, not about its kind: an `AwsPcaIssuer` declared in this app is
   * not external in this sense.
   */
  readonly external: boolean;

  /**
   * Whether the issuer is an ACME issuer (false when unknown, for a referenced issuer).
   */
  readonly isAcme: boolean;

  /**
   * Whether the CA, not the Certificate, decides how long issued certificates live: true for
   * ACME CAs and for external and policy-driven CAs (AWS Private CA, Google CAS, step-ca,
   * Venafi), whose templates, pool policies or provisioners cap or replace the requested
   * lifetime. A Certificate's `duration` is then a request, and a fixed `renewBefore` may
   * exceed the lifetime actually granted.
   */
  readonly caDecidesLifetime: boolean;

  /**
   * The longest lifetime the CA signs, when it refuses longer requests instead of shortening
   * them (a step-ca provisioner's `maxTLSCertDuration`). A Certificate asking for more fails.
   *
   * @default - no known limit
   */
  readonly maxCertificateDuration?: Duration;

  /**
   * URL of the ACME directory, for an ACME issuer.
   */
  readonly acmeServer?: string;

  /**
   * Whether the ACME server is a staging server, whose certificates browsers do not trust.
   */
  readonly isStaging: boolean;

  /**
   * The ACME solvers, in the order cert-manager considers them. Empty for a non-ACME or
   * referenced issuer.
   */
  readonly acmeSolvers: AcmeSolverDescription[];

  /**
   * The Secrets the issuer reads at run time, with the namespace cert-manager reads them from.
   * Empty for a referenced issuer.
   */
  readonly secretDependencies: SecretDependency[];

  /**
   * The reference a Certificate uses to name this issuer.
   */
  readonly issuerRef: IssuerRef;

  /**
   * The solver cert-manager would pick to prove control of `dnsName`, or undefined when none
   * applies (or the issuer is not ACME, or is referenced).
   *
   * Follows cert-manager's selection rules: a solver whose `dnsNames` contains the name beats
   * one that matches by `dnsZones`; among zone matches the longest zone wins; then the solver
   * matching more `matchLabels` wins; a solver without a selector matches every name but loses
   * to any selector that matches; on a tie the earlier solver wins. A wildcard name
   * (`*.example.com`) can only be proved by DNS-01, so HTTP-01 solvers are skipped for it.
   *
   * @param dnsName the DNS name to prove, e.g. `www.example.com` or `*.example.com`
   * @param labels labels of the Certificate asking for the name, for `matchLabels` selectors
   */
  solverFor(dnsName: string, labels?: { [key: string]: string }): AcmeSolverDescription | undefined;
}
