/**
 * What the checks know beyond the objects (suppressions, marks, self-managed reloads, parts with
 * the checks off) is written into the synthesized manifests, so an audit of the output reports
 * exactly the synth-time findings.
 */
import { ApiObject, App, Chart, Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  AcmeServer, AcmeSolver, Bundle, BundleNamespaces, CaRotation, Certificate, CertificateChecks, ClusterIssuer, DeploymentEnvironment,
  IssuerConfig, PrivateCa, RotationReload, TrustManager,
} from '../../src';
import { auditManifests } from '../../src/audit/manifest-audit';
import { captureStderr } from '../harness/stderr';

const container = { name: 'app', image: 'ghcr.io/example/app:1' };

function deployment(scope: IConstruct, id: string, name: string, secretName: string) {
  return new k8s.KubeDeployment(scope as Chart, id, {
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container], volumes: [{ name: 'tls', secret: { secretName } }] } },
    },
  });
}

const key = (ruleId: string, reason?: string) => `${ruleId} ${reason === undefined ? 'open' : `suppressed: ${reason}`}`;

/**
 * Validates the app as `cdk8s synth` does (every validation, errors collected rather than
 * stopping the synthesis) and renders every object; returns them with the findings synthesis
 * reported: error lines, `[WARNING]` and `[SUPPRESSED]` lines.
 */
function synthesize(app: App): { objects: any[]; reported: string[] } {
  const thrown: string[] = [];
  const { printed } = captureStderr(() => {
    for (const c of app.node.findAll()) {
      try {
        c.node.validate();
      } catch (e: any) {
        thrown.push(e.message);
      }
    }
  });
  const reported = [...thrown.join('\n').split('\n'), ...printed.split('\n')].flatMap((l) => {
    const m = /^\s*(?:\[(WARNING|SUPPRESSED)\] )?\[(CM-[A-Z]+\d+)\] .*?(?:\(suppressed at [^:]+: (.+)\))?$/.exec(l);
    return m ? [key(m[2], m[1] === 'SUPPRESSED' ? m[3] : undefined)] : [];
  });
  // Rendered object by object: a chart's toJson would validate again and throw the errors.
  const objects = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
  return { objects, reported: [...new Set(reported)].sort() };
}

function auditOf(objects: any[]): string[] {
  const sources = objects.map((manifest, i) => ({ manifest, file: 'app.k8s.yaml', line: i + 1 }));
  const result = auditManifests({ objects: sources, problems: [], files: 1, skippedDocuments: [] });
  expect(result.problems).toEqual([]);
  return result.findings.map((f) => key(f.ruleId, f.suppressedReason)).sort();
}

function appWithEverything() {
  const app = new App();
  const web = new Chart(app, 'web', { namespace: 'web' });
  const legacy = new Chart(app, 'legacy', { namespace: 'legacy' });
  const staging = ClusterIssuer.fromClusterIssuerName(web, 'Corp', 'corp-ca');
  const le = new ClusterIssuer(web, 'Le', {
    name: 'letsencrypt-staging',
    config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT_STAGING, solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx' })] }),
  });
  const ca = new ClusterIssuer(web, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
  // CM-ISS2 on a reference, suppressed on the reference: the Certificate using it carries the suppression.
  new Certificate(web, 'Internal', { name: 'internal', issuer: staging, dnsNames: ['internal.web.svc'] });
  CertificateChecks.suppress(staging, 'CM-ISS2', 'corp-ca is managed by the platform repository');
  // CM-ENV1 (error) in a chart marked production.
  new Certificate(web, 'Shop', { name: 'shop', issuer: le, dnsNames: ['shop.example.com'] });
  CertificateChecks.markEnvironment(web, DeploymentEnvironment.PRODUCTION);
  // CM-REL1 suppressed on the chart before the workload exists; CM-DUR2 (warning) left open.
  CertificateChecks.suppress(legacy, 'CM-REL1', 'the legacy chart restarts nightly (OPS-1)');
  new Certificate(legacy, 'Db', { name: 'db', issuer: ca, dnsNames: ['db.legacy.svc'], duration: Duration.days(3), renewBefore: Duration.days(2) });
  deployment(legacy, 'Api', 'api', 'db');
  // A self-managed reload: no finding, at synth or in the audit.
  const envoy = deployment(web, 'Envoy', 'envoy', 'envoy-tls');
  new Certificate(web, 'EnvoyTls', { name: 'envoy-tls', issuer: ca, dnsNames: ['envoy.web.svc'] }).reloadOnRotation(envoy, {
    reload: RotationReload.selfManaged('envoy watches its SDS files'),
  });
  return { app, web, legacy };
}

test('the audit of the synthesized app reports what synthesis reports, suppressions included', () => {
  const { objects, reported } = synthesize(appWithEverything().app);
  expect(reported).toEqual([
    key('CM-DUR2'),
    key('CM-ENV1'),
    key('CM-ISS2', 'corp-ca is managed by the platform repository'),
    key('CM-REL1', 'the legacy chart restarts nightly (OPS-1)'),
  ]);
  expect(auditOf(objects)).toEqual(reported);
});

test('the annotations land on the objects below the scope, and on the users of a reference', () => {
  const { objects } = synthesize(appWithEverything().app);
  const get = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  expect(get('Certificate', 'internal').metadata.annotations).toMatchObject({
    'checks.cdk8s-cert-manager.io/suppress-CM-ISS2': 'corp-ca is managed by the platform repository',
    'checks.cdk8s-cert-manager.io/environment': 'production',
  });
  expect(get('Deployment', 'api').metadata.annotations).toEqual({ 'checks.cdk8s-cert-manager.io/suppress-CM-REL1': 'the legacy chart restarts nightly (OPS-1)' });
  expect(get('Deployment', 'envoy').metadata.annotations).toMatchObject({
    'checks.cdk8s-cert-manager.io/self-reload': 'envoy-tls',
    'checks.cdk8s-cert-manager.io/self-reload-reason': 'envoy watches its SDS files',
  });
  expect(get('Certificate', 'db').metadata.annotations?.['checks.cdk8s-cert-manager.io/environment']).toBeUndefined();
});

test('nested marks: the nearest one is written, and the audit agrees', () => {
  const { app, web } = appWithEverything();
  const inner = new Chart(web, 'inner', { namespace: 'web' });
  CertificateChecks.markEnvironment(inner, DeploymentEnvironment.STAGING);
  const le = ClusterIssuer.fromClusterIssuerName(inner, 'Le', 'letsencrypt-staging');
  new Certificate(inner, 'Preview', { name: 'preview', issuer: le, dnsNames: ['preview.example.com'] });
  const { objects, reported } = synthesize(app);
  expect(reported.filter((k) => k.startsWith('CM-ENV'))).toEqual([key('CM-ENV1')]);
  expect(objects.find((o) => o.metadata.name === 'preview').metadata.annotations['checks.cdk8s-cert-manager.io/environment']).toBe('staging');
  expect(auditOf(objects)).toEqual(reported);
});

test('a part with the checks off is left out of the audit too', () => {
  const { app, legacy } = appWithEverything();
  captureStderr(() => CertificateChecks.disable(legacy, 'legacy is being decommissioned (OPS-2)'));
  const { objects, reported } = synthesize(app);
  expect(reported).toEqual([key('CM-ENV1'), key('CM-ISS2', 'corp-ca is managed by the platform repository')]);
  expect(auditOf(objects)).toEqual(reported);
});

test('private CAs, their root generations and Bundles: the audit agrees with synthesis (CM-CA2)', () => {
  const app = new App();
  const platform = new Chart(app, 'platform', { namespace: 'trust' });
  const trustManager = new TrustManager(platform, 'TrustManager', { namespace: 'trust', trustNamespace: 'pki' });
  // The second rotation step: two roots, the newer one signs; the Bundle carries both.
  const ca = new PrivateCa(platform, 'Ca', {
    name: 'internal-ca', clusterResourceNamespace: 'pki', generation: 2, rotation: CaRotation.keepPreviousRoot(),
  });
  const bundle = new Bundle(platform, 'Trust', {
    privateCas: [ca], trustManager, namespaces: BundleNamespaces.withLabels({ 'trust.example.com/internal-ca': 'true' }),
  });
  const cluster = new Chart(app, 'cluster');
  new k8s.KubeNamespace(cluster, 'Shop', { metadata: { name: 'shop', labels: { 'trust.example.com/internal-ca': 'true' } } });
  new k8s.KubeNamespace(cluster, 'Billing', { metadata: { name: 'billing' } });
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const api = deployment(shop, 'Api', 'api', 'api-tls');
  new Certificate(shop, 'ApiTls', { name: 'api-tls', issuer: ca.issuer, dnsNames: ['api.shop.svc'] }).reloadOnRotation(api);
  bundle.mount(api, { path: '/etc/trust' });
  // A namespace the Bundle does not reach: the certificate and the workload mounting the Bundle.
  const billing = new Chart(app, 'billing', { namespace: 'billing' });
  const worker = deployment(billing, 'Worker', 'worker', 'worker-tls');
  new Certificate(billing, 'WorkerTls', { name: 'worker-tls', issuer: ca.issuer, dnsNames: ['worker.billing.svc'] }).reloadOnRotation(worker);
  bundle.mount(worker, { path: '/etc/trust' });
  const { objects, reported } = synthesize(app);
  expect(reported).toEqual([key('CM-CA2')]);
  expect([...new Set(auditOf(objects))]).toEqual(reported);
  const sources = objects.map((manifest, i) => ({ manifest, file: 'app.k8s.yaml', line: i + 1 }));
  const findings = auditManifests({ objects: sources, problems: [], files: 1, skippedDocuments: [] }).findings;
  expect(findings.map((f) => f.object).sort()).toEqual(['Certificate/billing/worker-tls', 'Deployment/billing/worker']);
  // The trust namespace comes from the trust-manager Deployment; elsewhere the Bundle reads no root.
  const elsewhere = auditManifests({ objects: sources, problems: [], files: 1, skippedDocuments: [] }, { trustNamespace: 'cert-manager' }).findings;
  expect(elsewhere.find((f) => f.object === 'Certificate/shop/api-tls')?.message).toContain('no Bundle of this app distributes the CA');
});
