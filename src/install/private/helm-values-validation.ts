import { HelmValuesSchema, isPlainObject, resolveNode, rootNode, SchemaNode } from './helm-schema';

/** One offending key of a values file: where, why, and what to do instead. */
export interface ValuesProblem {
  /** Key path as written in the file, e.g. `webhook.podDisruptionBudget.enabled` or `extraArgs[2]`. */
  readonly path: string;
  readonly reason: string;
  readonly fix: string;
}

/**
 * Every problem of a values file against the chart's values schema: keys the chart does not
 * have, values of the wrong type, values outside an enum, missing required keys. Empty when the
 * file is valid.
 *
 * Stricter than helm in one place: helm accepts unknown keys under `global` (they are meant for
 * subcharts), but the cert-manager chart has no subcharts, so nothing would read them.
 *
 * `null` is accepted for every key the chart has: in Helm it removes the chart's default.
 */
export function helmValuesProblems(schema: HelmValuesSchema, values: unknown, chartVersion: string): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  const root = rootNode(schema);
  if (!isPlainObject(values)) {
    return [{
      path: '(file)',
      reason: `a values file is a map of keys, got ${describe(values)}`,
      fix: 'pass the parsed values file, e.g. yaml.parse(readFileSync("values.yaml", "utf8"))',
    }];
  }
  const known = knownKeys(schema);
  const visit = (node: SchemaNode, value: unknown, path: string, key: string) => {
    const n = resolveNode(schema, node);
    if (value === null) return;
    const types = n.type === undefined ? undefined : ([] as string[]).concat(n.type);
    if (types && !types.some((t) => hasType(value, t))) {
      problems.push({ path, reason: `expected ${types.join(' or ')}, got ${describe(value)}`, fix: typeFix(types, value, n.default) });
      return;
    }
    if (n.enum && !n.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      problems.push({
        path,
        reason: `${describe(value)} is not one of the values the chart accepts`,
        fix: `use one of ${n.enum.map((e) => JSON.stringify(e)).join(', ')}`,
      });
      return;
    }
    if (isPlainObject(value)) {
      for (const required of n.required ?? []) {
        if (!(required in value)) {
          problems.push({ path: join(path, required), reason: 'is required here by the chart', fix: `add ${join(path, required)}` });
        }
      }
      for (const [k, v] of Object.entries(value)) {
        const child = n.properties?.[k];
        if (child) {
          visit(child, v, join(path, k), k);
        } else if (isPlainObject(n.additionalProperties)) {
          visit(n.additionalProperties as SchemaNode, v, join(path, k), k);
        } else if (n.properties || n.additionalProperties === false) {
          // A map the chart declares key by key (also `global`, see above): the key is unknown.
          problems.push(unknownKey(join(path, k), k, Object.keys(n.properties ?? {}), known, chartVersion));
        }
        // Otherwise a free-form map (labels, annotations, a config file): any key is data.
      }
    }
    if (Array.isArray(value) && n.items) {
      value.forEach((item, i) => visit(n.items!, item, `${path}[${i}]`, key));
    }
  };
  visit(root, values, '', '');
  const topLevel = Object.keys(values);
  const unknownTop = topLevel.filter((k) => !root.properties?.[k]);
  if (topLevel.length >= 2 && unknownTop.length * 2 > topLevel.length) {
    problems.unshift({
      path: '(file)',
      reason: `${unknownTop.length} of its ${topLevel.length} top-level keys are not values of the cert-manager chart `
        + `(${unknownTop.join(', ')}): this looks like the values file of another chart`,
      fix: `pass the values file of your cert-manager release (chart ${chartVersion})`,
    });
  }
  return problems;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isPlainObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'null': return value === null;
    default: throw new Error(`values schema: unsupported type "${type}"`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (isPlainObject(value)) return `a map (${JSON.stringify(value).slice(0, 60)})`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function typeFix(types: string[], value: unknown, example: unknown): string {
  const want = types[0];
  const e = example === undefined || example === null || (typeof example === 'object' && Object.keys(example).length === 0)
    ? '' : `, e.g. ${JSON.stringify(example)} (the chart's default)`;
  if (want === 'boolean' && (value === 'true' || value === 'false')) return `write ${value} without quotes`;
  if ((want === 'number' || want === 'integer') && typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value))) {
    return `write ${value} without quotes`;
  }
  if (want === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `quote it ("${value}"): YAML reads an unquoted ${value} as a ${typeof value}`;
  }
  if (want === 'array' && !Array.isArray(value)) return `write a list${e}`;
  if (want === 'object') return `write a map of keys${e}`;
  return `write a ${want}${e}`;
}

/** Every key name the schema has, with the paths it has it at. */
function knownKeys(schema: HelmValuesSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: SchemaNode, path: string, depth: number) => {
    const n = resolveNode(schema, node);
    if (depth > 8) return;
    for (const [k, child] of Object.entries(n.properties ?? {})) {
      const p = join(path, k);
      out.set(k, [...(out.get(k) ?? []), p]);
      walk(child, p, depth + 1);
    }
  };
  walk({ $ref: schema.$ref }, '', 0);
  return out;
}

function unknownKey(path: string, key: string, siblings: string[], known: Map<string, string[]>, chartVersion: string): ValuesProblem {
  const reason = `not a value of the cert-manager chart ${chartVersion} (perhaps of another chart or chart version)`;
  const close = siblings
    .map((s) => ({ s, d: s.toLowerCase() === key.toLowerCase() ? 0 : editDistance(s.toLowerCase(), key.toLowerCase()) }))
    // `replicas` for `replicaCount`: most of the key is the start of a sibling
    .map(({ s, d }) => ({ s, d: key.length >= 4 && commonPrefix(s.toLowerCase(), key.toLowerCase()) >= key.length - 1 ? Math.min(d, 1) : d }))
    .filter(({ d }) => d <= Math.max(1, Math.min(3, Math.floor(key.length / 4))))
    .sort((a, b) => a.d - b.d);
  const prefix = path.slice(0, path.length - key.length);
  if (close.length) return { path, reason, fix: `did you mean ${prefix}${close[0].s}?` };
  const elsewhere = (known.get(key) ?? []).filter((p) => p !== path);
  if (elsewhere.length) {
    return { path, reason, fix: `the chart has ${key} at ${elsewhere.slice(0, 3).join(', ')}; move it there or remove it` };
  }
  return {
    path,
    reason,
    fix: siblings.length
      ? `remove it; the keys at ${prefix ? prefix.slice(0, -1) : 'the top level'} are ${abbreviate(siblings)}`
      : 'remove it',
  };
}

function abbreviate(keys: string[]): string {
  const sorted = [...keys].sort();
  return sorted.length > 12 ? `${sorted.slice(0, 12).join(', ')}, ... (${sorted.length} in all)` : sorted.join(', ');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
