// cert-manager deployed by Argo CD as an app of apps: one Application per chart, in sync waves.
//
// One file per chart, each named by the chart's dependency depth (stable when charts are added):
//   0000-argocd.k8s.yaml                   the Applications below: the parent Application reads
//                                          this file (directory.include)
//   0000-cert-manager-crds.k8s.yaml        wave 0: the CRDs (server-side, never pruned)
//   0001-cert-manager-install.k8s.yaml     wave 1: cert-manager and Reloader
//   0002-cert-manager-issuers.k8s.yaml     wave 2: Let's Encrypt and the private CA
//   0003-cert-manager-monitoring.k8s.yaml  wave 3: alert rules and dashboard
//   0003-shop.k8s.yaml                     wave 3: the application
// Argo CD waits for each wave's Applications to be healthy when argocd-cm has a health check for
// argoproj.io/Application (see the README's GitOps section).
import { ApiObject, Chart } from 'cdk8s';
import { ArgoCdApplications, Certificate, CertManagerStack, SinglePassApp } from '../../src';

const app = new SinglePassApp();
const certs = new CertManagerStack(app, 'cert-manager', {
  acmeEmail: 'platform@example.com',
  http01IngressClassName: 'nginx',
  monitoringLabels: { release: 'kube-prometheus-stack' },
  // Inside each Application: skip the dry run of custom resources before their CRDs exist.
  argoCd: { syncWaves: false },
});

// The application chart holds its Namespace, so it has no default namespace.
const shop = new Chart(app, 'shop');
certs.addDependent(shop);
new ApiObject(shop, 'Namespace', {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
});
new Certificate(shop, 'WwwTls', {
  name: 'www-tls',
  namespace: 'shop',
  issuer: certs.letsEncryptProduction!,
  dnsNames: ['www.example.com'],
});

new ArgoCdApplications(new Chart(app, 'argocd'), 'Applications', {
  stack: certs,
  charts: [shop],
  repoUrl: 'https://git.example.com/platform.git',
  path: 'clusters/production',
});

app.synth();
