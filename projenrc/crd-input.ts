import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CrdInput } from './sources';

/** A CustomResourceDefinition as parsed from YAML (only the fields the generators read). */
export interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: Array<{ name: string; schema?: { openAPIV3Schema?: Schema }; [key: string]: unknown }>;
    [key: string]: unknown;
  };
}

/** An OpenAPI v3 schema node. */
export type Schema = { [key: string]: any };

/** The pinned input, read and checked against its pinned digest. */
export interface LoadedInput {
  readonly input: CrdInput;
  /** Where it was read from (URL or local path), for provenance. */
  readonly from: string;
  readonly crds: Crd[];
  readonly contentSha256: string;
}

/**
 * SHA-256 of the CRD documents serialized as JSON: independent of comments and YAML layout. With
 * `specOnly`, of each CRD's name and spec (install labels and annotations do not count).
 */
export function contentDigest(crds: Crd[], specOnly = false): string {
  const content = specOnly ? crds.map((c) => ({ name: c.metadata.name, spec: c.spec })) : crds;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function readText(input: CrdInput): Promise<{ text: string; from: string }> {
  const dir = process.env.CRD_SOURCE_DIR;
  if (dir) {
    const path = resolve(dir, input.localPath);
    return { text: readFileSync(path, 'utf8'), from: path };
  }
  const res = await fetch(input.url);
  if (!res.ok) {
    throw new Error(`GET ${input.url} answered ${res.status}; set CRD_SOURCE_DIR to read a local copy instead`);
  }
  return { text: await res.text(), from: input.url };
}

/** Reads a pinned input and fails when its content is not the pinned release. */
export async function loadInput(input: CrdInput): Promise<LoadedInput> {
  const { text, from } = await readText(input);
  const crds = parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d && d.kind === 'CustomResourceDefinition') as Crd[];
  if (crds.length === 0) {
    throw new Error(`${from} holds no CustomResourceDefinition`);
  }
  const digest = contentDigest(crds, input.digestSpecOnly);
  if (digest !== input.contentSha256) {
    throw new Error(
      `${from} is not the pinned ${input.project} ${input.version} content: `
      + `its CRDs digest to ${digest}, projenrc/sources.ts pins ${input.contentSha256}. `
      + 'If you are bumping the version, update the pin deliberately and review the regenerated files.',
    );
  }
  return { input, from, crds, contentSha256: digest };
}

/**
 * Removes documentation from a schema: every `description` keyword, at any depth. Property maps
 * are walked by value, so a field that happens to be called `description` is kept.
 */
export function stripDescriptions(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if ((key === 'properties' || key === 'patternProperties' || key === 'definitions') && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDescriptions(v as Schema)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
      out[key] = stripDescriptions(value);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => stripDescriptions(v));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** The CRD with every schema description stripped; all other fields untouched. */
export function stripCrd(crd: Crd): Crd {
  return {
    ...crd,
    spec: {
      ...crd.spec,
      versions: crd.spec.versions.map((v) => (v.schema?.openAPIV3Schema
        ? { ...v, schema: { ...v.schema, openAPIV3Schema: stripDescriptions(v.schema.openAPIV3Schema) } }
        : v)),
    },
  };
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
