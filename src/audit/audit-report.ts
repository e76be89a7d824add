import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AuditFinding, AuditResult, RULES_NOT_JUDGED } from './manifest-audit';
import { InputProblem, STDIN } from './manifest-source';
import { FindingSeverity } from '../checks/finding';
import { RULES } from '../checks/rules/all-rules';

/** The output formats of the command. */
export type ReportFormat = 'text' | 'json' | 'sarif';

/** Counts of a result, for the summary line and the exit code. */
export interface AuditSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

export function summarize(result: AuditResult): AuditSummary {
  const open = result.findings.filter((f) => f.suppressedReason === undefined);
  return {
    errors: open.filter((f) => f.severity === FindingSeverity.ERROR).length,
    warnings: open.filter((f) => f.severity === FindingSeverity.WARNING).length,
    suppressed: result.findings.length - open.length,
  };
}

/** `file:line` of a problem or finding. */
export function where(p: { file: string; line?: number }): string {
  return p.line === undefined ? p.file : `${p.file}:${p.line}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The ignored kinds, most frequent first: `ConfigMap (v1) ×3, Service (v1)`. */
function ignoredList(result: AuditResult): string {
  return [...result.ignored.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => (n === 1 ? k : `${k} ×${n}`)).join(', ');
}

/** Human-readable report: one block per finding, then a summary. */
export function textReport(result: AuditResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const label = f.suppressedReason !== undefined ? 'suppressed' : f.severity;
    lines.push(`${label} ${f.ruleId} ${f.object} (${where(f)})`);
    lines.push(`  ${f.message}`);
    if (f.suppressedReason !== undefined) lines.push(`  suppressed at ${f.suppressedAt}: ${f.suppressedReason}`);
  }
  const s = summarize(result);
  const ignored = result.ignored.size === 0 ? '' : `; ignored ${plural([...result.ignored.values()].reduce((a, b) => a + b, 0), 'object')} of kinds the checks do not read: ${ignoredList(result)}`;
  const skipped = result.skippedDocuments.length === 0 ? '' : `; skipped ${plural(result.skippedDocuments.length, 'document')} that are not Kubernetes objects`;
  if (lines.length > 0) lines.push('');
  lines.push(`${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.suppressed} suppressed in ${plural(result.objects, 'object')} `
    + `from ${plural(result.files, 'file')}${ignored}${skipped}.`);
  lines.push(`Not judged on manifests: ${Object.entries(RULES_NOT_JUDGED).map(([id, why]) => `${id} (${why})`).join('; ')}.`);
  for (const note of result.notes) lines.push(`Note: ${note}.`);
  return `${lines.join('\n')}\n`;
}

/** Problems with the input, one line each, for stderr. */
export function problemLines(problems: readonly InputProblem[]): string {
  return problems.map((p) => `error: ${where(p)}: ${p.message}\n`).join('');
}

/** The report as JSON: findings, problems and counts. */
export function jsonReport(result: AuditResult): string {
  return `${JSON.stringify({
    summary: {
      ...summarize(result),
      files: result.files,
      objects: result.objects,
      ignored: Object.fromEntries(result.ignored),
      skippedDocuments: result.skippedDocuments.length,
    },
    findings: result.findings.map((f) => ({ ...f })),
    problems: result.problems,
    notJudged: RULES_NOT_JUDGED,
    notes: result.notes,
  }, null, 2)}\n`;
}

/** The file as a SARIF artifact URI: relative to the working folder when below it, else a file: URI. */
function uri(file: string, cwd: string): string {
  if (file === STDIN) return 'stdin';
  const rel = relative(cwd, resolve(cwd, file));
  if (rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(resolve(cwd, file)).href;
  return encodeURI(rel.split(sep).join('/'));
}

const LEVEL: Record<FindingSeverity, string> = { [FindingSeverity.ERROR]: 'error', [FindingSeverity.WARNING]: 'warning' };

/**
 * The report as SARIF 2.1.0, for code-scanning UIs: one run, every rule of the pack in the
 * driver, suppressed findings with an in-source suppression carrying the reason, and input
 * problems as tool notifications.
 */
export function sarifReport(result: AuditResult, version: string, cwd: string): string {
  const rules = RULES.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    fullDescription: { text: r.explanation },
    help: { text: r.explanation },
    defaultConfiguration: { level: LEVEL[r.severity], enabled: RULES_NOT_JUDGED[r.id] === undefined },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (f: { file: string; line?: number }) => ({
    physicalLocation: {
      artifactLocation: { uri: uri(f.file, cwd) },
      ...(f.line === undefined ? {} : { region: { startLine: f.line } }),
    },
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-cert-manager',
          version,
          informationUri: 'https://github.com/cdk8s-cert-manager/cdk8s-cert-manager',
          rules,
        },
      },
      invocations: [{
        executionSuccessful: result.problems.length === 0,
        toolExecutionNotifications: result.problems.map((p) => ({ level: 'error', message: { text: p.message }, locations: [location(p)] })),
      }],
      results: result.findings.map((f: AuditFinding) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ ...location(f), logicalLocations: [{ fullyQualifiedName: f.object, kind: 'resource' }] }],
        ...(f.suppressedReason === undefined ? {} : {
          suppressions: [{ kind: 'inSource', status: 'accepted', justification: `${f.suppressedReason} (at ${f.suppressedAt})` }],
        }),
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
