/** Options of {@link CertManager.fromHelmValues}. */
export interface HelmValuesOptions {
  /**
   * Namespace of the Helm release (`helm install --namespace`). The values file's own
   * `namespace` key, when set, wins, as in the chart.
   *
   * @default "cert-manager"
   */
  readonly releaseNamespace?: string;

  /**
   * Name of the Helm release. Upstream derives object names and the
   * `app.kubernetes.io/instance` label from it; the objects keep them so a live release can be
   * taken over in place.
   *
   * @default "cert-manager"
   */
  readonly releaseName?: string;

  /**
   * Where the values file is silent, use this library's production defaults (3/3/2 replicas,
   * PodDisruptionBudgets, requests and memory limits, spreading across zones and nodes) instead
   * of the chart's defaults. Keys the file sets keep the chart's meaning either way.
   *
   * Off by default, so the output is the same install `helm template` renders for the file.
   *
   * @default false
   */
  readonly productionDefaults?: boolean;

  /**
   * Create the Namespace object, labelled to enforce the "restricted" Pod Security Standard.
   * `helm template` emits no Namespace; a release taken over in place already has one.
   *
   * @default false
   */
  readonly createNamespace?: boolean;
}
