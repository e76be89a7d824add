import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parsed assets by file name, read once per process. */
const cache = new Map<string, any[]>();

/**
 * Fresh deep copies of the CRDs in `assets/crds/<file>` (the JSON twin of a generated YAML asset:
 * parsing JSON takes a millisecond where the YAML took about half a second of every synthesis).
 */
export function crdAsset(file: string): any[] {
  let crds = cache.get(file);
  if (!crds) {
    crds = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'assets', 'crds', file), 'utf8')) as any[];
    cache.set(file, crds);
  }
  return crds.map((crd) => structuredClone(crd));
}
