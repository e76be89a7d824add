import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** An object of the app, with its manifest rendered once on first use. */
export class InventoryObject {
  private rendered?: any;

  constructor(public readonly apiObject: ApiObject, private readonly render: (o: ApiObject) => any = (o) => o.toJson()) {}

  public get kind(): string {
    return this.apiObject.kind;
  }

  public get name(): string {
    return this.apiObject.name;
  }

  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /**
   * The construct the user created for this object, which findings name: the ApiObject itself,
   * or the higher-level construct that wraps it as its `Resource` child (a cdk8s-plus Deployment,
   * Ingress, ...).
   */
  public get construct(): IConstruct {
    const parent = this.apiObject.node.scope;
    return this.apiObject.node.id === 'Resource' && parent && parent.node.scope ? parent : this.apiObject;
  }

  /** The manifest as it will be synthesized. */
  public get json(): any {
    this.rendered ??= this.render(this.apiObject);
    return this.rendered;
  }

  /** The pod spec of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob). */
  public get podSpec(): any {
    const spec = this.json?.spec;
    if (this.kind === 'Pod') return spec;
    if (this.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec;
    return spec?.template?.spec;
  }

  /** Labels of the pods a workload creates. */
  public get podLabels(): Record<string, string> {
    if (this.kind === 'Pod') return this.json?.metadata?.labels ?? {};
    if (this.kind === 'CronJob') return this.json?.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
    return this.json?.spec?.template?.metadata?.labels ?? {};
  }
}

/** Kinds that run pods. */
export const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

/**
 * The objects of the app, found in one walk of the construct tree and grouped by kind. Manifests
 * are rendered at most once, when a rule first reads them, by `render` (default: the object's
 * `toJson()`; an app that rendered every object already passes its renders).
 */
export class Inventory {
  private readonly byKind = new Map<string, InventoryObject[]>();

  constructor(root: IConstruct, render?: (o: ApiObject) => any) {
    for (const c of root.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      const list = this.byKind.get(c.kind) ?? [];
      list.push(new InventoryObject(c, render));
      this.byKind.set(c.kind, list);
    }
  }

  /** Objects of one kind, in tree order. */
  public ofKind(kind: string): readonly InventoryObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Every object that runs pods. */
  public get workloads(): InventoryObject[] {
    return [...WORKLOAD_KINDS].flatMap((k) => [...this.ofKind(k)]);
  }
}
