/**
 * Every example app synthesizes, twice, to byte-identical manifests that pass the schema and
 * Pod Security checks. This is what a GitOps repository relies on: re-running `cdk8s synth` on an
 * unchanged app must not produce a diff.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readTree } from './app/example-apps';
import { exampleDirs } from '../projenrc/synth-examples';
import { problems } from './harness/manifests';
import { KubeObject } from './harness/validate';
import { auditManifests } from '../src/audit/manifest-audit';
import { parseManifests } from '../src/audit/manifest-source';

const ROOT = resolve(__dirname, '..');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');
const examples = exampleDirs(join(ROOT, 'examples'));

/** Manifest file name → content, and what the synthesis printed to stderr. */
function synthTo(dir: string): Map<string, string> & { stderr?: string } {
  const out = mkdtempSync(join(tmpdir(), 'example-'));
  try {
    const res = spawnSync(CDK8S, ['synth', '--no-check-upgrade', '--output', out], { cwd: dir, encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`cdk8s synth failed in ${dir}:\n${res.stdout}${res.stderr}`);
    // One file per chart, or one folder per chart with a file per object.
    const files: Map<string, string> & { stderr?: string } = readTree(out);
    files.stderr = res.stderr;
    return files;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test('there is at least one example', () => {
  expect(examples.length).toBeGreaterThan(0);
});

describe.each(examples.map((d) => [d.split('/').pop()!, d]))('example %s', (_, dir) => {
  let first: Map<string, string>;

  beforeAll(() => {
    first = synthTo(dir);
  }, 120_000);

  test('synthesizes at least one manifest file with objects', () => {
    expect(first.size).toBeGreaterThan(0);
    for (const [file, text] of first) {
      expect(file).toMatch(/\.k8s\.yaml$/);
      expect(text.length).toBeGreaterThan(0);
    }
  });

  test('every object passes the schema and Pod Security checks', () => {
    for (const [file, text] of first) {
      const objects = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean) as KubeObject[];
      expect(objects.length).toBeGreaterThan(0);
      expect({ file, problems: problems(objects) }).toEqual({ file, problems: [] });
    }
  });

  test('prints no warning; suppressed findings are printed with their reason', () => {
    const lines = (first.stderr ?? '').split('\n').filter((l) => /^\[(WARNING|SUPPRESSED)\]/.test(l));
    expect(lines.filter((l) => l.startsWith('[WARNING]'))).toEqual([]);
    for (const l of lines) expect(l).toMatch(/^\[SUPPRESSED\] \[CM-[A-Z]+\d+\] \[.+\] .+ \(suppressed at .+: .{10,}\)$/);
  });

  test('an audit of the synthesized manifests finds exactly what synthesis found', () => {
    // `[WARNING] [CM-X] ...` and `[SUPPRESSED] [CM-X] ... (suppressed at <path>: <reason>)`; errors would have failed synthesis.
    const atSynth = (first.stderr ?? '').split('\n').flatMap((l) => {
      const m = /^\[(WARNING|SUPPRESSED)\] \[(CM-[A-Z]+\d+)\] .*?(?:\(suppressed at [^:]+: (.+)\))?$/.exec(l);
      return m ? [`${m[2]} ${m[1] === 'SUPPRESSED' ? `suppressed: ${m[3]}` : 'open'}`] : [];
    });
    const parsed = [...first].map(([file, text]) => parseManifests(text, file));
    const result = auditManifests({
      objects: parsed.flatMap((p) => p.objects),
      problems: parsed.flatMap((p) => p.problems),
      skippedDocuments: parsed.flatMap((p) => p.skippedDocuments),
      files: parsed.length,
    });
    expect(result.problems).toEqual([]);
    expect(result.objects + [...result.ignored.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const audited = result.findings.map((f) => `${f.ruleId} ${f.suppressedReason !== undefined ? `suppressed: ${f.suppressedReason}` : 'open'}`);
    expect(audited.sort()).toEqual(atSynth.sort());
  });

  test('a second synthesis is byte-identical', () => {
    const second = synthTo(dir);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) {
      expect(second.get(file) === text).toBe(true);
    }
  }, 120_000);
});

test('the checks example shows its suppression with the reason', () => {
  const dir = examples.find((d) => d.endsWith('checks'))!;
  expect(synthTo(dir).stderr).toMatch(/\[SUPPRESSED\] \[CM-REL1\] \[checks\/Billing\] Deployment "payments\/billing" uses the certificate Secret "billing-tls" .*\(suppressed at checks\/Billing: billing is restarted nightly/);
}, 120_000);

test('the full-stack example writes its stages in apply order, the application last', () => {
  const dir = examples.find((d) => d.endsWith('full-stack'))!;
  expect([...synthTo(dir).keys()]).toEqual([
    '0000-cert-manager-crds.k8s.yaml', '0001-cert-manager-install.k8s.yaml', '0002-cert-manager-issuers.k8s.yaml',
    '0003-cert-manager-monitoring.k8s.yaml', '0003-shop.k8s.yaml',
  ]);
}, 120_000);

test('the README quick start is examples/quick-start, on cdk8s-plus-28 instead of cdk8s-plus-33', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```ts fixture=bare\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const example = readFileSync(join(ROOT, 'examples', 'quick-start', 'main.ts'), 'utf8')
    .replace(/^(\/\/.*\n)+/, '') // its header comment
    .replace("from 'cdk8s-plus-33'", "from 'cdk8s-plus-28'")
    .replace("from '../../src'", "from 'cdk8s-cert-manager'");
  expect(block).toBe(example);
});
