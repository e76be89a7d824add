import { ApiObject, Duration, Testing } from 'cdk8s';
import { ClusterIssuer, IssuerConfig, PrivateCa, PrivateKeyAlgorithm } from '../../src';
import { synth } from '../harness/manifests';

describe('PrivateCa', () => {
  test('builds the chain: self-signed ClusterIssuer, CA Certificate, CA ClusterIssuer', () => {
    const chart = Testing.chart();
    const ca = new PrivateCa(chart, 'Internal', { name: 'internal-ca' });
    const m = synth(chart);

    expect(m.get('ClusterIssuer', 'internal-ca-selfsigned').spec).toEqual({ selfSigned: {} });
    expect(m.get('Certificate', 'internal-ca-root', 'cert-manager').spec).toEqual({
      isCA: true,
      commonName: 'internal-ca',
      secretName: 'internal-ca-root',
      duration: '87600h',
      renewBefore: '8760h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' },
      issuerRef: { name: 'internal-ca-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(m.get('ClusterIssuer', 'internal-ca').spec).toEqual({ ca: { secretName: 'internal-ca-root' } });
    expect(m.labels()).toEqual([
      'Certificate cert-manager/internal-ca-root',
      'ClusterIssuer internal-ca',
      'ClusterIssuer internal-ca-selfsigned',
    ]);

    expect(ca.issuer.issuerRef).toEqual({ name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(ca.issuer.secretDependencies).toEqual([
      { namespace: 'cert-manager', name: 'internal-ca-root', purpose: 'CA certificate and key', createdByCertManager: false },
    ]);
  });

  test('exposes the CA certificate for monitoring', () => {
    const ca = new PrivateCa(Testing.chart(), 'Internal', { name: 'internal-ca' });
    expect(ca.certificateName).toBe('internal-ca-root');
    expect(ca.certificateNamespace).toBe('cert-manager');
    expect(ca.secretName).toBe('internal-ca-root');
    expect(ca.duration.toHours()).toBe(87600);
    expect(ca.renewBefore.toHours()).toBe(8760);
    expect(ApiObject.of(ca.certificate).kind).toBe('Certificate');
  });

  test('renders every option', () => {
    const chart = Testing.chart();
    const ca = new PrivateCa(chart, 'Internal', {
      name: 'corp-ca',
      commonName: 'Example Corp Internal Root',
      organizations: ['Example Corp'],
      organizationalUnits: ['Platform'],
      countries: ['NL'],
      duration: Duration.days(1825),
      renewBefore: Duration.hours(2160),
      privateKey: PrivateKeyAlgorithm.RSA_4096,
      rotatePrivateKey: true,
      clusterResourceNamespace: 'security',
      labels: { team: 'platform' },
    });
    const m = synth(chart);
    const cert = m.get('Certificate', 'corp-ca-root', 'security');
    expect(cert.metadata?.labels).toEqual({ team: 'platform' });
    expect(cert.spec).toMatchObject({
      commonName: 'Example Corp Internal Root',
      subject: { organizations: ['Example Corp'], organizationalUnits: ['Platform'], countries: ['NL'] },
      duration: '43800h',
      renewBefore: '2160h',
      privateKey: { algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' },
    });
    expect(m.get('ClusterIssuer', 'corp-ca').metadata?.labels).toEqual({ team: 'platform' });
    expect(ca.issuer.clusterResourceNamespace).toBe('security');
    expect(ca.issuer.secretDependencies[0].namespace).toBe('security');
  });

  test.each([
    [PrivateKeyAlgorithm.ECDSA_P384, 'ECDSA', 384],
    [PrivateKeyAlgorithm.RSA_2048, 'RSA', 2048],
    [PrivateKeyAlgorithm.RSA_3072, 'RSA', 3072],
  ])('key algorithm %#', (privateKey, algorithm, size) => {
    const chart = Testing.chart();
    new PrivateCa(chart, 'Ca', { name: 'ca', privateKey });
    expect(synth(chart).get('Certificate', 'ca-root').spec.privateKey).toMatchObject({ algorithm, size });
  });

  test('fails when renewBefore is not shorter than duration', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', duration: Duration.days(30), renewBefore: Duration.days(30) }))
      .toThrow('[test/Ca] renewBefore (30 days) is not shorter than duration (30 days), so the CA would be renewed forever; '
        + 'set renewBefore well below duration');
  });

  test('fails when duration is below one hour', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', duration: Duration.minutes(30), renewBefore: Duration.minutes(10) }))
      .toThrow("[test/Ca] duration is 30 minutes, below cert-manager's minimum of 1 hour; set a longer duration");
  });

  test('fails when renewBefore is below five minutes', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', renewBefore: Duration.minutes(1) }))
      .toThrow("[test/Ca] renewBefore is 1 minute, below cert-manager's minimum of 5 minutes");
  });

  test('fails when a duration is not a whole number of seconds', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', duration: Duration.millis(3_600_000_500) }))
      .toThrow('[test/Ca] duration is');
  });

  test('fails when the common name is longer than 64 characters', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', commonName: 'c'.repeat(65) }))
      .toThrow(/\[test\/Ca\] commonName "c+" must be 1-64 characters \(the X.509 limit\)/);
  });

  test('fails when the name is invalid', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'Internal CA' }))
      .toThrow('[test/Ca] name "Internal CA" is not a valid Kubernetes object name');
  });

  test('fails when its issuer names clash with another ClusterIssuer', () => {
    const chart = Testing.chart();
    new ClusterIssuer(chart, 'Existing', { name: 'ca-selfsigned', config: IssuerConfig.selfSigned() });
    expect(() => new PrivateCa(chart, 'Ca', { name: 'ca' }))
      .toThrow('[test/Ca/SelfSignedIssuer] ClusterIssuer "ca-selfsigned" is already declared by test/Existing');
  });

  test('derives its names from the construct path by default', () => {
    const chart = Testing.chart();
    const ca = new PrivateCa(chart, 'Ca');
    expect(ca.issuer.issuerName).toMatch(/^test-ca-[0-9a-f]{8}$/);
    expect(ca.secretName).toBe(`${ca.issuer.issuerName}-root`);
    synth(chart);
  });
});
