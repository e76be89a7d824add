// Issuers for a cluster: Let's Encrypt staging and production over HTTP-01, a DNS-01 issuer for
// wildcard names, a private CA for internal TLS, and enterprise CAs (AWS Private CA, Vault with AWS
// IAM auth, Venafi). Apply after cert-manager, its webhook and the external issuers' controllers are ready.
import { App, Chart } from 'cdk8s';
import {
  AcmeServer, AcmeSolver, AwsPcaClusterIssuer, AwsPcaCredentials, ClusterIssuer, CnameStrategy, Dns01Provider, Issuer, IssuerConfig,
  PrivateCa, Route53Credentials, VaultAuth,
} from '../../src';

const app = new App();
const chart = new Chart(app, 'issuers');

// Test every new issuer against staging first: same solvers, untrusted certificates, generous limits.
const http01 = [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })];
new ClusterIssuer(chart, 'LetsEncryptStaging', {
  name: 'letsencrypt-staging',
  config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT_STAGING, email: 'platform@example.com', solvers: http01 }),
});
new ClusterIssuer(chart, 'LetsEncrypt', {
  name: 'letsencrypt',
  config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'platform@example.com', solvers: http01 }),
});

// Wildcards need DNS-01. Route53 through the controller's IRSA identity for example.com, Cloudflare
// (token in the Secret cert-manager/cloudflare-api-token) for example.org, HTTP-01 for the rest.
new ClusterIssuer(chart, 'LetsEncryptDns', {
  name: 'letsencrypt-dns',
  config: IssuerConfig.acme({
    server: AcmeServer.LETS_ENCRYPT,
    solvers: [
      AcmeSolver.dns01(Dns01Provider.route53({
        region: 'eu-west-1',
        hostedZoneId: 'Z0123456789ABCDEFGHIJ',
        credentials: Route53Credentials.ambient(),
      }), { dnsZones: ['example.com'] }),
      AcmeSolver.dns01(Dns01Provider.cloudflare({ apiToken: { name: 'cloudflare-api-token', key: 'api-token' } }), {
        dnsZones: ['example.org'],
        cnameStrategy: CnameStrategy.FOLLOW,
      }),
      ...http01,
    ],
  }),
});

// A private CA for service-to-service TLS: self-signed root (ECDSA P-256, 10 years) and a CA
// ClusterIssuer named internal-ca.
new PrivateCa(chart, 'InternalCa', { name: 'internal-ca', organizations: ['Example Corp'] });

// A namespaced issuer: only Certificates in "payments" can use it.
new Issuer(chart, 'PaymentsSelfSigned', { name: 'selfsigned', namespace: 'payments', config: IssuerConfig.selfSigned() });

// AWS Private CA through the aws-privateca-issuer controller, whose ServiceAccount carries the IRSA
// annotation eks.amazonaws.com/role-arn; the region is taken from the ARN.
new AwsPcaClusterIssuer(chart, 'AwsPrivateCa', {
  name: 'aws-private-ca',
  certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
  credentials: AwsPcaCredentials.ambient(),
});

// Vault's PKI engine, logged in to with cert-manager's own AWS identity (IRSA on the controller).
new ClusterIssuer(chart, 'Vault', {
  name: 'vault',
  config: IssuerConfig.vault({
    server: 'https://vault.example.com:8200',
    path: 'pki_int/sign/internal',
    auth: VaultAuth.aws({ role: 'cert-manager', region: 'eu-west-1' }),
  }),
});

// Venafi TPP for the payments team's policy folder; credentials in cert-manager/tpp-credentials.
new ClusterIssuer(chart, 'Venafi', {
  name: 'venafi-payments',
  config: IssuerConfig.venafiTpp({
    zone: '\\VED\\Policy\\Teams\\Payments',
    url: 'https://tpp.example.com/vedsdk',
    credentialsSecretName: 'tpp-credentials',
  }),
});

app.synth();
