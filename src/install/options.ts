import { Duration } from 'cdk8s';
import { ContainerResources, ImagePullPolicy, ServiceType } from 'cdk8s-plus-28';
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

/** What the eviction API does with pods that are running but not Ready (PodDisruptionBudget `unhealthyPodEvictionPolicy`). */
export enum UnhealthyPodEvictionPolicy {
  /** Evict a not-Ready pod only while the budget still allows a disruption (the Kubernetes default). */
  IF_HEALTHY_BUDGET = 'IfHealthyBudget',
  /** Always allow evicting a not-Ready pod, so a crash-looping pod never blocks a node drain. */
  ALWAYS_ALLOW = 'AlwaysAllow',
}

/** Timing of a container probe; each field left out keeps this library's default for that probe. */
export interface ProbeOptions {
  /**
   * Run the probe.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Seconds after the container starts before the first probe.
   *
   * @default - the component's default (see the component's options)
   */
  readonly initialDelaySeconds?: number;

  /**
   * Seconds between probes; at least the timeout.
   *
   * @default - the component's default
   */
  readonly periodSeconds?: number;

  /**
   * Seconds after which a probe counts as failed.
   *
   * @default - the component's default
   */
  readonly timeoutSeconds?: number;

  /**
   * Consecutive failures before the container counts as failed.
   *
   * @default - the component's default
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes before the container counts as healthy again (1 for liveness probes).
   *
   * @default 1
   */
  readonly successThreshold?: number;
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
   * CPU, memory and ephemeral-storage requests and limits of the container.
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

  /**
   * Full image repository of this component (registry and path, without tag), overriding
   * `imageRegistry`, e.g. `registry.example.com/mirror/cert-manager-controller`.
   *
   * @default - `<imageRegistry>/cert-manager-<component>`
   */
  readonly imageRepository?: string;

  /**
   * Image tag of this component.
   *
   * @default - the install's `imageTag`
   */
  readonly imageTag?: string;

  /**
   * Image pull policy of this component.
   *
   * @default - the install's `imagePullPolicy`
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * The Deployment's update strategy, as Kubernetes writes it (`spec.strategy`), e.g.
   * `{ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }`.
   * maxSurge and maxUnavailable may not both be 0.
   *
   * @default - Kubernetes default (RollingUpdate, 25% / 25%)
   */
  readonly strategy?: { [key: string]: any };

  /**
   * Pod affinity and anti-affinity, as Kubernetes writes it (`spec.affinity` of the pod).
   *
   * @default - none (the pods are spread by topologySpreadConstraints instead)
   */
  readonly affinity?: { [key: string]: any };

  /**
   * Topology spread constraints of the pods, as Kubernetes writes them. Replace the default
   * spreading (`spreadAcrossZones`, `spreadAcrossNodes`), which may then not be set.
   *
   * @default - best-effort spreading across zones and nodes
   */
  readonly topologySpreadConstraints?: any[];

  /**
   * Extra environment variables of the container (Kubernetes `EnvVar` objects with `name` and
   * `value` or `valueFrom`), after `POD_NAMESPACE`.
   *
   * @default - none
   */
  readonly extraEnv?: any[];

  /**
   * Extra volumes of the pod (Kubernetes `Volume` objects), e.g. a projected service account
   * token for a cloud identity.
   *
   * @default - none
   */
  readonly volumes?: any[];

  /**
   * Extra volume mounts of the container (Kubernetes `VolumeMount` objects); each names a volume
   * of `volumes`.
   *
   * @default - none
   */
  readonly volumeMounts?: any[];

  /**
   * Pod security context fields merged over the default `{ runAsNonRoot: true, seccompProfile:
   * { type: RuntimeDefault } }`, e.g. `{ fsGroup: 1001 }` so a projected token file is readable.
   * Values that break the restricted Pod Security Standard (running as root, an unconfined
   * seccomp profile) are refused.
   *
   * @default - runAsNonRoot, RuntimeDefault seccomp profile
   */
  readonly podSecurityContext?: { [key: string]: any };

  /**
   * Container security context fields merged over the default `{ allowPrivilegeEscalation: false,
   * capabilities: { drop: [ALL] }, readOnlyRootFilesystem: true }`. Values that break the
   * restricted Pod Security Standard are refused.
   *
   * @default - no privilege escalation, all capabilities dropped, read-only root filesystem
   */
  readonly containerSecurityContext?: { [key: string]: any };

  /**
   * Create the component's ServiceAccount. With false, the pods run as `serviceAccountName`, an
   * existing ServiceAccount (which must then be set), and the RBAC binds that one.
   *
   * @default true
   */
  readonly createServiceAccount?: boolean;

  /**
   * Name of the component's ServiceAccount (created or existing).
   *
   * @default - the component's object name (e.g. `cert-manager-webhook`)
   */
  readonly serviceAccountName?: string;

  /**
   * Extra labels on the component's ServiceAccount.
   *
   * @default - none
   */
  readonly serviceAccountLabels?: { [key: string]: string };

  /**
   * `automountServiceAccountToken` of the created ServiceAccount.
   *
   * @default true
   */
  readonly serviceAccountAutomountToken?: boolean;

  /**
   * `automountServiceAccountToken` of the pods. cert-manager talks to the API server, so with
   * false the pods need a projected token volume of their own (`volumes`, `volumeMounts`).
   *
   * @default - not set on the pod (the ServiceAccount's setting applies)
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Annotations on the Deployment object (not its pods).
   *
   * @default - none
   */
  readonly deploymentAnnotations?: { [key: string]: string };

  /**
   * RuntimeClass of the pods (e.g. `gvisor`).
   *
   * @default - the cluster's default runtime
   */
  readonly runtimeClassName?: string;

  /**
   * Inject environment variables for every Service of the namespace into the pods.
   *
   * @default false
   */
  readonly enableServiceLinks?: boolean;

  /**
   * Extra `/etc/hosts` entries of the pods (Kubernetes `HostAlias` objects: `ip`, `hostnames`).
   *
   * @default - none
   */
  readonly hostAliases?: any[];

  /**
   * DNS policy of the pods: `ClusterFirst`, `ClusterFirstWithHostNet`, `Default` or `None`.
   *
   * @default - ClusterFirst (ClusterFirstWithHostNet for a webhook on the host network)
   */
  readonly dnsPolicy?: string;

  /**
   * DNS settings of the pods (Kubernetes `PodDNSConfig`: `nameservers`, `searches`, `options`).
   *
   * @default - none
   */
  readonly dnsConfig?: { [key: string]: any };

  /**
   * What evictions do with running pods that are not Ready (the PodDisruptionBudget's
   * `unhealthyPodEvictionPolicy`). Needs a disruption budget.
   *
   * @default - not set (Kubernetes default IfHealthyBudget)
   */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;

  /**
   * Annotations on the component's Service.
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };

  /**
   * Extra labels on the component's Service.
   *
   * @default - none
   */
  readonly serviceLabels?: { [key: string]: string };

  /**
   * IP families of the component's Service (`IPv4`, `IPv6`).
   *
   * @default - the cluster's default
   */
  readonly serviceIpFamilies?: string[];

  /**
   * IP family policy of the component's Service: `SingleStack`, `PreferDualStack` or `RequireDualStack`.
   *
   * @default - the cluster's default
   */
  readonly serviceIpFamilyPolicy?: string;

  /**
   * Emit this component's NetworkPolicies (see `CertManagerProps.networkPolicies`).
   *
   * @default - the install's `networkPolicies`
   */
  readonly networkPolicies?: boolean;

  /**
   * Ingress rules of the component's `-allow-ingress` NetworkPolicy (Kubernetes
   * `NetworkPolicyIngressRule` objects), replacing the default. Needs NetworkPolicies.
   *
   * @default - the component's metrics, health (and webhook) ports from any source
   */
  readonly networkPolicyIngress?: any[];

  /**
   * Egress rules of the component's `-allow-egress` NetworkPolicy (Kubernetes
   * `NetworkPolicyEgressRule` objects), replacing the default. Needs NetworkPolicies.
   *
   * @default - TCP 80, 443, 6443 and DNS (TCP and UDP 53) to anywhere
   */
  readonly networkPolicyEgress?: any[];

  /**
   * The component's configuration file, without apiVersion and kind (added for the component:
   * ControllerConfiguration, WebhookConfiguration or CAInjectorConfiguration), written to a
   * ConfigMap and passed with `--config`. For settings that have no prop here, e.g.
   * `{ kubernetesAPIQPS: 50, kubernetesAPIBurst: 100 }`. Flags this construct sets win over
   * the file.
   *
   * @default - no config file
   */
  readonly config?: { [key: string]: any };
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
   * Tuning of the controller's liveness probe (`/livez` on port `http-healthz`).
   *
   * @default - initial delay 10s, period 10s, timeout 15s, failure threshold 8
   */
  readonly livenessProbe?: ProbeOptions;

  /**
   * Proxy for the controller's outgoing HTTP requests (env `HTTP_PROXY`), e.g. `http://proxy.example.com:3128`.
   *
   * @default - no proxy
   */
  readonly httpProxy?: string;

  /**
   * Proxy for the controller's outgoing HTTPS requests (ACME, cloud DNS APIs; env `HTTPS_PROXY`).
   *
   * @default - no proxy
   */
  readonly httpsProxy?: string;

  /**
   * Hosts, domains and CIDRs reached without the proxy (env `NO_PROXY`). Include the API server
   * (e.g. `10.96.0.1` or `.svc`), or the controller cannot reach it.
   *
   * @default - none
   */
  readonly noProxy?: string[];

  /**
   * Signers whose CertificateRequests the controller approves (the resourceNames of its
   * `approve` permission). An empty list approves requests for every signer.
   *
   * @default ['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*']
   */
  readonly approveSignerNames?: string[];

  /**
   * Turn off the built-in approver (`--controllers=-certificaterequests-approver`) and drop its
   * permission, for clusters where an approver policy (e.g. approver-policy) decides.
   *
   * @default false
   */
  readonly disableAutoApproval?: boolean;

  /**
   * Extra containers of the controller pod (Kubernetes `Container` objects), e.g. a sidecar that
   * provides credentials. They must themselves satisfy restricted Pod Security.
   *
   * @default - none
   */
  readonly extraContainers?: any[];
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

  /**
   * Port the webhook serves HTTPS on inside the pod (`--secure-port`). With `hostNetwork`, pick
   * one no other process of the node listens on (10250 is the kubelet's).
   *
   * @default 10250
   */
  readonly securePort?: number;

  /**
   * Run the webhook in the node's network namespace, for clusters whose API server cannot reach
   * pod IPs (e.g. EKS with a custom CNI). Host networking is outside every Pod Security level but
   * `privileged`: with `createNamespace` the namespace is labelled `privileged` (a warning says
   * so); otherwise the namespace you manage must admit it. Needs a `securePort` other than 10250.
   *
   * @default false
   */
  readonly hostNetwork?: boolean;

  /**
   * Type of the webhook's Service.
   *
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: ServiceType;

  /**
   * `loadBalancerIP` of the webhook Service (with `ServiceType.LOAD_BALANCER`).
   *
   * @default - assigned by the cloud
   */
  readonly loadBalancerIp?: string;

  /**
   * Reach the webhook at this HTTPS base URL instead of its Service, e.g. `https://cert-manager-webhook.example.com`
   * (an off-cluster API server): the webhook configurations call `<url>/mutate` and `<url>/validate`,
   * and the webhook's serving certificate also names the URL's host.
   *
   * @default - the webhook Service
   */
  readonly url?: string;

  /**
   * Namespace selector of the MutatingWebhookConfiguration (a Kubernetes `LabelSelector`).
   *
   * @default - every namespace
   */
  readonly mutatingNamespaceSelector?: { [key: string]: any };

  /**
   * Namespace selector of the ValidatingWebhookConfiguration (a Kubernetes `LabelSelector`),
   * replacing the default.
   *
   * @default - namespaces not labelled `cert-manager.io/disable-validation: "true"`
   */
  readonly validatingNamespaceSelector?: { [key: string]: any };

  /**
   * Extra annotations on the MutatingWebhookConfiguration.
   *
   * @default - only the CA injection annotation
   */
  readonly mutatingWebhookAnnotations?: { [key: string]: string };

  /**
   * Extra annotations on the ValidatingWebhookConfiguration.
   *
   * @default - only the CA injection annotation
   */
  readonly validatingWebhookAnnotations?: { [key: string]: string };

  /**
   * Tuning of the webhook's liveness probe (`/livez` on port `healthcheck`).
   *
   * @default - initial delay 60s, period 10s, timeout 1s, failure threshold 3
   */
  readonly livenessProbe?: ProbeOptions;

  /**
   * Tuning of the webhook's readiness probe (`/healthz` on port `healthcheck`).
   *
   * @default - initial delay 5s, period 5s, timeout 1s, failure threshold 3
   */
  readonly readinessProbe?: ProbeOptions;

  /**
   * Accept only API server client certificates with one of these subject names
   * (`--client-subject-names`, comma-separated upstream).
   *
   * @default - any client
   */
  readonly apiserverClientCertSubjects?: string[];

  /**
   * Path of the CA file that verifies API server client certificates (`--client-ca-path`); mount
   * it with `volumes` and `volumeMounts`.
   *
   * @default - none
   */
  readonly clientCaFile?: string;

  /**
   * Require and verify API server client certificates (`--enable-client-verification=true`).
   *
   * @default false
   */
  readonly enableClientVerification?: boolean;
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

  /**
   * Annotations on the ServiceMonitor or PodMonitor.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Namespace of the ServiceMonitor or PodMonitor (e.g. the monitoring namespace), which then
   * selects the install's namespace explicitly.
   *
   * @default - the install namespace
   */
  readonly namespace?: string;

  /**
   * Keep the target's labels when they clash with Prometheus's own (`honorLabels`).
   *
   * @default false
   */
  readonly honorLabels?: boolean;

  /**
   * Value of the `prometheus` label, which selects the Prometheus instance in some setups.
   *
   * @default - no `prometheus` label
   */
  readonly prometheusInstance?: string;

  /**
   * Extra fields of the scrape endpoint, as prometheus-operator writes them, e.g.
   * `{ relabelings: [...] }`. They may not replace the fields this construct sets.
   *
   * @default - none
   */
  readonly endpointAdditionalProperties?: { [key: string]: any };
}
