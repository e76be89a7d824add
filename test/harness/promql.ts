/**
 * The metric names a PromQL expression reads, without a PromQL parser: strings, label matchers,
 * range selectors and label lists (`by`, `without`, `on`, `ignoring`, `group_left`,
 * `group_right`) are removed first; of the identifiers left, those followed by `(` are functions
 * or aggregations, and keywords are dropped. `{__name__="x"}` counts as metric `x`.
 *
 * Enough for the expressions this library writes; promtool proves they parse.
 */

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'atan2', 'inf', 'nan', 'start', 'end',
]);

/** Every metric name `expr` reads, sorted and unique. */
export function metricNames(expr: string): string[] {
  const names = new Set<string>();
  // {__name__="x"} selects metric x
  for (const m of expr.matchAll(/__name__\s*=\s*"([^"]*)"/g)) names.add(m[1]);
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // strings (label values, Grafana variables)
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery selectors
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  for (const m of stripped.matchAll(/(?<![\w.:$])[A-Za-z_:][\w:]*/g)) {
    const word = m[0];
    const rest = stripped.slice(m.index! + word.length);
    if (KEYWORDS.has(word.toLowerCase()) || /^\s*\(/.test(rest)) continue;
    names.add(word);
  }
  return [...names].sort();
}

/** The metric names `expr` reads that are not in `allowed`. */
export function unknownMetrics(expr: string, allowed: readonly string[]): string[] {
  return metricNames(expr).filter((name) => !allowed.includes(name));
}
