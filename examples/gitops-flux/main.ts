// cert-manager deployed by Flux, stage by stage.
//
// One folder per chart, each named by the chart's dependency depth (stable when charts are added):
//   0000-cert-manager-crds/        the CRDs (never pruned)
//   0000-flux/                     the Kustomizations below: point Flux at this folder
//                                  (flux bootstrap git --path=clusters/production/0000-flux)
//   0001-cert-manager-install/     cert-manager and Reloader; ready when the webhook Deployment is
//   0002-cert-manager-issuers/     Let's Encrypt and the private CA, after the install is ready
//   0003-cert-manager-monitoring/  alert rules and dashboard
//   0003-shop/                     the application, after the issuers
// Commit the output folder (`cdk8s synth --output clusters/production`) to the repository Flux reads.
import { ApiObject, Chart, YamlOutputType } from 'cdk8s';
import { Certificate, CertManagerStack, FluxKustomizations, SinglePassApp } from '../../src';

const app = new SinglePassApp({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const certs = new CertManagerStack(app, 'cert-manager', {
  acmeEmail: 'platform@example.com',
  http01IngressClassName: 'nginx',
  monitoringLabels: { release: 'kube-prometheus-stack' },
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

// One Kustomization per chart: dependsOn follows the chart dependencies, each waits for its stage.
new FluxKustomizations(new Chart(app, 'flux'), 'Kustomizations', {
  stack: certs,
  charts: [shop],
  path: 'clusters/production',
});

app.synth();
