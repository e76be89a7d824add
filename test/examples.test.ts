/**
 * Every example app synthesizes, twice, to byte-identical manifests that pass the schema and
 * Pod Security checks. This is what a GitOps repository relies on: re-running `cdk8s synth` on an
 * unchanged app must not produce a diff.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { exampleDirs } from '../projenrc/synth-examples';
import { problems } from './harness/manifests';
import { KubeObject } from './harness/validate';

const ROOT = resolve(__dirname, '..');
const CDK8S = join(ROOT, 'node_modules', '.bin', 'cdk8s');
const examples = exampleDirs(join(ROOT, 'examples'));

function synthTo(dir: string): Map<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'example-'));
  try {
    execFileSync(CDK8S, ['synth', '--no-check-upgrade', '--output', out], { cwd: dir, stdio: 'pipe' });
    return new Map(readdirSync(out).sort().map((f) => [f, readFileSync(join(out, f), 'utf8')]));
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

  test('a second synthesis is byte-identical', () => {
    const second = synthTo(dir);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) {
      expect(second.get(file) === text).toBe(true);
    }
  }, 120_000);
});
