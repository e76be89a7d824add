import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A node of the chart's values schema (JSON Schema draft 7). The chart's schema uses only the
 * keywords below; `SUPPORTED_KEYWORDS` lists them, and a test fails when the pinned schema uses
 * another, so a chart bump cannot add a rule the validator would skip silently.
 */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly enum?: unknown[];
  readonly properties?: { [key: string]: SchemaNode };
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly required?: string[];
  readonly default?: unknown;
  readonly description?: string;
}

/** The keywords the validator understands (annotations such as `description` included). */
export const SUPPORTED_KEYWORDS = [
  '$ref', '$defs', '$schema', 'type', 'enum', 'properties', 'additionalProperties', 'items', 'required', 'default', 'description',
];

/** The chart's values schema: its definitions and root reference. */
export interface HelmValuesSchema {
  readonly $ref: string;
  readonly $defs: { [name: string]: SchemaNode };
}

let cache: HelmValuesSchema | undefined;

/**
 * The pinned chart's values.schema.json (assets/helm, written by `npx projen helm-schema`),
 * parsed once per process. Callers must not modify it.
 */
export function helmValuesSchema(): HelmValuesSchema {
  cache ??= JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'assets', 'helm', 'cert-manager.values.schema.json'), 'utf8'));
  return cache!;
}

/** The node a `#/$defs/<name>` reference points at, following references; the node itself otherwise. */
export function resolveNode(schema: HelmValuesSchema, node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref !== undefined; hops++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : schema.$defs[name];
    if (!target || hops > 32) throw new Error(`values schema: unresolvable reference ${current.$ref}`);
    current = target;
  }
  return current;
}

/** The root node of the schema (the whole values file). */
export function rootNode(schema: HelmValuesSchema): SchemaNode {
  return resolveNode(schema, { $ref: schema.$ref });
}

/**
 * The chart's default values, built from the `default` of every schema node (the chart's
 * values.yaml, which the schema's defaults repeat leaf by leaf). A fresh copy on every call.
 */
export function chartDefaults(schema: HelmValuesSchema = helmValuesSchema()): { [key: string]: unknown } {
  const build = (given: SchemaNode): unknown => {
    const node = resolveNode(schema, given);
    if (node.properties) {
      const out: { [key: string]: unknown } = isPlainObject(node.default) ? copy(node.default) : {};
      for (const [key, child] of Object.entries(node.properties)) {
        const value = build(child);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    return node.default === undefined ? undefined : copy(node.default);
  };
  return build({ $ref: schema.$ref }) as { [key: string]: unknown };
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of JSON data. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
