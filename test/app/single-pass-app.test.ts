/**
 * SinglePassApp writes, per chart, exactly what cdk8s's App writes, validates and resolves the app
 * once per synthesis, names files after the chart and its dependency depth only, and refuses bad
 * input before writing anything.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { byChart, loadApp, readTree, synthInto } from './example-apps';
import { libraryApp } from '../../bench/app';
import { exampleDirs } from '../../projenrc/synth-examples';
import { Certificate, CertManagerStack, ClusterIssuer, SinglePassApp } from '../../src';

const ROOT = resolve(__dirname, '..', '..');
const examples = exampleDirs(join(ROOT, 'examples'));
const stock = (app: any) => App.prototype.synth.call(app);
const single = (app: any) => SinglePassApp.prototype.synth.call(app);

/** Stock output and single-pass output of two fresh builds of the same module. */
function bothWays(modulePath: string): { stock: Map<string, string>; ours: Map<string, string> } {
  return {
    stock: synthInto(loadApp(modulePath).app, stock),
    ours: synthInto(loadApp(modulePath).app, single),
  };
}

function expectSameCharts(stockFiles: Map<string, string>, ours: Map<string, string>) {
  const a = byChart(stockFiles);
  const b = byChart(ours);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [chart, text] of a) {
    // toBe on a boolean: a failure names the chart without printing megabytes of YAML.
    expect({ chart, identical: b.get(chart) === text }).toEqual({ chart, identical: true });
  }
}

/** A small app: three charts in a chain, one unrelated chart, a chart that overrides toJson. */
function smallApp(app: App): void {
  const base = new Chart(app, 'base');
  new ApiObject(base, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
  const mid = new Chart(app, 'mid');
  mid.addDependency(base);
  const cm = new ApiObject(mid, 'Config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'web' } });
  const top = new Chart(app, 'top', { namespace: 'web' });
  const secret = new ApiObject(top, 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'secret' } });
  secret.node.addDependency(cm); // an object dependency across charts makes `top` depend on `mid`
  new ApiObject(top, 'Other', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' } });
  const alone = new Chart(app, 'alone');
  new ApiObject(alone, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alone', namespace: 'default' } });
  const custom = new Annotating(app, 'custom');
  custom.addDependency(top);
  new ApiObject(custom, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'custom', namespace: 'default' } });
}

/** A chart that overrides toJson: annotates every object and adds one. */
class Annotating extends Chart {
  public toJson(): any[] {
    const objects = super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { 'example.com/by': 'toJson' } } }));
    return [...objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'added', namespace: 'default' } }];
  }
}

describe('byte-identical with cdk8s App, chart by chart', () => {
  test.each(examples.map((d) => [d.split('/').pop()!, d]))('example %s', (_, dir) => {
    const { stock: a, ours } = bothWays(join(dir, 'main.ts'));
    expect(a.size).toBeGreaterThan(0);
    expectSameCharts(a, ours);
  }, 120_000);

  test('every example builds a SinglePassApp', () => {
    for (const dir of examples) {
      const loaded = loadApp(join(dir, 'main.ts'));
      expect({ dir, single: loaded.app instanceof loaded.lib.SinglePassApp }).toEqual({ dir, single: true });
    }
  }, 120_000);

  test('the benchmark app, several application charts', () => {
    // 250 certificates: three application charts behind the stack's four.
    const build = (cls: typeof App) => libraryApp(250, 'unused', cls);
    const a = synthInto(build(App), stock);
    const b = synthInto(build(SinglePassApp), single);
    expect(a.size).toBe(7);
    expectSameCharts(a, b);
  }, 120_000);

  test('charts chained by objects, an unrelated chart, and a chart that overrides toJson', () => {
    const a = new App();
    smallApp(a);
    const b = new SinglePassApp();
    smallApp(b);
    const stockFiles = synthInto(a, stock);
    const ours = synthInto(b, single);
    expectSameCharts(stockFiles, ours);
    expect([...ours.keys()]).toEqual(['0000-alone.k8s.yaml', '0000-base.k8s.yaml', '0001-mid.k8s.yaml', '0002-top.k8s.yaml',
      '0003-custom.k8s.yaml']);
    expect(ours.get('0003-custom.k8s.yaml')).toContain('example.com/by: toJson');
    expect(ours.get('0003-custom.k8s.yaml')).toContain('name: added');
  });

  test('one folder per chart, one file per object', () => {
    const a = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    smallApp(a);
    const b = new SinglePassApp({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    smallApp(b);
    const stockFiles = synthInto(a, stock);
    const ours = synthInto(b, single);
    expectSameCharts(stockFiles, ours);
    expect([...ours.keys()]).toContain('0002-top/Secret.secret.k8s.yaml');
  });

  test('synthYaml holds every chart in apply order', () => {
    const b = new SinglePassApp();
    smallApp(b);
    const files = b.synthFiles();
    expect(b.synthYaml()).toBe(Object.values(files).join('---\n'));
    expect(Object.keys(files)[0]).toBe('0000-alone.k8s.yaml');
  });
});

test('synth writes what synthFiles returns, and the construct metadata as cdk8s does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'single-pass-meta-'));
  try {
    const a = new App({ outdir: join(dir, 'stock'), recordConstructMetadata: true });
    smallApp(a);
    a.synth();
    const b = new SinglePassApp({ outdir: join(dir, 'ours'), recordConstructMetadata: true });
    smallApp(b);
    const files = b.synthFiles();
    b.synth();
    const written = readTree(join(dir, 'ours'));
    const meta = written.get('construct-metadata.json');
    written.delete('construct-metadata.json');
    expect(Object.fromEntries(written)).toEqual(files);
    expect(JSON.parse(meta!)).toEqual(JSON.parse(readTree(join(dir, 'stock')).get('construct-metadata.json')!));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('one pass', () => {
  /** Counts how often the app's validations run during one synth (the small app, with its toJson override or not). */
  function validations(app: App, withOverride: boolean): number {
    smallApp(app);
    if (!withOverride) app.node.tryRemoveChild('custom');
    let count = 0;
    app.node.addValidation({ validate: () => { count++; return []; } });
    synthInto(app, app instanceof SinglePassApp ? single : stock);
    return count;
  }

  test('validates the app once, where cdk8s validates once per chart and once more', () => {
    expect(validations(new App(), false)).toBe(5);
    expect(validations(new SinglePassApp(), false)).toBe(1);
  });

  test('the stack\'s stage charts render without a toJson override, with Argo CD options too', () => {
    const passes = (argoCd: boolean) => {
      const app = new SinglePassApp();
      const stack = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com', argoCd: argoCd ? {} : undefined });
      stack.addDependent(new Chart(app, 'web'));
      let count = 0;
      app.node.addValidation({ validate: () => { count++; return []; } });
      app.synthFiles();
      return count;
    };
    expect(passes(false)).toBe(1);
    expect(passes(true)).toBe(1);
  });

  /** How often each object of the app rendered during one `synthFiles()`, by construct path, when more than once. */
  function renderedTwice(loaded: { app: any; cdk8s: typeof import('cdk8s') }): Record<string, number> {
    const counts = new Map<string, number>();
    const original = loaded.cdk8s.ApiObject.prototype.toJson;
    const spy = jest.spyOn(loaded.cdk8s.ApiObject.prototype, 'toJson').mockImplementation(function (this: ApiObject) {
      counts.set(this.node.path, (counts.get(this.node.path) ?? 0) + 1);
      return original.call(this);
    });
    try {
      loaded.app.synthFiles();
    } finally {
      spy.mockRestore();
    }
    expect(counts.size).toBeGreaterThan(0);
    return Object.fromEntries([...counts].filter(([, n]) => n > 1));
  }

  test.each(examples.map((d) => [d.split('/').pop()!, d]))(
    'example %s: every object renders once; the checks and the wiring read the app\'s render', (_, dir) => {
      expect(renderedTwice(loadApp(join(dir, 'main.ts')))).toEqual({});
    });

  test('the benchmark app: every object renders once, with mounts, Ingresses and the check pack', () => {
    const loaded = loadApp('bench/app.ts', ({ lib }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bench = require('../../bench/app') as typeof import('../../bench/app');
      bench.libraryApp(120, mkdtempSync(join(tmpdir(), 'bench-')), lib.SinglePassApp).synth();
    });
    expect(renderedTwice(loaded)).toEqual({});
  });

  test('a chart that overrides toJson costs one more pass, through cdk8s', () => {
    expect(validations(new App(), true)).toBe(6);
    expect(validations(new SinglePassApp(), true)).toBe(2);
  });
});

describe('stable names', () => {
  const fullStack = join(ROOT, 'examples', 'full-stack', 'main.ts');

  test('full-stack: each file is named by its dependency depth', () => {
    const { app } = loadApp(fullStack);
    expect([...synthInto(app, single).keys()]).toEqual([
      '0000-cert-manager-crds.k8s.yaml', '0001-cert-manager-install.k8s.yaml', '0002-cert-manager-issuers.k8s.yaml',
      '0003-cert-manager-monitoring.k8s.yaml', '0003-shop.k8s.yaml',
    ]);
  }, 120_000);

  test('an extra unrelated chart renames nothing', () => {
    const before = synthInto(loadApp(fullStack).app, single);
    const withExtra = (loaded: { app: any; cdk8s: typeof import('cdk8s') }) => {
      const extra = new loaded.cdk8s.Chart(loaded.app, 'aaa-extra');
      new loaded.cdk8s.ApiObject(extra, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra', namespace: 'default' } });
      const late = new loaded.cdk8s.Chart(loaded.app, 'zzz-late');
      late.addDependency(loaded.app.node.findChild('cert-manager-crds'));
      new loaded.cdk8s.ApiObject(late, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'default' } });
      return loaded.app;
    };
    const after = synthInto(withExtra(loadApp(fullStack)), single);
    for (const [file, text] of before) expect({ file, same: after.get(file) === text }).toEqual({ file, same: true });
    expect([...after.keys()].filter((f) => !before.has(f))).toEqual(['0000-aaa-extra.k8s.yaml', '0001-zzz-late.k8s.yaml']);
  }, 120_000);

  test('a chart added before another renames nothing (cdk8s App renames the later one)', () => {
    const build = (app: App, extra: boolean) => {
      const base = new Chart(app, 'base');
      new ApiObject(base, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } });
      for (const id of extra ? ['staging', 'production'] : ['production']) {
        const chart = new Chart(app, id, { namespace: 'web' });
        chart.addDependency(base);
        new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } });
      }
      return app;
    };
    const ours = (extra: boolean) => [...synthInto(build(new SinglePassApp(), extra), single).keys()];
    const theirs = (extra: boolean) => [...synthInto(build(new App(), extra), stock).keys()];
    expect(ours(false)).toEqual(['0000-base.k8s.yaml', '0001-production.k8s.yaml']);
    expect(ours(true)).toEqual(['0000-base.k8s.yaml', '0001-production.k8s.yaml', '0001-staging.k8s.yaml']);
    // The problem this solves: cdk8s numbers files by position in the topological order.
    expect(theirs(false)).toEqual(['0000-base.k8s.yaml', '0001-production.k8s.yaml']);
    expect(theirs(true)).toEqual(['0000-base.k8s.yaml', '0001-staging.k8s.yaml', '0002-production.k8s.yaml']);
  });
});

describe('bad input: an error naming the charts and the fix, nothing written', () => {
  let out: string;
  beforeEach(() => { out = join(mkdtempSync(join(tmpdir(), 'single-pass-bad-')), 'dist'); });
  afterEach(() => rmSync(join(out, '..'), { recursive: true, force: true }));

  test.each([
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
  ])('output type %s is refused', (name, type) => {
    expect(() => new SinglePassApp({ outdir: out, yamlOutputType: type }))
      .toThrow(new RegExp(`yamlOutputType is ${name}, which does not name files after charts.*use YamlOutputType.FILE_PER_CHART`));
    expect(existsSync(out)).toBe(false);
  });

  test('a dependency cycle between charts', () => {
    const app = new SinglePassApp({ outdir: out });
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new Chart(app, 'c');
    a.addDependency(b);
    b.addDependency(a);
    expect(() => app.synth()).toThrow(/the charts depend on each other in a cycle: "a" -> "b" -> "a"; remove one of these dependencies/);
    expect(existsSync(out)).toBe(false);
  });

  test('two charts that would write the same file', () => {
    const app = new SinglePassApp({ outdir: out });
    // A nested chart's file is named after its path and a hash of it; a top-level chart can take that name.
    const nested = new Chart(new Construct(app, 'team'), 'web');
    const label = Names.toDnsLabel(nested);
    const top = new Chart(app, label);
    for (const chart of [nested, top]) {
      new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: chart.node.id, namespace: 'default' } });
    }
    expect(() => app.synth()).toThrow(`SinglePassApp: "0000-${label}.k8s.yaml" would be written by both "team/web" and "${label}"; `
      + 'give one of the charts a different id');
    expect(existsSync(out)).toBe(false);
  });

  test('two objects of one chart that would write the same file, one folder per chart', () => {
    const app = new SinglePassApp({ outdir: out, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const chart = new Chart(app, 'web');
    const scope = new Construct(chart, 'Nested');
    new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', namespace: 'a' } });
    new ApiObject(scope, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', namespace: 'b' } });
    expect(() => app.synth()).toThrow(/"0000-web\/ConfigMap.same.k8s.yaml" would be written by both "web\/(A|Nested\/B)" and "web\/(A|Nested\/B)"; .*rename one of the objects/);
    expect(existsSync(out)).toBe(false);
  });

  test('findings read from the rendered objects fail with the other validation errors, and nothing is written', () => {
    const app = new SinglePassApp({ outdir: out });
    const chart = new Chart(app, 'web');
    chart.node.addValidation({ validate: () => ['replicas is 0; set at least 1'] });
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'internal');
    new Certificate(chart, 'Api', { name: 'api-tls', namespace: 'web', issuer, dnsNames: ['api.web.svc'] });
    // Uses the certificate Secret with no reload wiring: CM-REL1, found on the Deployment's render.
    new ApiObject(chart, 'Db', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'db', namespace: 'web' },
      spec: { template: { spec: { volumes: [{ name: 'tls', secret: { secretName: 'api-tls' } }], containers: [{ name: 'db', image: 'db:1' }] } } },
    });
    expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[web\] replicas is 0; set at least 1\n {2}\[CM-REL1\] \[web\/Db\] Deployment "web\/db" uses the certificate Secret "api-tls"/);
    expect(existsSync(out)).toBe(false);
  });

  test('a failing validation is reported before a dependency cycle', () => {
    const app = new SinglePassApp({ outdir: out });
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    a.addDependency(b);
    b.addDependency(a);
    a.node.addValidation({ validate: () => ['replicas is 0; set at least 1'] });
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [a] replicas is 0; set at least 1');
    expect(existsSync(out)).toBe(false);
  });

  test('a failing validation writes nothing', () => {
    const app = new SinglePassApp({ outdir: out });
    const chart = new Chart(app, 'web');
    chart.node.addValidation({ validate: () => ['replicas is 0; set at least 1'] });
    expect(() => app.synth()).toThrow('Validation failed with the following errors:\n  [web] replicas is 0; set at least 1');
    expect(existsSync(out)).toBe(false);
  });
});
