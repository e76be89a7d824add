/**
 * Every error and line of output the library produces in a test file, recorded by the test
 * harness (setup.ts) so that each file checks them against the message style of CONTRIBUTING.md
 * when it ends: whatever a test provokes, no message lacks its construct path.
 */

/** A message as the library threw or printed it. */
export interface LibraryMessage {
  readonly kind: 'error' | 'printed' | 'validation';
  readonly text: string;
  /** The top-level source folder that raised it (`certificates`, `install`, ...). */
  readonly domain?: string;
}

/** Folders whose messages must also end in an instruction. */
const INSTRUCTED = new Set([
  'certificates', 'checks', 'graph', 'install', 'issuers', 'monitoring', 'pki', 'private', 'stack', 'validation',
]);

/** The source folder of the first library frame of the current stack below the error helpers. */
export function callerDomain(): string | undefined {
  for (const frame of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = frame.match(/[\\/]src[\\/]([^\\/]+)[\\/](?:private[\\/])?([^\\/:]+)\.ts/);
    if (!m || /^(errors|warn)$/.test(m[2]) && m[1] === 'private') continue;
    return m[1];
  }
  return undefined;
}

const key = '__cdk8sCertManagerMessages';

/** The messages recorded in this test file so far. */
export function recorded(): LibraryMessage[] {
  const g = globalThis as Record<string, unknown>;
  g[key] ??= [];
  return g[key] as LibraryMessage[];
}

/** Records a message (called from the module mocks in setup.ts). */
export function record(kind: LibraryMessage['kind'], text: string): void {
  recorded().push({ kind, text, domain: callerDomain() });
}

const PATH = /^\[(?!\])[^\]\s][^\]]*\] \S/;
const RULE_LINE = /^\[CM-[A-Z]+[0-9]+\] \[(?!\])[^\]]+\] \S/;
const PRINTED = /^\[(WARNING|SUPPRESSED|CHECKS OFF)\] /;

/** What is wrong with one recorded message, or undefined when it follows the style. */
export function styleProblem(m: LibraryMessage): string | undefined {
  const lines = m.kind === 'validation'
    ? m.text.split('\n').slice(1).map((l) => l.trim())
    : [m.kind === 'printed' ? m.text.replace(PRINTED, '') : m.text];
  for (const line of lines) {
    if (line.startsWith('[]') || line.includes('[] ')) return `"${line}" has an empty construct path`;
    if (!PATH.test(line) && !RULE_LINE.test(line)) return `"${line}" does not start with its construct path ([path] or [RULE] [path])`;
    if (/ {2}/.test(line.replace(/^\s+/, ''))) return `"${line}" has a double space (an empty value in the text)`;
    if (INSTRUCTED.has(m.domain ?? '') && !hasInstruction(line)) return `"${line}" (from src/${m.domain}) says what is wrong but not what to do`;
  }
  return undefined;
}

/** Verbs a fix starts with (CONTRIBUTING.md, "Messages"). */
const FIX_VERBS = [
  'add', 'annotate', 'append', 'call', 'change', 'check', 'combine', 'create', 'declare', 'drop', 'enable', 'fix', 'give', 'keep',
  'label', 'leave', 'list', 'lower', 'mark', 'mount', 'move', 'name', 'pass', 'point', 'probe', 'put', 'raise', 'reference', 'remove',
  'rename', 'restrict', 'run', 'say', 'select', 'serve', 'set', 'shorten', 'split', 'start', 'suppress', 'terminate', 'turn', 'use',
  'widen', 'wire', 'write',
];

/** Whether a fix (or the clause after the last "; " of a message) is an instruction. */
export function isInstruction(fix: string): boolean {
  return new RegExp(`^(or |if [^,]+, |so )?(${FIX_VERBS.join('|')})\\b`).test(fix);
}

/** Whether a message has an instruction in one of its clauses after the first ("; ", ": " or ". " separated). */
export function hasInstruction(message: string): boolean {
  return message.split(/; |: |\. |, (?=so )/).slice(1).some((clause) => isInstruction(clause.trim().replace(/^[A-Z]/, (c) => c.toLowerCase())));
}
