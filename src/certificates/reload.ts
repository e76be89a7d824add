import { ReloadMode } from '../graph/certificate-graph';

/**
 * How a workload picks up a renewed certificate.
 *
 * cert-manager renews the Secret, and the kubelet updates files of a Secret mounted as a
 * directory within a minute or so, but most servers read their certificate once at start. Unless
 * the process watches its files, something must restart it: stakater Reloader does a rolling
 * restart when a Secret named in the workload's annotations changes.
 */
export class RotationReload {
  /**
   * Reloader's `secret.reloader.stakater.com/reload` annotation on the workload, listing the
   * Secret by name. Explicit, and works with Reloader's defaults.
   */
  public static reloaderAnnotation(): RotationReload {
    return new RotationReload(ReloadMode.RELOADER_ANNOTATION);
  }

  /**
   * Reloader's search/match pair: `reloader.stakater.com/search: "true"` on the workload and
   * `reloader.stakater.com/match: "true"` on the certificate Secret (through the Certificate's
   * secretTemplate). The workload restarts when any matching Secret it uses changes.
   */
  public static reloaderSearch(): RotationReload {
    return new RotationReload(ReloadMode.RELOADER_SEARCH);
  }

  /**
   * The workload reloads the certificate files by itself (it watches them, as Envoy, Traefik and
   * many Go servers using `GetCertificate` can), so it needs no restart. Recorded so checks can
   * tell it from a forgotten reload; the reason shows in findings.
   *
   * @param reason why the workload needs no restart (at least 10 characters)
   */
  public static selfManaged(reason: string): RotationReload {
    return new RotationReload(ReloadMode.SELF, reason);
  }

  private constructor(
    /** @internal */
    public readonly _mode: ReloadMode,
    /** Why no restart is needed, for `selfManaged`. */
    public readonly reason?: string,
  ) {}
}

/** Options of `Certificate.reloadOnRotation`. */
export interface ReloadOnRotationOptions {
  /**
   * How the workload picks up the renewed certificate.
   *
   * @default RotationReload.reloaderAnnotation()
   */
  readonly reload?: RotationReload;
}

/** Options of `Certificate.mount`. */
export interface MountOptions extends ReloadOnRotationOptions {
  /**
   * Absolute directory the Secret is mounted at; the container reads `tls.crt`, `tls.key` and
   * `ca.crt` in it.
   */
  readonly path: string;

  /**
   * Name of the container to mount into.
   *
   * @default - the workload's only container; required when it has several
   */
  readonly containerName?: string;

  /**
   * Name of the pod volume.
   *
   * @default - `tls-` followed by the Secret name
   */
  readonly volumeName?: string;
}
