import { IConstruct } from 'constructs';
import { AcmeSolverDescription } from './acme-solver-description';
import { SecretDependency } from './secret-key-selector';

/**
 * The two kinds of cert-manager issuer.
 */
export enum IssuerKind {
  /** A namespaced `Issuer`: only Certificates in its own namespace can use it. */
  ISSUER = 'Issuer',
  /** A cluster-scoped `ClusterIssuer`: Certificates in any namespace can use it. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/**
 * Where an issuer can be used from.
 */
export enum IssuerScope {
  /** Only from its own namespace. */
  NAMESPACE = 'Namespace',
  /** From every namespace. */
  CLUSTER = 'Cluster',
}

/**
 * The `issuerRef` of a Certificate or CertificateRequest.
 */
export interface IssuerRef {
  /** Name of the issuer. */
  readonly name: string;
  /** `Issuer` or `ClusterIssuer`. */
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
   * `Issuer` or `ClusterIssuer`.
   */
  readonly kind: IssuerKind;

  /**
   * API group of the issuer (`cert-manager.io`).
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
   * Whether the issuer was created elsewhere and only referenced here by name.
   */
  readonly external: boolean;

  /**
   * Whether the issuer is an ACME issuer (false when unknown, for a referenced issuer).
   */
  readonly isAcme: boolean;

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
