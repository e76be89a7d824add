import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import {
  BundleNamespaces, Certificate, CertManagerStack, CertManagerStackProps, DeploymentEnvironment, Dns01Provider,
} from '../../src';
import { Manifests, problems, synth } from '../harness/manifests';
import { KubeObject } from '../harness/validate';

const BASE: CertManagerStackProps = { acmeEmail: 'platform@example.com', monitoringLabels: { release: 'kube-prometheus-stack' } };

/** Synthesizes the app into a temporary directory: file name → objects. */
function synthFiles(app: App): Map<string, KubeObject[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stack-'));
  try {
    (app as { outdir: string }).outdir = dir;
    app.synth();
    return new Map(readdirSync(dir).sort().map((f) => [f, parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()).filter(Boolean)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stack(props: CertManagerStackProps = BASE) {
  const app = Testing.app();
  const s = new CertManagerStack(app, 'cert-manager', props);
  return { app, s };
}

const all = (s: CertManagerStack) => new Manifests([s.crdsChart, s.installChart, s.issuersChart, ...(s.monitoringChart ? [s.monitoringChart] : [])]
  .flatMap((c) => synth(c).objects));

describe('CertManagerStack defaults', () => {
  const { app, s } = stack();
  const m = all(s);

  test('charts apply in file-name order: CRDs, install, issuers, monitoring, then dependents', () => {
    const web = new Chart(app, 'web', { namespace: 'web' });
    s.addDependent(web);
    new k8s.KubeConfigMap(web, 'Cfg', { metadata: { name: 'cfg' } });
    expect([...synthFiles(app).keys()]).toEqual([
      '0000-cert-manager-crds.k8s.yaml', '0001-cert-manager-install.k8s.yaml', '0002-cert-manager-issuers.k8s.yaml',
      '0003-cert-manager-monitoring.k8s.yaml', '0004-web.k8s.yaml',
    ]);
  });

  test('each stage holds its objects', () => {
    expect(synth(s.crdsChart).all('CustomResourceDefinition')).toHaveLength(6);
    expect(synth(s.installChart).all('Deployment').map((d) => d.metadata.name).sort())
      .toEqual(['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook', 'reloader-reloader']);
    expect(synth(s.issuersChart).all('ClusterIssuer').map((i) => i.metadata.name))
      .toEqual(['letsencrypt-staging', 'letsencrypt-production', 'internal-ca-selfsigned', 'internal-ca']);
    expect(synth(s.monitoringChart!).labels()).toEqual([
      'ConfigMap cert-manager/cert-manager-dashboard', 'PrometheusRule cert-manager/cert-manager-alerts',
    ]);
  });

  test('production install: HA, PodDisruptionBudgets, ServiceMonitor labelled for kube-prometheus-stack', () => {
    expect(m.get('Deployment', 'cert-manager-webhook').spec.replicas).toBe(3);
    expect(m.all('PodDisruptionBudget').length).toBeGreaterThanOrEqual(3);
    expect(m.get('ServiceMonitor', 'cert-manager').metadata.labels.release).toBe('kube-prometheus-stack');
    expect(m.get('PrometheusRule', 'cert-manager-alerts').metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
  });

  test('Let\'s Encrypt issuers use HTTP-01 and the contact address', () => {
    const prod = m.get('ClusterIssuer', 'letsencrypt-production').spec.acme;
    expect(prod.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(prod.email).toBe('platform@example.com');
    expect(prod.solvers).toEqual([{ http01: { ingress: {} } }]);
    expect(m.get('ClusterIssuer', 'letsencrypt-staging').spec.acme.server).toMatch(/staging/);
  });

  test('every object passes the schema and Pod Security checks (synth above validated them)', () => {
    expect(problems(m.objects)).toEqual([]);
  });

  test('parts are reachable', () => {
    expect(s.certManager.namespace).toBe('cert-manager');
    expect(s.privateCa?.issuer.issuerName).toBe('internal-ca');
    expect(s.letsEncryptProduction?.issuerName).toBe('letsencrypt-production');
    expect(s.reloader?.namespace).toBe('reloader');
    expect(s.alerts?.alertNames.length).toBeGreaterThan(5);
    expect(s.dashboard).toBeDefined();
  });

  test('two syntheses are byte-identical', () => {
    const render = () => {
      const a = Testing.app();
      new CertManagerStack(a, 'cert-manager', { ...BASE, argoCd: {} });
      return JSON.stringify([...synthFiles(a)]);
    };
    expect(render()).toBe(render());
  });
});

describe('CertManagerStack switches', () => {
  test('everything optional off', () => {
    const { s } = stack({ letsEncrypt: false, privateCa: false, monitoring: false, reloader: false, checks: false });
    expect(s.monitoringChart).toBeUndefined();
    expect(synth(s.issuersChart).objects).toEqual([]);
    const install = synth(s.installChart);
    expect(install.tryGet('ServiceMonitor', 'cert-manager')).toBeUndefined();
    expect(install.tryGet('Deployment', 'reloader-reloader')).toBeUndefined();
  });

  test('a DNS-01 issuer for wildcards', () => {
    const { s } = stack({ ...BASE, dns01: { provider: Dns01Provider.route53({ region: 'eu-west-1' }), dnsZones: ['example.com'] } });
    const dns = synth(s.issuersChart).get('ClusterIssuer', 'letsencrypt-dns01').spec.acme;
    expect(dns.solvers[0].selector).toEqual({ dnsZones: ['example.com'] });
    expect(dns.solvers[0].dns01.route53.region).toBe('eu-west-1');
    expect(s.dns01Issuer?.solverFor('*.example.com')).toBeDefined();
  });

  test('install, private CA, alerts and Reloader options pass through', () => {
    const { s } = stack({
      ...BASE,
      install: { namespace: 'certs' },
      privateCaOptions: { name: 'corp-ca' },
      alerts: { name: 'tls-alerts' },
      reloaderOptions: { namespace: 'ops' },
    });
    expect(s.certManager.namespace).toBe('certs');
    expect(s.privateCa?.certificateNamespace).toBe('certs');
    expect(synth(s.issuersChart).get('ClusterIssuer', 'corp-ca')).toBeDefined();
    expect(synth(s.monitoringChart!).get('PrometheusRule', 'tls-alerts', 'certs')).toBeDefined();
    expect(s.reloader?.namespace).toBe('ops');
  });

  test('served-certificate probes cover the hosts the app serves', () => {
    const { app, s } = stack({ ...BASE, servedCertificateProbes: { module: 'tls_served' } });
    const web = new Chart(app, 'web', { namespace: 'web' });
    const tls = new Certificate(web, 'Www', { name: 'www', issuer: s.letsEncryptProduction!, dnsNames: ['www.example.com'] });
    tls.terminateIngress(new k8s.KubeIngress(web, 'Ing', { metadata: { name: 'www' }, spec: { ingressClassName: 'nginx' } }));
    const probe = synth(s.monitoringChart!).get('Probe', s.probes!.probeName, 'cert-manager');
    expect(probe.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(probe.spec.targets.staticConfig.static).toEqual(['https://www.example.com']);
    expect(probe.spec.module).toBe('tls_served');
  });

  test('Argo CD: sync waves per stage, skip dry run on custom resources, server-side CRDs', () => {
    const { s } = stack({ ...BASE, argoCd: {} });
    new k8s.KubeConfigMap(s.installChart, 'Later', { metadata: { name: 'later', namespace: 'cert-manager' } });
    const wave = (o: KubeObject) => o.metadata?.annotations?.['argocd.argoproj.io/sync-wave'];
    const opts = (o: KubeObject) => o.metadata?.annotations?.['argocd.argoproj.io/sync-options'];
    const crd = synth(s.crdsChart).all('CustomResourceDefinition')[0];
    expect([wave(crd), opts(crd)]).toEqual(['-3', 'ServerSideApply=true,Prune=false']);
    const install = synth(s.installChart);
    expect(wave(install.get('Deployment', 'cert-manager'))).toBe('-2');
    expect(opts(install.get('Deployment', 'cert-manager'))).toBeUndefined();
    expect(opts(install.get('ServiceMonitor', 'cert-manager'))).toBe('SkipDryRunOnMissingResource=true');
    expect(wave(install.get('ConfigMap', 'later'))).toBe('-2');
    const issuer = synth(s.issuersChart).get('ClusterIssuer', 'letsencrypt-production');
    expect([wave(issuer), opts(issuer)]).toEqual(['-1', 'SkipDryRunOnMissingResource=true']);
  });

  test('Argo CD options can be turned off one by one', () => {
    const { s } = stack({ ...BASE, argoCd: { syncWaves: false, skipDryRunOnMissingResource: false } });
    const crd = synth(s.crdsChart).all('CustomResourceDefinition')[0];
    expect(crd.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('ServerSideApply=true,Prune=false');
    expect(crd.metadata.annotations['argocd.argoproj.io/sync-wave']).toBeUndefined();
    expect(synth(s.issuersChart).get('ClusterIssuer', 'letsencrypt-production').metadata.annotations).toBeUndefined();
  });

  test('the check pack runs over the whole app, and the environment mark applies', () => {
    const { app, s } = stack({ ...BASE, environment: DeploymentEnvironment.PRODUCTION });
    const web = new Chart(app, 'web', { namespace: 'web' });
    s.addDependent(web);
    new Certificate(web, 'Www', { issuer: s.letsEncryptStaging!, dnsNames: ['www.example.com'] });
    expect(() => synthFiles(app)).toThrow(/\[CM-ENV1\] \[web\/Www\]/);
  });
});

describe('CertManagerStack errors', () => {
  test.each<[string, CertManagerStackProps, RegExp]>([
    ['no acmeEmail', {}, /\[cert-manager\] acmeEmail is not set; Let's Encrypt needs a contact address/],
    ['a bad acmeEmail', { acmeEmail: 'ops' }, /acmeEmail "ops" is not an email address/],
    ['installCrds on', { ...BASE, install: { installCrds: true } }, /install.installCrds is true, but the stack installs the CRDs in its own chart/],
    ['probes without monitoring', { ...BASE, monitoring: false, servedCertificateProbes: {} }, /servedCertificateProbes is set but monitoring is false/],
    ['DNS-01 without zones', { ...BASE, dns01: { provider: Dns01Provider.route53(), dnsZones: [] } }, /dns01.dnsZones is empty/],
  ])('fails with %s', (_, props, message) => {
    expect(() => stack(props)).toThrow(message);
  });

  test('no acmeEmail is fine without Let\'s Encrypt', () => {
    expect(() => stack({ letsEncrypt: false })).not.toThrow();
  });

  test('addDependent fails on something that is not a chart', () => {
    const { s, app } = stack();
    expect(() => s.addDependent(app as any)).toThrow(/addDependent got .* which is not a Chart/);
  });
});

describe('CertManagerStack with trust-manager', () => {
  test('off by default', () => {
    const { s } = stack();
    expect(s.trustManager).toBeUndefined();
    expect(all(s).all('Bundle')).toEqual([]);
  });

  test('trust-manager in the install stage, its CRD in the CRD stage, the private CA\'s Bundle in the issuers stage', () => {
    const { s } = stack({ ...BASE, trustManager: true, privateCaBundleNamespaces: BundleNamespaces.withLabels({ 'internal-ca': 'trusted' }) });
    const inChart = (c: Chart) => synth(c).labels();
    expect(inChart(s.crdsChart)).toContain('CustomResourceDefinition bundles.trust.cert-manager.io');
    expect(inChart(s.installChart)).toEqual(expect.arrayContaining(['Deployment cert-manager/trust-manager', 'ValidatingWebhookConfiguration trust-manager']));
    expect(inChart(s.installChart)).not.toContain('CustomResourceDefinition bundles.trust.cert-manager.io');
    const bundle = synth(s.issuersChart).get('Bundle', 'internal-ca-trust');
    expect(bundle.spec.sources).toEqual([{ secret: { name: 'internal-ca-root', key: 'tls.crt' } }]);
    expect(bundle.spec.target.namespaceSelector).toEqual({ matchLabels: { 'internal-ca': 'trusted' } });
    expect(s.privateCaBundle?.name).toBe('internal-ca-trust');
  });

  test('trust-manager reads from the cluster resource namespace, where the private CA keeps its root', () => {
    const { s } = stack({ ...BASE, install: { clusterResourceNamespace: 'pki' }, trustManager: true, privateCaBundleNamespaces: BundleNamespaces.all() });
    expect(s.trustManager?.trustNamespace).toBe('pki');
    expect(synth(s.installChart).get('Deployment', 'trust-manager').spec.template.spec.containers[0].args).toContain('--trust-namespace=pki');
  });

  test('trustManagerOptions are passed on', () => {
    const { s } = stack({ ...BASE, trustManager: true, trustManagerOptions: { replicas: 3 } });
    expect(synth(s.installChart).get('Deployment', 'trust-manager').spec.replicas).toBe(3);
  });

  test.each<[string, CertManagerStackProps, string]>([
    ['fails when a Bundle is asked for without trust-manager', { ...BASE, privateCaBundleNamespaces: BundleNamespaces.all() },
      '[cert-manager] privateCaBundleNamespaces is set, but the Bundle needs both the private CA and trust-manager; set trustManager to true'],
    ['fails when a Bundle is asked for without the private CA', { ...BASE, trustManager: true, privateCa: false, privateCaBundleNamespaces: BundleNamespaces.all() },
      'privateCaBundleNamespaces is set, but the Bundle needs both the private CA and trust-manager'],
    ['fails when trustManagerOptions are set without trust-manager', { ...BASE, trustManagerOptions: { replicas: 2 } },
      '[cert-manager] trustManagerOptions is set but trustManager is not, so nothing would use them'],
  ])('%s', (_name, props, message) => {
    expect(() => stack(props)).toThrow(message);
  });
});
