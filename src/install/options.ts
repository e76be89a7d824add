import { Duration } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { DisruptionBudget } from './disruption-budget';

/** A toleration for the pods of a component. */
export interface Toleration {
  /**
   * The taint key; empty with operator Exists matches every taint.
   *
   * @default - every key (only with operator Exists)
   */
  readonly key?: string;

  /**
   * `Equal` or `Exists`.
   *
   * @default "Equal"
   */
  readonly operator?: string;

  /**
   * The taint value to match (operator Equal).
   *
   * @default - no value
   */
  readonly value?: string;

  /**
   * The taint effect to match: `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   *
   * @default - every effect
   */
  readonly effect?: string;

  /**
   * How long a pod stays bound to a node with a NoExecute taint.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** Settings every cert-manager component (controller, webhook, cainjector) has. */
export interface ComponentOptions {
  /**
   * Number of pods.
   *
   * The controller and cainjector elect a leader (extra replicas are warm standbys); every
   * webhook replica serves admission requests.
   *
   * @default - controller 3, webhook 3, cainjector 2
   */
  readonly replicas?: number;

  /**
   * The PodDisruptionBudget. It must leave at least one pod evictable, or node drains block.
   *
   * @default - DisruptionBudget.maxUnavailable(1) when replicas > 1, none otherwise
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * CPU and memory requests and limits of the container.
   *
   * The defaults set memory limits but no CPU limit: a CPU limit throttles the controller
   * during renewal bursts, while the request keeps it scheduled.
   *
   * @default - controller: cpu 50m, memory 128Mi-512Mi; webhook: cpu 20m, memory 64Mi-256Mi;
   * cainjector: cpu 20m, memory 256Mi-512Mi (below 256Mi it is OOM-killed in large clusters)
   */
  readonly resources?: ContainerResources;

  /**
   * Spread the pods across zones (`topology.kubernetes.io/zone`), best effort.
   *
   * @default true
   */
  readonly spreadAcrossZones?: boolean;

  /**
   * Spread the pods across nodes (`kubernetes.io/hostname`), best effort.
   *
   * @default true
   */
  readonly spreadAcrossNodes?: boolean;

  /**
   * Extra node selector labels, merged with `kubernetes.io/os: linux`.
   *
   * @default - `kubernetes.io/os: linux` only
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of the pods.
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Feature gates, rendered as `--feature-gates=Name=true,...` (sorted by name).
   *
   * @default - upstream defaults
   */
  readonly featureGates?: { [name: string]: boolean };

  /**
   * Extra command-line arguments, appended after the ones this construct sets.
   *
   * @default - none
   */
  readonly extraArgs?: string[];

  /**
   * Annotations on the component's ServiceAccount, for example
   * `eks.amazonaws.com/role-arn` (IRSA) or `iam.gke.io/gcp-service-account` (Workload
   * Identity) so DNS-01 solvers reach the cloud DNS API without static credentials.
   *
   * @default - none
   */
  readonly serviceAccountAnnotations?: { [key: string]: string };

  /**
   * Extra annotations on the pods.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Extra labels on the pods (never part of the selector).
   *
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Image digest (`sha256:...`) pinning this component's image, for mirrored or signed images.
   *
   * @default - the tag only
   */
  readonly imageDigest?: string;
}

/** Log output format of the components this library installs (cert-manager, Reloader). */
export enum LogFormat {
  /** Human-readable text (upstream default). */
  TEXT = 'text',
  /** One JSON object per line, for log pipelines. */
  JSON = 'json',
}

/** The reference to an issuer used for Ingresses annotated without one (ingress-shim default). */
export interface DefaultIssuer {
  /** Name of the issuer. */
  readonly name: string;

  /**
   * `ClusterIssuer` or `Issuer`.
   *
   * @default "ClusterIssuer"
   */
  readonly kind?: string;

  /**
   * API group of the issuer.
   *
   * @default "cert-manager.io"
   */
  readonly group?: string;
}

/** Settings of the cert-manager controller. */
export interface ControllerOptions extends ComponentOptions {
  /**
   * DNS servers (`host:port`, or DoH `https://` URLs) for the DNS-01 propagation self-check,
   * instead of the cluster's resolvers. Useful with split-horizon DNS, where the cluster
   * resolvers cannot see the public zone.
   *
   * @default - the cluster's resolvers
   */
  readonly dns01RecursiveNameservers?: string[];

  /**
   * Use only `dns01RecursiveNameservers` for the self-check (not the authoritative servers).
   *
   * @default false
   */
  readonly dns01RecursiveNameserversOnly?: boolean;

  /**
   * Maximum number of ACME challenges processed at once.
   *
   * @default 60
   */
  readonly maxConcurrentChallenges?: number;

  /**
   * Default issuer for Ingresses that carry `kubernetes.io/tls-acme: "true"` (ingress-shim).
   *
   * @default - none
   */
  readonly defaultIssuer?: DefaultIssuer;

  /**
   * Make each Certificate the owner of its Secret, so deleting the Certificate deletes the
   * Secret. Off upstream: when a GitOps change removes or renames a Certificate by mistake, the
   * Secret (and the TLS of whatever serves it) goes with it.
   *
   * @default false
   */
  readonly enableCertificateOwnerRef?: boolean;

  /**
   * Turn on cert-manager's Gateway API support (`--enable-gateway-api`): the gateway-shim, which
   * creates Certificates for annotated Gateways, and the HTTP-01 solver through HTTPRoutes. The
   * Gateway API CRDs must be installed first, or the controller fails to start.
   *
   * @default false
   */
  readonly gatewayApi?: boolean;

  /**
   * A ControllerConfiguration (`controller.config.cert-manager.io/v1alpha1`), without apiVersion
   * and kind, written to a ConfigMap and passed with `--config`. For settings that have no prop
   * here, e.g. `{ kubernetesAPIQPS: 50, kubernetesAPIBurst: 100 }`.
   *
   * @default - no config file
   */
  readonly config?: { [key: string]: any };
}

/** What the API server does when the webhook cannot be reached. */
export enum WebhookFailurePolicy {
  /** Reject the request (upstream, and the only safe choice). */
  FAIL = 'Fail',
  /**
   * Admit the request unvalidated. Invalid Certificates and Issuers then reach the cluster and
   * fail later, and CertificateRequests skip mutation. Synthesis prints a warning.
   */
  IGNORE = 'Ignore',
}

/** Settings of the cert-manager webhook. */
export interface WebhookOptions extends ComponentOptions {
  /**
   * How long the API server waits for the webhook, in seconds (1 to 30).
   *
   * @default 30
   */
  readonly timeoutSeconds?: number;

  /**
   * What the API server does when the webhook is unreachable.
   *
   * @default WebhookFailurePolicy.FAIL
   */
  readonly failurePolicy?: WebhookFailurePolicy;
}

/** Settings of the cert-manager cainjector. */
export interface CainjectorOptions extends ComponentOptions {}

/** How Prometheus scrapes the cert-manager components. */
export interface ScrapeOptions {
  /**
   * Labels on the ServiceMonitor or PodMonitor. kube-prometheus-stack selects only objects
   * labelled `release: <its release name>`.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Scrape interval.
   *
   * @default Duration.seconds(60)
   */
  readonly interval?: Duration;

  /**
   * Scrape timeout; at most the interval.
   *
   * @default Duration.seconds(30)
   */
  readonly scrapeTimeout?: Duration;
}
