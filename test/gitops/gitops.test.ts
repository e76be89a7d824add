/**
 * FluxKustomizations and ArgoCdApplications: one object per deployed chart, pointing at the
 * chart's stable output name, ordered by the chart dependencies; validated against the pinned
 * Flux and Argo CD CRDs by the harness (every synth).
 */
import { ApiObject, App, Chart, Duration, YamlOutputType } from 'cdk8s';
import { ArgoCdApplications, ArgoCdApplicationsProps, CertManagerStack, FluxKustomizations, FluxKustomizationsProps, FluxSourceKind, SinglePassApp } from '../../src';
import { problems, synth } from '../harness/manifests';

const FOLDERS = { yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE };

interface Setup {
  readonly app: SinglePassApp;
  readonly stack: CertManagerStack;
  readonly web: Chart;
  readonly gitops: Chart;
}

function setup(app: App = new SinglePassApp(FOLDERS)): Setup {
  const stack = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com' });
  const web = new Chart(app, 'web', { namespace: 'web' });
  stack.addDependent(web);
  new ApiObject(web, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web' } });
  return { app: app as SinglePassApp, stack, web, gitops: new Chart(app, 'gitops') };
}

function flux(s: Setup, props: Partial<FluxKustomizationsProps> = {}) {
  return new FluxKustomizations(s.gitops, 'Flux', { stack: s.stack, charts: [s.web], path: 'clusters/production', ...props });
}

function argo(s: Setup, props: Partial<ArgoCdApplicationsProps> = {}) {
  return new ArgoCdApplications(s.gitops, 'Argo', {
    stack: s.stack, charts: [s.web], repoUrl: 'https://git.example.com/platform.git', path: 'clusters/production', ...props,
  });
}

const STAGES = ['cert-manager-crds', 'cert-manager-install', 'cert-manager-issuers', 'cert-manager-monitoring', 'web'];

test('the harness validates both kinds against their pinned CRDs', () => {
  const bad = (apiVersion: string, kind: string, spec: object) => problems([{ apiVersion, kind, metadata: { name: 'x', namespace: 'y' }, spec }]);
  expect(bad('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', { path: './x', interval: '1d' }).join('\n'))
    .toMatch(/interval[\s\S]*prune|prune[\s\S]*interval/);
  expect(bad('argoproj.io/v1alpha1', 'Application', { project: 'default', destinaton: {} }).length).toBeGreaterThan(0);
});

describe('FluxKustomizations', () => {
  test('defaults: one Kustomization per chart, in dependency order, on the chart folders', () => {
    const s = setup();
    flux(s);
    const m = synth(s.gitops);
    expect(m.all('Kustomization').map((k) => k.metadata.name)).toEqual(STAGES);
    const spec = (name: string) => m.get('Kustomization', name, 'flux-system').spec;
    expect(spec('cert-manager-crds')).toEqual({
      interval: '10m',
      timeout: '5m',
      path: './clusters/production/0000-cert-manager-crds',
      prune: false,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      wait: true,
    });
    expect(spec('cert-manager-install')).toEqual({
      interval: '10m',
      timeout: '5m',
      path: './clusters/production/0001-cert-manager-install',
      prune: true,
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      dependsOn: [{ name: 'cert-manager-crds' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'cert-manager-webhook', namespace: 'cert-manager' }],
    });
    expect(spec('cert-manager-issuers')).toMatchObject({
      path: './clusters/production/0002-cert-manager-issuers',
      prune: true,
      wait: true,
      dependsOn: [{ name: 'cert-manager-install' }],
    });
    expect(spec('cert-manager-monitoring')).toMatchObject({
      path: './clusters/production/0003-cert-manager-monitoring',
      dependsOn: [{ name: 'cert-manager-issuers' }],
      wait: true,
    });
    expect(spec('web')).toMatchObject({ path: './clusters/production/0003-web', dependsOn: [{ name: 'cert-manager-issuers' }], wait: true });
  });

  test('every path is a folder the app writes', () => {
    const s = setup();
    flux(s);
    const folders = new Set(Object.keys(s.app.synthFiles()).map((f) => f.split('/')[0]));
    for (const k of synth(s.gitops).all('Kustomization')) {
      expect(folders).toContain(k.spec.path.replace('./clusters/production/', ''));
    }
    expect(folders).toContain('0000-gitops');
  });

  test('overrides: source, namespace, interval, timeout, a root path', () => {
    const s = setup();
    const f = flux(s, {
      path: './',
      sourceKind: FluxSourceKind.OCI_REPOSITORY,
      sourceName: 'platform',
      sourceNamespace: 'sources',
      namespace: 'gitops',
      interval: Duration.minutes(90),
      timeout: Duration.seconds(150),
    });
    const spec = synth(s.gitops).get('Kustomization', 'web', 'gitops').spec;
    expect(spec).toMatchObject({
      interval: '1h30m',
      timeout: '2m30s',
      path: './0003-web',
      sourceRef: { kind: 'OCIRepository', name: 'platform', namespace: 'sources' },
    });
    expect(f.kustomizationOf(s.web)).toBe(f.kustomizations[4]);
    expect(f.kustomizationOf(s.stack.crdsChart).name).toBe('cert-manager-crds');
  });

  test('without monitoring there is no monitoring Kustomization', () => {
    const app = new SinglePassApp(FOLDERS);
    const stack = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com', monitoring: false });
    const gitops = new Chart(app, 'gitops');
    new FluxKustomizations(gitops, 'Flux', { stack, path: 'clusters/production' });
    expect(synth(gitops).all('Kustomization').map((k) => k.metadata.name)).toEqual(STAGES.slice(0, 3));
  });

  describe('bad input', () => {
    test('an app that is not a SinglePassApp', () => {
      expect(() => flux(setup(new App())))
        .toThrow(/\[gitops\/Flux\] FluxKustomizations needs the app to be a SinglePassApp, .*the app is a App; create it with new SinglePassApp\(\)/);
    });
    test('one file per chart', () => {
      expect(() => flux(setup(new SinglePassApp())))
        .toThrow(/\[gitops\/Flux\] FluxKustomizations reads one folder per chart, but the app writes one file per chart; .*FOLDER_PER_CHART_FILE_PER_RESOURCE/);
    });
    test('in one of the charts it deploys', () => {
      const s = setup();
      expect(() => new FluxKustomizations(s.web, 'Flux', { stack: s.stack, charts: [s.web], path: 'x' }))
        .toThrow(/\[web\/Flux\] FluxKustomizations is in "web", one of the charts it deploys, so it would deploy itself; put it in a chart of its own/);
    });
    test('a chart listed twice, a stage chart listed, not a chart', () => {
      const a = setup();
      expect(() => flux(a, { charts: [a.web, a.web] })).toThrow(/charts lists "web" twice; list each of your own charts once/);
      const b = setup();
      expect(() => flux(b, { charts: [b.stack.issuersChart] })).toThrow(/charts lists "cert-manager-issuers" which is a stage chart of the stack/);
      expect(() => flux(setup(), { charts: ['web' as unknown as Chart] })).toThrow(/charts holds web, which is not a Chart; pass your Chart objects/);
    });
    test.each(['/clusters/production', '../production', 'clusters//production', 'clusters/production/', 'clusters\\production', 'a b'])(
      'path %s', (path) => {
        expect(() => flux(setup(), { path })).toThrow(new RegExp(`\\[gitops/Flux\\] path "${path.replace(/[\\/.]/g, (c) => `\\${c}`)}" is not a folder of the repository; .*"clusters/production"`));
      });
    test('intervals of zero or fractions of a second', () => {
      expect(() => flux(setup(), { interval: Duration.seconds(0) })).toThrow(/\[gitops\/Flux\] interval is 0 seconds; use a positive duration/);
      expect(() => flux(setup(), { timeout: Duration.millis(1500) })).toThrow(/timeout is 1 second 500 millis, which is not a whole number of seconds/);
    });
    test('bad names', () => {
      expect(() => flux(setup(), { namespace: 'Flux' })).toThrow(/namespace "Flux" is not a valid namespace name/);
      expect(() => flux(setup(), { sourceName: 'a_b' })).toThrow(/sourceName "a_b" is not a valid Kubernetes object name/);
    });
    test('a deployed chart that depends on a chart not deployed fails the synth', () => {
      const s = setup();
      const other = new Chart(s.app, 'other');
      s.web.addDependency(other);
      flux(s);
      expect(() => s.app.synthFiles()).toThrow(/\[gitops\/Flux\] "web" depends on the chart "other", which is not deployed with it, so it would wait for it forever; add "other" to charts/);
    });
    test('a chart it does not deploy', () => {
      const s = setup();
      expect(() => flux(s).kustomizationOf(s.gitops)).toThrow(/"gitops" is not deployed by these Kustomizations; add it to charts/);
    });
  });
});

describe('ArgoCdApplications', () => {
  test('defaults, one file per chart: each Application includes its chart file, in the sync wave of its depth', () => {
    const s = setup(new SinglePassApp());
    argo(s);
    const m = synth(s.gitops);
    expect(m.all('Application').map((a) => [a.metadata.name, a.metadata.annotations['argocd.argoproj.io/sync-wave']]))
      .toEqual([['cert-manager-crds', '0'], ['cert-manager-install', '1'], ['cert-manager-issuers', '2'],
        ['cert-manager-monitoring', '3'], ['web', '3']]);
    const crds = m.get('Application', 'cert-manager-crds', 'argocd');
    expect(crds.spec).toEqual({
      project: 'default',
      source: {
        repoURL: 'https://git.example.com/platform.git',
        targetRevision: 'HEAD',
        path: 'clusters/production',
        directory: { include: '0000-cert-manager-crds.k8s.yaml' },
      },
      destination: { server: 'https://kubernetes.default.svc' },
      syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    });
    expect(m.get('Application', 'web', 'argocd').spec).toMatchObject({
      source: { path: 'clusters/production', directory: { include: '0003-web.k8s.yaml' } },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    expect(m.get('Application', 'web', 'argocd').spec.syncPolicy.syncOptions).toBeUndefined();
    const files = Object.keys(s.app.synthFiles());
    for (const a of m.all('Application')) expect(files).toContain(a.spec.source.directory.include);
  });

  test('one folder per chart: each Application reads its chart folder', () => {
    const s = setup();
    argo(s);
    expect(synth(s.gitops).get('Application', 'cert-manager-install', 'argocd').spec.source)
      .toEqual({ repoURL: 'https://git.example.com/platform.git', targetRevision: 'HEAD', path: 'clusters/production/0001-cert-manager-install' });
  });

  test('overrides: project, namespace, revision, destination, manual sync', () => {
    const s = setup(new SinglePassApp());
    const a = argo(s, { project: 'platform', namespace: 'gitops', targetRevision: 'v1.2.0', destinationServer: 'https://prod.example.com:6443', automated: false });
    const app = synth(s.gitops).get('Application', 'cert-manager-crds', 'gitops');
    expect(app.spec).toMatchObject({ project: 'platform', source: { targetRevision: 'v1.2.0' }, destination: { server: 'https://prod.example.com:6443' } });
    expect(app.spec.syncPolicy).toEqual({ syncOptions: ['ServerSideApply=true'] });
    expect(a.applicationOf(s.web)).toBe(a.applications[4]);
  });

  describe('bad input', () => {
    test('an app that is not a SinglePassApp', () => {
      expect(() => argo(setup(new App()))).toThrow(/\[gitops\/Argo\] ArgoCdApplications needs the app to be a SinglePassApp/);
    });
    test('empty repository URL, bad project', () => {
      expect(() => argo(setup(), { repoUrl: '' })).toThrow(/\[gitops\/Argo\] repoUrl is ""; set it to a non-empty value/);
      expect(() => argo(setup(), { project: 'Platform Team' })).toThrow(/project "Platform Team" is not a valid Kubernetes object name/);
      expect(() => argo(setup(), { path: '../x' })).toThrow(/path "..\/x" is not a folder of the repository/);
    });
    test('a chart it does not deploy', () => {
      const s = setup();
      expect(() => argo(s).applicationOf(s.gitops)).toThrow(/"gitops" is not deployed by these Applications; add it to charts/);
    });
  });
});
