import { Construct, IConstruct } from 'constructs';
import { mountObject, wireObjectReload } from './private/workload-wiring';
import { MountOptions, RotationReload } from './reload';

/** The kind of object a workload mounts. */
export enum MountedObjectKind {
  /** A Secret (`secret.reloader.stakater.com/reload`). */
  SECRET = 'Secret',
  /** A ConfigMap (`configmap.reloader.stakater.com/reload`). */
  CONFIG_MAP = 'ConfigMap',
}

/** The workload a {@link WorkloadMount} wired. */
export interface MountedWorkload {
  /** `Deployment`, `StatefulSet` or `DaemonSet`. */
  readonly kind: string;
  /** Its name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** How it picks up a change of the mounted object. */
  readonly reload: RotationReload;
}

const counters = new WeakMap<IConstruct, number>();

/**
 * Mounts a Secret or ConfigMap into a workload as a read-only directory and wires the reload
 * when it changes: what `Certificate.mount` does for a certificate Secret, for any Secret or
 * ConfigMap (a trust bundle, for instance; `Bundle.mount` uses it).
 */
export class WorkloadMount {
  /**
   * Mounts object `name` of `kind` in `namespace` into a container of `workload` (never with
   * subPath, whose files are never updated), and wires the reload: by default Reloader's
   * `secret.reloader.stakater.com/reload` or `configmap.reloader.stakater.com/reload` annotation
   * on the workload, merged with the names already there. With `RotationReload.reloaderSearch()`,
   * the mounted object must carry `reloader.stakater.com/match: "true"`.
   *
   * Fails when the workload is in another namespace, is not a Deployment, StatefulSet or
   * DaemonSet, or the container is ambiguous; and at synth time when the workload mounts the
   * object with subPath. A raw ApiObject gets the volume and mount when it renders, after its
   * own JSON patches, so it is not rendered here; its container and volume name are checked at
   * synth time, before anything is written.
   *
   * @param scope the construct the error messages name, and under which helper constructs go
   * @param workload a cdk8s-plus Deployment, StatefulSet or DaemonSet, or a raw ApiObject of those kinds
   */
  public static mount(scope: Construct, workload: IConstruct, kind: MountedObjectKind, namespace: string, name: string,
    options: MountOptions): MountedWorkload {
    const count = (counters.get(scope) ?? 0) + 1;
    counters.set(scope, count);
    const object = { kind: kind === MountedObjectKind.SECRET ? 'Secret' as const : 'ConfigMap' as const, name };
    mountObject(scope, `Mount${count}`, workload, namespace, object, options);
    const reload = options.reload ?? RotationReload.reloaderAnnotation();
    const target = wireObjectReload(scope, workload, namespace, object, reload);
    return { kind: target.kind, name: target.name, namespace, reload };
  }

  private constructor() {}
}
