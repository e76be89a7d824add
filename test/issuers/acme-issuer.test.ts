import { acmeIssuer, acmeSpec } from './fixtures';
import { AcmeServer, AcmeSolver } from '../../src';
import { TEST_CA_PEM as PEM } from '../fixtures/test-ca';


describe('IssuerConfig.acme', () => {
  test('Let\'s Encrypt staging preset: server, staging flag, default account key Secret, no email', () => {
    const issuer = acmeIssuer();
    expect(issuer.isStaging).toBe(true);
    expect(acmeSpec()).toEqual({
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      privateKeySecretRef: { name: 'acme-acme-account-key' },
      solvers: [{ http01: { ingress: {} } }],
    });
  });

  test('Let\'s Encrypt production preset', () => {
    expect(acmeSpec({ server: AcmeServer.LETS_ENCRYPT }).server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(acmeIssuer({ server: AcmeServer.LETS_ENCRYPT }).isStaging).toBe(false);
  });

  test('renders every option', () => {
    expect(acmeSpec({
      server: AcmeServer.custom('https://acme.internal.example.com/directory'),
      email: 'pki@example.com',
      accountKeySecretName: 'internal-account',
      disableAccountKeyGeneration: true,
      preferredChain: 'Internal Root',
      profile: 'shortlived',
      caBundle: PEM,
    })).toEqual({
      server: 'https://acme.internal.example.com/directory',
      email: 'pki@example.com',
      privateKeySecretRef: { name: 'internal-account' },
      disableAccountKeyGeneration: true,
      preferredChain: 'Internal Root',
      profile: 'shortlived',
      caBundle: Buffer.from(PEM).toString('base64'),
      solvers: [{ http01: { ingress: {} } }],
    });
  });

  test('records the account key Secret, created by cert-manager unless generation is disabled', () => {
    expect(acmeIssuer().secretDependencies).toEqual([
      { namespace: 'cert-manager', name: 'acme-acme-account-key', purpose: 'ACME account key', createdByCertManager: true },
    ]);
    expect(acmeIssuer({ disableAccountKeyGeneration: true }).secretDependencies[0].createdByCertManager).toBe(false);
  });

  test('External Account Binding for ZeroSSL', () => {
    const spec = acmeSpec({ server: AcmeServer.ZEROSSL, eabKeyId: 'kid-1', eabKeySecret: { name: 'zerossl-eab', key: 'hmac' } });
    expect(spec.server).toBe('https://acme.zerossl.com/v2/DV90');
    expect(spec.externalAccountBinding).toEqual({ keyID: 'kid-1', keySecretRef: { name: 'zerossl-eab', key: 'hmac' } });
  });

  test('Google Trust Services presets', () => {
    const eab = { eabKeyId: 'kid', eabKeySecret: { name: 'gts', key: 'hmac' } };
    expect(acmeSpec({ server: AcmeServer.GOOGLE_TRUST_SERVICES, ...eab }).server).toBe('https://dv.acme-v02.api.pki.goog/directory');
    expect(acmeIssuer({ server: AcmeServer.GOOGLE_TRUST_SERVICES_STAGING, ...eab }).isStaging).toBe(true);
  });

  test('skipTlsVerify is rendered for a custom server', () => {
    expect(acmeSpec({ server: AcmeServer.custom('https://pebble.test:14000/dir', { staging: true }), skipTlsVerify: true }).skipTLSVerify).toBe(true);
  });

  test('fails when a server that requires an email gets none', () => {
    expect(() => acmeIssuer({ server: AcmeServer.custom('https://acme.example.com/dir', { requiresEmail: true }) }))
      .toThrow('[test/Acme] acme server https://acme.example.com/dir requires an account email but none is set; set email to a monitored address');
  });

  test('fails when the email is invalid', () => {
    expect(() => acmeIssuer({ email: 'ops-at-example.com' }))
      .toThrow('[test/Acme] acme email "ops-at-example.com" is not an email address; use an address like "ops@example.com"');
  });

  test.each([
    ['http://acme.example.com/directory'],
    ['acme.example.com/directory'],
    ['https://'],
    ['https://acme example.com'],
  ])('fails when the server URL is %s', (url) => {
    expect(() => acmeIssuer({ server: AcmeServer.custom(url) }))
      .toThrow(`[test/Acme] acme server "${url}" is not an https:// URL; use the full https address`);
  });

  test('fails when External Account Binding has a key ID but no key Secret', () => {
    expect(() => acmeIssuer({ eabKeyId: 'kid' }))
      .toThrow('[test/Acme] acme eabKeyId is set without eabKeySecret; set eabKeySecret to the Secret key holding the EAB HMAC key');
  });

  test('fails when External Account Binding has a key Secret but no key ID', () => {
    expect(() => acmeIssuer({ eabKeySecret: { name: 'eab', key: 'hmac' } }))
      .toThrow('[test/Acme] acme eabKeySecret is set without eabKeyId; set eabKeyId to the key ID the CA gave you');
  });

  test('fails when a server that requires External Account Binding gets none', () => {
    expect(() => acmeIssuer({ server: AcmeServer.ZEROSSL }))
      .toThrow('[test/Acme] acme server https://acme.zerossl.com/v2/DV90 requires External Account Binding; set eabKeyId and eabKeySecret');
  });

  test('fails when the solver list is empty', () => {
    expect(() => acmeIssuer({ solvers: [] }))
      .toThrow('[test/Acme] acme has no solvers, so no certificate can ever be issued; add at least one');
  });

  test('fails when skipTlsVerify is set for a public CA', () => {
    expect(() => acmeIssuer({ server: AcmeServer.LETS_ENCRYPT, skipTlsVerify: true }))
      .toThrow('[test/Acme] acme skipTlsVerify is set for the public CA https://acme-v02.api.letsencrypt.org/directory; remove it');
  });

  test('fails when skipTlsVerify and caBundle are both set', () => {
    expect(() => acmeIssuer({ server: AcmeServer.custom('https://acme.test/dir'), skipTlsVerify: true, caBundle: PEM }))
      .toThrow('[test/Acme] acme sets both skipTlsVerify and caBundle; remove skipTlsVerify and keep caBundle');
  });

  test('fails when caBundle is not PEM or holds a private key', () => {
    expect(() => acmeIssuer({ caBundle: Buffer.from(PEM).toString('base64') }))
      .toThrow('[test/Acme] acme caBundle is not a PEM certificate bundle');
    expect(() => acmeIssuer({ caBundle: `${PEM}-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----` }))
      .toThrow('[test/Acme] acme caBundle contains a private key; pass only the CA certificates, never a key');
  });

  test('fails when the account key Secret name is invalid', () => {
    expect(() => acmeIssuer({ accountKeySecretName: 'Account Key' }))
      .toThrow('[test/Acme] acme accountKeySecretName "Account Key" is not a valid Kubernetes object name');
  });

  test('fails when preferredChain is longer than 64 characters', () => {
    expect(() => acmeIssuer({ preferredChain: 'x'.repeat(65) }))
      .toThrow(/\[test\/Acme\] acme preferredChain "x+" must be 1-64 characters/);
  });

  test('fails when the server is missing', () => {
    expect(() => acmeIssuer({ server: undefined as any, solvers: [AcmeSolver.http01Ingress()] }))
      .toThrow('[test/Acme] acme has no server; set server, for example AcmeServer.LETS_ENCRYPT_STAGING');
  });
});
