import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/**
 * Marks an object as cluster-scoped: cdk8s gives every object its chart's namespace, and a
 * cluster-scoped object must not carry one. Returns the object.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
