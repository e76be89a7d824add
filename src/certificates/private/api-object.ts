import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';

/**
 * Resolves what the user passed (a cdk8s-plus construct, an imported class, or an ApiObject) to
 * its primary ApiObject, and fails unless `accepts` it. The error reads
 * `the <role> is a <Kind> (<path>); <expected>`.
 */
export function resolveApiObject(scope: IConstruct, target: IConstruct, role: string, accepts: (o: ApiObject) => boolean,
  expected: string): ApiObject {
  let apiObject: ApiObject | undefined;
  try {
    apiObject = target ? ApiObject.of(target) : undefined;
  } catch {
    apiObject = undefined;
  }
  if (!apiObject || !accepts(apiObject)) {
    const what = apiObject ? `a ${apiObject.kind} (${apiObject.node.path})` : String(target?.node?.path ?? target);
    fail(scope, `the ${role} is ${what}; ${expected}`);
  }
  return apiObject;
}
