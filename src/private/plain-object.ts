import { ApiObject, Lazy, resolve } from 'cdk8s';
import { Construct } from 'constructs';

/** A Kubernetes object in its JSON form: `metadata` plus the kind's top-level fields (`spec`, `rules`, `data`, ...). */
export interface ObjectBody {
  readonly metadata: { [key: string]: any };
  readonly [field: string]: any;
}

/**
 * A plain `ApiObject` of the given kind whose manifest is `body` plus the user's JSON patches,
 * verbatim.
 *
 * The generated L1 classes (`k8s.Kube*`, and those of `cdk8s import`) re-serialise the manifest
 * through their typed mapping after the patches are applied, which drops fields the mapping does
 * not know and mangles others (`maxSurge: 0` becomes `rollingUpdate: {}`, a replaced quantity
 * becomes `null`). Every object users may patch is created here instead, with `body` already in
 * the Kubernetes JSON form (numbers and strings for int-or-string fields and quantities).
 */
export function plainObject(scope: Construct, id: string, apiVersion: string, kind: string, body: ObjectBody): ApiObject {
  const { metadata, ...fields } = body;
  return new ApiObject(scope, id, { apiVersion, kind, metadata, ...fields });
}

/**
 * A plain `ApiObject` built from the props of a generated L1 class (`cm.Certificate`,
 * `k8s.KubeConfigMap`, ...): typed input, lossless output. The typed mapping (`toJson`, the
 * class's `toJson_XxxProps`) runs on the resolved props before the user's JSON patches, never
 * after them, so a patch lands verbatim. Lazy values in the props are resolved first, as the L1
 * class would.
 */
export function typedObject<P extends { readonly metadata?: { [key: string]: any } }>(scope: Construct, id: string,
  gvk: { readonly apiVersion: string; readonly kind: string }, toJson: (props: P | undefined) => Record<string, any> | undefined,
  props: P): ApiObject {
  const { metadata, ...fields } = props as { metadata?: { [key: string]: any }; [key: string]: any };
  const mapped = () => toJson(resolve([], fields, obj) as P) ?? {};
  const lazyFields = Object.fromEntries(Object.keys(fields).map((key) => [key, Lazy.any({ produce: () => mapped()[key] })]));
  const obj: ApiObject = new ApiObject(scope, id, { ...gvk, metadata, ...lazyFields });
  return obj;
}
