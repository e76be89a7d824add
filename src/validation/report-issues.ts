import { IConstruct } from 'constructs';
import { ValidationIssue } from './validation-issue';
import { fail } from '../private/errors';
import { warn } from '../private/warn';

/**
 * Reports what a validation found at the construct the user created: the first error fails
 * (naming the prop the user set and the manifest field), warnings are printed.
 *
 * @param propOf the user's prop for a manifest field path (`spec.isCA` → `isCa`)
 */
export function reportIssues(scope: IConstruct, issues: readonly ValidationIssue[], propOf: (path: string) => string): void {
  for (const issue of issues.filter((i) => i.severity === 'warning')) warn(scope, line(issue, propOf));
  const error = issues.find((i) => i.severity === 'error');
  if (error) fail(scope, line(error, propOf));
}

function line(issue: ValidationIssue, propOf: (path: string) => string): string {
  return `${propOf(issue.path)}: ${issue.message}; ${issue.fix} (cert-manager's webhook rule ${issue.rule} on ${issue.path})`;
}
