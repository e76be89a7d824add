import { Duration, Testing } from 'cdk8s';
import { Certificate, ClusterIssuer, Issuer, IssuerConfig, VenafiCloudIssuerOptions, VenafiTppIssuerOptions } from '../../src';
import { synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';
const tpp: VenafiTppIssuerOptions = { zone: '\\VED\\Policy\\Teams\\Payments', url: 'https://tpp.example.com/vedsdk', credentialsSecretName: 'tpp-credentials' };
const cloud: VenafiCloudIssuerOptions = { zone: 'Payments\\Default', apiTokenSecret: { name: 'venafi-cloud', key: 'apikey' } };

describe('IssuerConfig.venafiTpp', () => {
  test('zone, URL and credentials Secret; the CA decides the lifetime', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Tpp', { name: 'tpp', config: IssuerConfig.venafiTpp(tpp) });
    expect(synth(chart).get('ClusterIssuer', 'tpp').spec).toEqual({
      venafi: { zone: '\\VED\\Policy\\Teams\\Payments', tpp: { url: 'https://tpp.example.com/vedsdk', credentialsRef: { name: 'tpp-credentials' } } },
    });
    expect([issuer.isAcme, issuer.caDecidesLifetime]).toEqual([false, true]);
    expect(issuer.secretDependencies).toEqual([
      { namespace: 'cert-manager', name: 'tpp-credentials', purpose: 'Venafi TPP credentials', createdByCertManager: false },
    ]);
  });

  test('a CA bundle inline or from a Secret', () => {
    const chart = Testing.chart();
    new Issuer(chart, 'A', { name: 'a', namespace: 'pay', config: IssuerConfig.venafiTpp({ ...tpp, caBundle: PEM }) });
    new Issuer(chart, 'B', { name: 'b', namespace: 'pay', config: IssuerConfig.venafiTpp({ ...tpp, caBundleSecret: { name: 'tpp-ca', key: 'ca.crt' } }) });
    const m = synth(chart);
    expect(m.get('Issuer', 'a').spec.venafi.tpp.caBundle).toBe(Buffer.from(PEM).toString('base64'));
    expect(m.get('Issuer', 'b').spec.venafi.tpp.caBundleSecretRef).toEqual({ name: 'tpp-ca', key: 'ca.crt' });
  });

  test.each([
    ['without zone', { zone: undefined }, /^\[test\/Tpp\] venafiTpp has no zone; .*set zone, e.g. zone: "\\\\VED\\\\Policy/],
    ['with an empty zone', { zone: '' }, /venafiTpp has no zone/],
    ['with an http URL', { url: 'http://tpp.example.com/vedsdk' }, /venafiTpp url "http:\/\/tpp.example.com\/vedsdk" is not an https:\/\/ URL/],
    ['with both CA bundles', { caBundle: PEM, caBundleSecret: { name: 'x', key: 'y' } }, /sets both caBundle and caBundleSecret/],
    ['with a bad credentials Secret name', { credentialsSecretName: 'TPP creds' }, /venafiTpp credentialsSecretName "TPP creds" is not a valid Kubernetes object name/],
  ])('fails %s', (_, options, message) => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Tpp', { config: IssuerConfig.venafiTpp({ ...tpp, ...options } as any) })).toThrow(message);
  });
});

describe('IssuerConfig.venafiCloud', () => {
  test('zone and API key; default URL left to cert-manager', () => {
    const chart = Testing.chart();
    new Issuer(chart, 'Cloud', { name: 'cloud', namespace: 'pay', config: IssuerConfig.venafiCloud(cloud) });
    expect(synth(chart).get('Issuer', 'cloud').spec).toEqual({
      venafi: { zone: 'Payments\\Default', cloud: { apiTokenSecretRef: { name: 'venafi-cloud', key: 'apikey' } } },
    });
  });

  test('EU URL', () => {
    const chart = Testing.chart();
    new ClusterIssuer(chart, 'Cloud', { name: 'cloud', config: IssuerConfig.venafiCloud({ ...cloud, url: 'https://api.venafi.eu/' }) });
    expect(synth(chart).get('ClusterIssuer', 'cloud').spec.venafi.cloud.url).toBe('https://api.venafi.eu/');
  });

  test('a fixed renewBefore on a Venafi certificate warns that the zone decides the lifetime', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Cloud', { name: 'cloud', config: IssuerConfig.venafiCloud(cloud) });
    expect(captureWarnings(() => new Certificate(chart, 'C', { namespace: 'web', issuer, dnsNames: ['a.example.com'], renewBefore: Duration.days(20) })))
      .toMatch(/renewBefore 480h is fixed, but ClusterIssuer "cloud" lets its CA decide the lifetime/);
  });

  test.each([
    ['without zone', { zone: undefined }, /^\[test\/Cloud\] venafiCloud has no zone; /],
    ['with a zone that is not application\\template', { zone: 'Payments' }, /venafiCloud zone "Payments" is not "<application name>\\<issuing template alias>"/],
    ['with an http URL', { url: 'http://api.venafi.cloud/' }, /venafiCloud url .* is not an https:\/\/ URL/],
    ['without API key', { apiTokenSecret: undefined }, /venafiCloud apiTokenSecret is missing/],
    ['with the API key Secret in another namespace', { apiTokenSecret: { name: 'k', key: 'k', namespace: 'default' } },
      /venafiCloud apiTokenSecret names Secret "default\/k" but a ClusterIssuer reads Secrets only from the cluster resource namespace "cert-manager"/],
  ])('fails %s', (_, options, message) => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Cloud', { config: IssuerConfig.venafiCloud({ ...cloud, ...options } as any) })).toThrow(message);
  });
});
