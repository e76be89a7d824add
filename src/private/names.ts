import { IConstruct } from 'constructs';
import { fail } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Fails unless `value` is a valid namespace name (an RFC 1123 label). */
export function checkNamespaceName(scope: IConstruct, prop: string, value: string): void {
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    fail(scope, `${prop} "${value}" is not a valid namespace name: use at most 63 lowercase letters, digits and "-", `
      + 'starting and ending with a letter or digit');
  }
}
