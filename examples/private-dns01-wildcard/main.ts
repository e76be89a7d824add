// A private cluster: nothing in it is reachable from the internet, so Let's Encrypt can only prove
// control of its names over DNS-01. One wildcard certificate covers every internal host, and the
// internal Gateway serves it. Apply after cert-manager and its webhook are ready, with the
// controller's Gateway API support on (CertManager's controller.gatewayApi).
import { ApiObject, Chart } from 'cdk8s';
import {
  AcmeServer, AcmeSolver, Certificate, CertificateChecks, ClusterIssuer, Dns01Provider, IssuerConfig, PrivateKeyAlgorithm,
  SinglePassApp,
} from '../../src';

const app = new SinglePassApp();
CertificateChecks.enable(app);
const chart = new Chart(app, 'private-dns01-wildcard');
// HTTP-01 anywhere below this chart is an error (rule CM-NET1): the ACME server could never reach it.
CertificateChecks.markPrivateNetwork(chart);

// DNS-01 through Cloudflare; the API token lives in the Secret cert-manager/cloudflare-api-token
// (created out of band, e.g. by External Secrets), scoped to Zone.DNS edit on internal.example.com.
const letsEncryptDns = new ClusterIssuer(chart, 'LetsEncryptDns', {
  name: 'letsencrypt-dns01',
  config: IssuerConfig.acme({
    server: AcmeServer.LETS_ENCRYPT,
    email: 'platform@example.com',
    solvers: [AcmeSolver.dns01(
      Dns01Provider.cloudflare({ apiToken: { name: 'cloudflare-api-token', key: 'api-token' } }),
      { dnsZones: ['internal.example.com'] },
    )],
  }),
});

// One wildcard (plus the apex) for every internal host; Let's Encrypt certificates last 90 days
// and cert-manager renews with a third left. The Secret lives with the Gateway that serves it.
const wildcard = new Certificate(chart, 'InternalWildcard', {
  name: 'internal-wildcard',
  namespace: 'gateway-internal',
  issuer: letsEncryptDns,
  dnsNames: ['*.internal.example.com', 'internal.example.com'],
  privateKey: PrivateKeyAlgorithm.ECDSA_P256,
});

// The internal Gateway (Gateway API v1): one HTTPS listener for all internal hosts.
const gateway = new ApiObject(chart, 'Gateway', {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'internal', namespace: 'gateway-internal' },
  spec: {
    gatewayClassName: 'internal',
    listeners: [{
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      hostname: '*.internal.example.com',
      allowedRoutes: { namespaces: { from: 'All' } },
    }],
  },
});
// The listener terminates TLS with the wildcard's Secret; the hostname is checked against its names.
wildcard.terminateGatewayListener(gateway, 'https');

app.synth();
