import { Chart, Testing } from 'cdk8s';
import { AcmeServer, AcmeSolver, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig, IssuerKind, IssuerScope } from '../../src';
import { synth } from '../harness/manifests';

function namespacedChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

describe('Issuer', () => {
  test('renders a namespaced Issuer in the given namespace', () => {
    const chart = Testing.chart();
    const issuer = new Issuer(chart, 'Ca', { name: 'payments-ca', namespace: 'payments', config: IssuerConfig.ca({ secretName: 'payments-ca' }) });
    const obj = synth(chart).get('Issuer', 'payments-ca', 'payments');
    expect(obj.spec).toEqual({ ca: { secretName: 'payments-ca' } });
    expect(issuer.namespace).toBe('payments');
    expect(issuer.kind).toBe(IssuerKind.ISSUER);
    expect(issuer.issuerScope).toBe(IssuerScope.NAMESPACE);
    expect(issuer.issuerRef).toEqual({ name: 'payments-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(issuer.secretDependencies).toEqual([
      { namespace: 'payments', name: 'payments-ca', purpose: 'CA certificate and key', createdByCertManager: false },
    ]);
  });

  test('takes the namespace of the chart by default', () => {
    const chart = namespacedChart('apps');
    const issuer = new Issuer(chart, 'SelfSigned', { name: 'selfsigned', config: IssuerConfig.selfSigned() });
    expect(issuer.namespace).toBe('apps');
    synth(chart).get('Issuer', 'selfsigned', 'apps');
  });

  test('renders the same spec as a ClusterIssuer for the same configuration', () => {
    const chart = Testing.chart();
    const config = IssuerConfig.acme({
      server: AcmeServer.LETS_ENCRYPT_STAGING,
      accountKeySecretName: 'account',
      solvers: [AcmeSolver.dns01(Dns01Provider.digitalOcean({ token: { name: 'do', key: 'token' } }), { dnsZones: ['example.com'] })],
    });
    new Issuer(chart, 'Ns', { name: 'acme', namespace: 'apps', config });
    new ClusterIssuer(chart, 'Cluster', { name: 'acme', config });
    const m = synth(chart);
    expect(m.get('Issuer', 'acme').spec).toEqual(m.get('ClusterIssuer', 'acme').spec);
  });

  test('fails when neither the Issuer nor the chart has a namespace', () => {
    expect(() => new Issuer(namespacedChart(), 'SelfSigned', { config: IssuerConfig.selfSigned() }))
      .toThrow('[test/SelfSigned] namespace is not set and the chart has no namespace; set namespace on the Issuer or the Chart');
  });

  test('fails when the namespace is not a DNS-1123 label', () => {
    expect(() => new Issuer(Testing.chart(), 'SelfSigned', { namespace: 'My_Ns', config: IssuerConfig.selfSigned() }))
      .toThrow('[test/SelfSigned] namespace "My_Ns" is not a valid namespace name; use at most 63 lowercase letters');
  });

  test('fails when the name is not an RFC 1123 subdomain', () => {
    expect(() => new Issuer(Testing.chart(), 'SelfSigned', { name: '-bad', namespace: 'apps', config: IssuerConfig.selfSigned() }))
      .toThrow('[test/SelfSigned] name "-bad" is not a valid Kubernetes object name');
  });

  test('fails when two Issuers share a name in one namespace', () => {
    const chart = Testing.chart();
    new Issuer(chart, 'One', { name: 'ca', namespace: 'apps', config: IssuerConfig.selfSigned() });
    expect(() => new Issuer(chart, 'Two', { name: 'ca', namespace: 'apps', config: IssuerConfig.selfSigned() }))
      .toThrow('[test/Two] Issuer "apps/ca" is already declared by test/One in this app; the two would overwrite each other '
        + 'when applied; give one of them a different name');
  });

  test('the same name in two namespaces, or as Issuer and ClusterIssuer, is fine', () => {
    const chart = Testing.chart();
    new Issuer(chart, 'One', { name: 'ca', namespace: 'apps', config: IssuerConfig.selfSigned() });
    new Issuer(chart, 'Two', { name: 'ca', namespace: 'web', config: IssuerConfig.selfSigned() });
    new ClusterIssuer(chart, 'Three', { name: 'ca', config: IssuerConfig.selfSigned() });
    expect(synth(chart).all('Issuer')).toHaveLength(2);
  });

  test('fails when a credential Secret names another namespace than the Issuer', () => {
    expect(() => new Issuer(Testing.chart(), 'Dns', {
      namespace: 'apps',
      config: IssuerConfig.acme({
        server: AcmeServer.LETS_ENCRYPT,
        solvers: [AcmeSolver.dns01(Dns01Provider.digitalOcean({ token: { name: 'do', key: 'token', namespace: 'cert-manager' } }))],
      }),
    })).toThrow('[test/Dns] digitalocean token names Secret "cert-manager/do" but an Issuer reads Secrets only from its own '
      + 'namespace "apps"; create the Secret in "apps", or use a ClusterIssuer');
  });

  test('accepts a credential Secret that names its own namespace', () => {
    const chart = Testing.chart();
    const issuer = new Issuer(chart, 'Dns', {
      namespace: 'apps',
      config: IssuerConfig.acme({
        server: AcmeServer.LETS_ENCRYPT,
        solvers: [AcmeSolver.dns01(Dns01Provider.digitalOcean({ token: { name: 'do', key: 'token', namespace: 'apps' } }))],
      }),
    });
    expect(issuer.secretDependencies.map((s) => `${s.namespace}/${s.name}`)).toContain('apps/do');
  });

  describe('fromIssuerName', () => {
    test('references an existing Issuer as external', () => {
      const chart = Testing.chart();
      const ref = Issuer.fromIssuerName(chart, 'Existing', 'vault', 'apps');
      expect(ref.issuerRef).toEqual({ name: 'vault', kind: 'Issuer', group: 'cert-manager.io' });
      expect(ref.namespace).toBe('apps');
      expect(ref.issuerScope).toBe(IssuerScope.NAMESPACE);
      expect(ref.external).toBe(true);
      expect(ref.isAcme).toBe(false);
      expect(ref.isStaging).toBe(false);
      expect(ref.acmeServer).toBeUndefined();
      expect(synth(chart).objects).toEqual([]);
    });

    test('fails when the namespace is invalid', () => {
      expect(() => Issuer.fromIssuerName(Testing.chart(), 'Ref', 'vault', ''))
        .toThrow('[test/Ref] namespace "" is not a valid namespace name');
    });
  });
});
