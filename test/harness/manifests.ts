/**
 * Synthesize a chart and look objects up by kind and name (never by array index).
 */
import { Chart, Testing } from 'cdk8s';
import { podSecurityViolations } from './pod-security';
import { KubeObject, label, schemaErrors } from './validate';

/** The objects of one synthesis, with lookups that fail with a message listing what exists. */
export class Manifests {
  constructor(public readonly objects: KubeObject[]) {}

  /** The one object of this kind and name (and namespace, when given). */
  public get(kind: string, name: string, namespace?: string): KubeObject {
    const hits = this.objects.filter((o) => o.kind === kind && o.metadata?.name === name
      && (namespace === undefined || o.metadata?.namespace === namespace));
    if (hits.length === 1) return hits[0];
    const same = this.all(kind).map(label);
    const where = namespace === undefined ? '' : ` in namespace ${namespace}`;
    throw new Error(hits.length === 0
      ? `no ${kind} named ${name}${where}; ${kind} objects: ${same.length ? same.join(', ') : 'none'}`
      : `${hits.length} ${kind} objects named ${name}${where}; pass a namespace`);
  }

  /** The object of this kind and name, or undefined. */
  public tryGet(kind: string, name: string, namespace?: string): KubeObject | undefined {
    return this.objects.find((o) => o.kind === kind && o.metadata?.name === name
      && (namespace === undefined || o.metadata?.namespace === namespace));
  }

  /** Every object of this kind, in synthesis order. */
  public all(kind: string): KubeObject[] {
    return this.objects.filter((o) => o.kind === kind);
  }

  /** `Kind namespace/name` of every object, sorted: a compact summary for assertions. */
  public labels(): string[] {
    return this.objects.map(label).sort();
  }
}

/** Synthesizes a chart (validating every object, see setup.ts) and wraps the result. */
export function synth(chart: Chart): Manifests {
  return new Manifests(Testing.synth(chart) as KubeObject[]);
}

/**
 * Every schema and Pod Security problem of these objects, one line each, prefixed with the object.
 * Empty when all are valid.
 */
export function problems(objects: KubeObject[], options: { podSecurity?: boolean } = {}): string[] {
  return objects.flatMap((o) => [
    ...schemaErrors(o),
    ...(options.podSecurity === false ? [] : podSecurityViolations(o)),
  ].map((p) => `${label(o)}: ${p}`));
}

/** Throws one error listing every problem of these objects. */
export function assertValid(objects: KubeObject[], options: { podSecurity?: boolean } = {}): void {
  const found = problems(objects, options);
  if (found.length > 0) {
    throw new Error(`${found.length} invalid field(s) in synthesized objects:\n  ${found.join('\n  ')}`);
  }
}
