import { ACME_BASE, CERT_BASE, WEBHOOK_CASES, WebhookCase } from './webhook-cases';
import { validateCertificateSpec } from '../../src/validation/certificate-spec';
import { validateIssuerSpec } from '../../src/validation/issuer-spec';
import { validateManifest } from '../../src/validation/manifest';
import { isInstruction } from '../harness/messages';

function validate(c: WebhookCase) {
  return c.kind === 'Certificate' ? validateCertificateSpec(c.spec, { featureGates: c.featureGates }) : validateIssuerSpec(c.spec);
}

describe('the valid bases pass', () => {
  test('a minimal Certificate and ACME Issuer spec have no issues', () => {
    expect(validateCertificateSpec(CERT_BASE)).toEqual([]);
    expect(validateIssuerSpec({ acme: ACME_BASE })).toEqual([]);
  });

  test('validateManifest dispatches by kind and ignores other kinds', () => {
    expect(validateManifest({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', spec: { ...CERT_BASE, secretName: 'X' } }).map((i) => i.rule)).toEqual(['WH-CERT-02']);
    expect(validateManifest({ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', spec: {} }).map((i) => i.rule)).toEqual(['WH-ISS-02']);
    expect(validateManifest({ apiVersion: 'v1', kind: 'Secret', spec: {} })).toEqual([]);
    expect(validateManifest({ apiVersion: 'example.com/v1', kind: 'Certificate', spec: {} })).toEqual([]);
  });

  test('odd shapes never throw', () => {
    for (const spec of [undefined, null, 42, 'x', [], { dnsNames: 'x', privateKey: 7, keystores: [], renewal: { windows: 'x' } }]) {
      expect(() => validateCertificateSpec(spec)).not.toThrow();
      expect(() => validateIssuerSpec(spec)).not.toThrow();
      expect(() => validateIssuerSpec({ acme: { solvers: [null, { dns01: { rfc2136: { nameserver: 5 } } }] }, vault: { auth: 1 } })).not.toThrow();
    }
  });
});

describe.each(Object.entries(WEBHOOK_CASES))('%s', (id, c) => {
  test(c.none ? 'has no rule in v1.21: nothing is reported' : 'is reported at its field, with the value and the fix', () => {
    const issues = validate(c);
    if (c.none) {
      expect(issues).toEqual([]);
      return;
    }
    const found = issues.filter((i) => i.rule === id);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0].path).toBe(c.path);
    expect(found[0].message).toMatch(c.message!);
    expect({ fix: found[0].fix, instruction: isInstruction(found[0].fix) }).toEqual({ fix: found[0].fix, instruction: true });
  });
});

describe('beyond the webhook rules, the validation spots', () => {
  test('the percentage window of the default duration when only renewBeforePercentage is set is left to the controller', () => {
    // The webhook skips the lifetime rules when neither duration nor renewBefore is set.
    expect(validateCertificateSpec({ ...CERT_BASE, renewBeforePercentage: 100 })).toEqual([]);
  });

  test('URLs a CA writes into its certificates must be absolute (CM-V1)', () => {
    const issues = validateIssuerSpec({ ca: { secretName: 'ca', ocspServers: ['ocsp.example.com'], crlDistributionPoints: ['http://pki.example.com/ca.crl'] } });
    expect(issues).toEqual([{
      rule: 'CM-V1',
      path: 'spec.ca.ocspServers[0]',
      value: 'ocsp.example.com',
      message: 'ca.ocspServers[0] "ocsp.example.com" is not an absolute http(s) or ldap URL, so clients reading it from the certificates cannot fetch it',
      fix: 'write the full URL, e.g. "http://pki.example.com/ca.crl"',
      severity: 'error',
    }]);
    expect(validateIssuerSpec({ selfSigned: { crlDistributionPoints: ['ldap://pki.example.com/cn=ca', 'file:///tmp/x'] } }).map((i) => i.path)).toEqual(['spec.selfSigned.crlDistributionPoints[1]']);
  });

  test('a BER-encoded literalSubject value is a parse error (WH-CERT-08), so every CN is a string (WH-CERT-09)', () => {
    const issues = validateCertificateSpec({ ...CERT_BASE, literalSubject: 'CN=#0403616263' });
    expect(issues.map((i) => [i.rule, i.message])).toEqual([['WH-CERT-08',
      'literalSubject "CN=#0403616263" is not an RFC 4514 distinguished name: cert-manager does not accept BER-encoded values ("=#")']]);
  });

  test('gated fields pass when the gate is on', () => {
    const spec = { ...CERT_BASE, isCA: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } }, otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'web@example.com' }] };
    expect(validateCertificateSpec(spec, { featureGates: { NameConstraints: true, OtherNames: true } })).toEqual([]);
    expect(validateCertificateSpec(spec).map((i) => i.rule)).toEqual(['WH-CERT-16', 'WH-CERT-36']);
  });

  test('valid forms of the parsed fields pass', () => {
    const spec = {
      ...CERT_BASE,
      literalSubject: 'CN=web\\, inc,O=Example+OU=Web,DC=example',
      ipAddresses: ['10.0.0.1', '2001:db8::1'],
      emailAddresses: ['ops+tls@example.com'],
      duration: '1h',
      renewBefore: '5m',
      renewal: { policy: 'RenewBefore', windows: [{ cron: '*/15 2-4 * JAN-MAR sat', windowDuration: '2h', timezone: 'Europe/Berlin' }, { cron: '@daily', windowDuration: '1h' }] },
    };
    expect(validateCertificateSpec({ ...spec, commonName: undefined })).toEqual([]);
    const nameservers = ['1.2.3.4', '1.2.3.4:53', '[2001:db8::1]', '[::1]:53', 'ns.example.com', 'ns.example.com:5353', 'host:'];
    for (const nameserver of nameservers) {
      expect(validateIssuerSpec({ acme: { ...ACME_BASE, solvers: [{ dns01: { rfc2136: { nameserver } } }] } })).toEqual([]);
    }
  });
});
