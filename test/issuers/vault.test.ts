import { Testing } from 'cdk8s';
import { ClusterIssuer, IssuerConfig, VaultAuth, VaultIssuerOptions } from '../../src';
import { TEST_CA_PEM as PEM } from '../fixtures/test-ca';
import { synth } from '../harness/manifests';

const base = {
  server: 'https://vault.example.com:8200',
  path: 'pki_int/sign/example-dot-com',
  auth: VaultAuth.kubernetesServiceAccount({ role: 'cert-manager', serviceAccountName: 'vault-issuer' }),
};

function vault(options: Partial<VaultIssuerOptions> = {}): ClusterIssuer {
  return new ClusterIssuer(Testing.chart(), 'Vault', { name: 'vault', config: IssuerConfig.vault({ ...base, ...options }) });
}

function vaultSpec(options: Partial<VaultIssuerOptions> = {}): any {
  const issuer = vault(options);
  return synth(issuer.node.scope as any).get('ClusterIssuer', 'vault').spec.vault;
}

describe('IssuerConfig.vault', () => {
  test('Kubernetes auth with a ServiceAccount token', () => {
    expect(vaultSpec()).toEqual({
      server: 'https://vault.example.com:8200',
      path: 'pki_int/sign/example-dot-com',
      auth: { kubernetes: { role: 'cert-manager', serviceAccountRef: { name: 'vault-issuer' } } },
    });
    expect(vault().isAcme).toBe(false);
  });

  test('namespace, serverName, PEM caBundle, audiences and mount path', () => {
    expect(vaultSpec({
      namespace: 'team-a',
      serverName: 'vault.internal',
      caBundle: PEM,
      auth: VaultAuth.kubernetesServiceAccount({ role: 'r', serviceAccountName: 'sa', audiences: ['vault'], mountPath: '/v1/auth/k8s-prod' }),
    })).toEqual({
      server: 'https://vault.example.com:8200',
      path: 'pki_int/sign/example-dot-com',
      namespace: 'team-a',
      serverName: 'vault.internal',
      caBundle: Buffer.from(PEM).toString('base64'),
      auth: { kubernetes: { role: 'r', mountPath: '/v1/auth/k8s-prod', serviceAccountRef: { name: 'sa', audiences: ['vault'] } } },
    });
  });

  test('caBundle from a Secret, recorded as a dependency', () => {
    const spec = vaultSpec({ caBundleSecret: { name: 'vault-ca', key: 'ca.crt' } });
    expect(spec.caBundleSecretRef).toEqual({ name: 'vault-ca', key: 'ca.crt' });
    expect(vault({ caBundleSecret: { name: 'vault-ca', key: 'ca.crt' } }).secretDependencies)
      .toEqual([{ namespace: 'cert-manager', name: 'vault-ca', key: 'ca.crt', purpose: 'Vault CA bundle', createdByCertManager: false }]);
  });

  test('Kubernetes auth with a token Secret', () => {
    expect(vaultSpec({ auth: VaultAuth.kubernetesSecret({ role: 'r', secret: { name: 'vault-token', key: 'token' } }) }).auth)
      .toEqual({ kubernetes: { role: 'r', secretRef: { name: 'vault-token', key: 'token' } } });
  });

  test('AppRole auth, default path', () => {
    expect(vaultSpec({ auth: VaultAuth.appRole({ roleId: 'role-id', secretId: { name: 'approle', key: 'secretId' } }) }).auth)
      .toEqual({ appRole: { path: 'approle', roleId: 'role-id', secretRef: { name: 'approle', key: 'secretId' } } });
    expect(vaultSpec({ auth: VaultAuth.appRole({ path: 'approle-prod', roleId: 'id', secretId: { name: 'a', key: 'b' } }) }).auth.appRole.path)
      .toBe('approle-prod');
  });

  test('token auth', () => {
    expect(vaultSpec({ auth: VaultAuth.token({ name: 'vault-token', key: 'token' }) }).auth)
      .toEqual({ tokenSecretRef: { name: 'vault-token', key: 'token' } });
  });

  test('fails when the server is not https', () => {
    expect(() => vault({ server: 'http://vault:8200' }))
      .toThrow('[test/Vault] vault server "http://vault:8200" is not an https:// URL');
  });

  test('fails when the path starts with a slash', () => {
    expect(() => vault({ path: '/v1/pki/sign/x' }))
      .toThrow('[test/Vault] vault path "/v1/pki/sign/x" starts with "/"; give the path below /v1/');
  });

  test('fails when both caBundle and caBundleSecret are set', () => {
    expect(() => vault({ caBundle: PEM, caBundleSecret: { name: 'ca', key: 'ca.crt' } }))
      .toThrow('[test/Vault] vault sets both caBundle and caBundleSecret; set only one of them');
  });

  test('fails when auth is missing', () => {
    expect(() => vault({ auth: undefined as any }))
      .toThrow('[test/Vault] vault has no auth; set auth');
  });

  test('fails when the mount path is relative', () => {
    expect(() => vault({ auth: VaultAuth.kubernetesSecret({ role: 'r', secret: { name: 't', key: 'token' }, mountPath: 'auth/kubernetes' }) }))
      .toThrow('[test/Vault] vault auth mountPath "auth/kubernetes" must start with "/"');
  });

  test('fails when the role is empty', () => {
    expect(() => vault({ auth: VaultAuth.kubernetesServiceAccount({ role: '', serviceAccountName: 'sa' }) }))
      .toThrow('[test/Vault] vault auth role is ""');
  });

  test('fails when the token Secret is in another namespace', () => {
    expect(() => vault({ auth: VaultAuth.token({ name: 'vault-token', key: 'token', namespace: 'vault' }) }))
      .toThrow('[test/Vault] vault token names Secret "vault/vault-token" but a ClusterIssuer reads Secrets only from');
  });
});

describe('IssuerConfig.selfSigned and IssuerConfig.ca', () => {
  test('selfSigned with CRL distribution points', () => {
    const chart = Testing.chart();
    new ClusterIssuer(chart, 'S', { name: 's', config: IssuerConfig.selfSigned({ crlDistributionPoints: ['http://crl.example.com/root.crl'] }) });
    expect(synth(chart).get('ClusterIssuer', 's').spec).toEqual({ selfSigned: { crlDistributionPoints: ['http://crl.example.com/root.crl'] } });
  });

  test('ca with revocation and AIA URLs', () => {
    const chart = Testing.chart();
    new ClusterIssuer(chart, 'Ca', {
      name: 'ca',
      config: IssuerConfig.ca({
        secretName: 'root',
        crlDistributionPoints: ['http://crl.example.com/ca.crl'],
        ocspServers: ['http://ocsp.example.com'],
        issuingCertificateUrls: ['http://pki.example.com/ca.crt'],
      }),
    });
    expect(synth(chart).get('ClusterIssuer', 'ca').spec.ca).toEqual({
      secretName: 'root',
      crlDistributionPoints: ['http://crl.example.com/ca.crl'],
      ocspServers: ['http://ocsp.example.com'],
      issuingCertificateURLs: ['http://pki.example.com/ca.crt'],
    });
  });

  test('fails when the CA secret name is invalid', () => {
    expect(() => new ClusterIssuer(Testing.chart(), 'Ca', { config: IssuerConfig.ca({ secretName: 'Root CA' }) }))
      .toThrow('[test/Ca] ca secretName "Root CA" is not a valid Kubernetes object name');
  });
});

describe('VaultAuth.aws', () => {
  test('ambient AWS identity: only the role', () => {
    expect(vaultSpec({ auth: VaultAuth.aws({ role: 'cert-manager' }) }).auth).toEqual({ aws: { role: 'cert-manager' } });
  });

  test('IRSA through a ServiceAccount, with region, header, audience and mount path', () => {
    expect(vaultSpec({
      auth: VaultAuth.aws({
        role: 'cert-manager',
        serviceAccountName: 'vault-issuer',
        iamRoleArn: 'arn:aws:iam::111122223333:role/vault-login',
        audience: 'sts.amazonaws.com',
        region: 'eu-west-1',
        vaultHeaderValue: 'vault.example.com',
        mountPath: '/v1/auth/aws-prod',
      }),
    }).auth).toEqual({
      aws: {
        role: 'cert-manager',
        iamRoleArn: 'arn:aws:iam::111122223333:role/vault-login',
        region: 'eu-west-1',
        vaultHeaderValue: 'vault.example.com',
        mountPath: '/v1/auth/aws-prod',
        serviceAccountRef: { name: 'vault-issuer', audiences: ['sts.amazonaws.com'] },
      },
    });
  });

  test.each([
    ['without role', { role: undefined }, /\[test\/Vault\] vault auth aws has no role; set role to the Vault role of the AWS auth method/],
    ['with an empty role', { role: ' ' }, /vault auth role is " "/],
    ['with a ServiceAccount but no iamRoleArn', { role: 'r', serviceAccountName: 'sa' },
      /vault auth aws serviceAccountName "sa" is set without iamRoleArn; .*set iamRoleArn, or remove serviceAccountName/],
    ['with a malformed iamRoleArn', { role: 'r', serviceAccountName: 'sa', iamRoleArn: 'vault-login' }, /iamRoleArn "vault-login" is not an IAM role ARN/],
    ['with an audience but no ServiceAccount', { role: 'r', audience: 'sts' }, /audience "sts" is set without serviceAccountName/],
    ['with a malformed region', { role: 'r', region: 'EU' }, /vault auth aws region "EU" is not an AWS region/],
    ['with a relative mount path', { role: 'r', mountPath: 'auth/aws' }, /mountPath "auth\/aws" must start with "\/"; use for example "\/v1\/auth\/aws"/],
  ])('fails %s', (_, options, message) => {
    expect(() => vault({ auth: VaultAuth.aws(options as any) })).toThrow(message);
  });
});

describe('VaultAuth.clientCertificate', () => {
  test('a TLS Secret, recorded as a dependency', () => {
    const issuer = vault({ auth: VaultAuth.clientCertificate({ secretName: 'vault-client' }) });
    expect(synth(issuer.node.scope as any).get('ClusterIssuer', 'vault').spec.vault.auth).toEqual({ clientCertificate: { secretName: 'vault-client' } });
    expect(issuer.secretDependencies).toEqual([
      { namespace: 'cert-manager', name: 'vault-client', purpose: 'Vault client certificate and key', createdByCertManager: false },
    ]);
  });

  test('certificate role and mount path', () => {
    expect(vaultSpec({ auth: VaultAuth.clientCertificate({ secretName: 'c', certificateRole: 'cert-manager', mountPath: '/v1/auth/cert-prod' }) }).auth)
      .toEqual({ clientCertificate: { secretName: 'c', name: 'cert-manager', mountPath: '/v1/auth/cert-prod' } });
  });

  test.each([
    ['without secretName', {}, /\[test\/Vault\] vault auth clientCertificate has no secretName/],
    ['with a bad secretName', { secretName: 'Client Cert' }, /vault auth clientCertificate secretName "Client Cert" is not a valid Kubernetes object name/],
    ['with an empty certificate role', { secretName: 'c', certificateRole: '' }, /vault auth clientCertificate certificateRole is ""/],
  ])('fails %s', (_, options, message) => {
    expect(() => vault({ auth: VaultAuth.clientCertificate(options as any) })).toThrow(message);
  });
});

describe('Vault mutual TLS', () => {
  test('client certificate and key on every connection, recorded as dependencies', () => {
    const options = { clientCertificateSecret: { name: 'vault-mtls', key: 'tls.crt' }, clientKeySecret: { name: 'vault-mtls', key: 'tls.key' } };
    const spec = vaultSpec(options);
    expect([spec.clientCertSecretRef, spec.clientKeySecretRef]).toEqual([{ name: 'vault-mtls', key: 'tls.crt' }, { name: 'vault-mtls', key: 'tls.key' }]);
    expect(vault(options).secretDependencies.map((s) => s.purpose)).toEqual(['Vault mTLS client certificate', 'Vault mTLS client key']);
  });

  test('no client certificate by default', () => {
    expect(vaultSpec().clientCertSecretRef).toBeUndefined();
  });

  test.each([
    ['a certificate without key', { clientCertificateSecret: { name: 'm', key: 'tls.crt' } }, /vault clientCertificateSecret is set without clientKeySecret/],
    ['a key without certificate', { clientKeySecret: { name: 'm', key: 'tls.key' } }, /vault clientKeySecret is set without clientCertificateSecret/],
  ])('fails with %s', (_, options, message) => {
    expect(() => vault(options)).toThrow(message);
  });
});
