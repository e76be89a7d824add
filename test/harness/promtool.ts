/**
 * Runs `promtool check rules` and `promtool test rules` on the PrometheusRules of a synthesis.
 * promtool comes from Debian's `prometheus` package (.ci/run installs it); set PROMTOOL to use
 * another binary. A PrometheusRule's `.spec` is a Prometheus rules file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { KubeObject } from './validate';

/** One `promtool test rules` case, in promtool's own (snake_case) format. */
export interface PromtoolTestCase {
  readonly name?: string;
  readonly interval: string;
  readonly input_series: Array<{ series: string; values: string }>;
  readonly alert_rule_test?: Array<{
    eval_time: string;
    alertname: string;
    exp_alerts: Array<{ exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }>;
  }>;
  readonly promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels?: string; value: number }> }>;
}

export function promtoolBinary(): string {
  const bin = process.env.PROMTOOL ?? 'promtool';
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`promtool not found (${bin}); install it with \`apt-get install -y --no-install-recommends prometheus\` or set PROMTOOL`);
  }
  return bin;
}

function ruleFiles(dir: string, objects: KubeObject[]): string[] {
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');
  if (rules.length === 0) throw new Error('no PrometheusRule among the synthesized objects');
  return rules.map((o) => {
    const file = join(dir, `${o.metadata?.namespace ?? 'default'}_${o.metadata?.name}.rules.yaml`);
    writeFileSync(file, stringify(o.spec));
    return file;
  });
}

function run(args: string[], cwd: string): string {
  const res = spawnSync(promtoolBinary(), args, { cwd, encoding: 'utf8' });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  if (res.status !== 0) {
    throw new Error(`promtool ${args[0]} ${args[1]} failed:\n${output}`);
  }
  return output;
}

function inTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `promtool check rules` on every PrometheusRule; throws with promtool's output when one fails. */
export function checkRules(objects: KubeObject[]): string {
  return inTempDir((dir) => run(['check', 'rules', ...ruleFiles(dir, objects)], dir));
}

/**
 * `promtool test rules` with the given cases against every PrometheusRule; throws with promtool's
 * output when a case fails (an alert that should fire does not, or one that should stay quiet fires).
 */
export function testRules(objects: KubeObject[], tests: PromtoolTestCase[], evaluationInterval = '1m'): string {
  return inTempDir((dir) => {
    const files = ruleFiles(dir, objects);
    const testFile = join(dir, 'tests.yaml');
    writeFileSync(testFile, stringify({ rule_files: files, evaluation_interval: evaluationInterval, tests }));
    return run(['test', 'rules', testFile], dir);
  });
}

/** An alerting rule as synthesized: its static labels and annotation templates. */
export interface RenderedAlertRule {
  readonly alert: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * One alert as promtool reports it when `rule` fires for a series with `labels`: the rule's own
 * labels (severity) plus the series' labels, and the annotations with `{{ $labels.x }}` filled in.
 */
export function expectedAlert(rule: RenderedAlertRule, labels: Record<string, string>) {
  const fill = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k) => labels[k] ?? '');
  return {
    exp_labels: { ...rule.labels, ...labels },
    exp_annotations: Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, fill(v)])),
  };
}
