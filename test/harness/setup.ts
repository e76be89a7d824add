/**
 * Loaded by jest before every test file (jest `setupFilesAfterEnv`).
 *
 * Makes `Testing.synth` run the app's construct validations (as `app.synth()` does) and validate
 * what it returns: every object against its schema, every pod
 * template against the restricted Pod Security Standard. So an invalid object fails the very test
 * that produced it, whether the test calls `synth()` from manifests.ts or `Testing.synth` directly.
 *
 * A test that must synthesize a non-compliant pod on purpose (for example a user workload in a
 * lint-rule test) wraps the call in `withoutPodSecurityCheck`. Schema validation cannot be turned off.
 */
import { Chart, Testing } from 'cdk8s';
import { assertValid } from './manifests';
import { recorded, styleProblem } from './messages';
import { KubeObject } from './validate';

// Every error and printed line of the library is recorded (messages.ts) and checked when the
// test file ends: each names a construct path, none starts with an empty one.
jest.mock('../../src/private/errors', () => {
  const actual = jest.requireActual('../../src/private/errors');
  const { record } = jest.requireActual('./messages');
  const recording = (kind: string, fn: (...args: any[]) => never) => (...args: any[]): never => {
    try {
      return fn(...args);
    } catch (e) {
      record(kind, (e as Error).message);
      throw e;
    }
  };
  return { ...actual, fail: recording('error', actual.fail), failValidation: recording('validation', actual.failValidation) };
});
jest.mock('../../src/private/warn', () => {
  const actual = jest.requireActual('../../src/private/warn');
  const { record } = jest.requireActual('./messages');
  // warn() calls the module's own print, so recording print covers both.
  return {
    ...actual,
    print: (line: string) => {
      record('printed', line);
      actual.print(line);
    },
    warn: (scope: any, message: string) => {
      record('printed', `[WARNING] [${jest.requireActual('../../src/private/errors').pathOf(scope)}] ${message}`);
      actual.warn(scope, message);
    },
  };
});

afterAll(() => {
  const problems = recorded().map(styleProblem).filter((p) => p !== undefined);
  expect(problems).toEqual([]);
});

let podSecurity = true;

const original = Testing.synth.bind(Testing);
Testing.synth = (chart) => {
  runValidations(chart);
  const objects = original(chart);
  assertValid(objects as KubeObject[], { podSecurity });
  return objects;
};

/**
 * Runs every construct validation of the chart's app, as `app.synth()` does before writing files
 * (plain `Testing.synth` skips them), so checks attached with `addValidation` fail tests too.
 */
function runValidations(chart: Chart): void {
  const errors: string[] = [];
  for (const c of chart.node.root.node.findAll()) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/** Runs `fn` with the Pod Security check off (schema validation stays on). */
export function withoutPodSecurityCheck<T>(fn: () => T): T {
  podSecurity = false;
  try {
    return fn();
  } finally {
    podSecurity = true;
  }
}
