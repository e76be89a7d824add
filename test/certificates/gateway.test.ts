import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Certificate, ClusterIssuer, GatewayShim, Issuer, IssuerConfig } from '../../src';
import { CertificateGraph, CertificateSource } from '../../src/graph/certificate-graph';
import { Gateway } from '../../src/imports/gateway.networking.k8s.io';
import { synth } from '../harness/manifests';
import { captureWarnings as warnings } from '../harness/stderr';

const NS = 'edge';

const LISTENERS = [
  { name: 'http', port: 80, protocol: 'HTTP' },
  { name: 'api', port: 443, protocol: 'HTTPS', hostname: 'api.example.com' },
  { name: 'any', port: 8443, protocol: 'HTTPS' },
  { name: 'db', port: 9443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' } },
];

/** A Gateway of the imported class. */
function typedGateway(chart: Chart, listeners: any[] = LISTENERS, namespace = NS, annotations?: Record<string, string>): Gateway {
  return new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace, annotations }, spec: { gatewayClassName: 'cilium', listeners } });
}

/** A Gateway as a plain ApiObject. */
function rawGateway(chart: Chart, listeners: any[] = LISTENERS): ApiObject {
  return new ApiObject(chart, 'RawGw', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'raw', namespace: NS, labels: { team: 'edge' } },
    spec: { gatewayClassName: 'cilium', listeners },
  });
}

function setup(dnsNames = ['api.example.com', 'www.example.com']) {
  const chart = Testing.chart();
  const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'letsencrypt');
  const cert = new Certificate(chart, 'ApiTls', { name: 'api-tls', namespace: NS, issuer, dnsNames });
  return { chart, issuer, cert };
}

const listener = (chart: Chart, gw: string, name: string) => synth(chart).get('Gateway', gw, NS).spec.listeners.find((l: any) => l.name === name);

describe('Certificate.terminateGatewayListener', () => {
  test.each([
    ['the imported Gateway', (chart: Chart) => typedGateway(chart)],
    ['a raw ApiObject', (chart: Chart) => rawGateway(chart)],
  ])('sets the listener of %s to terminate with the certificate Secret, leaving the others', (_, make) => {
    const { chart, cert } = setup();
    const gw = make(chart);
    cert.terminateGatewayListener(gw, 'api');
    const listeners = synth(chart).get('Gateway', gw.name, NS).spec.listeners;
    expect(listeners.find((l: any) => l.name === 'api').tls).toEqual({
      mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: cert.secretName }],
    });
    expect(listeners.filter((l: any) => l.name !== 'api')).toEqual(LISTENERS.filter((l) => l.name !== 'api'));
  });

  test('keeps tls.options and replaces no other setting', () => {
    const { chart, cert } = setup();
    typedGateway(chart, [{ name: 'api', port: 443, protocol: 'HTTPS', hostname: 'api.example.com', tls: { options: { 'example.com/min-tls': '1.3' } } }]);
    cert.terminateGatewayListener(chart.node.findChild('Gw'), 'api');
    expect(listener(chart, 'public', 'api').tls).toEqual({
      mode: 'Terminate', options: { 'example.com/min-tls': '1.3' }, certificateRefs: [{ group: '', kind: 'Secret', name: 'api-tls' }],
    });
  });

  test('a TLS-protocol listener terminates too', () => {
    const { chart, cert } = setup();
    typedGateway(chart, [{ name: 'tls', port: 443, protocol: 'TLS', hostname: 'api.example.com' }]);
    cert.terminateGatewayListener(chart.node.findChild('Gw'), 'tls');
    expect(listener(chart, 'public', 'tls').tls.mode).toBe('Terminate');
  });

  test('is idempotent and records the served hosts once: the listener hostname', () => {
    const { chart, cert } = setup();
    const gw = typedGateway(chart);
    cert.terminateGatewayListener(gw, 'api');
    cert.terminateGatewayListener(gw, 'api');
    expect(listener(chart, 'public', 'api').tls.certificateRefs).toHaveLength(1);
    expect(CertificateGraph.of(chart).servedHosts).toEqual([
      { scope: gw, kind: 'Gateway', name: 'public', namespace: NS, listener: 'api', hosts: ['api.example.com'], secretName: 'api-tls' },
    ]);
  });

  test('a listener without hostname serves the certificate DNS names', () => {
    const { chart, cert } = setup();
    const gw = typedGateway(chart);
    cert.terminateGatewayListener(gw, 'any');
    expect(CertificateGraph.of(chart).servedHosts[0]).toMatchObject({ listener: 'any', hosts: ['api.example.com', 'www.example.com'] });
  });

  test('a wildcard DNS name covers a listener hostname one level below it', () => {
    const { chart, cert } = setup(['*.example.com']);
    const gw = typedGateway(chart);
    cert.terminateGatewayListener(gw, 'api');
    expect(listener(chart, 'public', 'api').tls.certificateRefs[0].name).toBe('api-tls');
  });

  test('a wildcard listener hostname needs the same wildcard DNS name', () => {
    const exact = setup(['api.example.com']);
    typedGateway(exact.chart, [{ name: 'all', port: 443, protocol: 'HTTPS', hostname: '*.example.com' }]);
    expect(() => exact.cert.terminateGatewayListener(exact.chart.node.findChild('Gw'), 'all'))
      .toThrow(/^\[test\/ApiTls\] listener "all" of Gateway "public" has hostname "\*.example.com", which the certificate does not cover: its dnsNames are api.example.com \(a wildcard hostname needs the same wildcard, "\*.example.com", in dnsNames\); add "\*.example.com" to dnsNames/);
    const wild = setup(['*.example.com']);
    typedGateway(wild.chart, [{ name: 'all', port: 443, protocol: 'HTTPS', hostname: '*.example.com' }]);
    wild.cert.terminateGatewayListener(wild.chart.node.findChild('Gw'), 'all');
    expect(CertificateGraph.of(wild.chart).servedHosts[0].hosts).toEqual(['*.example.com']);
  });

  test('fails for an IP-only certificate on a listener without hostname', () => {
    const { chart, issuer } = setup();
    const ip = new Certificate(chart, 'Ip', { name: 'ip', namespace: NS, issuer, ipAddresses: ['10.0.0.1'] });
    expect(() => ip.terminateGatewayListener(typedGateway(chart), 'any'))
      .toThrow(/^\[test\/Ip\] listener "any" of Gateway "public" has no hostname and the certificate has no dnsNames.*add the host names to dnsNames$/);
  });

  test('fails for a listener that does not exist, listing the ones that do', () => {
    const { chart, cert } = setup();
    expect(() => cert.terminateGatewayListener(typedGateway(chart), 'https'))
      .toThrow(/^\[test\/ApiTls\] Gateway "public" has no listener named "https"; use one of its listeners: http, api, any, db$/);
  });

  test('fails for a listener without TLS', () => {
    const { chart, cert } = setup();
    expect(() => cert.terminateGatewayListener(typedGateway(chart), 'http'))
      .toThrow(/^\[test\/ApiTls\] listener "http" of Gateway "public" has protocol HTTP, which carries no TLS; set its protocol to HTTPS/);
  });

  test('fails for a passthrough listener', () => {
    const { chart, cert } = setup(['db.example.com']);
    expect(() => cert.terminateGatewayListener(typedGateway(chart), 'db')).toThrow(/listener "db" of Gateway "public" passes TLS through to the backend/);
  });

  test('fails for a hostname the certificate does not cover', () => {
    const { chart, cert } = setup(['www.example.com']);
    expect(() => cert.terminateGatewayListener(typedGateway(chart), 'api'))
      .toThrow(/^\[test\/ApiTls\] listener "api" of Gateway "public" has hostname "api.example.com", which the certificate does not cover: its dnsNames are www.example.com; add "api.example.com" to dnsNames, or use a certificate that has it$/);
  });

  test('fails for a Gateway in another namespace', () => {
    const { chart, cert } = setup();
    expect(() => cert.terminateGatewayListener(typedGateway(chart, LISTENERS, 'infra'), 'api'))
      .toThrow(/^\[test\/ApiTls\] Gateway "public" \(test\/Gw\) is in namespace "infra" but the Secret "api-tls" is in "edge"; .*ReferenceGrant, which this library does not create; create the Certificate in "infra"$/);
  });

  test('fails for a listener that already references another certificate', () => {
    const { chart, cert } = setup();
    typedGateway(chart, [{ name: 'api', port: 443, protocol: 'HTTPS', hostname: 'api.example.com', tls: { certificateRefs: [{ name: 'old-tls' }] } }]);
    expect(() => cert.terminateGatewayListener(chart.node.findChild('Gw'), 'api'))
      .toThrow(/listener "api" of Gateway "public" already references Secret "old-tls" in tls.certificateRefs.*remove those references first/);
  });

  test('fails for something that is not a Gateway', () => {
    const { chart, cert } = setup();
    const svc = new k8s.KubeService(chart, 'Svc', { metadata: { namespace: NS }, spec: { ports: [{ port: 443 }] } });
    expect(() => cert.terminateGatewayListener(svc, 'api')).toThrow(/^\[test\/ApiTls\] the gateway is a Service \(test\/Svc\); pass a gateway.networking.k8s.io\/v1 Gateway/);
  });

  test('fails on a Gateway annotated for the gateway-shim when the shim would take the listener too', () => {
    const { chart, cert } = setup();
    const gw = typedGateway(chart, LISTENERS, NS, { 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(() => cert.terminateGatewayListener(gw, 'api')).toThrow(/^\[test\/ApiTls\] Gateway "public" \(test\/Gw\) is annotated for cert-manager's gateway-shim \(cert-manager.io\/cluster-issuer: letsencrypt\), .*so it would create a second one for Secret "api-tls"/);
    // the shim skips listeners without a hostname
    cert.terminateGatewayListener(gw, 'any');
    expect(listener(chart, 'public', 'any').tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'api-tls' }]);
  });
});

describe('GatewayShim.annotate', () => {
  const SHIMMED = [
    { name: 'http', port: 80, protocol: 'HTTP' },
    { name: 'api', port: 443, protocol: 'HTTPS', hostname: 'api.example.com', tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'edge-tls' }] } },
    { name: 'www', port: 443, protocol: 'HTTPS', hostname: 'www.example.com', tls: { certificateRefs: [{ group: '', kind: 'Secret', name: 'edge-tls' }] } },
    { name: 'docs', port: 443, protocol: 'HTTPS', hostname: 'docs.example.com', tls: { certificateRefs: [{ name: 'docs-tls' }] } },
    { name: 'db', port: 9443, protocol: 'TLS', hostname: 'db.example.com', tls: { mode: 'Passthrough' } },
  ];

  function shimSetup() {
    const chart = Testing.chart();
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'letsencrypt');
    return { chart, issuer };
  }

  test.each([
    ['the imported Gateway', (chart: Chart) => typedGateway(chart, SHIMMED)],
    ['a raw ApiObject', (chart: Chart) => rawGateway(chart, SHIMMED)],
  ])('annotates %s and leaves its listeners as they are', (_, make) => {
    const { chart, issuer } = shimSetup();
    const gw = make(chart);
    GatewayShim.annotate(gw, { issuer });
    const obj = synth(chart).get('Gateway', gw.name, NS);
    expect(obj.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'cert-manager.io/private-key-algorithm': 'ECDSA',
      'cert-manager.io/private-key-size': '256',
      'cert-manager.io/private-key-rotation-policy': 'Always',
    });
    expect(obj.spec.listeners).toEqual(SHIMMED);
  });

  test('records one Certificate per Secret, with the hostnames of every listener that references it', () => {
    const { chart, issuer } = shimSetup();
    const gw = rawGateway(chart, SHIMMED);
    GatewayShim.annotate(gw, { issuer });
    const graph = CertificateGraph.of(chart);
    expect(graph.certificates.map((c) => [c.source, c.name, c.secretName, c.dnsNames])).toEqual([
      [CertificateSource.GATEWAY_SHIM, 'edge-tls', 'edge-tls', ['api.example.com', 'www.example.com']],
      [CertificateSource.GATEWAY_SHIM, 'docs-tls', 'docs-tls', ['docs.example.com']],
    ]);
    expect(graph.certificateForSecret(NS, 'edge-tls')).toMatchObject({ scope: gw, issuer, namespace: NS, labels: { team: 'edge' }, renewBeforeSeconds: 30 * 86400 });
    expect(graph.servedHosts.map((s) => [s.kind, s.name, s.listener, s.hosts, s.secretName])).toEqual([
      ['Gateway', 'raw', 'api', ['api.example.com'], 'edge-tls'],
      ['Gateway', 'raw', 'www', ['www.example.com'], 'edge-tls'],
      ['Gateway', 'raw', 'docs', ['docs.example.com'], 'docs-tls'],
    ]);
  });

  test('is idempotent', () => {
    const { chart, issuer } = shimSetup();
    const gw = rawGateway(chart, SHIMMED);
    GatewayShim.annotate(gw, { issuer });
    GatewayShim.annotate(gw, { issuer });
    expect(CertificateGraph.of(chart).certificates).toHaveLength(2);
    expect(CertificateGraph.of(chart).servedHosts).toHaveLength(3);
  });

  test('uses cert-manager.io/issuer for an Issuer of the Gateway namespace, and fails for one of another', () => {
    const { chart } = shimSetup();
    const ca = new Issuer(chart, 'Ca', { name: 'edge-ca', namespace: NS, config: IssuerConfig.ca({ secretName: 'edge-ca' }) });
    GatewayShim.annotate(typedGateway(chart, SHIMMED), { issuer: ca });
    expect(synth(chart).get('Gateway', 'public', NS).metadata.annotations['cert-manager.io/issuer']).toBe('edge-ca');
    const other = Issuer.fromIssuerName(chart, 'Other', 'ca', 'infra');
    expect(() => GatewayShim.annotate(rawGateway(chart, SHIMMED), { issuer: other }))
      .toThrow(/^\[test\/RawGw\] issuer is the namespaced Issuer "infra\/ca" but the Gateway is in namespace "edge"; .*\(cert-manager creates the Certificate in the Gateway's namespace\)/);
  });

  test('warns about HTTPS listeners the shim skips whose Secret nothing writes, not about passthrough ones', () => {
    const { chart, issuer } = shimSetup();
    const out = warnings(() => GatewayShim.annotate(rawGateway(chart, [
      ...SHIMMED,
      { name: 'nohost', port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'nohost-tls' }] } },
      { name: 'cross', port: 8444, protocol: 'HTTPS', hostname: 'x.example.com', tls: { certificateRefs: [{ name: 'x-tls', namespace: 'infra' }] } },
    ]), { issuer }));
    expect(out).toContain('[WARNING] [test/RawGw] the gateway-shim skips listener "nohost" of Gateway "raw" because it has no hostname');
    expect(out).toContain('skips listener "cross" of Gateway "raw" because it references something other than a Secret of the Gateway\'s namespace');
    expect(out).not.toContain('"db"');
    expect(CertificateGraph.of(chart).certificates.map((c) => c.name)).toEqual(['edge-tls', 'docs-tls']);
  });

  test('does not warn about a skipped listener a Certificate of the app terminates', () => {
    const { chart, issuer } = shimSetup();
    const cert = new Certificate(chart, 'Any', { name: 'any-tls', namespace: NS, issuer, dnsNames: ['any.example.com'] });
    const gw = rawGateway(chart, [...SHIMMED, { name: 'any', port: 8443, protocol: 'HTTPS' }]);
    cert.terminateGatewayListener(gw, 'any');
    expect(warnings(() => GatewayShim.annotate(gw, { issuer }))).toBe('');
  });

  test('fails when no listener qualifies, and changes nothing', () => {
    const { chart, issuer } = shimSetup();
    const gw = typedGateway(chart);
    expect(() => GatewayShim.annotate(gw, { issuer }))
      .toThrow(/^\[test\/Gw\] Gateway "public" has no listener the gateway-shim issues a certificate for \(protocol HTTPS or TLS, a hostname, tls.mode Terminate and tls.certificateRefs naming a Secret of the Gateway's namespace\); add such a listener before annotating the Gateway$/);
    expect(synth(chart).get('Gateway', 'public', NS).metadata.annotations).toBeUndefined();
  });

  test('fails when a Certificate of the app writes a Secret the shim would issue', () => {
    const { chart, issuer } = shimSetup();
    new Certificate(chart, 'Docs', { name: 'docs', namespace: NS, secretName: 'docs-tls', issuer, dnsNames: ['docs.example.com'] });
    expect(() => GatewayShim.annotate(rawGateway(chart, SHIMMED), { issuer }))
      .toThrow(/^\[test\/RawGw\] Gateway "raw" uses Secret "docs-tls", which Certificate test\/Docs writes; cert-manager's gateway-shim would create a second Certificate for it/);
  });

  test('fails at synth for a qualifying listener added after annotate', () => {
    const { chart, issuer } = shimSetup();
    const gw = rawGateway(chart, SHIMMED);
    GatewayShim.annotate(gw, { issuer });
    gw.addJsonPatch(JsonPatch.add('/spec/listeners/-', { name: 'late', port: 443, protocol: 'HTTPS', hostname: 'late.example.com', tls: { certificateRefs: [{ name: 'late-tls' }] } }));
    expect(() => synth(chart)).toThrow(/\[test\/RawGw\] listener "late" of Gateway "raw" references Secret "late-tls" and the gateway-shim will issue a certificate for it, but the listener was added after GatewayShim.annotate/);
  });

  test('fails for a Gateway without a namespace', () => {
    const { chart, issuer } = shimSetup();
    const gw = new ApiObject(chart, 'NoNs', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'nons' }, spec: { gatewayClassName: 'x', listeners: SHIMMED } });
    expect(() => GatewayShim.annotate(gw, { issuer })).toThrow(/^\[test\/NoNs\] Gateway "nons" has no namespace/);
  });
});
