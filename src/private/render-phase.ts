import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Apps that render each object once per synthesis (SinglePassApp) → their synthesis in progress. */
const apps = new WeakMap<IConstruct, { current?: RenderPhase }>();

/** A check that runs after the objects are rendered, and the construct its lines name. */
interface DeferredCheck {
  /** The construct whose path prefixes each line, as cdk8s prefixes validation errors; none: lines name their own. */
  readonly scope?: IConstruct;
  readonly run: () => readonly string[];
}

/**
 * One synthesis of an app that renders every object once (`SinglePassApp`): the manifests it
 * rendered, shared with the validations that read manifests, and those validations, which run
 * after the rendering instead of during the validation pass.
 *
 * With cdk8s's own `App` there is no phase: validations run before the charts render, read
 * objects by rendering them themselves (at most once per synthesis, see `SynthesisCache`), and
 * the app renders them again to write them. With a phase, each object renders once: the app
 * renders it to write it, and a deferred validation reads that render. Deferred validations
 * still run before anything is written, and their errors are reported with the app's others.
 */
export class RenderPhase {
  /** Marks `app` as an app that renders each object once and runs deferred validations. */
  public static enable(app: IConstruct): void {
    if (!apps.has(app)) apps.set(app, {});
  }

  /**
   * Starts a synthesis of `app` (enabled with `enable`): validations that run until `end` may
   * defer to after the rendering.
   */
  public static start(app: IConstruct): RenderPhase {
    const state = apps.get(app);
    if (!state) throw new Error(`RenderPhase.start: ${app.node.path || '(app root)'} is not an app that renders once`);
    const phase = new RenderPhase();
    state.current = phase;
    return phase;
  }

  /**
   * The synthesis in progress of the app `scope` belongs to, while it is still validating;
   * undefined with cdk8s's own `App` or outside a synthesis: then validate now.
   */
  public static deferring(scope: IConstruct): RenderPhase | undefined {
    const phase = apps.get(scope.node.root)?.current;
    return phase && !phase.ran ? phase : undefined;
  }

  private readonly renders = new Map<ApiObject, any>();
  private readonly deferred: DeferredCheck[] = [];
  private ran = false;

  private constructor() {}

  /**
   * Runs `check` once the objects are rendered. Its lines are errors: with `scope`, each is
   * prefixed with the construct's path as cdk8s prefixes a validation's errors; without, each
   * names its construct itself.
   */
  public defer(check: () => readonly string[], scope?: IConstruct): void {
    this.deferred.push({ run: check, scope });
  }

  /** Records the manifest the app rendered for `obj` (and will write): deferred checks read it. */
  public rendered(obj: ApiObject, manifest: any): any {
    this.renders.set(obj, manifest);
    return manifest;
  }

  /**
   * The manifest of `obj` as it is written: the app's render when it rendered the object itself,
   * else a render now (an object of a chart that overrides `toJson`). Do not change it.
   */
  public render(obj: ApiObject): any {
    return this.renders.has(obj) ? this.renders.get(obj) : obj.toJson();
  }

  /** Runs the deferred checks, in the order they were deferred; returns their errors. */
  public runDeferred(): string[] {
    this.ran = true;
    const errors: string[] = [];
    for (const check of this.deferred) {
      for (const line of check.run()) errors.push(check.scope ? `[${check.scope.node.path}] ${line}` : line);
    }
    return errors;
  }

  /** Ends the synthesis of `app`: its renders are dropped. */
  public end(app: IConstruct): void {
    const state = apps.get(app);
    if (state?.current === this) state.current = undefined;
    this.renders.clear();
  }
}
