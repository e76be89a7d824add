import { ApiObject, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { permissions } from './parity';
import { DisruptionBudget, LogFormat, TrustManager, TrustManagerProps } from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

const NAME = 'trust-manager';

function install(props: TrustManagerProps = {}): { t: TrustManager; m: Manifests } {
  const chart = Testing.chart();
  const t = new TrustManager(chart, 'TrustManager', props);
  return { t, m: synth(chart) };
}

const build = (props: TrustManagerProps) => () => new TrustManager(Testing.chart(), 'TrustManager', props);
const deployment = (m: Manifests, namespace = 'cert-manager') => m.get('Deployment', NAME, namespace);
const pod = (m: Manifests) => deployment(m).spec.template.spec;
const container = (m: Manifests) => pod(m).containers[0];
const args = (m: Manifests): string[] => m.all('Deployment')[0].spec.template.spec.containers[0].args;
const granted = (m: Manifests, namespace = 'cert-manager') => [...permissions(m.objects, { name: NAME, namespace })].sort();

describe('TrustManager defaults', () => {
  const { t, m } = install();

  test('emits the chart\'s objects under their upstream names, plus a PodDisruptionBudget', () => {
    expect(m.labels()).toEqual([
      'Certificate cert-manager/trust-manager',
      'ClusterRole trust-manager',
      'ClusterRole trust-manager-cluster-view',
      'ClusterRoleBinding trust-manager',
      'CustomResourceDefinition bundles.trust.cert-manager.io',
      'Deployment cert-manager/trust-manager',
      'Issuer cert-manager/trust-manager',
      'PodDisruptionBudget cert-manager/trust-manager',
      'Role cert-manager/trust-manager',
      'Role cert-manager/trust-manager:leaderelection',
      'RoleBinding cert-manager/trust-manager',
      'RoleBinding cert-manager/trust-manager:leaderelection',
      'Service cert-manager/trust-manager',
      'Service cert-manager/trust-manager-metrics',
      'ServiceAccount cert-manager/trust-manager',
      'ValidatingWebhookConfiguration trust-manager',
    ]);
  });

  test('runs two replicas spread across zones and nodes, with a budget of one unavailable pod', () => {
    expect(deployment(m).spec.replicas).toBe(2);
    expect(pod(m).topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(m.get('PodDisruptionBudget', NAME).spec).toEqual({ selector: { matchLabels: { app: NAME } }, maxUnavailable: 1 });
  });

  test('requests CPU and memory and limits memory only', () => {
    expect(container(m).resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } });
  });

  test('reads sources from the cert-manager namespace and writes no Secrets', () => {
    expect(t.trustNamespace).toBe('cert-manager');
    expect(args(m)).toContain('--trust-namespace=cert-manager');
    expect(args(m)).not.toContain('--secret-targets-enabled=true');
    expect(granted(m).filter((p) => p.includes('secrets'))).toEqual([
      'namespace cert-manager: get core/secrets',
      'namespace cert-manager: list core/secrets',
      'namespace cert-manager: watch core/secrets',
    ]);
    expect(t.secretTargetsEnabled).toBe(false);
  });

  test('pins the release images', () => {
    expect(container(m).image).toBe(`quay.io/jetstack/trust-manager:${TrustManager.VERSION}`);
    expect(pod(m).initContainers[0].image).toBe(`quay.io/jetstack/trust-pkg-debian-trixie:${TrustManager.DEFAULT_PACKAGE_TAG}`);
  });

  test('creates no Namespace: cert-manager\'s install does', () => {
    expect(m.all('Namespace')).toEqual([]);
  });

  test('exposes plain ApiObjects whose JSON patches are kept as written', () => {
    const chart = Testing.chart();
    const tm = new TrustManager(chart, 'TrustManager');
    expect(ApiObject.of(tm.deployment)).toBe(tm.deployment);
    tm.deployment.addJsonPatch(JsonPatch.add('/spec/strategy', { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }));
    tm.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/resources/limits/cpu', '1'));
    const d = synth(chart).get('Deployment', NAME);
    expect(d.spec.strategy).toEqual({ rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(d.spec.template.spec.containers[0].resources.limits).toEqual({ memory: '256Mi', cpu: '1' });
  });
});

describe('TrustManager and the check pack', () => {
  test('the Deployment declares that its webhook reloads its certificate files (no Reloader wiring, no CM-REL1)', () => {
    const { m } = install();
    expect(deployment(m).metadata.annotations).toEqual({
      'checks.cdk8s-cert-manager.io/self-reload': 'trust-manager-tls',
      'checks.cdk8s-cert-manager.io/self-reload-reason': expect.stringMatching(/reloads them when cert-manager renews them$/),
    });
    expect(pod(m).volumes).toContainEqual({ name: 'tls', secret: { defaultMode: 420, secretName: 'trust-manager-tls' } });
  });
});

describe('TrustManager options', () => {
  test('namespace and trust namespace', () => {
    const { t, m } = install({ namespace: 'trust', createNamespace: true, trustNamespace: 'pki' });
    expect(m.get('Namespace', 'trust').metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(args(m)).toContain('--trust-namespace=pki');
    expect(m.get('Role', NAME, 'pki').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }]);
    expect(m.get('Role', `${NAME}:leaderelection`, 'trust')).toBeDefined();
    expect(m.get('ValidatingWebhookConfiguration', NAME).metadata?.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'trust/trust-manager' });
    expect(m.get('Certificate', NAME, 'trust').spec.dnsNames).toEqual(['trust-manager.trust.svc']);
    expect(t.namespace).toBe('trust');
  });

  test('Secret targets: the flag, cluster-wide read, and write on the named Secrets only (also those added later)', () => {
    const chart = Testing.chart();
    const t = new TrustManager(chart, 'TrustManager', { secretTargets: ['b-bundle'] });
    t.addSecretTarget('a-bundle');
    t.addSecretTarget('a-bundle');
    const m = synth(chart);
    expect(args(m)).toContain('--secret-targets-enabled=true');
    expect(m.get('ClusterRole', NAME).rules).toEqual(expect.arrayContaining([
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'patch', 'delete'], resourceNames: ['a-bundle', 'b-bundle'] },
    ]));
  });

  test('replicas 1 has no budget or spreading; an explicit budget is kept', () => {
    const single = install({ replicas: 1 }).m;
    expect(single.all('PodDisruptionBudget')).toEqual([]);
    expect(pod(single).topologySpreadConstraints).toBeUndefined();
    const three = install({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailablePercent(50) }).m;
    expect(three.get('PodDisruptionBudget', NAME).spec.minAvailable).toBe('50%');
  });

  test('images, logging, scheduling, resources and the expired-certificate filter', () => {
    const { m } = install({
      imageRegistry: 'registry.example.com/jetstack',
      imageDigest: `sha256:${'a'.repeat(64)}`,
      defaultPackageTag: '20250101.1',
      imagePullSecrets: ['pull'],
      logLevel: 3,
      logFormat: LogFormat.JSON,
      nodeSelector: { pool: 'system' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
      priorityClassName: 'system-cluster-critical',
      filterExpiredCertificates: true,
      resources: { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(128) } },
    });
    expect(container(m).image).toBe(`registry.example.com/jetstack/trust-manager@sha256:${'a'.repeat(64)}`);
    expect(pod(m).initContainers[0].image).toBe('registry.example.com/jetstack/trust-pkg-debian-trixie:20250101.1');
    expect(pod(m).imagePullSecrets).toEqual([{ name: 'pull' }]);
    expect(args(m)).toEqual(expect.arrayContaining(['--log-level=3', '--log-format=json', '--filter-expired-certificates=true']));
    expect(pod(m).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'system' });
    expect(pod(m).tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }]);
    expect(pod(m).priorityClassName).toBe('system-cluster-critical');
    expect(container(m).resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '128Mi' } });
  });

  test('installCrds: false leaves the CRD out', () => {
    const { t, m } = install({ installCrds: false });
    expect(m.all('CustomResourceDefinition')).toEqual([]);
    expect(t.crd).toBeUndefined();
  });

  test('the CRD is the pinned asset: v1alpha1 Bundles, cluster-scoped, without Helm\'s labels', () => {
    const crd = install().m.get('CustomResourceDefinition', 'bundles.trust.cert-manager.io');
    expect(crd.spec.scope).toBe('Cluster');
    expect(crd.spec.versions.map((v: any) => v.name)).toEqual(['v1alpha1']);
    expect(crd.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'trust-manager', 'app.kubernetes.io/version': 'v0.24.0' });
  });

  test('a ServiceMonitor scraping the metrics Service', () => {
    const { m } = install({ serviceMonitor: { labels: { release: 'kps' }, interval: Duration.seconds(30) } });
    const sm = m.get('ServiceMonitor', NAME);
    expect(sm.metadata?.labels?.release).toBe('kps');
    expect(sm.spec.selector.matchLabels).toEqual({ 'app': NAME, 'app.kubernetes.io/component': 'metrics' });
    expect(sm.spec.endpoints[0]).toMatchObject({ targetPort: 9402, path: '/metrics', interval: '30s' });
  });

  test('another image tag warns', () => {
    expect(captureWarnings(build({ imageTag: 'v0.25.0' }))).toMatch(/imageTag v0.25.0 differs from v0.24.0/);
  });
});

describe('TrustManager errors', () => {
  test.each<[string, TrustManagerProps, RegExp]>([
    ['fails when replicas is 0', { replicas: 0 }, /TrustManager\] replicas 0 must be a whole number of 1 or more; use 2/],
    ['fails when the budget blocks drains', { replicas: 1, disruptionBudget: DisruptionBudget.minAvailable(1) }, /leaves no pod evictable/],
    ['fails when the namespace is invalid', { namespace: 'Cert_Manager' }, /namespace "Cert_Manager"/],
    ['fails when the trust namespace is invalid', { trustNamespace: 'PKI' }, /trustNamespace "PKI"/],
    ['fails when the registry is invalid', { imageRegistry: 'https://quay.io' }, /imageRegistry "https:\/\/quay.io" is not a valid registry path/],
    ['fails when the digest is invalid', { imageDigest: 'sha256:abc' }, /imageDigest "sha256:abc" is not an image digest/],
    ['fails when logLevel is out of range', { logLevel: 9 }, /logLevel 9 is out of range: use a whole number from 1 to 5/],
    ['fails when a Secret target name is invalid', { secretTargets: ['Bad_Name'] }, /secretTargets "Bad_Name"/],
    ['fails when the scrape timeout exceeds the interval',
      { serviceMonitor: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(20) } }, /serviceMonitor.scrapeTimeout 20 seconds is longer than its interval 10 seconds/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });
});
