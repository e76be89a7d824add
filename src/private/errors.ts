import { IConstruct } from 'constructs';

/**
 * Throws an error that names the construct path, as cdk8s does for validations:
 * `[chart/CertManager/Webhook] replicas is 1 ...`.
 */
export function fail(scope: IConstruct, message: string): never {
  throw new Error(`[${scope.node.path}] ${message}`);
}
