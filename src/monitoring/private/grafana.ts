import { createHash } from 'node:crypto';

/** Grafana dashboard uids: at most 40 letters, digits, `-` and `_`. */
const UID_MAX = 40;

/**
 * A fixed Grafana uid derived from an object name: the name with dots turned into dashes, or, when
 * that is longer than 40 characters, its first 31 characters, a dash and 8 hex digits of its hash.
 * The same name always gives the same uid, so links to the dashboard survive re-synthesis.
 */
export function grafanaUid(name: string): string {
  const plain = name.replace(/\./g, '-');
  if (plain.length <= UID_MAX) return plain;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${plain.slice(0, UID_MAX - 9)}-${hash}`;
}

/** The value with the keys of every object sorted, arrays kept in order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Pretty-printed JSON with sorted keys and a final newline: the same input always gives the same text. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
