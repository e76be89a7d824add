// The monitoring stack for kube-prometheus-stack: alert rules (with rules derived from the
// certificates below), a Grafana dashboard, and blackbox-exporter probes that compare the
// certificate a service serves with the one cert-manager stored.
import { Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  Bundle, BundleNamespaces, CertManagerAlerts, CertManagerDashboard, Certificate, CertificateProbes, PrivateCa, SinglePassApp,
} from '../../src';

const app = new SinglePassApp();
const chart = new Chart(app, 'monitoring');
const release = { release: 'kube-prometheus-stack' };

// Created before the certificates on purpose: what derives from them is read at synth.
new CertManagerAlerts(chart, 'Alerts', { namespace: 'monitoring', labels: release });
new CertManagerDashboard(chart, 'Dashboard', { namespace: 'monitoring', folder: 'TLS' });
const probes = new CertificateProbes(chart, 'Probes', {
  namespace: 'monitoring',
  labels: release,
  // A module that reads certificates signed by the private CA (see the README).
  module: 'tls_served',
});

// A private CA; CertManagerAlerts adds CertManagerPrivateCaExpiringBeforeLeaves for it.
const ca = new PrivateCa(chart, 'InternalCa', { name: 'internal-ca', organizations: ['Example Corp'] });
// Clients in "web" (and the prober's namespace) trust the CA through a trust-manager Bundle (rule CM-CA2).
new Bundle(chart, 'InternalTrust', { name: 'internal-ca-trust', privateCas: [ca], namespaces: BundleNamespaces.named(['web', 'monitoring']) });

// A short-lived leaf renewed 2 hours before expiry: too late in its life for the shared
// renewal-overdue threshold (1 hour grace + 15 minutes), so it gets a rule of its own.
const api = new Certificate(chart, 'ApiTls', {
  name: 'api-tls',
  namespace: 'web',
  issuer: ca.issuer,
  dnsNames: ['api.web.svc', 'api.web.svc.cluster.local'],
  duration: Duration.hours(6),
});

// The api Deployment terminates TLS itself: probe the names it serves.
probes.addCertificate(api);

// A host served by an Ingress is probed without further code: terminateIngress records it.
const www = new Certificate(chart, 'WwwTls', {
  name: 'www-tls',
  namespace: 'web',
  issuer: ca.issuer,
  dnsNames: ['www.internal.example.com'],
});
const ingress = new k8s.KubeIngress(chart, 'WwwIngress', {
  metadata: { name: 'www', namespace: 'web' },
  spec: {
    ingressClassName: 'nginx',
    rules: [{
      host: 'www.internal.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'www', port: { number: 80 } } } }] },
    }],
  },
});
www.terminateIngress(ingress);

app.synth();
