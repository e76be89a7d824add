import { ApiObject } from 'cdk8s';
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
