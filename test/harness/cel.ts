/**
 * Evaluates CEL expressions (ValidatingAdmissionPolicy validations) the way the API server would,
 * with the `@marcbachmann/cel-js` implementation. It is an ES module, which jest's CommonJS
 * runtime cannot load, so the expressions run in one child `node` process per call.
 */
import { spawnSync } from 'node:child_process';

/** One evaluation: the expression and its variables (`object`, `request`, ...). */
export interface CelCase {
  readonly expression: string;
  readonly variables: Record<string, unknown>;
}

const SCRIPT = `
import { evaluate } from '@marcbachmann/cel-js';
let input = '';
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(({ expression, variables }) => {
    try { return { value: evaluate(expression, variables) }; } catch (e) { return { error: String(e.message ?? e) }; }
  });
  process.stdout.write(JSON.stringify(out));
});
`;

/** The value of each expression, or an Error for one that does not evaluate. */
export function evaluateCel(cases: CelCase[]): Array<unknown | Error> {
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    input: JSON.stringify(cases), encoding: 'utf8', cwd: __dirname,
  });
  if (res.status !== 0) throw new Error(`CEL evaluation failed: ${res.stderr}`);
  return (JSON.parse(res.stdout) as Array<{ value?: unknown; error?: string }>).map((r) => (r.error !== undefined ? new Error(r.error) : r.value));
}
