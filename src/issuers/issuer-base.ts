import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AcmeSolverDescription } from './acme-solver-description';
import { IssuerConfig } from './issuer-config';
import { IIssuer, IssuerKind, IssuerRef, IssuerScope } from './issuer-ref';
import { IssuerFacts } from './private/issuer-facts';
import { selectSolver } from './private/solver-selection';
import { SecretDependency } from './secret-key-selector';

/**
 * Props shared by {@link Issuer} and {@link ClusterIssuer}.
 */
export interface IssuerBaseProps {
  /**
   * What kind of CA the issuer is: `IssuerConfig.acme(...)`, `.selfSigned()`, `.ca(...)`, `.vault(...)`, `.venafiTpp(...)` or `.venafiCloud(...)`.
   */
  readonly config: IssuerConfig;

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
   * Extra annotations on the issuer object (for example a GitOps sync wave that applies issuers
   * after the cert-manager webhook is ready).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * What `Issuer`, `ClusterIssuer` and references to issuers have in common.
 */
export abstract class IssuerBase extends Construct implements IIssuer {
  public abstract readonly issuerName: string;
  public abstract readonly kind: IssuerKind;
  public abstract readonly namespace?: string;
  public abstract readonly external: boolean;

  /** @internal */
  protected _facts: IssuerFacts = { solvers: [], secrets: [] };

  public get group(): string {
    return this.kind.group;
  }

  public get issuerScope(): IssuerScope {
    return this.kind.scope;
  }

  public get isAcme(): boolean {
    return this._facts.acmeServer !== undefined;
  }

  public get caDecidesLifetime(): boolean {
    return this.isAcme || (this._facts.caDecidesLifetime ?? false);
  }

  public get maxCertificateDuration(): Duration | undefined {
    return this._facts.maxCertificateDuration;
  }

  public get acmeServer(): string | undefined {
    return this._facts.acmeServer?.url;
  }

  public get isStaging(): boolean {
    return this._facts.acmeServer?.staging ?? false;
  }

  public get acmeSolvers(): AcmeSolverDescription[] {
    return this._facts.solvers.map((s) => ({ ...s, dnsNames: [...s.dnsNames], dnsZones: [...s.dnsZones], matchLabels: { ...s.matchLabels } }));
  }

  public get secretDependencies(): SecretDependency[] {
    return this._facts.secrets.map((s) => ({ ...s }));
  }

  public get issuerRef(): IssuerRef {
    return { name: this.issuerName, kind: this.kind.kind, group: this.group };
  }

  public solverFor(dnsName: string, labels?: { [key: string]: string }): AcmeSolverDescription | undefined {
    return selectSolver(this.acmeSolvers, dnsName, labels);
  }
}
