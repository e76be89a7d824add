// Internal mutual TLS with the private CA: a gRPC payments API and the storefront that calls it
// each get a certificate from the same CA, and trust-manager distributes the CA's root to both
// namespaces as a Bundle, so each side verifies the other against a copy that stays current
// through renewals and CA rotations. Apply after cert-manager and its webhook are ready.
import { Chart, Duration, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Bundle, BundleNamespaces, Certificate, CertificateChecks, KeyUsage, PrivateCa, RotationReload, SinglePassApp, TrustManager } from '../../src';

const app = new SinglePassApp();
CertificateChecks.enable(app);

// trust-manager (two replicas, restricted Pod Security) in cert-manager's namespace; it reads
// the CA's root Secret there and writes the bundle into the selected namespaces.
const platform = new Chart(app, 'trust-manager');
const trustManager = new TrustManager(platform, 'TrustManager');

const chart = new Chart(app, 'internal-mtls');
chart.addDependency(platform);

// Root CA (ECDSA P-256, ten years, renewed with one year left, key kept across renewals so
// leaves keep validating) and the internal-ca ClusterIssuer it backs.
const ca = new PrivateCa(chart, 'InternalCa', { name: 'internal-ca', organizations: ['Example Corp'] });

// Short-lived leaves: 7 days, renewed with 2 days left. A leaked key is useless within a week.
const leaf = { issuer: ca.issuer, duration: Duration.days(7), renewBefore: Duration.days(2) };

const server = new Certificate(chart, 'PaymentsServer', {
  ...leaf,
  name: 'payments-api-tls',
  namespace: 'payments',
  dnsNames: ['payments-api.payments.svc', 'payments-api.payments.svc.cluster.local'],
  usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.SERVER_AUTH],
});
const client = new Certificate(chart, 'StorefrontClient', {
  ...leaf,
  name: 'storefront-payments-client',
  namespace: 'shop',
  commonName: 'storefront',
  uris: ['spiffe://cluster.local/ns/shop/sa/storefront'],
  usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.CLIENT_AUTH],
});

/** A Deployment under restricted Pod Security. */
function service(id: string, name: string, namespace: string, image: string): plus.Deployment {
  return new plus.Deployment(chart, id, {
    metadata: { name, namespace },
    replicas: 2,
    containers: [{
      name,
      image,
      portNumber: 8443,
      resources: { cpu: { request: plus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
      securityContext: {
        ensureNonRoot: true,
        user: 10001,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: [plus.Capability.ALL] },
        seccompProfile: { type: plus.SeccompProfileType.RUNTIME_DEFAULT },
      },
    }],
  });
}

// The CA's root (both roots during a rotation, see CaRotation) as ConfigMap "internal-ca-trust"
// with key ca.crt in the two namespaces.
const trust = new Bundle(chart, 'InternalTrust', {
  name: 'internal-ca-trust',
  privateCas: [ca],
  namespaces: BundleNamespaces.named(['payments', 'shop']),
  trustManager,
});

// The payments API reads its certificate and the client CA at start: Reloader restarts it after
// each renewal and each change of the bundle.
const payments = service('PaymentsApi', 'payments-api', 'payments', 'ghcr.io/example/payments-api:5.1.0');
server.mount(payments, { path: '/etc/tls' });
trust.mount(payments, { path: '/etc/trust' });

// The storefront's gRPC client reloads its key pair from disk on every new connection, so it needs
// no restart; declaring that keeps the check pack (rule CM-REL1) satisfied and documents why.
const storefront = service('Storefront', 'storefront', 'shop', 'ghcr.io/example/storefront:3.2.0');
client.mount(storefront, {
  path: '/etc/tls/payments',
  reload: RotationReload.selfManaged('the gRPC client reloads the key pair from /etc/tls/payments on each new connection'),
});
trust.mount(storefront, {
  path: '/etc/trust',
  reload: RotationReload.selfManaged('the gRPC client reads the server CA from /etc/trust/ca.crt on each new connection'),
});

app.synth();
