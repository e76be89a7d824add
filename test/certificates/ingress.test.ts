import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import {
  AcmeServer, AcmeSolver, Certificate, CertificateChecks, ClusterIssuer, IIssuer, IngressShim, Issuer, IssuerConfig, PrivateKeyAlgorithm,
  PrivateKeyRotationPolicy,
} from '../../src';
import { CertificateGraph, CertificateSource } from '../../src/graph/certificate-graph';
import { synth } from '../harness/manifests';
import { captureWarnings as warnings } from '../harness/stderr';

const NS = 'api';

function setup() {
  const chart = Testing.chart();
  const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'letsencrypt');
  CertificateChecks.suppress(issuer, 'CM-ISS2', 'the ClusterIssuer of these tests is managed by the platform, outside the app');
  const cert = new Certificate(chart, 'ApiTls', {
    name: 'api-tls', namespace: NS, issuer, dnsNames: ['api.example.com', 'www.example.com'],
  });
  return { chart, issuer, cert };
}

/** A cdk8s-plus Ingress routing `hosts` to one Service. */
function plusIngress(chart: Chart, hosts: string[] = ['api.example.com'], props: Partial<plus.IngressProps> = {}, id = 'Web'): plus.Ingress {
  const svc = chart.node.tryFindChild('Svc') as plus.Service | undefined
    ?? new plus.Service(chart, 'Svc', { metadata: { name: 'api', namespace: NS }, selector: plus.Pods.select(chart, 'Sel', { labels: { app: 'api' } }), ports: [{ port: 8080 }] });
  const ing = new plus.Ingress(chart, id, { metadata: { name: id.toLowerCase(), namespace: NS }, ...props });
  for (const h of hosts) ing.addHostRule(h, '/', plus.IngressBackend.fromService(svc));
  return ing;
}

/** A raw networking.k8s.io/v1 Ingress. */
function rawIngress(chart: Chart, props: { hosts?: string[]; tls?: k8s.IngressTls[]; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> } = {}, id = 'Raw'): ApiObject {
  const backend = { service: { name: 'api', port: { number: 8080 } } };
  return new k8s.KubeIngress(chart, id, {
    metadata: { name: id.toLowerCase(), namespace: props.namespace ?? NS, annotations: props.annotations, labels: props.labels },
    spec: {
      ingressClassName: 'nginx',
      rules: (props.hosts ?? ['api.example.com']).map((host) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } })),
      tls: props.tls,
    },
  });
}

const tlsOf = (chart: Chart, name: string) => synth(chart).get('Ingress', name, NS).spec.tls;

describe('Certificate.terminateIngress', () => {
  test('adds one TLS entry to a cdk8s-plus Ingress: hosts are the DNS names, secretName the Secret', () => {
    const { chart, cert } = setup();
    const ing = plusIngress(chart, ['api.example.com', 'www.example.com']);
    cert.terminateIngress(ing);
    expect(tlsOf(chart, 'web')).toEqual([{ hosts: cert.dnsNames, secretName: cert.secretName }]);
    expect(cert.dnsNames).toEqual(['api.example.com', 'www.example.com']);
    expect(cert.secretName).toBe('api-tls');
  });

  test('patches a raw Ingress without TLS', () => {
    const { chart, cert } = setup();
    rawIngress(chart, { hosts: ['api.example.com', 'www.example.com'] });
    cert.terminateIngress(chart.node.findChild('Raw'));
    expect(tlsOf(chart, 'raw')).toEqual([{ hosts: ['api.example.com', 'www.example.com'], secretName: 'api-tls' }]);
  });

  test('appends to the TLS entries a raw Ingress already has', () => {
    const { chart, cert } = setup();
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'docs.example.com'], tls: [{ hosts: ['docs.example.com'], secretName: 'docs-tls' }] });
    CertificateChecks.suppress(raw, 'CM-TLS1', 'docs-tls is issued by the docs team\'s own app in this scenario');
    cert.terminateIngress(raw, { hosts: ['api.example.com'] });
    expect(tlsOf(chart, 'raw')).toEqual([
      { hosts: ['docs.example.com'], secretName: 'docs-tls' },
      { hosts: ['api.example.com'], secretName: 'api-tls' },
    ]);
  });

  test('serves a subset of the DNS names, or names a wildcard covers', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    const wild = new Certificate(chart, 'Wild', { name: 'wild', namespace: NS, issuer, dnsNames: ['*.example.com'] });
    const ing = plusIngress(chart, ['shop.example.com']);
    wild.terminateIngress(ing, { hosts: ['shop.example.com'] });
    expect(tlsOf(chart, 'web')).toEqual([{ hosts: ['shop.example.com'], secretName: 'wild' }]);
  });

  test.each([
    ['cdk8s-plus', (chart: Chart) => plusIngress(chart, ['api.example.com', 'www.example.com'])],
    ['raw', (chart: Chart) => rawIngress(chart, { hosts: ['api.example.com', 'www.example.com'] })],
  ])('is idempotent on a %s Ingress and records the served hosts once', (_, make) => {
    const { chart, cert } = setup();
    const ing = make(chart);
    cert.terminateIngress(ing);
    cert.terminateIngress(ing);
    const name = ApiObject.of(ing).name;
    expect(tlsOf(chart, name)).toHaveLength(1);
    const served = CertificateGraph.of(chart).servedHosts;
    expect(served).toHaveLength(1);
    expect(served[0]).toEqual({ scope: ing, kind: 'Ingress', name, namespace: NS, hosts: ['api.example.com', 'www.example.com'], secretName: 'api-tls' });
  });

  test('two certificates on one Ingress get one entry each', () => {
    const { chart, cert, issuer } = setup();
    const docs = new Certificate(chart, 'Docs', { name: 'docs-tls', namespace: NS, issuer, dnsNames: ['docs.example.com'] });
    const ing = plusIngress(chart, ['api.example.com', 'docs.example.com']);
    cert.terminateIngress(ing, { hosts: ['api.example.com'] });
    docs.terminateIngress(ing);
    expect(tlsOf(chart, 'web')).toEqual([
      { hosts: ['api.example.com'], secretName: 'api-tls' },
      { hosts: ['docs.example.com'], secretName: 'docs-tls' },
    ]);
  });

  test('fails for an Ingress in another namespace', () => {
    const { chart, cert } = setup();
    const raw = rawIngress(chart, { namespace: 'shop' });
    expect(() => cert.terminateIngress(raw)).toThrow(/^\[test\/ApiTls\] Ingress "raw" \(test\/Raw\) is in namespace "shop" but the Secret "api-tls" is in "api"; an Ingress can only use TLS Secrets of its own namespace; create the Certificate in "shop", or the Ingress in "api"$/);
  });

  test('fails for an IP-only certificate', () => {
    const { chart, issuer } = setup();
    const ip = new Certificate(chart, 'Ip', { name: 'ip', namespace: NS, issuer, ipAddresses: ['10.0.0.1'] });
    expect(() => ip.terminateIngress(plusIngress(chart))).toThrow(/^\[test\/Ip\] the certificate has no dnsNames.*IP-address-only certificates cannot be used there; add the host names to dnsNames$/);
  });

  test('fails for hosts the certificate does not cover', () => {
    const { chart, cert } = setup();
    const ing = plusIngress(chart);
    expect(() => cert.terminateIngress(ing, { hosts: ['api.example.com', 'shop.example.com'] }))
      .toThrow(/^\[test\/ApiTls\] hosts\[1\] "shop.example.com" is not covered by the certificate, whose dnsNames are api.example.com, www.example.com; .*add it to dnsNames, or leave it out of hosts$/);
    expect(() => cert.terminateIngress(ing, { hosts: ['api.example.com', 'api.example.com'] })).toThrow(/hosts lists "api.example.com" twice/);
    expect(() => cert.terminateIngress(ing, { hosts: [] })).toThrow(/\[test\/ApiTls\] hosts is empty/);
  });

  test('a wildcard DNS name does not cover the apex nor two levels down', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    const wild = new Certificate(chart, 'Wild', { name: 'wild', namespace: NS, issuer, dnsNames: ['*.example.com'] });
    const ing = plusIngress(chart);
    expect(() => wild.terminateIngress(ing, { hosts: ['example.com'] })).toThrow(/"example.com" is not covered/);
    expect(() => wild.terminateIngress(ing, { hosts: ['a.b.example.com'] })).toThrow(/"a.b.example.com" is not covered/);
  });

  test('fails when another TLS entry already serves a host with another Secret', () => {
    const { chart, cert } = setup();
    const raw = rawIngress(chart, { tls: [{ hosts: ['api.example.com'], secretName: 'old-tls' }] });
    // The entry written by hand is seen when the Ingress renders: at synth, before anything is written.
    cert.terminateIngress(raw);
    expect(() => synth(chart)).toThrow(/\[test\/Raw\] host "api.example.com" is in two TLS entries of Ingress "raw" \(test\/Raw\), with Secret "old-tls" and with Secret "api-tls"; .*list each host in one TLS entry only/);
  });

  test('fails at synth when an entry written by hand has the Secret with other hosts', () => {
    const { chart, cert } = setup();
    const raw = rawIngress(chart, { tls: [{ hosts: ['other.example.com'], secretName: 'api-tls' }] });
    cert.terminateIngress(raw);
    expect(() => synth(chart)).toThrow(/\[test\/Raw\] Ingress "raw" has 2 TLS entries for Secret "api-tls", with hosts \[other.example.com\] and \[api.example.com, www.example.com\]; keep one entry per Secret/);
  });

  test('a raw Ingress keeps an identical entry written by hand once, and a later JSON patch sees the added entry', () => {
    const { chart, cert } = setup();
    const same = rawIngress(chart, { hosts: ['api.example.com', 'www.example.com'], tls: [{ hosts: ['www.example.com', 'api.example.com'], secretName: 'api-tls' }] });
    cert.terminateIngress(same);
    expect(synth(chart).get('Ingress', 'raw').spec.tls).toEqual([{ hosts: ['www.example.com', 'api.example.com'], secretName: 'api-tls' }]);

    const again = setup();
    const patched = rawIngress(again.chart, {});
    again.cert.terminateIngress(patched, { hosts: ['api.example.com'] });
    patched.addJsonPatch(JsonPatch.add('/spec/tls/0/hosts/-', 'www.example.com'));
    expect(synth(again.chart).get('Ingress', 'raw').spec.tls).toEqual([{ hosts: ['api.example.com', 'www.example.com'], secretName: 'api-tls' }]);
  });

  test('fails when the Secret already has an entry with other hosts', () => {
    const { chart, cert } = setup();
    const ing = plusIngress(chart, ['api.example.com', 'www.example.com']);
    cert.terminateIngress(ing, { hosts: ['api.example.com'] });
    expect(() => cert.terminateIngress(ing)).toThrow(/already has a TLS entry for Secret "api-tls" with hosts \[api.example.com\], not \[api.example.com, www.example.com\]; keep one entry per Secret/);
  });

  test('fails for something that is not an Ingress', () => {
    const { chart, cert } = setup();
    const svc = new k8s.KubeService(chart, 'Svc2', { metadata: { namespace: NS }, spec: { ports: [{ port: 443 }] } });
    expect(() => cert.terminateIngress(svc)).toThrow(/^\[test\/ApiTls\] the ingress is a Service \(test\/Svc2\); pass a networking.k8s.io\/v1 Ingress/);
  });

  test('fails on an Ingress annotated for the ingress-shim', () => {
    const { chart, cert } = setup();
    const raw = rawIngress(chart, { annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } });
    expect(() => cert.terminateIngress(raw)).toThrow(/Ingress "raw" \(test\/Raw\) is annotated for cert-manager's ingress-shim \(cert-manager.io\/cluster-issuer: letsencrypt\), which would create a second Certificate for Secret "api-tls"/);
  });

  test('fails at synth when a TLS entry added later serves a host with another Secret', () => {
    const { chart, cert } = setup();
    const ing = plusIngress(chart);
    cert.terminateIngress(ing, { hosts: ['api.example.com'] });
    ing.addTls([{ hosts: ['api.example.com'], secret: plus.Secret.fromSecretName(chart, 'Other', 'other-tls') }]);
    expect(() => synth(chart)).toThrow(/\[test\/Web\] host "api.example.com" is in two TLS entries of Ingress "web" .* with Secret "api-tls" and with Secret "other-tls"/);
  });

  test('warns at synth about a rule host no TLS entry covers, also one added later', () => {
    const { chart, cert } = setup();
    const ing = plusIngress(chart, ['api.example.com']);
    cert.terminateIngress(ing, { hosts: ['api.example.com'] });
    ing.addHostRule('admin.example.com', '/', plus.IngressBackend.fromService(chart.node.findChild('Svc') as plus.Service));
    const out = warnings(() => synth(chart));
    expect(out).toContain('[WARNING] [test/Web] Ingress "web" routes host "admin.example.com" but no TLS entry covers it');
    expect(out).not.toContain('"api.example.com"');
  });

  test('a wildcard TLS host covers the rule hosts one level below it', () => {
    const chart = Testing.chart();
    const issuer = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    const wild = new Certificate(chart, 'Wild', { name: 'wild', namespace: NS, issuer, dnsNames: ['*.example.com'] });
    wild.terminateIngress(plusIngress(chart, ['a.example.com', 'b.example.com']));
    expect(warnings(() => synth(chart))).toBe('');
  });
});

describe('IngressShim.annotate', () => {
  function shimSetup() {
    const chart = Testing.chart();
    const le = new ClusterIssuer(chart, 'Le', {
      name: 'letsencrypt',
      config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })] }),
    });
    return { chart, le };
  }

  test.each([
    ['cdk8s-plus', (chart: Chart) => plusIngress(chart, ['api.example.com'])],
    ['raw', (chart: Chart) => rawIngress(chart)],
  ])('annotates a %s Ingress for a ClusterIssuer and adds the TLS entry', (_, make) => {
    const { chart, le } = shimSetup();
    const ing = make(chart);
    IngressShim.annotate(ing, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    const obj = synth(chart).get('Ingress', ApiObject.of(ing).name, NS);
    expect(obj.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'cert-manager.io/private-key-algorithm': 'ECDSA',
      'cert-manager.io/private-key-size': '256',
      'cert-manager.io/private-key-rotation-policy': 'Always',
    });
    expect(obj.spec.tls).toEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
  });

  test('uses cert-manager.io/issuer for a namespaced Issuer in the Ingress namespace', () => {
    const { chart } = shimSetup();
    const issuer = new Issuer(chart, 'Ca', { name: 'team-ca', namespace: NS, config: IssuerConfig.ca({ secretName: 'team-ca' }) });
    const raw = rawIngress(chart);
    IngressShim.annotate(raw, { issuer, secretName: 'api-tls', hosts: ['api.example.com'] });
    const annotations = synth(chart).get('Ingress', 'raw', NS).metadata.annotations;
    expect(annotations['cert-manager.io/issuer']).toBe('team-ca');
    expect(annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
  });

  test('writes every setting as the annotation cert-manager reads', () => {
    const { chart } = shimSetup();
    const ca = ClusterIssuer.fromClusterIssuerName(chart, 'Ca', 'internal-ca');
    const raw = rawIngress(chart);
    IngressShim.annotate(raw, {
      issuer: ca,
      secretName: 'api-tls',
      hosts: ['api.example.com'],
      commonName: 'api.example.com',
      duration: Duration.days(30),
      renewBefore: Duration.days(10),
      privateKey: PrivateKeyAlgorithm.RSA_4096,
      privateKeyRotationPolicy: PrivateKeyRotationPolicy.NEVER,
      revisionHistoryLimit: 3,
    });
    expect(synth(chart).get('Ingress', 'raw', NS).metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'internal-ca',
      'cert-manager.io/common-name': 'api.example.com',
      'cert-manager.io/duration': '720h',
      'cert-manager.io/renew-before': '240h',
      'cert-manager.io/private-key-algorithm': 'RSA',
      'cert-manager.io/private-key-size': '4096',
      'cert-manager.io/private-key-rotation-policy': 'Never',
      'cert-manager.io/revision-history-limit': '3',
    });
  });

  test('an Ed25519 key has no size annotation', () => {
    const { chart } = shimSetup();
    const raw = rawIngress(chart);
    IngressShim.annotate(raw, { issuer: ClusterIssuer.fromClusterIssuerName(chart, 'Ca', 'ca'), secretName: 'api-tls', hosts: ['api.example.com'], privateKey: PrivateKeyAlgorithm.ED25519 });
    const annotations = synth(chart).get('Ingress', 'raw', NS).metadata.annotations;
    expect(annotations['cert-manager.io/private-key-algorithm']).toBe('Ed25519');
    expect(annotations['cert-manager.io/private-key-size']).toBeUndefined();
  });

  test('records the Certificate the shim creates, named after the Secret, with Certificate defaults', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { labels: { team: 'api' } });
    IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    const fact = CertificateGraph.of(chart).certificateForSecret(NS, 'api-tls');
    expect(fact).toMatchObject({
      scope: raw,
      source: CertificateSource.INGRESS_SHIM,
      name: 'api-tls',
      namespace: NS,
      secretName: 'api-tls',
      dnsNames: ['api.example.com'],
      ipAddresses: [],
      issuer: le,
      isCa: false,
      durationSet: false,
      labels: { team: 'api' },
    });
    expect(fact?.durationSeconds).toBe(Duration.days(90).toSeconds());
    expect(fact?.renewBeforeSeconds).toBe(Duration.days(30).toSeconds());
    expect(CertificateGraph.of(chart).servedHosts).toEqual([
      { scope: raw, kind: 'Ingress', name: 'raw', namespace: NS, hosts: ['api.example.com'], secretName: 'api-tls' },
    ]);
  });

  test('records renewBefore and duration when set', () => {
    const { chart } = shimSetup();
    const raw = rawIngress(chart);
    IngressShim.annotate(raw, {
      issuer: ClusterIssuer.fromClusterIssuerName(chart, 'Ca', 'ca'),
      secretName: 'api-tls',
      hosts: ['api.example.com'],
      duration: Duration.days(30),
      renewBefore: Duration.days(7),
    });
    const fact = CertificateGraph.of(chart).certificateForSecret(NS, 'api-tls');
    expect(fact).toMatchObject({ durationSet: true, durationSeconds: 30 * 86400, renewBeforeSeconds: 7 * 86400 });
  });

  test('is idempotent, and one Ingress can carry several shim entries', () => {
    const { chart, le } = shimSetup();
    const ing = plusIngress(chart, ['api.example.com', 'docs.example.com']);
    IngressShim.annotate(ing, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    IngressShim.annotate(ing, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    IngressShim.annotate(ing, { issuer: le, secretName: 'docs-tls', hosts: ['docs.example.com'] });
    expect(tlsOf(chart, 'web')).toEqual([
      { hosts: ['api.example.com'], secretName: 'api-tls' },
      { hosts: ['docs.example.com'], secretName: 'docs-tls' },
    ]);
    const graph = CertificateGraph.of(chart);
    expect(graph.certificates.map((c) => c.name)).toEqual(['api-tls', 'docs-tls']);
    expect(graph.servedHosts.map((s) => s.secretName)).toEqual(['api-tls', 'docs-tls']);
  });

  test('records the TLS entries the Ingress already had: the shim issues for every entry', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'old.example.com'], tls: [{ hosts: ['old.example.com'], secretName: 'old-tls' }] });
    IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    const fact = CertificateGraph.of(chart).certificateForSecret(NS, 'old-tls');
    expect(fact).toMatchObject({ source: CertificateSource.INGRESS_SHIM, name: 'old-tls', dnsNames: ['old.example.com'], issuer: le });
  });

  test('fails for a namespaced Issuer of another namespace', () => {
    const { chart } = shimSetup();
    const other = Issuer.fromIssuerName(chart, 'Other', 'team-ca', 'shop');
    expect(() => IngressShim.annotate(rawIngress(chart), { issuer: other, secretName: 'api-tls', hosts: ['api.example.com'] }))
      .toThrow(/^\[test\/Raw\] issuer is the namespaced Issuer "shop\/team-ca" but the Ingress is in namespace "api"; an Issuer only signs Certificates in its own namespace \(cert-manager creates the Certificate in the Ingress's namespace\); create the Ingress in "shop", declare an Issuer in "api", or use a ClusterIssuer$/);
  });

  test('fails when a second call asks for other settings', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'docs.example.com'] });
    IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    const ca: IIssuer = ClusterIssuer.fromClusterIssuerName(chart, 'Ca', 'internal-ca');
    expect(() => IngressShim.annotate(raw, { issuer: ca, secretName: 'docs-tls', hosts: ['docs.example.com'] }))
      .toThrow(/^\[test\/Raw\] Ingress "raw" is already annotated cert-manager.io\/cluster-issuer: "letsencrypt", but this asks for "internal-ca"; .*; pass the same issuer and settings in every call$/);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'docs-tls', hosts: ['docs.example.com'], revisionHistoryLimit: 2 }))
      .toThrow(/is already annotated cert-manager.io\/revision-history-limit: nothing, but this asks for "2"/);
  });

  test('fails when the Ingress names the other issuer kind already', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { annotations: { 'cert-manager.io/issuer': 'team-ca' } });
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] }))
      .toThrow(/already annotated cert-manager.io\/issuer: "team-ca", but this asks for no such annotation/);
  });

  test('fails for bad input, naming the Ingress', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'API_TLS', hosts: ['api.example.com'] })).toThrow(/^\[test\/Raw\] secretName "API_TLS" is not a valid Kubernetes object name/);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: [] })).toThrow(/^\[test\/Raw\] hosts is empty/);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['API.example.com'] })).toThrow(/hosts\[0\] "API.example.com" is not a valid DNS name/);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['a.example.com', 'a.example.com'] })).toThrow(/hosts lists "a.example.com" twice/);
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'], privateKey: PrivateKeyAlgorithm.ED25519 })).toThrow(/privateKey is Ed25519 but issuer "letsencrypt" is an ACME issuer/);
    const ca = ClusterIssuer.fromClusterIssuerName(chart, 'Ca', 'ca');
    expect(() => IngressShim.annotate(raw, { issuer: ca, secretName: 'api-tls', hosts: ['api.example.com'], duration: Duration.minutes(30) })).toThrow(/duration is 30 minutes, below cert-manager's minimum of 1 hour/);
    expect(() => IngressShim.annotate(raw, { issuer: ca, secretName: 'api-tls', hosts: ['api.example.com'], renewBefore: Duration.days(90) })).toThrow(/renewBefore \(90 days\) is not shorter than duration/);
    expect(() => IngressShim.annotate(raw, { issuer: ca, secretName: 'api-tls', hosts: ['api.example.com'], revisionHistoryLimit: 0 })).toThrow(/revisionHistoryLimit is 0/);
    expect(() => IngressShim.annotate(raw, { issuer: ca, secretName: 'api-tls', hosts: ['api.example.com'], commonName: 'x'.repeat(65) })).toThrow(/must be 1-64 characters/);
    // nothing above changed the Ingress
    expect(synth(chart).get('Ingress', 'raw', NS).metadata.annotations).toBeUndefined();
  });

  test('warns that an ACME issuer ignores the duration', () => {
    const { chart, le } = shimSetup();
    const out = warnings(() => IngressShim.annotate(rawIngress(chart), { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'], duration: Duration.days(30) }));
    expect(out).toContain('[WARNING] [test/Raw] duration 720h is ignored by ACME issuer "letsencrypt"');
  });

  test('fails for an Ingress without a namespace', () => {
    const chart = Testing.chart();
    const le = ClusterIssuer.fromClusterIssuerName(chart, 'Le', 'letsencrypt');
    const raw = new k8s.KubeIngress(chart, 'NoNs', { metadata: { name: 'nons' }, spec: { rules: [{ host: 'a.example.com' }] } });
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'a-tls', hosts: ['a.example.com'] }))
      .toThrow(/^\[test\/NoNs\] Ingress "nons" has no namespace.*set metadata.namespace on the Ingress or a namespace on its Chart$/);
  });

  test('fails when a Certificate of the app writes the Secret of an entry', () => {
    const { chart, le } = shimSetup();
    const cert = new Certificate(chart, 'Api', { name: 'api-cert', namespace: NS, secretName: 'api-tls', issuer: le, dnsNames: ['api.example.com'] });
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'docs.example.com'] });
    cert.terminateIngress(raw, { hosts: ['api.example.com'] });
    expect(() => IngressShim.annotate(raw, { issuer: le, secretName: 'docs-tls', hosts: ['docs.example.com'] }))
      .toThrow(/^\[test\/Raw\] Ingress "raw" uses Secret "api-tls", which Certificate test\/Api writes; cert-manager's ingress-shim would create a second Certificate for it/);
  });

  test('fails when a Certificate already has the name the shim would give its own', () => {
    const { chart, le } = shimSetup();
    new Certificate(chart, 'Api', { name: 'api-tls', namespace: NS, secretName: 'other-secret', issuer: le, dnsNames: ['x.example.com'] });
    expect(() => IngressShim.annotate(rawIngress(chart), { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] }))
      .toThrow(/^\[test\/Raw\] Certificate "api\/api-tls" is already declared by test\/Api in this app; .*cert-manager's ingress-shim names its Certificate after the Secret/);
  });

  test('fails at synth for a TLS entry added after annotate', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'late.example.com'] });
    IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    raw.addJsonPatch(JsonPatch.add('/spec/tls/-', { hosts: ['late.example.com'], secretName: 'late-tls' }));
    expect(() => synth(chart)).toThrow(/\[test\/Raw\] Ingress "raw" is annotated for cert-manager's ingress-shim, which issues a certificate for every TLS entry, but the entry for Secret "late-tls" \(hosts late.example.com\) was added without IngressShim.annotate/);
  });

  test('fails at synth when two entries of a shim Ingress share a Secret', () => {
    const { chart, le } = shimSetup();
    const raw = rawIngress(chart, { hosts: ['api.example.com', 'www.example.com'] });
    IngressShim.annotate(raw, { issuer: le, secretName: 'api-tls', hosts: ['api.example.com'] });
    raw.addJsonPatch(JsonPatch.add('/spec/tls/-', { hosts: ['www.example.com'], secretName: 'api-tls' }));
    expect(() => synth(chart)).toThrow(/two TLS entries with Secret "api-tls"; the shim then refuses the whole Ingress and issues nothing/);
  });
});
