import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RenderPhase } from './render-phase';

const caches = new WeakMap<IConstruct, SynthesisCache>();

/**
 * Results computed at most once per synthesis of an app, for validations.
 *
 * cdk8s validates the whole app when `App.synth` starts and again every time it renders a chart
 * (`Chart.toJson`), so a validation that renders objects would otherwise cost charts × objects,
 * and print its warnings once per chart. A cached result lives until the current synchronous
 * synthesis returns (a microtask), and is dropped earlier when the construct tree changes size
 * between two validation passes: each pass starts at the root, whose validation compares the size
 * once per pass. Register the cache (`SynthesisCache.of`) before a validation on the root itself,
 * so the root's size check runs first.
 */
export class SynthesisCache {
  /** The cache of the app `scope` belongs to. */
  public static of(scope: IConstruct): SynthesisCache {
    const root = scope.node.root;
    let cache = caches.get(root);
    if (!cache) {
      cache = new SynthesisCache(root);
      caches.set(root, cache);
    }
    return cache;
  }

  private readonly values = new Map<object, unknown>();
  private size = -1;
  private expiring = false;

  private constructor(private readonly root: IConstruct) {
    root.node.addValidation({
      validate: () => {
        this.startPass();
        return [];
      },
    });
  }

  /** The value cached for `key` in this synthesis, computed now when there is none. */
  public get<T>(key: object, compute: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = compute();
    this.values.set(key, value);
    this.expireLater();
    return value;
  }

  private startPass(): void {
    // An app that validates once per synthesis starts a new synthesis with every pass: no walk
    // of the tree to tell a new synthesis from another pass of the same one.
    if (RenderPhase.deferring(this.root)) {
      this.values.clear();
      this.size = -1;
      this.expireLater();
      return;
    }
    const size = this.root.node.findAll().length;
    if (size !== this.size) {
      this.values.clear();
      this.size = size;
    }
    this.expireLater();
  }

  private expireLater(): void {
    if (this.expiring) return;
    this.expiring = true;
    queueMicrotask(() => {
      this.values.clear();
      this.size = -1;
      this.expiring = false;
    });
  }
}

/** Cache keys of object renders, one per object. */
const renderKeys = new WeakMap<ApiObject, object>();

/**
 * Adds a validation to `scope` that checks the manifest `obj` renders: `check` returns error
 * lines, which name `scope`. With an app that renders each object once (`SinglePassApp`) it runs
 * after the app rendered its objects and reads that render; with cdk8s's `App` it runs once per
 * synthesis (its lines and warnings are cached, see `SynthesisCache`), and the checks on one
 * object share one render.
 */
export function addManifestValidation(scope: IConstruct, obj: ApiObject, check: (manifest: any) => string[]): void {
  const cache = SynthesisCache.of(scope);
  let renderKey = renderKeys.get(obj);
  if (!renderKey) {
    renderKey = {};
    renderKeys.set(obj, renderKey);
  }
  const render = renderKey;
  const result = {};
  scope.node.addValidation({
    validate: () => {
      const phase = RenderPhase.deferring(scope);
      if (!phase) return cache.get(result, () => check(cache.get(render, () => obj.toJson())));
      phase.defer(() => check(phase.render(obj)), scope);
      return [];
    },
  });
}
