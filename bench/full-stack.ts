/**
 * A stand-in for the full-stack example, timed by the benchmark when examples/full-stack does not
 * exist: the CertManagerStack with its defaults and a few certificates mounted into cdk8s-plus
 * Deployments, one of them behind an Ingress.
 */
import { App, Chart, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Certificate, CertManagerStack } from '../src';

const app = new App();
const stack = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com' });
const chart = new Chart(app, 'apps', { namespace: 'apps' });
stack.addDependent(chart);

for (const name of ['api', 'billing', 'search', 'admin']) {
  const api = name === 'api';
  const cert = new Certificate(chart, `${name}-tls`, {
    name: `${name}-tls`,
    issuer: api ? stack.letsEncryptProduction! : stack.privateCa!.issuer,
    dnsNames: api ? ['api.example.com'] : [`${name}.apps.svc`, `${name}.apps.svc.cluster.local`],
  });
  const deployment = new plus.Deployment(chart, name, {
    metadata: { name },
    replicas: 2,
    containers: [{
      name,
      image: `registry.example.com/${name}:1.0.0`,
      portNumber: 8443,
      resources: { cpu: { request: plus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      securityContext: { ensureNonRoot: true, user: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
    }],
  });
  cert.mount(deployment, { path: '/etc/tls' });
  if (api) {
    const service = new plus.Service(chart, `${name}-service`, {
      metadata: { name }, selector: deployment, ports: [{ name: 'https', port: 443, targetPort: 8443 }],
    });
    const ingress = new plus.Ingress(chart, `${name}-ingress`, { metadata: { name }, className: 'nginx' });
    ingress.addHostRule('api.example.com', '/', plus.IngressBackend.fromService(service));
    cert.terminateIngress(ingress);
  }
}

app.synth();
