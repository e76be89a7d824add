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
import { KubeObject } from './validate';

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
