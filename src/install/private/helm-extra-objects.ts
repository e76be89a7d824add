/**
 * The chart's `extraObjects`: manifests shipped beside the install, each a YAML string or a map,
 * passed through Helm's `tpl`. The few template expressions that name the release are expanded
 * here; any other expression is refused, since running Go templates is Helm's job.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { isPlainObject } from './helm-schema';
import type { ValuesProblem } from './helm-values-validation';

/** What the release-naming template expressions expand to. */
export interface ReleaseFacts {
  readonly namespace: string;
  readonly releaseName: string;
  readonly fullname: string;
}

/** An object of `extraObjects`, ready to become an ApiObject. */
export type ExtraObject = { apiVersion: string; kind: string; metadata: { [key: string]: any }; [field: string]: any };

const EXPRESSION = /(\s*)\{\{(-?)\s*(.*?)\s*(-?)\}\}(\s*)/g;

/** Expands the template expressions of one string; unknown ones are collected. */
function expand(text: string, facts: ReleaseFacts, unknown: string[]): string {
  const known: Record<string, string> = {
    'include "cert-manager.namespace" .': facts.namespace,
    'template "cert-manager.namespace" .': facts.namespace,
    '.Release.Namespace': facts.namespace,
    '.Release.Name': facts.releaseName,
    'include "cert-manager.fullname" .': facts.fullname,
    'template "cert-manager.fullname" .': facts.fullname,
  };
  return text.replace(EXPRESSION, (_all, before: string, trimLeft: string, expr: string, trimRight: string, after: string) => {
    const value = known[expr.replace(/\s+/g, ' ')];
    if (value === undefined) unknown.push(`{{ ${expr} }}`);
    return `${trimLeft ? '' : before}${value ?? ''}${trimRight ? '' : after}`;
  });
}

function expandDeep(value: unknown, facts: ReleaseFacts, unknown: string[]): unknown {
  if (typeof value === 'string') return expand(value, facts, unknown);
  if (Array.isArray(value)) return value.map((v) => expandDeep(v, facts, unknown));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [expand(k, facts, unknown), expandDeep(v, facts, unknown)]));
  }
  return value;
}

/** YAML documents of a string, read as Helm reads them (YAML 1.1), empty ones left out. */
function parseDocuments(text: string): unknown[] {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-cert-manager-'));
  try {
    const file = join(dir, 'extra-object.yaml');
    writeFileSync(file, text);
    return Yaml.load(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The objects of `extraObjects`, or the problems of each entry that cannot become one. */
export function extraObjects(entries: unknown[], facts: ReleaseFacts, refuse: (p: ValuesProblem) => void): ExtraObject[] {
  const out: ExtraObject[] = [];
  entries.forEach((entry, i) => {
    const path = `extraObjects[${i}]`;
    const unknown: string[] = [];
    let docs: unknown[];
    if (typeof entry === 'string') {
      const text = expand(entry, facts, unknown);
      try {
        docs = unknown.length ? [] : parseDocuments(text);
      } catch (e) {
        refuse({ path, reason: `is not valid YAML (${(e as Error).message.split('\n')[0]})`, fix: 'fix the YAML of the entry' });
        return;
      }
    } else {
      docs = [expandDeep(entry, facts, unknown)];
    }
    if (unknown.length) {
      refuse({
        path,
        reason: `uses template expressions this library does not run: ${[...new Set(unknown)].join(', ')}`,
        fix: 'write the values out in the entry (only the release name, namespace and fullname are expanded), '
          + 'or create the object in your chart with new ApiObject(...)',
      });
      return;
    }
    docs.forEach((doc, j) => {
      const where = docs.length > 1 ? `${path} (document ${j + 1})` : path;
      if (!isPlainObject(doc) || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string'
        || !isPlainObject(doc.metadata) || typeof doc.metadata.name !== 'string') {
        refuse({ path: where, reason: 'is not a Kubernetes object (apiVersion, kind and metadata.name)', fix: 'complete the object or remove it' });
        return;
      }
      out.push(doc as ExtraObject);
    });
  });
  return out;
}
