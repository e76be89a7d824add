import { IConstruct } from 'constructs';
import { fail } from './errors';
import { isDnsSubdomain } from './names';

const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/** Why a label or annotation key is invalid (Kubernetes qualified name), or undefined when it is valid. */
export function keyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !isDnsSubdomain(prefix)) {
    return 'its prefix must be a lowercase DNS subdomain of at most 253 characters';
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return 'its name must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  }
  return undefined;
}

/** Checks user-supplied labels eagerly; the error names the construct, the prop and the bad entry. */
export function checkLabels(scope: IConstruct, prop: string, labels: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const problem = keyProblem(key);
    if (problem) fail(scope, `${prop} has an invalid key "${key}": ${problem}; rename the key, e.g. "example.com/team"`);
    if (value.length > 63 || (value !== '' && !NAME.test(value))) {
      fail(scope, `${prop}["${key}"] has an invalid value "${value}": a label value must be empty or 1-63 characters `
        + 'of letters, digits, "-", "_" or ".", starting and ending with a letter or digit; use such a value, e.g. "team-a"');
    }
  }
}

/** Checks user-supplied annotation keys eagerly. */
export function checkAnnotations(scope: IConstruct, prop: string, annotations: Record<string, string> | undefined): void {
  for (const key of Object.keys(annotations ?? {})) {
    const problem = keyProblem(key);
    if (problem) fail(scope, `${prop} has an invalid key "${key}": ${problem}; rename the key, e.g. "example.com/owner"`);
  }
}
