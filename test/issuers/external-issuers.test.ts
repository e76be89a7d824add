import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  AwsPcaClusterIssuer, AwsPcaCredentials, AwsPcaIssuer, Certificate, CertificateChecks, ExternalIssuer, GoogleCasClusterIssuer,
  GoogleCasCredentials, GoogleCasIssuer, IngressShim, Issuer, IssuerConfig, IssuerKind, IssuerScope, PrivateKeyAlgorithm,
  StepClusterIssuer, StepIssuer, StepProvisionerPassword,
} from '../../src';
import { CertificateGraph } from '../../src/graph/certificate-graph';
import { synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

const ARN = 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555';
const POOL = 'projects/my-project/locations/europe-west1/caPools/internal';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n';
const stepBase = {
  url: 'https://step-ca.step.svc:9000',
  caBundle: PEM,
  provisionerName: 'cert-manager',
  provisionerKid: 'kid-1',
  provisionerPassword: StepProvisionerPassword.fromSecret({ name: 'step-provisioner', key: 'password' }),
};

function chart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

describe('IssuerKind', () => {
  test('presets carry group, kind and scope', () => {
    expect([IssuerKind.AWS_PCA_CLUSTER_ISSUER.group, IssuerKind.AWS_PCA_CLUSTER_ISSUER.kind, IssuerKind.AWS_PCA_CLUSTER_ISSUER.scope])
      .toEqual(['awspca.cert-manager.io', 'AWSPCAClusterIssuer', IssuerScope.CLUSTER]);
    expect([IssuerKind.GOOGLE_CAS_ISSUER.group, IssuerKind.GOOGLE_CAS_ISSUER.kind]).toEqual(['cas-issuer.jetstack.io', 'GoogleCASIssuer']);
    expect([IssuerKind.STEP_ISSUER.group, IssuerKind.STEP_ISSUER.scope]).toEqual(['certmanager.step.sm', IssuerScope.NAMESPACE]);
    expect(IssuerKind.ISSUER.isCertManager).toBe(true);
    expect(IssuerKind.STEP_CLUSTER_ISSUER.isCertManager).toBe(false);
    expect(`${IssuerKind.CLUSTER_ISSUER}`).toBe('ClusterIssuer');
  });

  test('of() returns one instance per group, kind and scope, and the presets for known kinds', () => {
    expect(IssuerKind.of('cert-manager.io', 'ClusterIssuer', IssuerScope.CLUSTER)).toBe(IssuerKind.CLUSTER_ISSUER);
    expect(IssuerKind.of('awspca.cert-manager.io', 'AWSPCAIssuer', IssuerScope.NAMESPACE)).toBe(IssuerKind.AWS_PCA_ISSUER);
    const mine = IssuerKind.of('example.com', 'OrgIssuer', IssuerScope.CLUSTER);
    expect(IssuerKind.of('example.com', 'OrgIssuer', IssuerScope.CLUSTER)).toBe(mine);
    expect(IssuerKind.of('example.com', 'OrgIssuer', IssuerScope.NAMESPACE)).not.toBe(mine);
  });
});

describe('AwsPcaClusterIssuer', () => {
  test('defaults: region from the ARN, ambient credentials, not ACME, CA decides the lifetime', () => {
    const c = chart();
    const issuer = new AwsPcaClusterIssuer(c, 'Pca', { name: 'aws-pca', certificateAuthorityArn: ARN });
    const obj = synth(c).get('AWSPCAClusterIssuer', 'aws-pca');
    expect(obj.apiVersion).toBe('awspca.cert-manager.io/v1beta1');
    expect(obj.metadata.namespace).toBeUndefined();
    expect(obj.spec).toEqual({ arn: ARN, region: 'eu-west-1' });
    expect(issuer.issuerRef).toEqual({ name: 'aws-pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    expect(issuer.issuerScope).toBe(IssuerScope.CLUSTER);
    expect([issuer.isAcme, issuer.external, issuer.caDecidesLifetime]).toEqual([false, false, true]);
    expect(issuer.secretDependencies).toEqual([]);
    expect(ApiObject.of(issuer).kind).toBe('AWSPCAClusterIssuer');
  });

  test('a cluster-scoped issuer carries no namespace even in a namespaced chart', () => {
    const c = chart('web');
    new AwsPcaClusterIssuer(c, 'Pca', { name: 'aws-pca', certificateAuthorityArn: ARN });
    expect(synth(c).get('AWSPCAClusterIssuer', 'aws-pca').metadata.namespace).toBeUndefined();
  });

  test('access key, role, template, labels and annotations', () => {
    const c = chart();
    const issuer = new AwsPcaClusterIssuer(c, 'Pca', {
      name: 'aws-pca',
      certificateAuthorityArn: ARN,
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::444455556666:role/pca-issuer',
      templateName: 'EndEntityCertificate/V1',
      credentials: AwsPcaCredentials.accessKey({ secretName: 'aws-creds', namespace: 'aws-pca' }),
      labels: { team: 'platform' },
      annotations: { 'argocd.argoproj.io/sync-wave': '1' },
    });
    const obj = synth(c).get('AWSPCAClusterIssuer', 'aws-pca');
    expect(obj.metadata.labels).toEqual({ team: 'platform' });
    expect(obj.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
    expect(obj.spec).toEqual({
      arn: ARN,
      region: 'eu-west-1',
      role: 'arn:aws:iam::444455556666:role/pca-issuer',
      pcaTemplate: { defaultTemplateName: 'EndEntityCertificate/V1' },
      secretRef: {
        name: 'aws-creds',
        namespace: 'aws-pca',
        accessKeyIDSelector: { name: 'aws-creds', key: 'AWS_ACCESS_KEY_ID' },
        secretAccessKeySelector: { name: 'aws-creds', key: 'AWS_SECRET_ACCESS_KEY' },
      },
    });
    expect(issuer.secretDependencies.map((s) => `${s.namespace}/${s.name}:${s.key}`))
      .toEqual(['aws-pca/aws-creds:AWS_ACCESS_KEY_ID', 'aws-pca/aws-creds:AWS_SECRET_ACCESS_KEY']);
  });

  test.each([
    ['a malformed ARN', { certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:1111:ca/x' },
      /^\[test\/Pca\] certificateAuthorityArn "arn:aws:acm-pca:eu-west-1:1111:ca\/x" is not an AWS Private CA ARN; use the CA's ARN/],
    ['an ACM (not Private CA) ARN', { certificateAuthorityArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/11111111-2222-3333-4444-555555555555' },
      /is not an AWS Private CA ARN/],
    ['a region that is not the ARN\'s', { certificateAuthorityArn: ARN, region: 'us-east-1' },
      /region "us-east-1" differs from the CA's region "eu-west-1" in certificateAuthorityArn; .*set region to "eu-west-1"/],
    ['a malformed region', { certificateAuthorityArn: ARN, region: 'Ireland' }, /region "Ireland" is not an AWS region/],
    ['a malformed role ARN', { certificateAuthorityArn: ARN, roleArn: 'pca-issuer' }, /roleArn "pca-issuer" is not an IAM role ARN/],
    ['an empty template', { certificateAuthorityArn: ARN, templateName: '' }, /templateName is ""/],
    ['an access key without namespace', { certificateAuthorityArn: ARN, credentials: AwsPcaCredentials.accessKey({ secretName: 'aws' }) },
      /credentials accessKey has no namespace; .*set namespace to where the Secret is/],
    ['a bad Secret key', { certificateAuthorityArn: ARN, credentials: AwsPcaCredentials.accessKey({ secretName: 'aws', namespace: 'x', accessKeyIdKey: 'a b' }) },
      /credentials accessKeyId.key "a b" is not a valid Secret key/],
  ])('fails with %s, and makes no manifest', (_, props, message) => {
    const c = chart();
    expect(() => new AwsPcaClusterIssuer(c, 'Pca', { name: 'pca', ...props } as any)).toThrow(message);
    expect(Testing.synth(c).filter((o) => o.kind === 'AWSPCAClusterIssuer')).toEqual([]);
  });
});

describe('AwsPcaIssuer', () => {
  test('namespaced: the chart\'s namespace, Secret in its own namespace by default', () => {
    const c = chart('payments');
    const issuer = new AwsPcaIssuer(c, 'Pca', {
      name: 'pca', certificateAuthorityArn: ARN, credentials: AwsPcaCredentials.accessKey({ secretName: 'aws', secretAccessKeyKey: 'secret' }),
    });
    const obj = synth(c).get('AWSPCAIssuer', 'pca', 'payments');
    expect(obj.spec.secretRef).toEqual({
      name: 'aws', namespace: 'payments', accessKeyIDSelector: { name: 'aws', key: 'AWS_ACCESS_KEY_ID' }, secretAccessKeySelector: { name: 'aws', key: 'secret' },
    });
    expect([issuer.namespace, issuer.issuerScope, issuer.kind]).toEqual(['payments', IssuerScope.NAMESPACE, IssuerKind.AWS_PCA_ISSUER]);
  });

  test('fails when the access key Secret is in another namespace', () => {
    expect(() => new AwsPcaIssuer(chart(), 'Pca', {
      namespace: 'payments', certificateAuthorityArn: ARN, credentials: AwsPcaCredentials.accessKey({ secretName: 'aws', namespace: 'other' }),
    })).toThrow(/\[test\/Pca\] credentials accessKeyId names Secret "other\/aws" but the AWSPCAIssuer reads it from its own namespace "payments"; create the Secret in "payments"/);
  });

  test('fails without a namespace', () => {
    expect(() => new AwsPcaIssuer(chart(), 'Pca', { certificateAuthorityArn: ARN }))
      .toThrow(/\[test\/Pca\] namespace is not set and the chart has no namespace; set namespace on the AWSPCAIssuer or the Chart/);
  });

  test('fails when two issuers of the kind share a name in a namespace', () => {
    const c = chart('payments');
    new AwsPcaIssuer(c, 'A', { name: 'pca', certificateAuthorityArn: ARN });
    expect(() => new AwsPcaIssuer(c, 'B', { name: 'pca', certificateAuthorityArn: ARN }))
      .toThrow(/\[test\/B\] AWSPCAIssuer "payments\/pca" is already declared by test\/A/);
    // Another kind may use the same name.
    new Issuer(c, 'C', { name: 'pca', config: IssuerConfig.selfSigned() });
  });
});

describe('GoogleCasClusterIssuer', () => {
  test('defaults: the pool path split into project, location and pool; Workload Identity', () => {
    const c = chart();
    const issuer = new GoogleCasClusterIssuer(c, 'Cas', { name: 'cas', caPool: POOL });
    const obj = synth(c).get('GoogleCASClusterIssuer', 'cas');
    expect(obj.apiVersion).toBe('cas-issuer.jetstack.io/v1beta1');
    expect(obj.spec).toEqual({ project: 'my-project', location: 'europe-west1', caPoolId: 'internal' });
    expect(issuer.issuerRef).toEqual({ name: 'cas', kind: 'GoogleCASClusterIssuer', group: 'cas-issuer.jetstack.io' });
    expect(issuer.clusterResourceNamespace).toBe('cert-manager');
    expect(issuer.caDecidesLifetime).toBe(true);
  });

  test('CA, template and a key Secret in the cluster resource namespace', () => {
    const c = chart();
    const issuer = new GoogleCasClusterIssuer(c, 'Cas', {
      name: 'cas',
      caPool: POOL,
      certificateAuthorityId: 'ca-2026',
      certificateTemplate: 'projects/my-project/locations/europe-west1/certificateTemplates/leaf',
      clusterResourceNamespace: 'google-cas-issuer',
      credentials: GoogleCasCredentials.serviceAccountKey({ name: 'cas-sa', key: 'key.json' }),
    });
    expect(synth(c).get('GoogleCASClusterIssuer', 'cas').spec).toEqual({
      project: 'my-project',
      location: 'europe-west1',
      caPoolId: 'internal',
      certificateAuthorityId: 'ca-2026',
      certificateTemplate: 'projects/my-project/locations/europe-west1/certificateTemplates/leaf',
      credentials: { name: 'cas-sa', key: 'key.json' },
    });
    expect(issuer.secretDependencies).toEqual([
      { namespace: 'google-cas-issuer', name: 'cas-sa', key: 'key.json', purpose: 'Google service account key', createdByCertManager: false },
    ]);
  });

  test.each([
    ['a malformed pool path', { caPool: 'my-project/europe-west1/internal' },
      /^\[test\/Cas\] caPool "my-project\/europe-west1\/internal" is not a CA pool resource name; use projects\/<project ID>\/locations\/<location>\/caPools\/<pool ID>/],
    ['a pool path with a CA in it', { caPool: `${POOL}/certificateAuthorities/ca-1` }, /is not a CA pool resource name/],
    ['a full CA resource name as certificateAuthorityId', { caPool: POOL, certificateAuthorityId: `${POOL}/certificateAuthorities/ca-1` },
      /certificateAuthorityId ".*" is not a CA ID; use the CA's ID within the pool/],
    ['a template that is not a resource name', { caPool: POOL, certificateTemplate: 'leaf' }, /certificateTemplate "leaf" is not a certificate template resource name/],
    ['a template in another location', { caPool: POOL, certificateTemplate: 'projects/my-project/locations/us-east1/certificateTemplates/leaf' },
      /certificateTemplate .* is in location "us-east1" but the CA pool is in "europe-west1"; use a template in "europe-west1"/],
    ['a key Secret outside the cluster resource namespace', { caPool: POOL, credentials: GoogleCasCredentials.serviceAccountKey({ name: 'k', key: 'k', namespace: 'default' }) },
      /credentials serviceAccountKey names Secret "default\/k" but the GoogleCASClusterIssuer reads it from the controller's cluster resource namespace "cert-manager"/],
    ['a bad clusterResourceNamespace', { caPool: POOL, clusterResourceNamespace: 'Cert_Manager' }, /clusterResourceNamespace "Cert_Manager" is not a valid namespace name/],
  ])('fails with %s', (_, props, message) => {
    expect(() => new GoogleCasClusterIssuer(chart(), 'Cas', props as any)).toThrow(message);
  });
});

describe('GoogleCasIssuer', () => {
  test('namespaced, key Secret in its namespace', () => {
    const c = chart();
    const issuer = new GoogleCasIssuer(c, 'Cas', {
      name: 'cas', namespace: 'payments', caPool: POOL, credentials: GoogleCasCredentials.serviceAccountKey({ name: 'sa', key: 'json' }),
    });
    expect(synth(c).get('GoogleCASIssuer', 'cas', 'payments').spec.credentials).toEqual({ name: 'sa', key: 'json' });
    expect(issuer.secretDependencies[0].namespace).toBe('payments');
    expect(issuer.kind).toBe(IssuerKind.GOOGLE_CAS_ISSUER);
  });
});

describe('StepClusterIssuer and StepIssuer', () => {
  test('cluster issuer: caBundle base64, password Secret with its namespace', () => {
    const c = chart();
    const issuer = new StepClusterIssuer(c, 'Step', {
      ...stepBase, name: 'step', provisionerPassword: StepProvisionerPassword.fromSecret({ name: 'step-provisioner', key: 'password', namespace: 'step' }),
    });
    const obj = synth(c).get('StepClusterIssuer', 'step');
    expect(obj.apiVersion).toBe('certmanager.step.sm/v1beta1');
    expect(obj.spec).toEqual({
      url: 'https://step-ca.step.svc:9000',
      caBundle: Buffer.from(PEM).toString('base64'),
      provisioner: { name: 'cert-manager', kid: 'kid-1', passwordRef: { name: 'step-provisioner', key: 'password', namespace: 'step' } },
    });
    expect(issuer.issuerRef).toEqual({ name: 'step', kind: 'StepClusterIssuer', group: 'certmanager.step.sm' });
    expect(issuer.secretDependencies.map((s) => `${s.namespace}/${s.name}`)).toEqual(['step/step-provisioner']);
  });

  test('namespaced issuer: the password Secret is in its namespace and carries no namespace field', () => {
    const c = chart('payments');
    const issuer = new StepIssuer(c, 'Step', { ...stepBase, name: 'step' });
    expect(synth(c).get('StepIssuer', 'step', 'payments').spec.provisioner)
      .toEqual({ name: 'cert-manager', kid: 'kid-1', passwordRef: { name: 'step-provisioner', key: 'password' } });
    expect(issuer.secretDependencies.map((s) => `${s.namespace}/${s.name}`)).toEqual(['payments/step-provisioner']);
  });

  test('password from the controller\'s environment or a file', () => {
    const c = chart();
    new StepClusterIssuer(c, 'Env', { ...stepBase, name: 'env', provisionerPassword: StepProvisionerPassword.fromEnv('STEP_PASSWORD') });
    new StepClusterIssuer(c, 'File', { ...stepBase, name: 'file', provisionerPassword: StepProvisionerPassword.fromFile('/vault/secrets/step') });
    const m = synth(c);
    expect(m.get('StepClusterIssuer', 'env').spec.provisioner).toEqual({ name: 'cert-manager', kid: 'kid-1', passwordEnv: 'STEP_PASSWORD' });
    expect(m.get('StepClusterIssuer', 'file').spec.provisioner).toEqual({ name: 'cert-manager', kid: 'kid-1', passwordFile: '/vault/secrets/step' });
  });

  test.each([
    ['an http url', { url: 'http://step-ca:9000' }, /^\[test\/Step\] url "http:\/\/step-ca:9000" is not an https:\/\/ URL/],
    ['a caBundle that is not PEM', { caBundle: 'abc' }, /caBundle is not a PEM certificate bundle/],
    ['no provisioner name', { provisionerName: '' }, /provisionerName is ""/],
    ['no kid', { provisionerKid: undefined }, /provisionerKid is missing/],
    ['no password', { provisionerPassword: undefined }, /provisionerPassword is missing; use StepProvisionerPassword.fromSecret/],
    ['a password Secret without namespace', {}, /provisionerPassword secret "step-provisioner" has no namespace; .*set namespace on the selector/],
    ['a bad env name', { provisionerPassword: StepProvisionerPassword.fromEnv('1PASSWORD') }, /provisionerPassword environment variable "1PASSWORD" is not a valid name/],
    ['a relative file', { provisionerPassword: StepProvisionerPassword.fromFile('secrets/step') }, /provisionerPassword file "secrets\/step" is not an absolute path/],
    ['no caBundle', { caBundle: undefined }, /caBundle is missing; the step-issuer CRD requires it/],
  ])('fails with %s', (_, props, message) => {
    const password = StepProvisionerPassword.fromSecret({ name: 'step-provisioner', key: 'password', namespace: 'step' });
    const base = Object.keys(props).length === 0 ? stepBase : { ...stepBase, provisionerPassword: password };
    expect(() => new StepClusterIssuer(chart(), 'Step', { ...base, ...props } as any)).toThrow(message);
  });
});

describe('ExternalIssuer.fromName', () => {
  test('references any kind by group, kind and name', () => {
    const c = chart('web');
    const kind = IssuerKind.of('example.com', 'OrgClusterIssuer', IssuerScope.CLUSTER);
    const ref = ExternalIssuer.fromName(c, 'Org', { kind, name: 'corp-ca' });
    expect(ref.issuerRef).toEqual({ name: 'corp-ca', kind: 'OrgClusterIssuer', group: 'example.com' });
    expect([ref.external, ref.isAcme, ref.caDecidesLifetime, ref.namespace]).toEqual([true, false, true, undefined]);
    new Certificate(c, 'Cert', { name: 'api', issuer: ref, dnsNames: ['api.web.svc'] });
    expect(synth(c).get('Certificate', 'api').spec.issuerRef).toEqual({ name: 'corp-ca', kind: 'OrgClusterIssuer', group: 'example.com' });
  });

  test('a namespaced preset kind needs its namespace', () => {
    const ref = ExternalIssuer.fromName(chart(), 'Pca', { kind: IssuerKind.AWS_PCA_ISSUER, name: 'pca', namespace: 'payments' });
    expect([ref.namespace, ref.issuerScope]).toEqual(['payments', IssuerScope.NAMESPACE]);
  });

  test('a cert-manager kind behaves like Issuer.fromIssuerName', () => {
    const ref = ExternalIssuer.fromName(chart(), 'Ca', { kind: IssuerKind.ISSUER, name: 'ca', namespace: 'web' });
    expect([ref.issuerRef.group, ref.caDecidesLifetime]).toEqual(['cert-manager.io', false]);
  });

  test.each([
    ['no kind', { name: 'x' }, /kind is missing; pass an IssuerKind/],
    ['a group that is not an API group', { kind: IssuerKind.of('issuers', 'X', IssuerScope.CLUSTER), name: 'x' },
      /kind group "issuers" is not an API group/],
    ['a kind that is not PascalCase', { kind: IssuerKind.of('example.com', 'my-issuer', IssuerScope.CLUSTER), name: 'x' },
      /kind "my-issuer" is not a Kubernetes kind/],
    ['an unknown cert-manager kind', { kind: IssuerKind.of('cert-manager.io', 'Issuer', IssuerScope.CLUSTER), name: 'x' },
      /kind Issuer \(Cluster\) is not a cert-manager issuer kind; .*IssuerKind.ISSUER/],
    ['a namespaced kind without namespace', { kind: IssuerKind.STEP_ISSUER, name: 'x' },
      /namespace is not set but StepIssuer is a namespaced kind/],
    ['a cluster kind with a namespace', { kind: IssuerKind.STEP_CLUSTER_ISSUER, name: 'x', namespace: 'web' },
      /namespace is "web" but StepClusterIssuer is cluster-scoped; remove namespace/],
    ['a bad name', { kind: IssuerKind.STEP_CLUSTER_ISSUER, name: 'Corp CA' }, /name "Corp CA" is not a valid Kubernetes object name/],
  ])('fails with %s', (_, options, message) => {
    expect(() => ExternalIssuer.fromName(chart(), 'Ref', options as any)).toThrow(new RegExp(`\\[test/Ref\\] ${message.source}`));
  });
});

describe('Certificates and shims with external issuers', () => {
  test('a Certificate names the issuer with its group; duration is kept as requested', () => {
    const c = chart('web');
    const pca = new AwsPcaClusterIssuer(c, 'Pca', { name: 'aws-pca', certificateAuthorityArn: ARN });
    const cert = new Certificate(c, 'Cert', { name: 'api', issuer: pca, dnsNames: ['api.web.svc'], duration: Duration.days(30) });
    const spec = synth(c).get('Certificate', 'api').spec;
    expect(spec.issuerRef).toEqual({ name: 'aws-pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' });
    expect(spec.duration).toBe('720h');
    expect(CertificateGraph.of(c).certificates.find((f) => f.scope === cert)?.issuer.caDecidesLifetime).toBe(true);
  });

  test('fails when an AWS Private CA issuer is asked to sign an Ed25519 key', () => {
    const c = chart('web');
    const pca = new AwsPcaClusterIssuer(c, 'Pca', { name: 'aws-pca', certificateAuthorityArn: ARN });
    const ref = ExternalIssuer.fromName(c, 'Ref', { kind: IssuerKind.AWS_PCA_ISSUER, name: 'pca', namespace: 'web' });
    for (const [id, issuer] of [['A', pca], ['B', ref]] as const) {
      expect(() => new Certificate(c, id, { name: id.toLowerCase(), issuer, dnsNames: ['a.web.svc'], privateKey: PrivateKeyAlgorithm.ED25519 }))
        .toThrow(new RegExp(`^\\[test/${id}\\] privateKey is Ed25519 but issuer "${issuer.issuerName}" is an ${issuer.kind.kind}; AWS Private CA signs only RSA and ECDSA keys`));
    }
    new Certificate(c, 'C', { name: 'c', issuer: pca, dnsNames: ['c.web.svc'], privateKey: PrivateKeyAlgorithm.RSA_2048 });
    expect(synth(c).get('Certificate', 'c').spec.privateKey.algorithm).toBe('RSA');
  });

  test('fails when a namespaced external issuer is used from another namespace', () => {
    const c = chart('web');
    const step = new StepIssuer(c, 'Step', { ...stepBase, name: 'step', namespace: 'payments' });
    expect(() => new Certificate(c, 'Cert', { name: 'api', issuer: step, dnsNames: ['api.web.svc'] }))
      .toThrow(/\[test\/Cert\] issuer is the namespaced StepIssuer "payments\/step" but the Certificate is in namespace "web"; a StepIssuer only signs Certificates in its own namespace; .*or use a cluster-scoped issuer/);
  });

  test('step-ca\'s maximum lifetime: 24 hours by default, refused beyond it, for Certificates and shims', () => {
    const c = chart('web');
    const step = new StepClusterIssuer(c, 'Step', { ...stepBase, name: 'step', provisionerPassword: StepProvisionerPassword.fromEnv('P') });
    expect(step.maxCertificateDuration?.toHours()).toBe(24);
    expect(() => new Certificate(c, 'Default', { name: 'default', issuer: step, dnsNames: ['a.web.svc'] }))
      .toThrow(/^\[test\/Default\] the default duration 90 days is longer than StepClusterIssuer "step" signs \(at most 24h\), so every request would be refused; set duration to at most 24h/);
    expect(() => new Certificate(c, 'Long', { name: 'long', issuer: step, dnsNames: ['b.web.svc'], duration: Duration.hours(48) }))
      .toThrow(/duration 48h is longer than StepClusterIssuer "step" signs/);
    new Certificate(c, 'Day', { name: 'day', issuer: step, dnsNames: ['c.web.svc'], duration: Duration.hours(24), renewBeforePercentage: 33 });
    expect(synth(c).get('Certificate', 'day').spec.duration).toBe('24h');
    const ingress = new k8s.KubeIngress(c, 'Ing', { metadata: { name: 'shop' } });
    expect(() => IngressShim.annotate(ingress, { issuer: step, secretName: 'shop-tls', hosts: ['shop.web.svc'] }))
      .toThrow(/\[test\/Ing\] the default duration 90 days is longer than StepClusterIssuer "step" signs/);
  });

  test('a provisioner allowing longer lifetimes raises the limit; one under an hour is refused', () => {
    const c = chart('web');
    const step = new StepIssuer(c, 'Step', { ...stepBase, name: 'step', maxCertificateDuration: Duration.days(90) });
    new Certificate(c, 'Cert', { name: 'api', issuer: step, dnsNames: ['api.web.svc'] });
    expect(synth(c).get('Certificate', 'api').spec.issuerRef.kind).toBe('StepIssuer');
    const c2 = chart('web');
    expect(() => new StepIssuer(c2, 'Short', { ...stepBase, name: 'short', maxCertificateDuration: Duration.minutes(30) }))
      .toThrow(/\[test\/Short\] maxCertificateDuration is 30 minutes, below cert-manager's minimum certificate duration of 1 hour/);
    expect(Testing.synth(c2).filter((o) => o.kind === 'StepIssuer')).toEqual([]);
  });

  test('a fixed renewBefore against a CA-decided lifetime warns; renewBeforePercentage does not', () => {
    const c = chart('web');
    const cas = new GoogleCasClusterIssuer(c, 'Cas', { name: 'cas', caPool: POOL });
    const printed = captureWarnings(() => {
      new Certificate(c, 'Fixed', { name: 'fixed', issuer: cas, dnsNames: ['a.web.svc'], renewBefore: Duration.days(10) });
    });
    expect(printed).toMatch(/\[test\/Fixed\] renewBefore 240h is fixed, but GoogleCASClusterIssuer "cas" lets its CA decide the lifetime, so the duration 2160h is only a request; .*use renewBeforePercentage/);
    expect(captureWarnings(() => {
      new Certificate(c, 'Pct', { name: 'pct', issuer: cas, dnsNames: ['b.web.svc'], renewBeforePercentage: 33 });
    })).toBe('');
  });

  test('ingress annotations name an external issuer by issuer, kind and group', () => {
    const c = chart('web');
    const pca = new AwsPcaClusterIssuer(c, 'Pca', { name: 'aws-pca', certificateAuthorityArn: ARN });
    const ingress = new k8s.KubeIngress(c, 'Ing', {
      metadata: { name: 'shop' },
      spec: { tls: [{ hosts: ['shop.web.svc'], secretName: 'shop-tls' }], rules: [{ host: 'shop.web.svc' }] },
    });
    IngressShim.annotate(ingress, { issuer: pca, secretName: 'shop-tls', hosts: ['shop.web.svc'] });
    const annotations = synth(c).get('Ingress', 'shop').metadata.annotations;
    expect(annotations).toMatchObject({
      'cert-manager.io/issuer': 'aws-pca',
      'cert-manager.io/issuer-kind': 'AWSPCAClusterIssuer',
      'cert-manager.io/issuer-group': 'awspca.cert-manager.io',
    });
    expect(annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
  });
});

describe('check pack with external issuers', () => {
  test('CM-ISS2 names a referenced external kind with its group; declared ones pass', () => {
    const c = chart('web');
    const ref = ExternalIssuer.fromName(c, 'Ref', { kind: IssuerKind.AWS_PCA_CLUSTER_ISSUER, name: 'elsewhere' });
    new Certificate(c, 'A', { name: 'a', issuer: ref, dnsNames: ['a.web.svc'] });
    const pca = new AwsPcaClusterIssuer(c, 'Pca', { name: 'here', certificateAuthorityArn: ARN });
    new Certificate(c, 'B', { name: 'b', issuer: pca, dnsNames: ['b.web.svc'] });
    // A reference to an issuer the app declares (same kind and name) is verified.
    const same = ExternalIssuer.fromName(c, 'Same', { kind: IssuerKind.AWS_PCA_CLUSTER_ISSUER, name: 'here' });
    new Certificate(c, 'D', { name: 'd', issuer: same, dnsNames: ['d.web.svc'] });
    // The same name under another kind is not that issuer.
    const other = ExternalIssuer.fromName(c, 'Other', { kind: IssuerKind.STEP_CLUSTER_ISSUER, name: 'here' });
    new Certificate(c, 'E', { name: 'e', issuer: other, dnsNames: ['e.web.svc'], duration: Duration.hours(24) });
    const found = CertificateChecks.run(c).filter((f) => f.ruleId === 'CM-ISS2');
    expect(found.map((f) => [f.path, f.message.split(' is referenced')[0]]))
      .toEqual([['test/Ref', 'AWSPCAClusterIssuer (awspca.cert-manager.io) "elsewhere"'], ['test/Other', 'StepClusterIssuer (certmanager.step.sm) "here"']]);
  });

  test('no ACME, ISS1 or ISS3 findings for declared external issuers of every kind', () => {
    const c = chart('web');
    const issuers = [
      new AwsPcaIssuer(c, 'P1', { name: 'p', certificateAuthorityArn: ARN }),
      new AwsPcaClusterIssuer(c, 'P2', { name: 'p', certificateAuthorityArn: ARN }),
      new GoogleCasIssuer(c, 'G1', { name: 'g', caPool: POOL }),
      new GoogleCasClusterIssuer(c, 'G2', { name: 'g', caPool: POOL, credentials: GoogleCasCredentials.serviceAccountKey({ name: 's', key: 'k' }) }),
      new StepIssuer(c, 'S1', { ...stepBase, name: 's' }),
      new StepClusterIssuer(c, 'S2', { ...stepBase, name: 's', provisionerPassword: StepProvisionerPassword.fromSecret({ name: 'p', key: 'k', namespace: 'step' }) }),
    ];
    issuers.forEach((issuer, i) => new Certificate(c, `C${i}`, { name: `c${i}`, issuer, dnsNames: [`c${i}.web.svc`], duration: Duration.hours(24) }));
    const ids = CertificateChecks.run(c).map((f) => f.ruleId);
    expect(ids.filter((id) => id.startsWith('CM-ACME') || id.startsWith('CM-ISS'))).toEqual([]);
    expect(synth(c).labels()).toEqual(expect.arrayContaining([
      'AWSPCAClusterIssuer p', 'AWSPCAIssuer web/p', 'GoogleCASClusterIssuer g', 'GoogleCASIssuer web/g', 'StepClusterIssuer s', 'StepIssuer web/s',
    ]));
  });
});
