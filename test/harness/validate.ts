/**
 * Strict schema validation of synthesized objects.
 *
 * - Core kinds: Kubernetes 1.28 (see k8s-schemas.ts), plus the few newer fields listed in
 *   NEWER_THAN_1_28 that the library emits on purpose (our supported range starts at 1.31).
 * - Custom resources: the pinned CRDs' openAPIV3Schema (test/fixtures/crd-schemas.json, written by
 *   `npx projen import`), with unknown fields rejected wherever a schema lists its properties and
 *   does not say `x-kubernetes-preserve-unknown-fields`, and `metadata` checked as ObjectMeta.
 * - An object whose apiVersion/kind has no schema is an error: add its CRD to projenrc/sources.ts.
 *
 * CEL rules (`x-kubernetes-validations`) and string formats are not evaluated.
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { JsonSchema, loadCoreSchemas } from './k8s-schemas';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crdFixture = require('../fixtures/crd-schemas.json') as {
  schemas: Array<{ apiVersion: string; kind: string; scope: string; schema: JsonSchema }>;
};

/** A synthesized Kubernetes object. */
export type KubeObject = { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string; [k: string]: any }; [k: string]: any };

/**
 * Fields newer than Kubernetes 1.28 that the library emits on purpose, with the release that
 * added them. Keep this list short and explicit.
 */
const NEWER_THAN_1_28: Array<{ definition: string; field: string; since: string; schema: JsonSchema }> = [
  {
    // The cert-manager v1.21 CRDs declare selectable fields (beta in 1.31, GA in 1.32).
    definition: 'CustomResourceDefinitionVersion',
    field: 'selectableFields',
    since: '1.31',
    schema: {
      type: 'array',
      items: { type: 'object', properties: { jsonPath: { type: 'string' } }, required: ['jsonPath'], additionalProperties: false },
    },
  },
];

/**
 * Kinds that went GA after 1.28 with the schema of their 1.28 beta, validated against it:
 * ValidatingAdmissionPolicy and its binding (admissionregistration.k8s.io/v1 since 1.30).
 */
const GA_AFTER_1_28: Record<string, string> = {
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': 'admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': 'admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicyBinding',
};

const CORE_ID = 'k8s-1.28';

/** Core kinds without a namespace (plus CRD kinds whose scope is Cluster, from the fixture). */
const CLUSTER_SCOPED_CORE = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'PriorityClass', 'StorageClass', 'IngressClass', 'APIService', 'CSIDriver',
  'CSINode', 'CertificateSigningRequest', 'RuntimeClass', 'VolumeAttachment', 'FlowSchema', 'PriorityLevelConfiguration',
]);

/**
 * CRD patterns are Go (RE2) regular expressions. The one RE2 construct the pinned CRDs use that
 * JavaScript lacks is a leading case-insensitive flag group `(?i)`; it becomes the `i` flag.
 */
const goRegExp = Object.assign((pattern: string, flags: string) => {
  const m = /^(\^?)\(\?i\)/.exec(pattern);
  return m ? new RegExp(m[1] + pattern.slice(m[0].length), `${flags}i`) : new RegExp(pattern, flags);
}, { code: 'new RegExp' });

class Validator {
  private readonly ajv = new Ajv({
    allErrors: true,
    verbose: true, // report the offending value
    strict: false, // the CRDs carry x-kubernetes-* keywords
    validateFormats: false,
    logger: false,
    code: { regExp: goRegExp },
  });
  private readonly coreKinds: Map<string, { apiVersion: string; kind: string; propsDefinition: string }>;
  private readonly coreDefinitions: Record<string, JsonSchema>;
  private readonly crdSchemas = new Map<string, JsonSchema>();
  private readonly clusterScopedCrds = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    const core = loadCoreSchemas();
    for (const extra of NEWER_THAN_1_28) {
      const def = core.definitions[extra.definition] as { properties: Record<string, JsonSchema> };
      def.properties[extra.field] = extra.schema;
    }
    this.ajv.addSchema({ $id: CORE_ID, definitions: core.definitions });
    this.coreKinds = core.kinds;
    this.coreDefinitions = core.definitions;
    for (const { apiVersion, kind, schema, scope } of crdFixture.schemas) {
      this.crdSchemas.set(`${apiVersion}/${kind}`, schema);
      if (scope === 'Cluster') this.clusterScopedCrds.add(`${apiVersion}/${kind}`);
    }
  }

  /** Every problem of one object, as `path: message` lines. Empty when valid. */
  public errors(obj: KubeObject): string[] {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const validate = this.validatorFor(key);
    if (!validate) {
      return [`no schema for ${key}: the harness knows Kubernetes 1.28 kinds and the CRDs pinned in projenrc/sources.ts`];
    }
    // cdk8s stamps a chart's namespace on every object; the API server has no namespace for these.
    const scopeErrors = obj.metadata?.namespace !== undefined && (CLUSTER_SCOPED_CORE.has(obj.kind) || this.clusterScopedCrds.has(key))
      ? [`metadata.namespace: ${obj.kind} is cluster-scoped and must not have a namespace, got ${JSON.stringify(obj.metadata.namespace)}`]
      : [];
    if (validate(obj)) return scopeErrors;
    // Branch errors inside an anyOf (e.g. "must be integer", "must be string" for int-or-string)
    // are summed up by the anyOf error itself.
    return [...scopeErrors, ...dedupe((validate.errors ?? []).filter((e) => !e.schemaPath.includes('/anyOf/')).map(describe))];
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    let fn = this.compiled.get(key);
    if (fn) return fn;
    const crd = this.crdSchemas.get(key);
    const core = this.coreKinds.get(key) ?? this.coreKinds.get(GA_AFTER_1_28[key]);
    let schema: JsonSchema;
    if (crd) {
      schema = crdRoot(crd);
    } else if (core) {
      const [apiVersion, kind] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
      schema = coreRoot(apiVersion, kind, this.coreDefinitions[core.propsDefinition]);
    } else {
      return undefined;
    }
    fn = this.ajv.compile(schema);
    this.compiled.set(key, fn);
    return fn;
  }
}

/** A core kind: the fields of its props struct plus exactly this apiVersion and kind. */
function coreRoot(apiVersion: string, kind: string, props: JsonSchema): JsonSchema {
  const body = JSON.parse(JSON.stringify(props).replace(/"#\/definitions\//g, `"${CORE_ID}#/definitions/`));
  return {
    ...body,
    properties: { apiVersion: { const: apiVersion }, kind: { const: kind }, ...body.properties },
    required: ['apiVersion', 'kind', ...body.required],
  };
}

/** Root of a CRD schema: metadata is ObjectMeta, apiVersion/kind required, unknown fields rejected. */
function crdRoot(schema: JsonSchema): JsonSchema {
  const root = tighten(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return {
    ...root,
    properties: { ...root.properties, metadata: { $ref: `${CORE_ID}#/definitions/ObjectMeta` } },
    required: [...new Set([...(root.required ?? []), 'apiVersion', 'kind'])],
    additionalProperties: false,
  };
}

/** OpenAPI structural schema → ajv: int-or-string, nullable, unknown fields rejected. */
function tighten(schema: JsonSchema): JsonSchema {
  const s: JsonSchema = { ...schema };
  if (s['x-kubernetes-int-or-string']) {
    delete s.type;
    if (!s.anyOf) s.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s.nullable && typeof s.type === 'string') {
    s.type = [s.type, 'null'];
  }
  if (s.properties) {
    s.properties = Object.fromEntries(Object.entries(s.properties as Record<string, JsonSchema>).map(([k, v]) => [k, tighten(v)]));
    if (s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) {
      s.additionalProperties = false;
    }
  }
  if (s.items && typeof s.items === 'object') s.items = tighten(s.items as JsonSchema);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    s.additionalProperties = tighten(s.additionalProperties as JsonSchema);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(s[k])) s[k] = (s[k] as JsonSchema[]).map(tighten);
  }
  return s;
}

function describe(e: ErrorObject): string {
  const path = toPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties':
      return `${path}: unknown field "${(e.params as any).additionalProperty}"`;
    case 'required':
      return `${path}: missing required field "${(e.params as any).missingProperty}"`;
    case 'type':
      return `${path}: must be ${(e.params as any).type}, got ${JSON.stringify(e.data)}`;
    case 'enum':
      return `${path}: must be one of ${JSON.stringify((e.params as any).allowedValues)}, got ${JSON.stringify(e.data)}`;
    case 'anyOf':
      return `${path}: has the wrong type or shape, got ${JSON.stringify(e.data)}`;
    case 'const':
      return `${path}: must be ${JSON.stringify((e.params as any).allowedValue)}, got ${JSON.stringify(e.data)}`;
    default:
      return `${path}: ${e.message}${e.data !== undefined && typeof e.data !== 'object' ? `, got ${JSON.stringify(e.data)}` : ''}`;
  }
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image` */
function toPath(pointer: string): string {
  if (!pointer) return '(root)';
  return pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}

let validator: Validator | undefined;

/** Problems of one object (empty when valid). */
export function schemaErrors(obj: KubeObject): string[] {
  validator ??= new Validator();
  return validator.errors(obj);
}

/** `Kind namespace/name` for messages. */
export function label(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name ?? '(unnamed)'}`;
}
