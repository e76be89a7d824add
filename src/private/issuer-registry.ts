import { IConstruct } from 'constructs';
import { fail } from './errors';

/** Issuers declared in each app (keyed by the root construct): identity → construct path. */
const registries = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records an issuer declared in this app and fails when another construct already declared one
 * with the same identity (`Issuer` name in a namespace, or `ClusterIssuer` name), since the two
 * would overwrite each other when applied.
 */
export function registerIssuer(scope: IConstruct, identity: string, fix: string): void {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = new Map();
    registries.set(root, registry);
  }
  const existing = registry.get(identity);
  if (existing !== undefined) {
    fail(scope, `${identity} is already declared by ${existing} in this app; the two would overwrite each other `
      + `when applied; ${fix}`);
  }
  registry.set(identity, scope.node.path);
}
