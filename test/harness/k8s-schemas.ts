/**
 * JSON schemas of the Kubernetes 1.28 core kinds.
 *
 * There is no Kubernetes OpenAPI document on the npm registry for 1.28, but cdk8s-plus-28 ships
 * the classes `cdk8s import k8s@1.28` generated from it: its jsii assembly (`.jsii`) has every
 * struct with its fields, their types and which are required, and `lib/imports/k8s.js` has the
 * wire name of every field (`ref` is `$ref`, `xKubernetesIntOrString` is
 * `x-kubernetes-int-or-string`) and the apiVersion/kind of every top-level class. This module turns
 * both into JSON schemas with `additionalProperties: false`, so an unknown or misspelled field, a
 * missing required field or a wrong type fails validation.
 *
 * Lost on the way: integer versus number (jsii has one number type) and string formats.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type JsiiType =
  | { primitive: 'string' | 'number' | 'boolean' | 'date' | 'any' | 'json' }
  | { fqn: string }
  | { collection: { kind: 'array' | 'map'; elementtype: JsiiType } }
  | { union: { types: JsiiType[] } };

interface JsiiProperty { name: string; optional?: boolean; type: JsiiType }
interface JsiiTypeDef { kind: string; name: string; namespace?: string; properties?: JsiiProperty[]; members?: Array<{ name: string }> }

export type JsonSchema = { [key: string]: unknown };

/** A Kubernetes kind with the definition name of its body in `definitions`. */
export interface CoreKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly propsDefinition: string;
}

export interface CoreSchemas {
  /** Every struct of the k8s API as a JSON schema, keyed by its cdk8s name (e.g. `DeploymentSpec`). */
  readonly definitions: Record<string, JsonSchema>;
  /** Top-level kinds keyed by `apiVersion/kind`. */
  readonly kinds: Map<string, CoreKind>;
}

const INT_OR_STRING: JsonSchema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
const QUANTITY: JsonSchema = { anyOf: [{ type: 'number' }, { type: 'string' }] };

export function ref(definition: string): JsonSchema {
  return { $ref: `#/definitions/${definition}` };
}

/** Reads cdk8s-plus-28's generated k8s 1.28 bindings and builds the schemas. */
export function loadCoreSchemas(): CoreSchemas {
  const libDir = dirname(require.resolve('cdk8s-plus-28'));
  const assembly = JSON.parse(readFileSync(join(libDir, '..', '.jsii'), 'utf8'));
  const k8sJs = readFileSync(join(libDir, 'imports', 'k8s.js'), 'utf8');

  const types = assembly.types as Record<string, JsiiTypeDef>;
  const prefix = `${assembly.name}.k8s.`;
  const wireNames = parseWireNames(k8sJs);

  const toSchema = (t: JsiiType): JsonSchema => {
    if ('primitive' in t) {
      switch (t.primitive) {
        case 'string':
        case 'date':
          return { type: 'string' };
        case 'number':
          return { type: 'number' };
        case 'boolean':
          return { type: 'boolean' };
        default:
          return {};
      }
    }
    if ('collection' in t) {
      const element = toSchema(t.collection.elementtype);
      return t.collection.kind === 'array'
        ? { type: 'array', items: element }
        : { type: 'object', additionalProperties: element };
    }
    if ('union' in t) {
      return { anyOf: t.union.types.map(toSchema) };
    }
    const def = types[t.fqn];
    if (!def) throw new Error(`k8s schema: unknown type ${t.fqn}`);
    if (def.name === 'IntOrString') return INT_OR_STRING;
    if (def.name === 'Quantity') return QUANTITY;
    if (def.kind === 'enum') return { type: 'string' };
    if (def.kind === 'interface') return ref(def.name);
    throw new Error(`k8s schema: no mapping for ${def.kind} ${t.fqn}`);
  };

  const definitions: Record<string, JsonSchema> = {};
  for (const [fqn, def] of Object.entries(types)) {
    if (!fqn.startsWith(prefix) || def.kind !== 'interface') continue;
    const names = wireNames.get(def.name);
    if (!names) throw new Error(`k8s schema: no toJson_${def.name} in k8s.js`);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const p of def.properties ?? []) {
      const wire = names.get(p.name);
      if (!wire) throw new Error(`k8s schema: no wire name for ${def.name}.${p.name}`);
      properties[wire] = toSchema(p.type);
      if (!p.optional) required.push(wire);
    }
    definitions[def.name] = { type: 'object', properties, required, additionalProperties: false };
  }

  const kinds = new Map<string, CoreKind>();
  for (const m of k8sJs.matchAll(/^(\w+)\.GVK = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)',/gm)) {
    const [, className, apiVersion, kind] = m;
    const propsDefinition = `${className}Props`;
    if (!definitions[propsDefinition]) throw new Error(`k8s schema: no ${propsDefinition} for ${apiVersion}/${kind}`);
    kinds.set(`${apiVersion}/${kind}`, { apiVersion, kind, propsDefinition });
  }
  return { definitions, kinds };
}

/** For each `toJson_<Struct>` in k8s.js: the map from jsii property name to wire name. */
function parseWireNames(k8sJs: string): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  const fn = /^function toJson_(\w+)\(obj\) \{\n([\s\S]*?)\n\}/gm;
  for (const [, struct, body] of k8sJs.matchAll(fn)) {
    const names = new Map<string, string>();
    for (const [, wire, prop] of body.matchAll(/^\s+'([^']+)': .*?\bobj\.(\w+)/gm)) {
      names.set(prop, wire);
    }
    result.set(struct, names);
  }
  return result;
}
