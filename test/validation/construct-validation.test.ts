import { Duration, Testing } from 'cdk8s';
import {
  AcmeServer, AcmeSolver, Certificate, ClusterIssuer, IssuerConfig, PrivateCa, VaultAuth,
} from '../../src';
import { synth } from '../harness/manifests';
import { captureStderr } from '../harness/stderr';

/** The manifest validation runs where values enter the constructs; these are the paths it adds. */
describe('the webhook rules at construction', () => {
  test('a Certificate secretAnnotation in cert-manager.io/ fails, naming the prop, the field and the fix', () => {
    const chart = Testing.chart();
    const ca = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    expect(() => new Certificate(chart, 'Web', { namespace: 'web', issuer: ca, dnsNames: ['web.example.com'], secretAnnotations: { 'cert-manager.io/issuer-name': 'x' } }))
      .toThrow('[test/Web] secretAnnotations: secretTemplate annotation "cert-manager.io/issuer-name" is in cert-manager\'s own cert-manager.io/ group; '
        + 'use an annotation of your own domain (only cert-manager.io/allow-direct-injection is allowed) '
        + '(cert-manager\'s webhook rule WH-CERT-34 on spec.secretTemplate.annotations["cert-manager.io/issuer-name"])');
  });

  test('a Vault path with a ".." segment fails at the issuer, naming the prop, the field and the fix', () => {
    const chart = Testing.chart();
    const config = IssuerConfig.vault({ server: 'https://vault.example.com:8200', path: 'pki/../sys/sign/web', auth: VaultAuth.token({ name: 'vault', key: 'token' }) });
    expect(() => new ClusterIssuer(chart, 'Vault', { name: 'vault', config }))
      .toThrow('[test/Vault] config (spec.vault.path): vault.path "pki/../sys/sign/web" has a ".." segment; write the path without ".." '
        + '(cert-manager\'s webhook rule WH-VAULT-03 on spec.vault.path)');
  });

  test('nameConstraints warn that cert-manager refuses them unless its feature gate is on', () => {
    const chart = Testing.chart();
    const ca = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    const { printed } = captureStderr(() => new Certificate(chart, 'Sub', {
      namespace: 'web', issuer: ca, commonName: 'sub-ca', isCa: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } },
    }));
    expect(printed).toContain('[WARNING] [test/Sub] nameConstraints are set; cert-manager\'s webhook refuses them unless its NameConstraints feature gate is on '
      + '(off by default); turn it on for the webhook and controller, e.g. CertManager featureGates: { NameConstraints: true }');
  });
});

describe('beyond the webhook', () => {
  test('subject fields on an ACME certificate warn: the CA drops them', () => {
    const chart = Testing.chart();
    const le = new ClusterIssuer(chart, 'Le', { name: 'le', config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }) });
    const { printed } = captureStderr(() => new Certificate(chart, 'Web', { namespace: 'web', issuer: le, dnsNames: ['web.example.com'], subject: { organizations: ['Example'], countries: ['DE'] } }));
    expect(printed).toBe('[WARNING] [test/Web] subject sets organizations ["Example"], countries ["DE"] but issuer "le" is an ACME issuer, and public '
      + 'ACME CAs such as Let\'s Encrypt drop every subject field but the names; remove subject, or use a private CA where the subject must '
      + 'appear in the certificate\n');
    const ca = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    expect(captureStderr(() => new Certificate(chart, 'Internal', { namespace: 'web', issuer: ca, dnsNames: ['i.example.com'], subject: { organizations: ['Example'] } })).printed).toBe('');
  });

  test('a PrivateCa of a year needs no renewBefore: the default is a third of its duration', () => {
    const chart = Testing.chart();
    const ca = new PrivateCa(chart, 'Ca', { name: 'short-ca', duration: Duration.days(360) });
    expect(ca.renewBefore.toDays()).toBe(120);
    expect(synth(chart).get('Certificate', 'short-ca-root', 'cert-manager').spec.renewBefore).toBe('2880h');
    expect(new PrivateCa(chart, 'Long', { name: 'long-ca' }).renewBefore.toDays()).toBe(365);
  });

  test('a PrivateCa error names the default it compared against', () => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'ca', renewBefore: Duration.days(4000) }))
      .toThrow('[test/Ca] renewBefore (4000 days) is not shorter than duration (3650 days, the default), so the CA would be renewed forever; '
        + 'set renewBefore well below duration');
  });
});
