import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { AcmeServer, AcmeSolver, ClusterIssuer, Dns01Provider, IssuerConfig, IssuerKind, IssuerScope } from '../../src';
import { synth } from '../harness/manifests';

describe('ClusterIssuer', () => {
  test('renders a cluster-scoped object with the given name and no namespace', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'SelfSigned', { name: 'selfsigned', config: IssuerConfig.selfSigned() });
    const obj = synth(chart).get('ClusterIssuer', 'selfsigned');
    expect(obj.apiVersion).toBe('cert-manager.io/v1');
    expect(obj.metadata?.namespace).toBeUndefined();
    expect(obj.spec).toEqual({ selfSigned: {} });
    expect(issuer.namespace).toBeUndefined();
  });

  test('carries no namespace even in a chart with one', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    new ClusterIssuer(chart, 'SelfSigned', { name: 'selfsigned', config: IssuerConfig.selfSigned() });
    expect(synth(chart).get('ClusterIssuer', 'selfsigned').metadata?.namespace).toBeUndefined();
  });

  test('exposes the facts an IIssuer carries', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Prod', {
      name: 'letsencrypt',
      config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, solvers: [AcmeSolver.http01Ingress()] }),
    });
    expect(issuer.issuerName).toBe('letsencrypt');
    expect(issuer.kind).toBe(IssuerKind.CLUSTER_ISSUER);
    expect(issuer.group).toBe('cert-manager.io');
    expect(issuer.issuerScope).toBe(IssuerScope.CLUSTER);
    expect(issuer.external).toBe(false);
    expect(issuer.isAcme).toBe(true);
    expect(issuer.isStaging).toBe(false);
    expect(issuer.acmeServer).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(issuer.issuerRef).toEqual({ name: 'letsencrypt', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(issuer.clusterResourceNamespace).toBe('cert-manager');
  });

  test('derives a name from the construct path by default', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'SelfSigned', { config: IssuerConfig.selfSigned() });
    expect(issuer.issuerName).toMatch(/^test-selfsigned-[0-9a-f]{8}$/);
    synth(chart).get('ClusterIssuer', issuer.issuerName);
  });

  test('adds labels and annotations', () => {
    const chart = Testing.chart();
    new ClusterIssuer(chart, 'SelfSigned', {
      name: 'selfsigned',
      labels: { team: 'platform' },
      annotations: { 'argocd.argoproj.io/sync-wave': '10' },
      config: IssuerConfig.selfSigned(),
    });
    const obj = synth(chart).get('ClusterIssuer', 'selfsigned');
    expect(obj.metadata?.labels).toEqual({ team: 'platform' });
    expect(obj.metadata?.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '10' });
  });

  test('the Resource child is the default child, for escape hatches', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'SelfSigned', { name: 'selfsigned', config: IssuerConfig.selfSigned() });
    ApiObject.of(issuer).addJsonPatch(JsonPatch.add('/metadata/labels', { patched: 'yes' }));
    expect(synth(chart).get('ClusterIssuer', 'selfsigned').metadata?.labels).toEqual({ patched: 'yes' });
  });

  test('reads Secrets from the cluster resource namespace, and reports them', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Dns', {
      name: 'dns',
      clusterResourceNamespace: 'security',
      config: IssuerConfig.acme({
        server: AcmeServer.LETS_ENCRYPT,
        solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiToken: { name: 'cloudflare', key: 'token', namespace: 'security' } }))],
      }),
    });
    synth(chart);
    expect(issuer.secretDependencies).toEqual([
      { namespace: 'security', name: 'dns-acme-account-key', purpose: 'ACME account key', createdByCertManager: true },
      { namespace: 'security', name: 'cloudflare', key: 'token', purpose: 'Cloudflare API token', createdByCertManager: false },
    ]);
  });

  test('fails when a credential Secret names another namespace than the cluster resource namespace', () => {
    const chart = Testing.chart();
    expect(() => new ClusterIssuer(chart, 'Dns', {
      name: 'dns',
      config: IssuerConfig.acme({
        server: AcmeServer.LETS_ENCRYPT,
        solvers: [AcmeSolver.dns01(Dns01Provider.cloudflare({ apiToken: { name: 'cloudflare', key: 'token', namespace: 'apps' } }))],
      }),
    })).toThrow('[test/Dns] cloudflare apiToken names Secret "apps/cloudflare" but a ClusterIssuer reads Secrets only from '
      + 'the cluster resource namespace "cert-manager"; move the Secret to "cert-manager", or set clusterResourceNamespace to "apps"');
  });

  test('fails when two ClusterIssuers in one app share a name, even in different charts', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new ClusterIssuer(a, 'One', { name: 'shared', config: IssuerConfig.selfSigned() });
    expect(() => new ClusterIssuer(b, 'Two', { name: 'shared', config: IssuerConfig.selfSigned() }))
      .toThrow('[b/Two] ClusterIssuer "shared" is already declared by a/One in this app; the two would overwrite each other '
        + 'when applied; give one of them a different name');
  });

  test('the same name in two separate apps is fine', () => {
    new ClusterIssuer(Testing.chart(), 'One', { name: 'shared', config: IssuerConfig.selfSigned() });
    expect(() => new ClusterIssuer(Testing.chart(), 'One', { name: 'shared', config: IssuerConfig.selfSigned() })).not.toThrow();
  });

  test('fails when the name is not an RFC 1123 subdomain', () => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Bad', { name: 'Lets_Encrypt', config: IssuerConfig.selfSigned() }))
      .toThrow('[test/Bad] name "Lets_Encrypt" is not a valid Kubernetes object name; use at most 253 lowercase letters');
  });

  test('fails when the cluster resource namespace is not a DNS label', () => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Bad', {
      name: 'x', clusterResourceNamespace: 'cert.manager', config: IssuerConfig.selfSigned(),
    })).toThrow('[test/Bad] clusterResourceNamespace "cert.manager" is not a valid namespace name');
  });

  test('fails when config is missing', () => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Bad', {} as any))
      .toThrow('[test/Bad] config is missing; set it, for example config: IssuerConfig.selfSigned()');
  });

  test('fails when a label is invalid', () => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Bad', { name: 'x', labels: { 'a b': 'c' }, config: IssuerConfig.selfSigned() }))
      .toThrow('[test/Bad] labels has an invalid key "a b"');
  });

  describe('fromClusterIssuerName', () => {
    test('references an existing ClusterIssuer as external, with unknown facts', () => {
      const chart = Testing.chart();
      const ref = ClusterIssuer.fromClusterIssuerName(chart, 'Existing', 'letsencrypt-prod');
      expect(ref.issuerRef).toEqual({ name: 'letsencrypt-prod', kind: 'ClusterIssuer', group: 'cert-manager.io' });
      expect(ref.external).toBe(true);
      expect(ref.namespace).toBeUndefined();
      expect(ref.issuerScope).toBe(IssuerScope.CLUSTER);
      expect(ref.isAcme).toBe(false);
      expect(ref.acmeSolvers).toEqual([]);
      expect(ref.secretDependencies).toEqual([]);
      expect(ref.solverFor('www.example.com')).toBeUndefined();
      expect(synth(chart).objects).toEqual([]);
    });

    test('a reference does not clash with an issuer of the same name', () => {
      const chart = Testing.chart();
      new ClusterIssuer(chart, 'Real', { name: 'ca', config: IssuerConfig.selfSigned() });
      expect(() => ClusterIssuer.fromClusterIssuerName(chart, 'Ref', 'ca')).not.toThrow();
    });

    test('fails when the name is invalid', () => {
      expect(() => ClusterIssuer.fromClusterIssuerName(Testing.chart(), 'Ref', 'UPPER'))
        .toThrow('[test/Ref] name "UPPER" is not a valid Kubernetes object name');
    });
  });
});
