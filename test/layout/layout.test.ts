import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The source layout rules of docs/architecture.md ("Where code goes"):
 * - `src/private/` holds primitives shared by several domains and imports no domain folder;
 * - a domain's own internals (`src/<domain>/private/`) are imported only from that domain;
 * - no two source files share a name;
 * - run-time imports between top-level folders form no cycle (type-only imports are free).
 */

const SRC = resolve(__dirname, '..', '..', 'src');
const GENERATED = join(SRC, 'imports');

interface SourceImport {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === GENERATED) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of every source file, resolved to files (an import of a folder is its index). */
function imports(files: string[]): SourceImport[] {
  const known = new Set(files);
  const result: SourceImport[] = [];
  const pattern = /^(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gms;
  for (const from of files) {
    const text = readFileSync(from, 'utf8');
    for (const m of text.matchAll(pattern)) {
      const base = resolve(dirname(from), m[3]);
      const to = [`${base}.ts`, join(base, 'index.ts')].find((p) => known.has(p)) ?? base;
      result.push({ from, to, typeOnly: Boolean(m[2]) });
    }
  }
  return result;
}

/** The top-level folder under src/ (`''` for files directly in src/). */
function topFolder(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 ? parts[0] : '';
}

/** The domain whose own internals hold this file (`src/<domain>/private/...`), if any. */
function domainPrivate(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 2 && parts[1] === 'private' ? parts[0] : undefined;
}

const files = sourceFiles(SRC);
const edges = imports(files);
const rel = (p: string) => relative(SRC, p);

test('the layout finds the source files and their imports', () => {
  expect(files.length).toBeGreaterThan(50);
  expect(edges.length).toBeGreaterThan(100);
});

test('the shared internal folder imports no domain folder', () => {
  const wrong = edges
    .filter((e) => topFolder(e.from) === 'private')
    .filter((e) => !['private', 'imports'].includes(topFolder(e.to)))
    .map((e) => `${rel(e.from)} -> ${rel(e.to)}`);
  expect(wrong).toEqual([]);
});

test("a domain's internals are imported only from that domain", () => {
  const wrong = edges
    .filter((e) => domainPrivate(e.to) !== undefined && domainPrivate(e.to) !== topFolder(e.from))
    .map((e) => `${rel(e.from)} -> ${rel(e.to)}`);
  expect(wrong).toEqual([]);
});

test('no two source files share a name', () => {
  const byName = new Map<string, string[]>();
  for (const f of files) byName.set(basename(f), [...(byName.get(basename(f)) ?? []), rel(f)]);
  const shared = [...byName.values()].filter((paths) => paths.length > 1);
  expect(shared).toEqual([]);
});

test('run-time imports between top-level folders form no cycle', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = topFolder(e.from);
    const b = topFolder(e.to);
    if (e.typeOnly || a === b || a === '' || b === '') continue;
    graph.set(a, (graph.get(a) ?? new Set()).add(b));
  }
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
      return;
    }
    state.set(node, 'open');
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
    state.set(node, 'done');
  };
  for (const node of graph.keys()) visit(node, []);
  expect(cycles).toEqual([]);
});

test('the layout checker sees real cross-folder imports', () => {
  // The graph above must contain real cross-folder edges for the cycle check to mean anything.
  const crossFolder = edges.filter((e) => !e.typeOnly && topFolder(e.from) !== topFolder(e.to));
  expect(crossFolder.length).toBeGreaterThan(20);
  expect(domainPrivate(join(SRC, 'issuers', 'private', 'x.ts'))).toBe('issuers');
  expect(topFolder(join(SRC, 'private', 'errors.ts'))).toBe('private');
});
