// A cluster shared by teams. The platform team runs cert-manager and approves two ClusterIssuers;
// each team manages Certificates and its own Issuers in its namespace, and the API server refuses
// any other ClusterIssuer there (ValidatingAdmissionPolicy, Kubernetes 1.30+).
import { Chart } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Certificate, CertManagerStack, Issuer, IssuerConfig, SinglePassApp, TenantCertificatePolicy } from '../../src';

const app = new SinglePassApp();
const certs = new CertManagerStack(app, 'cert-manager', {
  acmeEmail: 'platform@example.com',
  http01IngressClassName: 'nginx',
  monitoringLabels: { release: 'kube-prometheus-stack' },
});

// Tenancy: the tenant role, the admission policy and one namespace per team.
const tenancy = new Chart(app, 'tenancy');
certs.addDependent(tenancy);
const TENANT = { 'platform.example.com/tenant': 'true' };
const policy = new TenantCertificatePolicy(tenancy, 'Tenants', {
  approvedClusterIssuers: [certs.letsEncryptProduction!, certs.privateCa!.issuer],
  tenantNamespaceLabels: TENANT,
});
for (const team of ['team-a', 'team-b']) {
  new plus.Namespace(tenancy, `${team}-namespace`, {
    metadata: { name: team, labels: { ...TENANT, 'pod-security.kubernetes.io/enforce': 'restricted' } },
  });
  policy.bindTenant(team, `${team}-developers`);
}

// What team A deploys: a public certificate from an approved ClusterIssuer, and a namespaced
// self-signed Issuer for its test fixtures (tenants may always use Issuers of their namespace).
const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
teamA.addDependency(tenancy);
new Certificate(teamA, 'Web', {
  name: 'web-tls',
  issuer: certs.letsEncryptProduction!,
  dnsNames: ['team-a.example.com'],
});
const fixtures = new Issuer(teamA, 'Fixtures', { name: 'fixtures', config: IssuerConfig.selfSigned() });
new Certificate(teamA, 'FixtureCert', { name: 'fixture-tls', issuer: fixtures, dnsNames: ['fixture.team-a.svc'] });

app.synth();
