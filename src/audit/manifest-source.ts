import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';

/** One Kubernetes object read from a file, with where it starts. */
export interface SourceObject {
  readonly manifest: any;
  readonly file: string;
  /** 1-based line of the object's first key. */
  readonly line: number;
}

/** Input the audit cannot use: a file that cannot be read, YAML that does not parse. */
export interface InputProblem {
  readonly file: string;
  /** 1-based line, when the problem has one. */
  readonly line?: number;
  readonly message: string;
}

/** What reading the inputs gave. */
export interface LoadedSources {
  readonly objects: SourceObject[];
  readonly problems: InputProblem[];
  /** Files read (stdin counts as one). */
  readonly files: number;
  /** Documents that are not Kubernetes objects (no apiVersion or kind), such as Helm values. */
  readonly skippedDocuments: InputProblem[];
}

/** The name stdin is reported under. */
export const STDIN = '(stdin)';
const EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads every path: a file, a folder (recursively, files ending in .yaml, .yml or .json, skipping
 * folders whose name starts with a dot), or `-` for standard input. Multi-document YAML and
 * `kind: List` (as `kubectl get -o yaml` prints) are split into their objects.
 */
export function loadSources(paths: readonly string[], readStdin: () => string): LoadedSources {
  const objects: SourceObject[] = [];
  const problems: InputProblem[] = [];
  const skippedDocuments: InputProblem[] = [];
  let files = 0;
  const read = (file: string, text: () => string) => {
    files++;
    let content: string;
    try {
      content = text();
    } catch (e: any) {
      problems.push({ file, message: `cannot be read: ${e?.code === 'ENOENT' ? 'no such file' : e?.message ?? e}` });
      return;
    }
    const parsed = parseManifests(content, file);
    objects.push(...parsed.objects);
    problems.push(...parsed.problems);
    skippedDocuments.push(...parsed.skippedDocuments);
  };
  for (const path of paths) {
    if (path === '-') {
      read(STDIN, readStdin);
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (e: any) {
      problems.push({ file: path, message: e?.code === 'ENOENT' ? 'does not exist' : `cannot be read: ${e?.message ?? e}` });
      continue;
    }
    const found = isDir ? manifestFiles(path) : [path];
    if (isDir && found.length === 0) {
      problems.push({ file: path, message: `is a folder without any ${EXTENSIONS.join(', ')} file` });
    }
    for (const file of found) read(file, () => readFileSync(file, 'utf8'));
  }
  return { objects, problems, files, skippedDocuments };
}

/** The manifest files below `dir`, sorted, so the output does not depend on the file system's order. */
function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      if (e.name.startsWith('.')) return [];
      const path = join(dir, e.name);
      if (e.isDirectory()) return manifestFiles(path);
      return e.isFile() && EXTENSIONS.some((x) => e.name.endsWith(x)) ? [path] : [];
    });
}

/** Splits YAML text into its Kubernetes objects, with the line each starts on. */
export function parseManifests(text: string, file: string): { objects: SourceObject[]; problems: InputProblem[]; skippedDocuments: InputProblem[] } {
  const lineCounter = new LineCounter();
  const objects: SourceObject[] = [];
  const problems: InputProblem[] = [];
  const skippedDocuments: InputProblem[] = [];
  const lineOf = (node: any) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  for (const doc of parseAllDocuments(text, { lineCounter, prettyErrors: false })) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
      problems.push({ file, line, message: `is not valid YAML: ${firstLine(e.message)}` });
      continue;
    }
    const contents = doc.contents;
    if (contents === null || (!isMap(contents) && (contents as any).value === null)) continue;
    const value = doc.toJS({ maxAliasCount: 1000 });
    if (!isMap(contents) || !isObject(value.apiVersion, value.kind)) {
      skippedDocuments.push({ file, line: lineOf(contents), message: 'is not a Kubernetes object (no apiVersion and kind)' });
      continue;
    }
    if (value.kind === 'List' || (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))) {
      const items = contents.get('items', true);
      const nodes = isSeq(items) ? items.items : [];
      (value.items ?? []).forEach((item: any, i: number) => {
        if (item && typeof item === 'object' && isObject(item.apiVersion, item.kind)) {
          objects.push({ manifest: item, file, line: lineOf(nodes[i]) });
        } else {
          skippedDocuments.push({ file, line: lineOf(nodes[i]), message: `item ${i} of the List is not a Kubernetes object` });
        }
      });
      continue;
    }
    objects.push({ manifest: value, file, line: lineOf(contents) });
  }
  return { objects, problems, skippedDocuments };
}

function isObject(apiVersion: unknown, kind: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion !== '' && typeof kind === 'string' && kind !== '';
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
