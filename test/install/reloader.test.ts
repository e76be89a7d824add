import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { permissions } from './parity';
import { DisruptionBudget, LogFormat, Reloader, ReloaderProps, ReloadStrategy } from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

const NAME = 'reloader-reloader';

function install(props: ReloaderProps = {}): { r: Reloader; m: Manifests } {
  const chart = Testing.chart();
  const r = new Reloader(chart, 'Reloader', props);
  return { r, m: synth(chart) };
}

function build(props: ReloaderProps) {
  return () => new Reloader(Testing.chart(), 'Reloader', props);
}

const deployment = (m: Manifests, namespace = 'reloader') => m.get('Deployment', NAME, namespace);
const pod = (m: Manifests) => deployment(m).spec.template.spec;
const container = (m: Manifests) => pod(m).containers[0];
const args = (m: Manifests): string[] => container(m).args;
const envNames = (m: Manifests): string[] => container(m).env.map((e: any) => e.name);
const granted = (m: Manifests, namespace = 'reloader') => [...permissions(m.objects, { name: NAME, namespace })].sort();

describe('Reloader defaults', () => {
  const { r, m } = install();

  test('installs into the reloader namespace, which enforces restricted Pod Security', () => {
    const ns = m.get('Namespace', 'reloader');
    expect(ns.metadata?.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
    });
    expect(r.namespace).toBe('reloader');
  });

  test('emits the upstream objects under their upstream names, and nothing else', () => {
    expect(m.labels()).toEqual([
      'ClusterRole reloader-reloader-role',
      'ClusterRoleBinding reloader-reloader-role-binding',
      'Deployment reloader/reloader-reloader',
      'Namespace reloader',
      'Role reloader/reloader-reloader-metadata-role',
      'RoleBinding reloader/reloader-reloader-metadata-rolebinding',
      'ServiceAccount reloader/reloader-reloader',
    ]);
  });

  test('keeps the upstream selector, so an install made from the upstream manifest can be taken over', () => {
    expect(deployment(m).spec.selector).toEqual({ matchLabels: { app: NAME } });
    expect(deployment(m).spec.template.metadata.labels).toEqual({
      'app': NAME, 'app.kubernetes.io/name': 'reloader', 'app.kubernetes.io/version': 'v1.4.21',
    });
  });

  test('runs one pod without leader election, PodDisruptionBudget or spreading', () => {
    expect(deployment(m).spec.replicas).toBe(1);
    expect(args(m)).not.toContain('--enable-ha=true');
    expect(envNames(m)).not.toContain('POD_NAME');
    expect(m.all('PodDisruptionBudget')).toEqual([]);
    expect(pod(m).topologySpreadConstraints).toBeUndefined();
    expect(granted(m).filter((p) => p.includes('leases'))).toEqual([]);
  });

  test('uses the annotations reload strategy, the only argument', () => {
    expect(r.strategy).toBe(ReloadStrategy.ANNOTATIONS);
    expect(args(m)).toEqual(['--reload-strategy=annotations']);
  });

  test('pins the image to the library version', () => {
    expect(Reloader.VERSION).toBe('v1.4.21');
    expect(r.version).toBe('v1.4.21');
    expect(container(m).image).toBe('ghcr.io/stakater/reloader:v1.4.21');
    expect(container(m).imagePullPolicy).toBe('IfNotPresent');
  });

  test('requests CPU and memory and limits memory, but not CPU', () => {
    expect(container(m).resources).toEqual({ requests: { cpu: '10m', memory: '512Mi' }, limits: { memory: '512Mi' } });
  });

  test('runs as a non-root user with a read-only root filesystem and a writable /tmp', () => {
    expect(pod(m).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(m).securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(container(m).volumeMounts).toEqual([{ name: 'tmp-volume', mountPath: '/tmp/' }]);
    expect(pod(m).volumes).toEqual([{ name: 'tmp-volume', emptyDir: {} }]);
  });

  test('sizes Go to the container limits and tells Reloader its namespace and Deployment', () => {
    expect(container(m).env).toEqual([
      { name: 'GOMAXPROCS', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1' } } },
      { name: 'GOMEMLIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1' } } },
      { name: 'RELOADER_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'RELOADER_DEPLOYMENT_NAME', value: NAME },
    ]);
  });

  test('serves metrics on port http (9090), probed at /live and /metrics', () => {
    expect(container(m).ports).toEqual([{ containerPort: 9090, name: 'http', protocol: 'TCP' }]);
    expect(container(m).livenessProbe.httpGet).toEqual({ path: '/live', port: 'http', scheme: 'HTTP' });
    expect(container(m).readinessProbe.httpGet).toEqual({ path: '/metrics', port: 'http', scheme: 'HTTP' });
    expect(container(m).readinessProbe).toMatchObject({ initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
  });

  test('may read Secrets and ConfigMaps and roll workloads out everywhere, but not read Namespaces', () => {
    const perms = granted(m);
    expect(perms).toEqual(expect.arrayContaining([
      'cluster: watch core/secrets',
      'cluster: watch core/configmaps',
      'cluster: patch apps/deployments',
      'cluster: patch apps/statefulsets',
      'cluster: create batch/jobs',
      'cluster: patch extensions/deployments',
      'cluster: create core/events',
      'namespace reloader: create core/configmaps',
    ]));
    expect(perms.filter((p) => p.includes('namespaces'))).toEqual([]);
    expect(perms.filter((p) => p.startsWith('namespace ') && !p.includes('core/configmaps'))).toEqual([]);
  });

  test('emits no scrape object unless asked', () => {
    expect(m.all('PodMonitor')).toEqual([]);
  });

  test('exposes what the wiring needs, and the Deployment as the default child', () => {
    expect(r.serviceAccountName).toBe(NAME);
    expect(pod(m).serviceAccountName).toBe(r.serviceAccountName);
    expect(m.get('ServiceAccount', r.serviceAccountName, r.namespace)).toBeDefined();
    expect(r.watchGlobally).toBe(true);
    expect(ApiObject.of(r)).toBe(r.deployment);
    expect(r.deployment.kind).toBe('Deployment');
    expect(r.deployment.name).toBe(NAME);
  });

  test('prints no warning', () => {
    expect(captureWarnings(() => install())).toBe('');
  });
});

describe('Reloader overrides', () => {
  test('replicas > 1 turns on leader election, with a Lease Role in its own namespace, a PDB and spreading', () => {
    const { m } = install({ replicas: 2 });
    expect(deployment(m).spec.replicas).toBe(2);
    expect(args(m)).toEqual(['--reload-strategy=annotations', '--enable-ha=true']);
    expect(container(m).env.slice(-2)).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ]);
    expect(m.get('Role', 'reloader-reloader-leader-election', 'reloader').rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['stakater-reloader-lock'] },
    ]);
    expect(granted(m).filter((p) => p.includes('leases'))).toEqual([
      'namespace reloader: create coordination.k8s.io/leases',
      'namespace reloader: get coordination.k8s.io/leases/stakater-reloader-lock',
      'namespace reloader: update coordination.k8s.io/leases/stakater-reloader-lock',
    ]);
    const pdb = m.get('PodDisruptionBudget', NAME, 'reloader');
    expect(pdb.spec).toEqual({ selector: { matchLabels: { app: NAME } }, maxUnavailable: 1 });
    expect(pod(m).topologySpreadConstraints.map((s: any) => [s.topologyKey, s.whenUnsatisfiable, s.labelSelector.matchLabels])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', { app: NAME }],
      ['kubernetes.io/hostname', 'ScheduleAnyway', { app: NAME }],
    ]);
  });

  test('a disruption budget of the user\'s choice', () => {
    const { m } = install({ replicas: 3, disruptionBudget: DisruptionBudget.minAvailablePercent(50) });
    expect(m.get('PodDisruptionBudget', NAME).spec.minAvailable).toBe('50%');
  });

  test('the env-vars strategy', () => {
    const { r, m } = install({ strategy: ReloadStrategy.ENV_VARS });
    expect(r.strategy).toBe(ReloadStrategy.ENV_VARS);
    expect(args(m)).toEqual(['--reload-strategy=env-vars']);
  });

  test('watchGlobally false: a Role in its own namespace instead of the ClusterRole, and KUBERNETES_NAMESPACE', () => {
    const { r, m } = install({ watchGlobally: false });
    expect(r.watchGlobally).toBe(false);
    expect(m.all('ClusterRole')).toEqual([]);
    expect(m.all('ClusterRoleBinding')).toEqual([]);
    const global = install().m;
    expect(m.get('Role', 'reloader-reloader-role', 'reloader').rules).toEqual(global.get('ClusterRole', 'reloader-reloader-role').rules);
    expect(m.get('RoleBinding', 'reloader-reloader-role-binding', 'reloader').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reloader-reloader-role' });
    expect(granted(m).filter((p) => !p.startsWith('namespace reloader: '))).toEqual([]);
    expect(granted(m)).toContain('namespace reloader: patch apps/deployments');
    expect(container(m).env).toContainEqual({ name: 'KUBERNETES_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
  });

  test('a namespace selector becomes an argument and lets Reloader read Namespaces', () => {
    const { m } = install({ namespaceSelector: { team: 'payments', environment: 'production' } });
    expect(args(m)).toContain('--namespace-selector=environment=production,team=payments');
    expect(m.get('ClusterRole', 'reloader-reloader-role').rules).toContainEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] });
  });

  test('ignored namespaces', () => {
    const { m } = install({ ignoreNamespaces: ['kube-system', 'cert-manager'] });
    expect(args(m)).toContain('--namespaces-to-ignore=kube-system,cert-manager');
  });

  test('ignoreConfigMaps stops watching ConfigMaps and drops the cluster-wide read, but keeps the meta-info ConfigMap', () => {
    const { m } = install({ ignoreConfigMaps: true });
    expect(args(m)).toContain('--resources-to-ignore=configMaps');
    expect(granted(m).filter((p) => p.includes('core/configmaps') && p.startsWith('cluster'))).toEqual([]);
    expect(granted(m)).toEqual(expect.arrayContaining(['cluster: watch core/secrets', 'namespace reloader: update core/configmaps']));
  });

  test('autoReloadAll and the JSON log format become arguments; the text format is the binary default', () => {
    expect(args(install({ autoReloadAll: true, logFormat: LogFormat.JSON }).m)).toEqual([
      '--reload-strategy=annotations', '--auto-reload-all=true', '--log-format=json',
    ]);
    expect(args(install({ autoReloadAll: false, logFormat: LogFormat.TEXT }).m)).toEqual(['--reload-strategy=annotations']);
  });

  test('extra arguments come last', () => {
    expect(args(install({ extraArgs: ['--reload-on-create=true'] }).m)).toEqual(['--reload-strategy=annotations', '--reload-on-create=true']);
  });

  test('labels go on every object, without touching the selector', () => {
    const { m } = install({ labels: { team: 'platform' }, replicas: 2, podMonitor: {} });
    for (const o of m.objects) expect([o.kind, o.metadata?.labels?.team]).toEqual([o.kind, 'platform']);
    expect(deployment(m).spec.selector.matchLabels).toEqual({ app: NAME });
  });

  test('another namespace, created elsewhere', () => {
    const { r, m } = install({ namespace: 'platform-reloader', createNamespace: false });
    expect(m.all('Namespace')).toEqual([]);
    expect(r.namespace).toBe('platform-reloader');
    expect(deployment(m, 'platform-reloader')).toBeDefined();
    expect(m.get('ClusterRoleBinding', 'reloader-reloader-role-binding').subjects).toEqual([{ kind: 'ServiceAccount', name: NAME, namespace: 'platform-reloader' }]);
    expect(granted(m, 'platform-reloader')).toContain('namespace platform-reloader: create core/configmaps');
  });

  test('cluster-scoped objects carry no namespace even in a chart with one', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    new Reloader(chart, 'Reloader');
    const m = synth(chart);
    expect(m.get('ClusterRole', 'reloader-reloader-role').metadata?.namespace).toBeUndefined();
    expect(m.get('ClusterRoleBinding', 'reloader-reloader-role-binding').metadata?.namespace).toBeUndefined();
    expect(m.get('Namespace', 'reloader').metadata?.namespace).toBeUndefined();
    expect(deployment(m).metadata?.namespace).toBe('reloader');
  });

  test('scheduling: node selector and tolerations', () => {
    const { m } = install({
      nodeSelector: { 'node-role.example.com/infra': 'true' },
      tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
    });
    expect(pod(m).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.example.com/infra': 'true' });
    expect(pod(m).tolerations).toEqual([{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('a mirrored image, pinned by digest, with pull secrets', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { m } = install({ imageRepository: 'registry.example.com:5000/mirror/reloader', imageDigest: digest, imagePullSecrets: ['mirror-pull'] });
    expect(container(m).image).toBe(`registry.example.com:5000/mirror/reloader@${digest}`);
    expect(pod(m).imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
  });

  test('another image tag prints a warning and is used', () => {
    let m: Manifests | undefined;
    const printed = captureWarnings(() => {
      m = install({ imageTag: 'v1.4.22' }).m;
    });
    expect(container(m!).image).toBe('ghcr.io/stakater/reloader:v1.4.22');
    expect(printed).toContain('[WARNING] [test/Reloader] imageTag v1.4.22 differs from v1.4.21');
  });

  test('resources of the user\'s choice, CPU limit included', () => {
    const { m } = install({
      resources: { cpu: { request: Cpu.millis(50), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
    });
    expect(container(m).resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } });
  });

  test('a PodMonitor on the metrics port that kube-prometheus-stack picks up', () => {
    const { m } = install({ podMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) } });
    const pm = m.get('PodMonitor', NAME, 'reloader');
    expect(pm.metadata?.labels?.release).toBe('kube-prometheus-stack');
    expect(pm.spec.selector).toEqual({ matchLabels: { app: NAME } });
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: false }]);
  });
});

describe('Reloader bad input', () => {
  test.each([
    [{ replicas: 0 }, '[test/Reloader] replicas 0 must be a whole number of 1 or more; use 1, or 2 or more for high availability'],
    [{ replicas: 1.5 }, '[test/Reloader] replicas 1.5 must be a whole number of 1 or more'],
    [{ disruptionBudget: DisruptionBudget.minAvailable(1) },
      '[test/Reloader] disruptionBudget minAvailable 1 with replicas 1 leaves no pod evictable, which blocks every node drain; raise replicas to 2 or more, or use DisruptionBudget.none()'],
    [{ namespace: 'Reloader_NS' }, '[test/Reloader] namespace "Reloader_NS" is not a valid namespace name; use at most 63 lowercase letters'],
    [{ labels: { 'bad key': 'x' } }, '[test/Reloader] labels has an invalid key "bad key"'],
    [{ nodeSelector: { pool: 'not valid' } }, '[test/Reloader] nodeSelector["pool"] has an invalid value "not valid"'],
    [{ namespaceSelector: { 'Team/x': 'a' } }, '[test/Reloader] namespaceSelector has an invalid key "Team/x"'],
    [{ ignoreNamespaces: ['Kube_System'] }, '[test/Reloader] ignoreNamespaces "Kube_System" is not a valid namespace name'],
    [{ watchGlobally: false, namespaceSelector: { team: 'a' } },
      '[test/Reloader] namespaceSelector is set but watchGlobally is false, so Reloader watches only its own namespace "reloader"; remove namespaceSelector, or set watchGlobally to true'],
    [{ watchGlobally: false, ignoreNamespaces: ['kube-system'] },
      '[test/Reloader] ignoreNamespaces is set but watchGlobally is false'],
    [{ imageRepository: 'https://ghcr.io/stakater/reloader' },
      '[test/Reloader] imageRepository "https://ghcr.io/stakater/reloader" is not a valid registry path: use host[:port][/path] in lowercase'],
    [{ imageTag: 'v1.4.21 ' }, '[test/Reloader] imageTag "v1.4.21 " is not a valid image tag'],
    [{ imageDigest: 'sha256:abc' }, '[test/Reloader] imageDigest "sha256:abc" is not an image digest: use "sha256:" followed by 64 lowercase hex characters'],
    [{ imagePullSecrets: ['Mirror_Pull'] }, '[test/Reloader] imagePullSecrets "Mirror_Pull" is not a valid Kubernetes object name'],
    [{ resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } } },
      '[test/Reloader] resources.memory.limit 256Mi is below resources.memory.request 512Mi; the pod would never be scheduled. Raise the limit or lower the request'],
    [{ podMonitor: { scrapeTimeout: Duration.minutes(2) } }, '[test/Reloader] podMonitor.scrapeTimeout 2 minutes is longer than its interval 1 minute'],
    [{ podMonitor: { labels: { 'bad key': 'x' } } }, '[test/Reloader] podMonitor.labels has an invalid key "bad key"'],
    [{ extraArgs: ['--reload-strategy=env-vars'] },
      '[test/Reloader] extraArgs has "--reload-strategy=env-vars", a flag this construct sets from the strategy prop; set strategy instead'],
    [{ extraArgs: ['--enable-ha'] }, 'extraArgs has "--enable-ha", a flag this construct sets from the replicas prop; set replicas instead'],
  ] as Array<[ReloaderProps, string]>)('fails: %j', (props, message) => {
    expect(build(props)).toThrow(message);
  });
});

describe('Reloader PodMonitor options', () => {
  test('namespace, annotations, honorLabels, instance label and endpoint extras', () => {
    const chart = Testing.chart();
    new Reloader(chart, 'Reloader', {
      podMonitor: { namespace: 'monitoring', annotations: { a: 'b' }, honorLabels: true, prometheusInstance: 'main', endpointAdditionalProperties: { metricRelabelings: [] } },
    });
    const pm = Testing.synth(chart).find((o: any) => o.kind === 'PodMonitor');
    expect(pm.metadata).toMatchObject({ namespace: 'monitoring', annotations: { a: 'b' }, labels: { prometheus: 'main' } });
    expect(pm.spec.namespaceSelector).toEqual({ matchNames: ['reloader'] });
    expect(pm.spec.podMetricsEndpoints[0]).toEqual({ port: 'http', path: '/metrics', interval: '1m', scrapeTimeout: '30s', honorLabels: true, metricRelabelings: [] });
  });

  test('fails when endpoint extras replace a field the construct sets', () => {
    expect(() => new Reloader(Testing.chart(), 'Reloader', { podMonitor: { endpointAdditionalProperties: { port: 'x' } } }))
      .toThrow(/\[test\/Reloader\] podMonitor.endpointAdditionalProperties sets port, which this construct sets/);
  });
});
