/**
 * Loaded by jest before every test file (jest `setupFilesAfterEnv`).
 *
 * Makes `Testing.synth` validate what it returns: every object against its schema, every pod
 * template against the restricted Pod Security Standard. So an invalid object fails the very test
 * that produced it, whether the test calls `synth()` from manifests.ts or `Testing.synth` directly.
 *
 * A test that must synthesize a non-compliant pod on purpose (for example a user workload in a
 * lint-rule test) wraps the call in `withoutPodSecurityCheck`. Schema validation cannot be turned off.
 */
import { Testing } from 'cdk8s';
import { assertValid } from './manifests';
import { KubeObject } from './validate';

let podSecurity = true;

const original = Testing.synth.bind(Testing);
Testing.synth = (chart) => {
  const objects = original(chart);
  assertValid(objects as KubeObject[], { podSecurity });
  return objects;
};

/** Runs `fn` with the Pod Security check off (schema validation stays on). */
export function withoutPodSecurityCheck<T>(fn: () => T): T {
  podSecurity = false;
  try {
    return fn();
  } finally {
    podSecurity = true;
  }
}
