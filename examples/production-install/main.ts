// A production cert-manager install: the CRDs first, then the HA install with PodDisruptionBudgets,
// resource limits, zone spreading, NetworkPolicies, a ServiceMonitor and alert rules for kube-prometheus-stack.
// Two charts, so the CRDs land in their own file (numbered first, since the install depends on
// them) and can be applied server-side before the rest.
import { Chart } from 'cdk8s';
import { CertManager, CertManagerAlerts, CertManagerCrds, SinglePassApp } from '../../src';

const app = new SinglePassApp();

const crds = new Chart(app, 'cert-manager-crds');
new CertManagerCrds(crds, 'Crds', {
  annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false' },
});

const install = new Chart(app, 'cert-manager');
install.addDependency(crds);
new CertManager(install, 'CertManager', {
  installCrds: false, // in the chart above
  priorityClassName: 'system-cluster-critical',
  networkPolicies: true,
  serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
  controller: {
    // Public resolvers for the DNS-01 self-check, for clusters with split-horizon DNS.
    dns01RecursiveNameservers: ['1.1.1.1:53', '8.8.8.8:53'],
    dns01RecursiveNameserversOnly: true,
    // IRSA: the controller's ServiceAccount assumes this role for Route53 DNS-01.
    serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cert-manager-route53' },
  },
});

// Alerts on every certificate, issuer and the install itself, loaded by kube-prometheus-stack.
new CertManagerAlerts(install, 'Alerts', { labels: { release: 'kube-prometheus-stack' } });

app.synth();
