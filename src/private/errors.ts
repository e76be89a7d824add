import { IConstruct } from 'constructs';

/**
 * The construct path messages name: `chart/CertManager/Webhook`, or `(app root)` for the root,
 * whose path is empty.
 */
export function pathOf(scope: IConstruct): string {
  return scope.node.path === '' ? '(app root)' : scope.node.path;
}

/**
 * Throws an error that names the construct path, as cdk8s does for validations:
 * `[chart/CertManager/Webhook] replicas is 1 ...`.
 */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`[${pathOf(scope)}] ${message}`);
}

/**
 * Throws the errors of a validation that reports for many constructs at once, in the form cdk8s
 * uses (`Validation failed with the following errors:` and one line per error, each naming its
 * own construct).
 */
export function failValidation(lines: readonly string[]): never {
  throw new Error(`Validation failed with the following errors:\n  ${lines.join('\n  ')}`);
}
