/**
 * The benchmark compares the library with plain cdk8s and a serialization floor over the same
 * objects; these tests keep that comparison honest at a small N, without timing anything.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { capture, Capture, floor, libraryApp, plainApp } from '../../bench/app';
import { SinglePassApp } from '../../src';
import { byChart } from '../app/example-apps';
import { problems } from '../harness/manifests';
import { KubeObject } from '../harness/validate';

const N = 5;
let work: string;
let captured: Capture;

/** File name → content of an output folder. */
function files(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bench-app-'));
  const app = libraryApp(N, join(work, 'library'), SinglePassApp);
  app.synth();
  captured = capture(app, N);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the library mode holds the full stack and N certificates, each mounted into a workload', () => {
  const objects = captured.charts.flatMap((c) => c.objects);
  const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
  expect(captured.charts.map((c) => c.id)).toEqual(expect.arrayContaining(['cert-manager-crds', 'cert-manager-install',
    'cert-manager-issuers', 'cert-manager-monitoring', 'team-0']));
  // N leaf certificates, plus the private CA's own and trust-manager's webhook certificate.
  expect(count('Certificate')).toBe(N + 2);
  // The private CA's roots reach every application namespace through one Bundle.
  expect(objects.filter((o) => o.kind === 'Bundle').map((o) => o.spec.target.namespaceSelector))
    .toEqual([{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-0'] }] }]);
  const mounted = objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'team-0');
  expect(mounted).toHaveLength(N);
  for (const d of mounted) {
    expect(d.metadata.annotations['secret.reloader.stakater.com/reload']).toMatch(/^svc-\d+-tls$/);
  }
  expect(count('PrometheusRule')).toBeGreaterThan(0);
});

test('every object of the library mode passes the schema and Pod Security checks', () => {
  for (const c of captured.charts) expect({ chart: c.id, problems: problems(c.objects as KubeObject[]) }).toEqual({ chart: c.id, problems: [] });
});

test('the captured objects are what the library mode wrote', () => {
  const written = files(join(work, 'library'));
  expect([...written.keys()]).toEqual(captured.charts.map((c) => c.file));
  for (const c of captured.charts) {
    expect(parseAllDocuments(written.get(c.file)!).map((d) => d.toJS())).toEqual(c.objects);
  }
});

test('every other mode writes the same content, chart by chart', () => {
  const input: Capture = JSON.parse(JSON.stringify(captured));
  plainApp(input, join(work, 'plain')).synth();
  plainApp(input, join(work, 'plain-app'), SinglePassApp).synth();
  floor(input, join(work, 'floor'));
  libraryApp(N, join(work, 'library-stock'), App).synth();
  const library = files(join(work, 'library'));
  // Same names on a SinglePassApp and in the floor (which writes the capture's names).
  for (const mode of ['plain-app', 'floor']) {
    const out = files(join(work, mode));
    expect([...out.keys()]).toEqual([...library.keys()]);
    for (const [file, text] of library) expect({ mode, file, same: out.get(file) === text }).toEqual({ mode, file, same: true });
  }
  // cdk8s's App numbers files by position: compare chart by chart.
  const ours = byChart(library);
  for (const mode of ['plain', 'library-stock']) {
    const out = byChart(files(join(work, mode)));
    expect([...out.keys()].sort()).toEqual([...ours.keys()].sort());
    for (const [chart, text] of ours) expect({ mode, chart, same: out.get(chart) === text }).toEqual({ mode, chart, same: true });
  }
});
