import { Duration } from 'cdk8s';
import { IssuerContext } from './issuer-context';
import * as cm from '../../imports/cert-manager.io';
import { AcmeServer } from '../acme-server';
import { AcmeSolverDescription } from '../acme-solver-description';
import { SecretDependency } from '../secret-key-selector';

/** A DNS-01 provider rendered for one issuer: the provider's part of the `dns01` block. */
export interface RenderedDns01Provider {
  readonly dns01: cm.IssuerSpecAcmeSolversDns01;
  readonly provider: string;
  readonly ambientCredentials: boolean;
}

/** Renders one choice (a provider, a credential mode) for an issuer; checks report through the context. */
export type Renderer<T> = (ctx: IssuerContext) => T;

/** An issuer configuration rendered for one issuer: its spec and the facts checks read. */
export interface RenderedIssuerConfig {
  readonly spec: cm.IssuerSpec;
  readonly acmeServer?: AcmeServer;
  readonly solvers: AcmeSolverDescription[];
  /** Whether the CA's policy, not the Certificate, decides the lifetime (see `IIssuer.caDecidesLifetime`). */
  readonly caDecidesLifetime?: boolean;
}

/** What an issuer knows about itself once rendered (empty for a referenced issuer). */
export interface IssuerFacts {
  readonly acmeServer?: AcmeServer;
  readonly solvers: AcmeSolverDescription[];
  readonly secrets: SecretDependency[];
  readonly caDecidesLifetime?: boolean;
  /** The longest lifetime the CA signs; longer requests fail. */
  readonly maxCertificateDuration?: Duration;
}
