// The whole production setup in one construct, and an application on top of it.
//
// `cdk8s synth` writes one file per stage, numbered in apply order:
//   0000-cert-manager-crds.k8s.yaml        the CRDs (Argo CD: server-side apply, never pruned)
//   0001-cert-manager-install.k8s.yaml     cert-manager (HA, PodDisruptionBudgets, limits), Reloader
//   0002-cert-manager-issuers.k8s.yaml     Let's Encrypt staging/production, DNS-01, the private CA
//   0003-cert-manager-monitoring.k8s.yaml  alert rules, the Grafana dashboard, the rotation canary
//   0004-shop.k8s.yaml                     the application: certificates, workloads, Ingress
// `kubectl apply` of the files in name order works once each stage is ready (wait for the webhook
// after 0001); Argo CD gets the same order from the sync-wave annotations.
import { App, Chart, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import {
  CanaryServingPath, Certificate, CertManagerStack, DeploymentEnvironment, Dns01Provider, KeyUsage, Route53Credentials,
} from '../../src';

const app = new App();

const certs = new CertManagerStack(app, 'cert-manager', {
  acmeEmail: 'platform@example.com',
  http01IngressClassName: 'nginx',
  // Wildcards and names the internet cannot reach go through DNS-01 on Route53 (IRSA below).
  dns01: {
    provider: Dns01Provider.route53({ region: 'eu-west-1', credentials: Route53Credentials.ambient() }),
    dnsZones: ['example.com'],
  },
  install: {
    controller: {
      serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cert-manager-route53' },
    },
  },
  monitoringLabels: { release: 'kube-prometheus-stack' },
  // Proves the rotation path continuously: a 1-hour certificate from the private CA, renewed every
  // 20 minutes, served through the same nginx ingress controller as the shop and by a small pod
  // restarted by Reloader, probed every minute by the blackbox exporter. The exporter needs a
  // module that reads the certificate without verifying it (see the README).
  rotationCanary: {
    host: 'canary.example.com',
    servingPath: CanaryServingPath.ingress({ ingressClassName: 'nginx' }),
    module: 'tls_served',
  },
  // Staging certificates anywhere in this app fail the synth (rule CM-ENV1).
  environment: DeploymentEnvironment.PRODUCTION,
  argoCd: {},
});

// The application chart applies after the issuers exist. It holds a cluster-scoped Namespace, so
// the chart has no default namespace and every namespaced object names its own.
const shop = new Chart(app, 'shop');
certs.addDependent(shop);
const namespace = 'shop';
new plus.Namespace(shop, 'Namespace', {
  metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
});

// Public: www.example.com from Let's Encrypt production, served by the Ingress and by the pods.
const www = new Certificate(shop, 'WwwTls', {
  name: 'www-tls',
  namespace,
  issuer: certs.letsEncryptProduction!,
  dnsNames: ['www.example.com', 'example.com'],
});

// Internal: the storefront calls the payments API with a client certificate from the private CA.
const client = new Certificate(shop, 'StorefrontClient', {
  name: 'storefront-client',
  namespace,
  issuer: certs.privateCa!.issuer,
  commonName: 'storefront',
  uris: ['spiffe://cluster.local/ns/shop/sa/storefront'],
  usages: [KeyUsage.DIGITAL_SIGNATURE, KeyUsage.CLIENT_AUTH],
});

const storefront = new plus.Deployment(shop, 'Storefront', {
  metadata: { name: 'storefront', namespace },
  replicas: 3,
  containers: [{
    name: 'storefront',
    image: 'ghcr.io/example/storefront:3.2.0',
    portNumber: 8443,
    resources: { cpu: { request: plus.Cpu.millis(200) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
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
// Both certificates as read-only directories; every renewal restarts the pods through Reloader.
www.mount(storefront, { path: '/etc/tls/server' });
client.mount(storefront, { path: '/etc/tls/client' });

const service = new plus.Service(shop, 'StorefrontService', {
  metadata: { name: 'storefront', namespace },
  selector: storefront,
  ports: [{ name: 'https', port: 443, targetPort: 8443 }],
});
const ingress = new plus.Ingress(shop, 'Ingress', {
  metadata: { name: 'storefront', namespace, annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' } },
  className: 'nginx',
});
ingress.addHostRule('www.example.com', '/', plus.IngressBackend.fromService(service));
ingress.addHostRule('example.com', '/', plus.IngressBackend.fromService(service));
www.terminateIngress(ingress);

app.synth();
