import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { CertificateGraph } from '../graph/certificate-graph';
import { isChecked } from '../private/check-annotations';

/** Annotations to write on every object below a scope. */
const written = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Writes `key: value` on every object below `scope` that the checks judge (see CHECKED_KINDS), so the synthesized manifests carry what the
 * checks know (a suppression, an environment mark) and an audit of them agrees with synthesis.
 * Objects that exist now are annotated at once; the annotation is applied again when the app
 * validates, for objects added later, outer scopes first so the nearest scope's value wins.
 *
 * An issuer only referenced by name has no manifest of its own: the objects that use it (the
 * Certificates, or the annotated Ingresses and Gateways) carry what was said about it.
 */
export function annotateBelow(scope: IConstruct, key: string, value: string): void {
  let annotations = written.get(scope);
  if (!annotations) {
    const map = new Map<string, string>();
    annotations = map;
    written.set(scope, map);
    scope.node.addValidation({
      validate: () => {
        apply(scope, map);
        return [];
      },
    });
  }
  annotations.set(key, value);
  apply(scope, annotations);
}

function apply(scope: IConstruct, annotations: Map<string, string>): void {
  const targets = new Set<IConstruct>([scope]);
  for (const c of CertificateGraph.of(scope).certificates) {
    if (c.issuer.external && c.issuer.node.scopes.includes(scope)) targets.add(c.scope);
  }
  for (const target of targets) {
    for (const o of target.node.findAll()) {
      if (!(o instanceof ApiObject) || !isChecked(o.apiVersion, o.kind)) continue;
      for (const [k, v] of annotations) o.metadata.addAnnotation(k, v);
    }
  }
}
