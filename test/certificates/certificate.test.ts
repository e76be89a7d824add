import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import {
  AcmeServer, AcmeSolver, AdditionalOutputFormat, Certificate, CertificateProps, ClusterIssuer, Issuer, IssuerConfig, KeyUsage,
  Keystore, Pkcs12Profile, PrivateKeyAlgorithm, PrivateKeyEncoding, PrivateKeyRotationPolicy,
} from '../../src';
import { CertificateGraph } from '../../src/graph/certificate-graph';
import { synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

function setup() {
  const chart = Testing.chart();
  const ca = new ClusterIssuer(chart, 'Ca', { name: 'internal', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
  const le = new ClusterIssuer(chart, 'Le', {
    name: 'letsencrypt',
    config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }),
  });
  return { chart, ca, le };
}

function cert(props: Partial<CertificateProps> = {}, chart?: Chart): { c: Certificate; spec: any; obj: any } {
  const s = setup();
  const target = chart ?? s.chart;
  const c = new Certificate(target, 'Api', { name: 'api-tls', namespace: 'web', issuer: s.ca, dnsNames: ['api.example.com'], ...props });
  const obj = synth(target).get('Certificate', 'api-tls', props.namespace ?? 'web');
  return { c, spec: obj.spec, obj };
}

const build = (props: Partial<CertificateProps>) => () => cert(props);

describe('Certificate defaults', () => {
  const { c, spec, obj } = cert();

  test('renders the issuer reference, names and secret', () => {
    expect(obj.metadata).toEqual({ name: 'api-tls', namespace: 'web' });
    expect(spec.secretName).toBe('api-tls');
    expect(spec.issuerRef).toEqual({ name: 'internal', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(spec.dnsNames).toEqual(['api.example.com']);
  });

  test('ECDSA P-256 key rotated on every issuance', () => {
    expect(spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
  });

  test('leaves duration and renewBefore to cert-manager, so renewal follows the lifetime actually issued', () => {
    expect(spec.duration).toBeUndefined();
    expect(spec.renewBefore).toBeUndefined();
    expect(c.duration.toDays()).toBe(90);
    expect(c.renewBefore.toDays()).toBe(30);
  });

  test('emits nothing optional', () => {
    expect(Object.keys(spec).sort()).toEqual(['dnsNames', 'issuerRef', 'privateKey', 'secretName']);
  });

  test('exposes its facts', () => {
    expect(c.certificateName).toBe('api-tls');
    expect(c.namespace).toBe('web');
    expect(c.secretName).toBe('api-tls');
    expect(c.dnsNames).toEqual(['api.example.com']);
    expect(c.isCa).toBe(false);
    expect(ApiObject.of(c).kind).toBe('Certificate');
  });

  test('derives the name from the construct path and the namespace from the chart', () => {
    const chart = new Chart(Testing.app(), 'prod', { namespace: 'shop' });
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Ext', 'external');
    const derived = new Certificate(chart, 'Storefront', { issuer, dnsNames: ['shop.example.com'] });
    expect(derived.certificateName).toMatch(/^prod-storefront-[0-9a-f]{8}$/);
    const o = synth(chart).get('Certificate', derived.certificateName, 'shop');
    expect(o.spec.secretName).toBe(derived.certificateName);
  });

  test('records the certificate in the app graph', () => {
    const s = setup();
    const x = new Certificate(s.chart, 'X', { name: 'x', namespace: 'web', issuer: s.le, dnsNames: ['x.example.com'], renewBefore: Duration.days(20) });
    const fact = CertificateGraph.of(s.chart).certificateForSecret('web', 'x');
    expect(fact?.scope).toBe(x);
    expect(fact?.issuer).toBe(s.le);
    expect(fact?.renewBeforeSeconds).toBe(20 * 86400);
    expect(fact?.durationSet).toBe(false);
  });
});

describe('Certificate overrides', () => {
  test('every SAN type, common name and subject', () => {
    const { spec } = cert({
      commonName: 'api',
      dnsNames: ['api.example.com', '*.api.example.com'],
      ipAddresses: ['10.0.0.1', 'fd00::1'],
      uris: ['spiffe://cluster.local/ns/web/sa/api'],
      emailAddresses: ['ops@example.com'],
      subject: { organizations: ['Example'], countries: ['DE'], localities: ['Berlin'], provinces: ['BE'], streetAddresses: ['Main St 1'], postalCodes: ['10115'], organizationalUnits: ['Platform'], serialNumber: '42' },
    });
    expect(spec.commonName).toBe('api');
    expect(spec.dnsNames).toEqual(['api.example.com', '*.api.example.com']);
    expect(spec.ipAddresses).toEqual(['10.0.0.1', 'fd00::1']);
    expect(spec.uris).toEqual(['spiffe://cluster.local/ns/web/sa/api']);
    expect(spec.emailAddresses).toEqual(['ops@example.com']);
    expect(spec.subject).toEqual({
      organizations: ['Example'],
      countries: ['DE'],
      localities: ['Berlin'],
      provinces: ['BE'],
      streetAddresses: ['Main St 1'],
      postalCodes: ['10115'],
      organizationalUnits: ['Platform'],
      serialNumber: '42',
    });
  });

  test('a certificate may name only an IP address', () => {
    const { spec } = cert({ dnsNames: undefined, ipAddresses: ['192.168.1.10'] });
    expect(spec.dnsNames).toBeUndefined();
    expect(spec.ipAddresses).toEqual(['192.168.1.10']);
  });

  test('duration and renewBefore render as Go durations', () => {
    const { c, spec } = cert({ duration: Duration.days(30), renewBefore: Duration.hours(36) });
    expect(spec.duration).toBe('720h');
    expect(spec.renewBefore).toBe('36h');
    expect(c.renewBefore.toHours()).toBe(36);
  });

  test('renewBeforePercentage renders as given and sets the effective renewBefore', () => {
    const { c, spec } = cert({ duration: Duration.days(10), renewBeforePercentage: 25 });
    expect(spec.renewBeforePercentage).toBe(25);
    expect(spec.renewBefore).toBeUndefined();
    expect(c.renewBefore.toHours()).toBe(60);
  });

  test.each([
    [PrivateKeyAlgorithm.RSA_2048, { algorithm: 'RSA', size: 2048 }],
    [PrivateKeyAlgorithm.rsa(8192), { algorithm: 'RSA', size: 8192 }],
    [PrivateKeyAlgorithm.ECDSA_P384, { algorithm: 'ECDSA', size: 384 }],
    [PrivateKeyAlgorithm.ecdsa(521), { algorithm: 'ECDSA', size: 521 }],
    [PrivateKeyAlgorithm.ED25519, { algorithm: 'Ed25519' }],
  ])('private key %#', (key, rendered) => {
    const { spec } = cert({ privateKey: key });
    expect(spec.privateKey).toEqual({ ...rendered, rotationPolicy: 'Always' });
  });

  test('key encoding and rotation policy', () => {
    const { spec } = cert({ privateKeyEncoding: PrivateKeyEncoding.PKCS8, privateKeyRotationPolicy: PrivateKeyRotationPolicy.NEVER });
    expect(spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Never' });
  });

  test('usages, isCa, output formats and history limit', () => {
    const { spec, c } = cert({
      usages: [KeyUsage.SERVER_AUTH, KeyUsage.CLIENT_AUTH, KeyUsage.DIGITAL_SIGNATURE],
      isCa: true,
      additionalOutputFormats: [AdditionalOutputFormat.COMBINED_PEM, AdditionalOutputFormat.DER],
      revisionHistoryLimit: 3,
    });
    expect(spec.usages).toEqual(['server auth', 'client auth', 'digital signature']);
    expect(spec.isCA).toBe(true);
    expect(c.isCa).toBe(true);
    expect(spec.additionalOutputFormats).toEqual([{ type: 'CombinedPEM' }, { type: 'DER' }]);
    expect(spec.revisionHistoryLimit).toBe(3);
  });

  test('keystores reference their password Secret', () => {
    const { spec } = cert({
      keystores: [
        Keystore.pkcs12({ passwordSecret: { name: 'ks-pass', key: 'password' } }),
        Keystore.jks({ passwordSecret: { name: 'ks-pass', key: 'password', namespace: 'web' }, alias: 'api' }),
      ],
    });
    expect(spec.keystores).toEqual({
      pkcs12: { create: true, passwordSecretRef: { name: 'ks-pass', key: 'password' }, profile: 'Modern2023' },
      jks: { create: true, passwordSecretRef: { name: 'ks-pass', key: 'password' }, alias: 'api' },
    });
    const legacy = cert({ keystores: [Keystore.pkcs12({ passwordSecret: { name: 'p', key: 'k' }, profile: Pkcs12Profile.LEGACY_DES })] });
    expect(legacy.spec.keystores.pkcs12.profile).toBe('LegacyDES');
  });

  test('secret template labels and annotations; Certificate labels and annotations', () => {
    const { spec, obj } = cert({
      secretLabels: { team: 'api' },
      secretAnnotations: { 'example.com/owner': 'api' },
      labels: { 'acme-solver': 'dns' },
      annotations: { 'argocd.argoproj.io/sync-wave': '2' },
    });
    expect(spec.secretTemplate).toEqual({ labels: { team: 'api' }, annotations: { 'example.com/owner': 'api' } });
    expect(obj.metadata.labels).toEqual({ 'acme-solver': 'dns' });
    expect(obj.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
  });

  test('name constraints on a CA', () => {
    const { spec } = cert({
      isCa: true,
      nameConstraints: { critical: true, permitted: { dnsDomains: ['example.com', '.internal.example.com'], ipRanges: ['10.0.0.0/8'] }, excluded: { dnsDomains: ['secret.example.com'] } },
    });
    expect(spec.nameConstraints).toEqual({
      critical: true,
      permitted: { dnsDomains: ['example.com', '.internal.example.com'], ipRanges: ['10.0.0.0/8'] },
      excluded: { dnsDomains: ['secret.example.com'] },
    });
  });

  test('a namespaced Issuer in the same namespace', () => {
    const chart = Testing.chart();
    const issuer = new Issuer(chart, 'Own', { name: 'own', namespace: 'web', config: IssuerConfig.selfSigned() });
    new Certificate(chart, 'C', { name: 'c', namespace: 'web', issuer, dnsNames: ['c.web.svc'] });
    expect(synth(chart).get('Certificate', 'c').spec.issuerRef).toEqual({ name: 'own', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('an ACME issuer with a duration warns that the CA ignores it', () => {
    const s = setup();
    const printed = captureWarnings(() => new Certificate(s.chart, 'C', {
      name: 'c', namespace: 'web', issuer: s.le, dnsNames: ['c.example.com'], duration: Duration.days(30),
    }));
    expect(printed).toMatch(/\[WARNING\] \[test\/C\] duration 720h is ignored by ACME issuer "letsencrypt"/);
  });
});

describe('Certificate errors', () => {
  test.each<[string, Partial<CertificateProps>, RegExp]>([
    ['no SAN and no commonName', { dnsNames: [] }, /\[test\/Api\] the certificate names nothing: set dnsNames/],
    ['commonName over 64 characters', { commonName: 'a'.repeat(65) }, /commonName "a{65}" must be 1-64 characters/],
    ['uppercase DNS name', { dnsNames: ['API.example.com'] }, /dnsNames\[0\] "API.example.com" is not a valid DNS name: it has uppercase letters; write it in lowercase \("api.example.com"\)/],
    ['label over 63 characters', { dnsNames: [`${'a'.repeat(64)}.example.com`] }, /the label "a{64}" is 64 characters long, over the 63 allowed/],
    ['wildcard not in the first label', { dnsNames: ['api.*.example.com'] }, /a wildcard may only be the first label/],
    ['partial wildcard', { dnsNames: ['api*.example.com'] }, /mixes "\*" with other characters/],
    ['wildcard on a TLD', { dnsNames: ['*.com'] }, /a wildcard needs at least two labels after it/],
    ['trailing dot', { dnsNames: ['api.example.com.'] }, /it ends with a dot/],
    ['underscore', { dnsNames: ['api_v1.example.com'] }, /has characters other than lowercase letters/],
    ['duplicate DNS name', { dnsNames: ['a.example.com', 'a.example.com'] }, /dnsNames lists "a.example.com" twice/],
    ['IP that is not an IP', { ipAddresses: ['10.0.0.256'] }, /ipAddresses\[0\] "10.0.0.256" is not an IP address/],
    ['host name as IP', { ipAddresses: ['db.local'] }, /"db.local" is not an IP address.*belongs in dnsNames/],
    ['IP with prefix', { ipAddresses: ['10.0.0.0/8'] }, /is not an IP address/],
    ['URI without scheme', { uris: ['cluster.local/ns/web'] }, /uris\[0\] "cluster.local\/ns\/web" is not an absolute URI/],
    ['bad email', { emailAddresses: ['ops'] }, /emailAddresses\[0\] "ops" is not an email address/],
    ['duration under an hour', { duration: Duration.minutes(59) }, /duration is 59 minutes, below cert-manager's minimum of 1 hour/],
    ['renewBefore under five minutes', { renewBefore: Duration.minutes(4) }, /renewBefore is 4 minutes, below cert-manager's minimum of 5 minutes/],
    ['renewBefore equal to duration', { duration: Duration.days(10), renewBefore: Duration.days(10) }, /renewBefore \(10 days\) is not shorter than duration \(10 days\).*set renewBefore well below duration/],
    ['renewBefore longer than the default duration', { renewBefore: Duration.days(91) }, /renewBefore \(91 days\) is not shorter than duration \(90 days, cert-manager's default\)/],
    ['renewBefore with renewBeforePercentage', { renewBefore: Duration.days(1), renewBeforePercentage: 20 }, /renewBefore \(1 day\) and renewBeforePercentage \(20\) are both set; cert-manager accepts only one/],
    ['percentage of 100', { renewBeforePercentage: 100 }, /renewBeforePercentage is 100; use a whole number between 1 and 99/],
    ['fractional percentage', { renewBeforePercentage: 12.5 }, /renewBeforePercentage is 12.5/],
    ['percentage below five minutes', { duration: Duration.hours(1), renewBeforePercentage: 5 }, /renewBeforePercentage 5 of duration 60 minutes is 3 minutes, below/],
    ['fractional seconds', { duration: Duration.millis(3600500) }, /duration is .* not a whole number of seconds/],
    ['RSA 1024', { privateKey: PrivateKeyAlgorithm.rsa(1024) }, /privateKey is RSA with 1024 bits; RSA keys below 2048 bits are refused.*use PrivateKeyAlgorithm.RSA_2048/],
    ['RSA 16384', { privateKey: PrivateKeyAlgorithm.rsa(16384) }, /privateKey is RSA with 16384 bits/],
    ['ECDSA 512', { privateKey: PrivateKeyAlgorithm.ecdsa(512) }, /privateKey is ECDSA with size 512; .* must be 256, 384 or 521/],
    ['duplicate usage', { usages: [KeyUsage.SERVER_AUTH, KeyUsage.SERVER_AUTH] }, /usages lists "server auth" twice/],
    ['revisionHistoryLimit 0', { revisionHistoryLimit: 0 }, /revisionHistoryLimit is 0; cert-manager needs a whole number of at least 1/],
    ['nameConstraints without isCa', { nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }, /nameConstraints are set but isCa is false/],
    ['empty nameConstraints', { isCa: true, nameConstraints: {} }, /nameConstraints has neither permitted nor excluded names/],
    ['bad CIDR', { isCa: true, nameConstraints: { permitted: { ipRanges: ['10.0.0.0'] } } }, /nameConstraints.permitted.ipRanges\[0\] "10.0.0.0" is not a CIDR range/],
    ['keystore password in another namespace', { keystores: [Keystore.jks({ passwordSecret: { name: 'p', key: 'k', namespace: 'other' } })] }, /keystores\[0\].passwordSecret is in namespace "other" but cert-manager reads it from the Certificate's namespace "web"/],
    ['two PKCS#12 keystores', { keystores: [Keystore.pkcs12({ passwordSecret: { name: 'p', key: 'k' } }), Keystore.pkcs12({ passwordSecret: { name: 'p', key: 'k' } })] }, /keystores\[1\] is a second PKCS#12 keystore/],
    ['bad keystore key', { keystores: [Keystore.jks({ passwordSecret: { name: 'p', key: 'a b' } })] }, /keystores\[0\].passwordSecret.key "a b" is not a valid Secret key/],
    ['invalid name', { name: 'API' }, /name "API" is not a valid Kubernetes object name/],
    ['invalid secretName', { secretName: 'api_tls' }, /secretName "api_tls" is not a valid Kubernetes object name/],
    ['invalid namespace', { namespace: 'Web' }, /namespace "Web" is not a valid namespace name/],
    ['bad secretLabels', { secretLabels: { 'a b': 'x' } }, /secretLabels has an invalid key "a b"/],
  ])('fails on %s', (_, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('fails when a namespaced Issuer is used from another namespace', () => {
    const chart = Testing.chart();
    const issuer = new Issuer(chart, 'Own', { name: 'own', namespace: 'payments', config: IssuerConfig.selfSigned() });
    expect(() => new Certificate(chart, 'C', { namespace: 'web', issuer, dnsNames: ['c.example.com'] }))
      .toThrow(/\[test\/C\] issuer is the namespaced Issuer "payments\/own" but the Certificate is in namespace "web"; .*use a ClusterIssuer/);
    const ref = Issuer.fromIssuerName(chart, 'Ref', 'theirs', 'team-a');
    expect(() => new Certificate(chart, 'D', { namespace: 'web', issuer: ref, dnsNames: ['d.example.com'] }))
      .toThrow(/issuer is the namespaced Issuer "team-a\/theirs"/);
  });

  test('fails without a namespace anywhere', () => {
    const chart = Testing.chart();
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'I', 'x');
    expect(() => new Certificate(chart, 'C', { issuer, dnsNames: ['c.example.com'] }))
      .toThrow(/\[test\/C\] namespace is not set and the chart has no namespace/);
  });

  test('fails without an issuer', () => {
    const chart = Testing.chart();
    expect(() => new Certificate(chart, 'C', { namespace: 'web', dnsNames: ['c.example.com'] } as any)).toThrow(/issuer is missing/);
  });

  test('fails for a CA certificate or an Ed25519 key from an ACME issuer', () => {
    const s = setup();
    expect(() => new Certificate(s.chart, 'C', { namespace: 'web', issuer: s.le, dnsNames: ['c.example.com'], isCa: true }))
      .toThrow(/isCa is true but issuer "letsencrypt" is an ACME issuer/);
    expect(() => new Certificate(s.chart, 'D', { namespace: 'web', issuer: s.le, dnsNames: ['d.example.com'], privateKey: PrivateKeyAlgorithm.ED25519 }))
      .toThrow(/privateKey is Ed25519 but issuer "letsencrypt" is an ACME issuer/);
  });

  test('fails when two Certificates share a name or a Secret', () => {
    const s = setup();
    new Certificate(s.chart, 'A', { name: 'a', namespace: 'web', issuer: s.ca, dnsNames: ['a.example.com'] });
    expect(() => new Certificate(s.chart, 'A2', { name: 'a', namespace: 'web', secretName: 'other', issuer: s.ca, dnsNames: ['a.example.com'] }))
      .toThrow(/\[test\/A2\] Certificate "web\/a" is already declared by test\/A/);
    expect(() => new Certificate(s.chart, 'B', { name: 'b', namespace: 'web', secretName: 'a', issuer: s.ca, dnsNames: ['b.example.com'] }))
      .toThrow(/\[test\/B\] secretName "a" in namespace "web" is already written by test\/A; .*give each certificate its own secretName/);
    // Same names in another namespace are fine.
    new Certificate(s.chart, 'A3', { name: 'a', namespace: 'api', issuer: s.ca, dnsNames: ['a.example.com'] });
  });

  test('checks are per app: the same names in two apps do not clash', () => {
    for (let i = 0; i < 2; i++) {
      const chart = Testing.chart();
      const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'I', 'x');
      new Certificate(chart, 'A', { name: 'a', namespace: 'web', issuer, dnsNames: ['a.example.com'] });
    }
  });
});
