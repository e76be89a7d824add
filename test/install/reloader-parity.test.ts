/**
 * Functional parity of `Reloader` with the upstream manifest of the pinned release.
 *
 * The reference is `reloader.yaml` in RELOADER_REFERENCE_DIR, by default the `reloader` folder
 * beside the cert-manager reference (CERT_MANAGER_REFERENCE_DIR/../reloader), else the reference
 * folder beside the repository (`../shared/reference/reloader`). Without it the tests are
 * skipped; .ci/run sets RELOADER_REFERENCE_DIR whenever the folder exists, so CI always runs them.
 */
import { readFileSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { permissions, siblingReference } from './parity';
import { Reloader, ReloaderProps, ReloadStrategy } from '../../src';
import { synth } from '../harness/manifests';
import { KubeObject, label } from '../harness/validate';

const { dir: REFERENCE_DIR, file: REFERENCE_FILE, present: haveReference } = siblingReference('RELOADER_REFERENCE_DIR', 'reloader', 'reloader.yaml');

/** The upstream manifest installs into `default` and runs with every flag at its default. */
const LIKE_UPSTREAM: ReloaderProps = { namespace: 'default', createNamespace: false, strategy: ReloadStrategy.ENV_VARS };

/**
 * Arguments we pass that set a flag to the binary's own default value (the upstream manifest
 * passes none): explicit, so a changed upstream default does not change our install silently.
 */
const UPSTREAM_DEFAULT_ARGS = new Set(['--reload-strategy=env-vars']);

function ours(props: ReloaderProps): KubeObject[] {
  const chart = Testing.chart();
  new Reloader(chart, 'Reloader', props);
  return synth(chart).objects;
}

/** JSON with object keys sorted, so that key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

/**
 * What differs between two Reloader installs in namespace `default`, one line per difference:
 * the objects, what the ServiceAccount may do, and the parts of the Deployment that decide how
 * Reloader runs. Labels, resources and security contexts are compared by the targeted tests.
 */
function compareReloader(reference: KubeObject[], mine: KubeObject[]): string[] {
  const out: string[] = [];
  const setDiff = (what: string, ref: Iterable<string>, got: Iterable<string>) => {
    const r = new Set(ref);
    const g = new Set(got);
    for (const x of r) if (!g.has(x)) out.push(`${what} missing: ${x}`);
    for (const x of g) if (!r.has(x)) out.push(`${what} extra: ${x}`);
  };
  setDiff('object', reference.map(label), mine.map(label));
  const sa = { name: 'reloader-reloader', namespace: 'default' };
  setDiff('permission', permissions(reference, sa), permissions(mine, sa));

  const deploymentOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'reloader-reloader');
  const ref = deploymentOf(reference);
  const got = deploymentOf(mine);
  if (!ref || !got) return [...out, 'no Deployment reloader-reloader to compare'];
  const same = (what: string, a: unknown, b: unknown) => {
    if (canonical(a) !== canonical(b)) out.push(`${what}: reference ${canonical(a)}, ours ${canonical(b)}`);
  };
  same('selector', ref.spec.selector, got.spec.selector);
  same('replicas', ref.spec.replicas, got.spec.replicas);
  const rp = ref.spec.template.spec;
  const gp = got.spec.template.spec;
  same('serviceAccountName', rp.serviceAccountName, gp.serviceAccountName);
  same('containers', rp.containers.map((c: any) => c.name), gp.containers.map((c: any) => c.name));
  const rc = rp.containers[0];
  const gc = gp.containers[0];
  same('image', rc.image, gc.image);
  setDiff('arg', rc.args ?? [], (gc.args ?? []).filter((a: string) => !UPSTREAM_DEFAULT_ARGS.has(a)));
  same('env', rc.env, gc.env);
  same('ports', rc.ports.map((p: any) => [p.name, p.containerPort, p.protocol ?? 'TCP']), gc.ports.map((p: any) => [p.name, p.containerPort, p.protocol ?? 'TCP']));
  for (const probe of ['livenessProbe', 'readinessProbe']) {
    const norm = (p: any) => ({ ...p, httpGet: { scheme: 'HTTP', ...p.httpGet } });
    same(probe, norm(rc[probe]), norm(gc[probe]));
  }
  return out;
}

const describeWithReference = haveReference ? describe : describe.skip;
if (!haveReference) {
  process.stderr.write(`Reloader parity tests skipped: no ${REFERENCE_FILE}; set RELOADER_REFERENCE_DIR to the folder holding it\n`);
}

describeWithReference(`parity with the upstream Reloader ${Reloader.VERSION} manifest in ${REFERENCE_DIR}`, () => {
  const reference = (): KubeObject[] =>
    parseAllDocuments(readFileSync(REFERENCE_FILE, 'utf8')).map((d) => d.toJS()).filter(Boolean);

  test('the reference is the pinned release', () => {
    const image = reference().find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0].image;
    expect(image).toBe(`ghcr.io/stakater/reloader:${Reloader.VERSION}`);
  });

  test('configured like upstream: same objects, permissions, image, arguments, environment, ports and probes', () => {
    expect(compareReloader(reference(), ours(LIKE_UPSTREAM))).toEqual([]);
  });

  test('our deliberate differences in resources: the same requests and memory limit, no CPU limit', () => {
    const ref = reference().find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].resources;
    const got = ours(LIKE_UPSTREAM).find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].resources;
    expect(got.requests).toEqual(ref.requests);
    expect(got.limits).toEqual({ memory: ref.limits.memory });
    expect(ref.limits.cpu).toBeDefined();
  });

  test('the comparison reports each of our other defaults and options as a difference', () => {
    expect(compareReloader(reference(), ours({ ...LIKE_UPSTREAM, strategy: undefined }))).toEqual(['arg extra: --reload-strategy=annotations']);
    expect(compareReloader(reference(), ours({ ...LIKE_UPSTREAM, ignoreConfigMaps: true }))).toEqual([
      'permission missing: cluster: list core/configmaps',
      'permission missing: cluster: get core/configmaps',
      'permission missing: cluster: watch core/configmaps',
      'arg extra: --resources-to-ignore=configMaps',
    ]);
    const ha = compareReloader(reference(), ours({ ...LIKE_UPSTREAM, replicas: 2 }));
    expect(ha).toEqual(expect.arrayContaining([
      'object extra: Role default/reloader-reloader-leader-election',
      'permission extra: namespace default: create coordination.k8s.io/leases',
      'arg extra: --enable-ha=true',
      'replicas: reference 1, ours 2',
    ]));
    expect(ha.some((d) => d.startsWith('env: '))).toBe(true);
  });
});
