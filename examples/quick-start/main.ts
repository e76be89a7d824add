// The README's quick start, against cdk8s-plus-33 (what `cdk8s init typescript-app` installs): the
// library works with the workloads of any cdk8s-plus line. The README shows the same file with
// `from 'cdk8s-cert-manager'`.
import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Certificate, CertManagerStack, SinglePassApp } from '../../src';

const app = new SinglePassApp();

// cert-manager with its CRDs, Let's Encrypt, a private CA, alerts and a dashboard, in four charts.
const certs = new CertManagerStack(app, 'cert-manager', {
  acmeEmail: 'platform@example.com',
  http01IngressClassName: 'nginx',
});

// Your application, applied after the issuers exist.
const web = new Chart(app, 'web', { namespace: 'web' });
certs.addDependent(web);

const tls = new Certificate(web, 'Tls', {
  name: 'web-tls',
  issuer: certs.letsEncryptProduction!,
  dnsNames: ['www.example.com'],
});

const deployment = new kplus.Deployment(web, 'Web', {
  metadata: { name: 'web' },
  containers: [{
    image: 'ghcr.io/example/web:1.0.0',
    portNumber: 8443,
    resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    securityContext: {
      ensureNonRoot: true,
      user: 10001,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
  }],
});
// The certificate as files under /etc/tls; Reloader restarts the pods when it is renewed.
tls.mount(deployment, { path: '/etc/tls' });

const service = deployment.exposeViaService({ ports: [{ port: 443, targetPort: 8443 }] });
const ingress = new kplus.Ingress(web, 'Ingress', { className: 'nginx' });
ingress.addHostRule('www.example.com', '/', kplus.IngressBackend.fromService(service));
// cert-manager fills the Ingress's TLS Secret; the Ingress serves it for www.example.com.
tls.terminateIngress(ingress);

app.synth();
