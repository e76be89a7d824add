// The classic public service: Let's Encrypt issues api.example.com through an nginx Ingress, the
// Ingress terminates TLS with it, and the pods serve the same certificate to the Ingress behind it.
// One Certificate feeds both, so host names, Secret and namespace cannot drift apart.
// Apply after cert-manager and its webhook are ready (see examples/production-install).
import { Chart, Size } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { AcmeServer, AcmeSolver, Certificate, ClusterIssuer, IssuerConfig, SinglePassApp } from '../../src';

const app = new SinglePassApp();
const chart = new Chart(app, 'public-ingress');
const namespace = 'api';

// Production Let's Encrypt over HTTP-01: cert-manager answers the challenge through a temporary
// Ingress of class nginx, so the name must already resolve to the ingress controller.
const letsEncrypt = new ClusterIssuer(chart, 'LetsEncrypt', {
  name: 'letsencrypt',
  config: IssuerConfig.acme({
    server: AcmeServer.LETS_ENCRYPT,
    email: 'platform@example.com',
    solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })],
  }),
});

// The certificate and its Secret live where the Ingress and the pods that use them run:
// neither an Ingress nor a pod can read a Secret of another namespace.
const tls = new Certificate(chart, 'ApiTls', {
  name: 'api-tls',
  namespace,
  issuer: letsEncrypt,
  dnsNames: ['api.example.com'],
});

// Restricted Pod Security: non-root, read-only root file system, no privilege escalation, every
// capability dropped, the runtime's default seccomp profile.
const api = new plus.Deployment(chart, 'Api', {
  metadata: { name: 'api', namespace },
  replicas: 2,
  containers: [{
    name: 'api',
    image: 'ghcr.io/example/api:1.4.2',
    portNumber: 8443,
    resources: {
      cpu: { request: plus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
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

// The Secret as a read-only directory (/etc/tls/tls.crt, tls.key): kubelet refreshes its files
// after each renewal, which a subPath mount never does. The mount also adds Reloader's annotation,
// so the pods restart onto the renewed certificate instead of serving the old one until it expires.
tls.mount(api, { path: '/etc/tls' });

const service = new plus.Service(chart, 'ApiService', {
  metadata: { name: 'api', namespace },
  selector: api,
  ports: [{ name: 'https', port: 443, targetPort: 8443 }],
});

// The Ingress terminates TLS with the same certificate: its TLS entry lists exactly the
// certificate's DNS names and Secret. nginx re-encrypts to the pods (backend-protocol HTTPS).
const ingress = new plus.Ingress(chart, 'ApiIngress', {
  metadata: {
    name: 'api',
    namespace,
    annotations: { 'nginx.ingress.kubernetes.io/backend-protocol': 'HTTPS' },
  },
  className: 'nginx',
});
ingress.addHostRule('api.example.com', '/', plus.IngressBackend.fromService(service));
tls.terminateIngress(ingress);

app.synth();
