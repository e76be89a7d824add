import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * A change to an object's manifest, made each time the object renders. It may replace values in
 * the manifest it gets (a fresh render), but must copy what it changes below the top level: a
 * render can share values with the props the object was created with.
 */
export type ManifestEdit = (manifest: any) => void;

/** What an object does after its own rendering: the wiring's edits and later JSON patches, in call order. */
const steps = new WeakMap<ApiObject, Array<(manifest: any) => any>>();

/**
 * Makes `obj` apply `edit` whenever it renders (`toJson()`). The wiring records what it adds to
 * a user's object this way instead of rendering the object to find where a JSON patch would go:
 * the object renders once per synthesis, when it is written.
 *
 * Order is kept as if the edit were a JSON patch added now: the object renders with the patches
 * added before the first edit, then applies the edits and the patches added after it
 * (`addJsonPatch`) in the order they were made, so a later patch sees what an edit added.
 */
export function addManifestEdit(obj: ApiObject, edit: ManifestEdit): void {
  let list = steps.get(obj);
  if (!list) {
    // The object's own render: a toJson set on the object itself, else its class's, looked up at
    // each render (as a call of obj.toJson() would).
    const own: (() => any) | undefined = Object.prototype.hasOwnProperty.call(obj, 'toJson') ? obj.toJson : undefined;
    const after: Array<(manifest: any) => any> = [];
    list = after;
    steps.set(obj, after);
    Object.defineProperty(obj, 'toJson', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function toJson(this: ApiObject): any {
        let manifest = (own ?? Object.getPrototypeOf(this).toJson).call(this);
        for (const step of after) manifest = step(manifest);
        return manifest;
      },
    });
    Object.defineProperty(obj, 'addJsonPatch', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function addJsonPatch(this: ApiObject, ...ops: JsonPatch[]): void {
        after.push((manifest) => JsonPatch.apply(manifest, ...ops));
      },
    });
  }
  list.push((manifest) => {
    edit(manifest);
    return manifest;
  });
}
