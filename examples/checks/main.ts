/**
 * The synth-time check pack on a small app: one certificate served by a workload that reloads
 * on rotation, and one legacy workload that does not, with a suppression that says why.
 *
 * `cdk8s synth` prints the suppressed finding with its reason, so reviewers see it in CI logs:
 *   [SUPPRESSED] [CM-REL1] [checks/Billing] Deployment "payments/billing" uses the certificate Secret ...
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Bundle, BundleNamespaces, Certificate, CertificateChecks, DeploymentEnvironment, PrivateCa, SinglePassApp } from '../../src';

const app = new SinglePassApp();
// One line turns the pack on for the whole app; error findings fail `cdk8s synth`.
CertificateChecks.enable(app);

const chart = new Chart(app, 'checks', { namespace: 'payments' });
CertificateChecks.markEnvironment(chart, DeploymentEnvironment.PRODUCTION);

const ca = new PrivateCa(chart, 'InternalCa', { name: 'payments-ca', organizations: ['Example Corp'] });
// Billing's clients in this namespace trust the CA through a trust-manager Bundle (rule CM-CA2).
new Bundle(chart, 'PaymentsTrust', { name: 'payments-ca-trust', privateCas: [ca], namespaces: BundleNamespaces.named(['payments']) });
const tls = new Certificate(chart, 'BillingTls', {
  name: 'billing-tls',
  issuer: ca.issuer,
  dnsNames: ['billing.payments.svc', 'billing.payments.svc.cluster.local'],
});

/** A restricted-Pod-Security Deployment that reads its certificate from /etc/tls. */
function deployment(id: string, name: string): k8s.KubeDeployment {
  const labels = { 'app.kubernetes.io/name': name };
  return new k8s.KubeDeployment(chart, id, {
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: `ghcr.io/example/${name}:2.4.1`,
            args: ['--tls-cert=/etc/tls/tls.crt', '--tls-key=/etc/tls/tls.key'],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') } },
            volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }],
          }],
          volumes: [{ name: 'tls', secret: { secretName: tls.secretName } }],
        },
      },
    },
  });
}

// Wired: Reloader restarts the gateway when cert-manager renews billing-tls.
tls.reloadOnRotation(deployment('Gateway', 'billing-gateway'));

// Not wired: CM-REL1 would fail the synth. This legacy service is restarted every night by
// its operator, well inside the certificate's 30-day renewal window, so the finding is
// suppressed with that reason rather than ignored.
const billing = deployment('Billing', 'billing');
CertificateChecks.suppress(billing, 'CM-REL1',
  'billing is restarted nightly by its operator, well inside the 30-day renewal window (OPS-142)');

app.synth();
