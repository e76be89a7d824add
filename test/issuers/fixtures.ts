import { Chart, Testing } from 'cdk8s';
import { AcmeIssuerOptions, AcmeServer, AcmeSolver, ClusterIssuer, Dns01Provider, Dns01SolverOptions, IssuerConfig } from '../../src';
import { synth } from '../harness/manifests';

/** A ClusterIssuer named `acme` with the given ACME options (defaults: LE staging, one ingress solver). */
export function acmeIssuer(options: Partial<AcmeIssuerOptions> = {}, chart: Chart = Testing.chart()): ClusterIssuer {
  return new ClusterIssuer(chart, 'Acme', {
    name: 'acme',
    config: IssuerConfig.acme({
      server: AcmeServer.LETS_ENCRYPT_STAGING,
      solvers: [AcmeSolver.http01Ingress()],
      ...options,
    }),
  });
}

/** Synthesizes (validating against the CRD schema) and returns the `spec.acme` of the ClusterIssuer `acme`. */
export function acmeSpec(options: Partial<AcmeIssuerOptions> = {}): any {
  const chart = Testing.chart();
  acmeIssuer(options, chart);
  return synth(chart).get('ClusterIssuer', 'acme').spec.acme;
}

/** The rendered `dns01` block of a one-solver issuer using this provider. */
export function dns01Of(provider: Dns01Provider, options: Dns01SolverOptions = {}): any {
  return acmeSpec({ solvers: [AcmeSolver.dns01(provider, options)] }).solvers[0].dns01;
}

/** Builds a one-solver issuer with this provider, for error tests. */
export function withProvider(provider: Dns01Provider): () => ClusterIssuer {
  return () => acmeIssuer({ solvers: [AcmeSolver.dns01(provider)] });
}
