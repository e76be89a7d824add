import { ApiObject, Duration, Yaml } from 'cdk8s';
import { ContainerResources, ImagePullPolicy, ServiceType } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CertManagerCrds } from './crds';
import { DisruptionBudget } from './disruption-budget';
import { HelmValuesOptions } from './helm-values';
import {
  CainjectorOptions, ComponentOptions, ControllerOptions, LogFormat, ProbeOptions, ScrapeOptions, WebhookFailurePolicy, WebhookOptions,
} from './options';
import { ambientIdentityWarnings } from './private/ambient-identity';
import { CertManagerRbac } from './rbac';
import {
  CERT_MANAGER_VERSION, COMPONENT_LABELS, DEFAULT_IMAGE_REGISTRY, IMAGES, InstallNames, NAMES, PORTS, installNames,
} from './upstream';
import { CertificateGraph } from '../graph/certificate-graph';
import { clusterScoped } from '../private/cluster-scoped';
import { goDuration } from '../private/duration';
import { fail } from '../private/errors';
import { HelmValuesConversion, HelmValuesError, helmOnlyNotice, helmValuesProps } from './private/helm-values-props';
import { checkImageDigest, checkImageRepository, checkImageTag, imageReference } from './private/image';
import { checkAnnotations, checkLabels } from '../private/metadata';
import { checkDnsLabel, checkHttpsUrl, checkSubdomain } from '../private/names';
import { ProbeTiming, RESTRICTED_CONTAINER_SECURITY_CONTEXT, containerResources, httpProbe, spreadConstraints } from './private/pod-defaults';
import {
  checkEnv, checkObject, checkObjectList, checkProxyUrl, checkRestrictedVolumes, checkStrategy, checkVolumes, probeTiming, restrictedSecurityContext,
} from './private/pod-options-validation';
import { restrictedNamespace } from './private/restricted-namespace';
import { plainObject } from '../private/plain-object';
import { parseQuantity } from '../private/quantity';
import { checkScrape, scrapeMonitor } from './private/scrape';
import { warn } from '../private/warn';

/** Props of {@link CertManager}. */
export interface CertManagerProps {
  /**
   * Namespace of the install.
   *
   * @default "cert-manager"
   */
  readonly namespace?: string;

  /**
   * Create the Namespace object, labelled to enforce the "restricted" Pod Security Standard.
   * Turn off when the namespace is managed elsewhere.
   *
   * @default true
   */
  readonly createNamespace?: boolean;

  /**
   * Install the cert-manager CRDs (see {@link CertManagerCrds}). Turn off for clusters whose
   * CRDs are managed elsewhere; they must be the same version.
   *
   * @default true
   */
  readonly installCrds?: boolean;

  /**
   * Namespace from which ClusterIssuers read their Secrets (ACME account keys, DNS provider
   * credentials, CA key pairs).
   *
   * @default - the install namespace
   */
  readonly clusterResourceNamespace?: string;

  /**
   * Namespace of the leader-election leases of the controller and cainjector.
   *
   * @default "kube-system"
   */
  readonly leaderElectionNamespace?: string;

  /**
   * Leader-election lease duration.
   *
   * @default - the binary's default (60s)
   */
  readonly leaderElectionLeaseDuration?: Duration;

  /**
   * Leader-election renew deadline; shorter than the lease duration.
   *
   * @default - the binary's default (40s)
   */
  readonly leaderElectionRenewDeadline?: Duration;

  /**
   * Leader-election retry period.
   *
   * @default - the binary's default (15s)
   */
  readonly leaderElectionRetryPeriod?: Duration;

  /**
   * Registry and path the images are pulled from, e.g. a mirror `registry.example.com/jetstack`.
   *
   * @default "quay.io/jetstack"
   */
  readonly imageRegistry?: string;

  /**
   * Image tag of all components and the ACME HTTP-01 solver.
   *
   * @default - the pinned cert-manager version (CertManager.VERSION)
   */
  readonly imageTag?: string;

  /**
   * Image pull policy.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Names of Secrets (in the install namespace) for pulling images from a private registry.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Image digest (`sha256:...`) of the ACME HTTP-01 solver image.
   *
   * @default - the tag only
   */
  readonly acmesolverImageDigest?: string;

  /**
   * PriorityClass of all pods, e.g. `system-cluster-critical` where the cluster admits it.
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * ReplicaSets each Deployment keeps for rollback.
   *
   * @default - Kubernetes default (10)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Log verbosity (`--v`) of all components: 0 to 6; 2 logs each certificate action.
   *
   * @default 2
   */
  readonly logLevel?: number;

  /**
   * Log format of all components.
   *
   * @default LogFormat.TEXT
   */
  readonly logFormat?: LogFormat;

  /**
   * The controller.
   *
   * @default - production defaults, see ControllerOptions
   */
  readonly controller?: ControllerOptions;

  /**
   * The admission webhook.
   *
   * @default - production defaults, see WebhookOptions
   */
  readonly webhook?: WebhookOptions;

  /**
   * The CA injector.
   *
   * @default - production defaults, see CainjectorOptions
   */
  readonly cainjector?: CainjectorOptions;

  /**
   * Emit a ServiceMonitor (prometheus-operator) that scrapes all three components.
   * Mutually exclusive with `podMonitor`.
   *
   * @default - no ServiceMonitor
   */
  readonly serviceMonitor?: ScrapeOptions;

  /**
   * Emit a PodMonitor (prometheus-operator) that scrapes all three components.
   * Mutually exclusive with `serviceMonitor`.
   *
   * @default - no PodMonitor
   */
  readonly podMonitor?: ScrapeOptions;

  /**
   * Emit NetworkPolicies: ingress only to the metrics, health and webhook ports (the webhook
   * port open to any source, so the API server always reaches it), egress only to ports 80,
   * 443, 6443 (API server, ACME, DNS-over-HTTPS) and 53 (DNS). Each component can override this
   * (`networkPolicies`) and replace the rules (`networkPolicyIngress`, `networkPolicyEgress`).
   *
   * @default false
   */
  readonly networkPolicies?: boolean;

  /**
   * The Helm release name the object names derive from, as the chart derives them: a name
   * containing `cert-manager` is used as is, any other gets `-cert-manager` appended (release
   * `platform` names the controller `platform-cert-manager` and the webhook
   * `platform-cert-manager-webhook`). Set it to the release of an install you take over, so the
   * objects (and the Deployments' immutable selectors, which carry `app.kubernetes.io/instance`)
   * are updated in place.
   *
   * @default "cert-manager"
   */
  readonly releaseName?: string;

  /**
   * The chart's `nameOverride`: replaces `cert-manager` in the derivation of the object names and
   * in the `app` and `app.kubernetes.io/name` labels (and selectors) of the controller's objects.
   * Set it only to take over a release that set it.
   *
   * @default "cert-manager"
   */
  readonly nameOverride?: string;

  /**
   * The chart's `fullnameOverride`: the base of every object name, whatever the release name
   * (the webhook is `<fullnameOverride>-webhook`). Set it only to take over a release that set it.
   *
   * @default - derived from releaseName
   */
  readonly fullnameOverride?: string;

  /**
   * Labels added to every object of the install (not to selectors).
   *
   * @default - none
   */
  readonly commonLabels?: { [key: string]: string };

  /**
   * `hostUsers` of every pod: false runs the pods in their own user namespace (Kubernetes 1.30+
   * with the UserNamespacesSupport feature).
   *
   * @default - not set (the cluster's default)
   */
  readonly hostUsers?: boolean;

  /**
   * Repository of the ACME HTTP-01 solver image (registry and path, no tag).
   *
   * @default - `<imageRegistry>/cert-manager-acmesolver`
   */
  readonly acmesolverImageRepository?: string;

  /**
   * Tag of the ACME HTTP-01 solver image; keep it the controller's version.
   *
   * @default - the install's `imageTag`
   */
  readonly acmesolverImageTag?: string;

  /**
   * RuntimeClass of the ACME HTTP-01 solver pods (`--acme-http01-solver-runtime-class-name`).
   *
   * @default - the cluster's default runtime
   */
  readonly acmesolverRuntimeClassName?: string;

  /**
   * Annotate every pod with `prometheus.io/scrape`, `prometheus.io/path` and `prometheus.io/port`
   * for a Prometheus that discovers pods by annotation, instead of a ServiceMonitor or PodMonitor
   * (it cannot be combined with either).
   *
   * @default false
   */
  readonly prometheusScrapeAnnotations?: boolean;

  /**
   * Emit the metrics Services (the controller's and the cainjector's, and the webhook Service's
   * metrics port). Turn off when Prometheus scrapes pods (a PodMonitor or scrape annotations), as
   * the chart does with `prometheus.enabled: false`; a ServiceMonitor needs them.
   *
   * @default true
   */
  readonly metricsServices?: boolean;

  /**
   * Create the install's Roles, ClusterRoles and bindings. Turn off only when the RBAC is managed
   * elsewhere; without it cert-manager can do nothing.
   *
   * @default true
   */
  readonly createRbac?: boolean;

  /**
   * Aggregate the view and edit ClusterRoles into Kubernetes' `view`, `edit`, `admin` and
   * `cluster-reader` roles (and create the `-cluster-view` role).
   *
   * @default true
   */
  readonly aggregateClusterRoles?: boolean;
}

type ComponentName = 'controller' | 'webhook' | 'cainjector';
type Labels = { [key: string]: string };
type Json = { [key: string]: any };
type ObjectMeta = { name: string; namespace: string; labels: Labels };

/** The objects of one component. */
interface ComponentObjects {
  readonly deployment: ApiObject;
  readonly serviceAccount?: ApiObject;
  /** The ServiceAccount the pods run as, created or existing. */
  readonly serviceAccountName: string;
  readonly service?: ApiObject;
  readonly disruptionBudget?: ApiObject;
  readonly configMap?: ApiObject;
  readonly networkPolicies: ApiObject[];
}

const DEFAULT_REPLICAS: Record<ComponentName, number> = { controller: 3, webhook: 3, cainjector: 2 };

const DEFAULT_RESOURCES: Record<ComponentName, { cpu: string; memoryRequest: string; memoryLimit: string }> = {
  controller: { cpu: '50m', memoryRequest: '128Mi', memoryLimit: '512Mi' },
  webhook: { cpu: '20m', memoryRequest: '64Mi', memoryLimit: '256Mi' },
  cainjector: { cpu: '20m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
};

const CAINJECTOR_MIN_MEMORY = 256 * 2 ** 20;
const CONFIG_DIR = '/var/cert-manager/config';
const INJECT_CA_ANNOTATION = 'cert-manager.io/inject-ca-from-secret';
/** Labels every object of the install carries from this construct; user labels may not replace them. */
const RESERVED_LABELS = ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/version'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const POD_SECURITY_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const CONTROLLER_LIVENESS: ProbeTiming = { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8 };
const WEBHOOK_LIVENESS: ProbeTiming = { initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
const WEBHOOK_READINESS: ProbeTiming = { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 };

/** apiVersion and kind of each component's config file. */
const CONFIG_KINDS: Record<ComponentName, { apiVersion: string; kind: string }> = {
  controller: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration' },
  webhook: { apiVersion: 'webhook.config.cert-manager.io/v1alpha1', kind: 'WebhookConfiguration' },
  cainjector: { apiVersion: 'cainjector.config.cert-manager.io/v1alpha1', kind: 'CAInjectorConfiguration' },
};

const NAMESERVER = /^(https:\/\/\S+|\[[0-9a-fA-F:]+\]:[0-9]{1,5}|[A-Za-z0-9.-]+:[0-9]{1,5})$/;

/**
 * A production-grade cert-manager install: controller, webhook and cainjector with their RBAC,
 * Services, webhook configurations, PodDisruptionBudgets and (optionally) the CRDs, the
 * Namespace, NetworkPolicies and a ServiceMonitor or PodMonitor.
 *
 * Functionally the same install as the upstream Helm chart of the pinned version (same names,
 * labels, selectors, RBAC, arguments, ports and probes), with production defaults: 3/3/2
 * replicas, PodDisruptionBudgets that never block a drain, requests and memory limits, spreading
 * across zones and nodes, and restricted Pod Security.
 *
 * Issuers and Certificates can be applied only once the webhook is ready and its CA injected:
 * apply this install first and wait for the webhook Deployment to be Available.
 *
 * @example
 * new CertManager(chart, 'CertManager', {
 *   serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
 *   controller: {
 *     serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cert-manager' },
 *   },
 * });
 */
export class CertManager extends Construct {
  /** The cert-manager release this library installs. */
  public static readonly VERSION = CERT_MANAGER_VERSION;

  /**
   * The install a Helm values file of the cert-manager chart describes: the same objects
   * `helm template cert-manager <chart v1.21.1> -n <namespace> -f values.yaml` renders, as far
   * as they work in the cluster (permissions, arguments, ports, probes, webhooks, budgets).
   *
   * Where the file is silent, the chart's defaults apply, not this library's production
   * defaults (one replica, no PodDisruptionBudget, no resources); set `productionDefaults` to
   * layer those on top. The file is validated against the chart's values schema first: unknown
   * keys, wrong types and values this library cannot express fail in one error that lists every
   * offending key, and nothing is synthesized. Helm-only keys (`startupapicheck.*`, `crds.keep`,
   * `creator`, ...) are accepted and listed in one printed notice with what replaces each.
   * No helm binary is needed.
   *
   * @param values the parsed values file (plain JSON-compatible data, as a YAML parser returns it)
   * @see https://artifacthub.io/packages/helm/cert-manager/cert-manager
   * @example
   * const values = { replicaCount: 2, podDisruptionBudget: { enabled: true }, prometheus: { servicemonitor: { enabled: true } } };
   * CertManager.fromHelmValues(chart, 'CertManager', values, { releaseNamespace: 'cert-manager' });
   */
  public static fromHelmValues(scope: Construct, id: string, values: { [key: string]: any },
    options: HelmValuesOptions = {}): CertManager {
    const path = [scope.node.path, id].filter((p) => p).join('/');
    let converted: HelmValuesConversion;
    try {
      converted = helmValuesProps(values, options);
    } catch (e) {
      if (e instanceof HelmValuesError) throw new Error(`[${path}] ${e.message}`);
      throw e;
    }
    const install = new CertManager(scope, id, converted.props);
    converted.extraObjects.forEach(({ apiVersion, kind, ...body }, i) => plainObject(install, `ExtraObject${i}`, apiVersion, kind, body));
    if (converted.notices.length) warn(install, helmOnlyNotice(converted.notices));
    return install;
  }

  /**
   * {@link CertManager.fromHelmValues} for a values file on disk, read as Helm reads it (YAML 1.1,
   * so `0444` is octal).
   *
   * @param path the values file, e.g. `values.yaml`
   * @example
   * CertManager.fromHelmValuesFile(chart, 'CertManager', 'values.yaml', { releaseNamespace: 'cert-manager' });
   */
  public static fromHelmValuesFile(scope: Construct, id: string, path: string, options: HelmValuesOptions = {}): CertManager {
    const where = [scope.node.path, id].filter((p) => p).join('/');
    let documents: any[];
    try {
      documents = Yaml.load(path);
    } catch (e) {
      throw new Error(`[${where}] cannot read the Helm values file ${path}: ${(e as Error).message.split('\n')[0]}; fix the path or the file`);
    }
    if (documents.length > 1) {
      throw new Error(`[${where}] the Helm values file ${path} holds ${documents.length} YAML documents; combine them into one map of keys, as a values file is one document`);
    }
    return CertManager.fromHelmValues(scope, id, documents[0] ?? {}, options);
  }

  /** Namespace of the install. */
  public readonly namespace: string;
  /** Namespace from which ClusterIssuers read their Secrets. */
  public readonly clusterResourceNamespace: string;
  /** Namespace of the leader-election leases. */
  public readonly leaderElectionNamespace: string;
  /** The cert-manager version of the images (the image tag). */
  public readonly version: string;
  /** Name of the controller's Service (metrics on port `http-metrics`). */
  public readonly controllerServiceName: string;
  /** Name of the webhook's Service (HTTPS on 443). */
  public readonly webhookServiceName: string;
  /** Name of the cainjector's Service (metrics). */
  public readonly cainjectorServiceName: string;
  /** The Secret in the install namespace where the webhook keeps its serving CA. */
  public readonly webhookCaSecretName: string;
  /** Port the components expose metrics on (named `http-metrics`). */
  public readonly metricsPort: number = PORTS.metrics;
  /** Labels shared by the pods and Services of all components, for scrape selectors. */
  public readonly metricsSelectorLabels: { [key: string]: string };
  /** The Helm release name the object names derive from. */
  public readonly releaseName: string;
  /** The CRDs, when `installCrds` is on. */
  public readonly crds?: CertManagerCrds;

  // Every object of the install is a plain ApiObject: a JSON patch (`addJsonPatch`) lands in the
  // manifest verbatim, also for fields this library does not know.

  /** The Namespace, when `createNamespace` is on. */
  public readonly namespaceObject?: ApiObject;
  /** The controller Deployment. */
  public readonly controllerDeployment: ApiObject;
  /** The webhook Deployment. */
  public readonly webhookDeployment: ApiObject;
  /** The cainjector Deployment. */
  public readonly cainjectorDeployment: ApiObject;
  /** The controller's ServiceAccount, unless `createServiceAccount` is off. */
  public readonly controllerServiceAccount?: ApiObject;
  /** The webhook's ServiceAccount, unless `createServiceAccount` is off. */
  public readonly webhookServiceAccount?: ApiObject;
  /** The cainjector's ServiceAccount, unless `createServiceAccount` is off. */
  public readonly cainjectorServiceAccount?: ApiObject;
  /** The controller's metrics Service, unless `metricsServices` is off. */
  public readonly controllerService?: ApiObject;
  /** The webhook's Service (HTTPS, and metrics unless `metricsServices` is off). */
  public readonly webhookService: ApiObject;
  /** The cainjector's metrics Service, unless `metricsServices` is off. */
  public readonly cainjectorService?: ApiObject;
  /** The controller's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly controllerDisruptionBudget?: ApiObject;
  /** The webhook's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly webhookDisruptionBudget?: ApiObject;
  /** The cainjector's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly cainjectorDisruptionBudget?: ApiObject;
  /** The ConfigMap holding the controller's `config` file, when one is set. */
  public readonly controllerConfigMap?: ApiObject;
  /** The ConfigMap holding the webhook's `config` file, when one is set. */
  public readonly webhookConfigMap?: ApiObject;
  /** The ConfigMap holding the cainjector's `config` file, when one is set. */
  public readonly cainjectorConfigMap?: ApiObject;
  /** The controller's NetworkPolicies (ingress, egress), when `networkPolicies` is on. */
  public readonly controllerNetworkPolicies: ApiObject[];
  /** The webhook's NetworkPolicies (ingress, egress), when `networkPolicies` is on. */
  public readonly webhookNetworkPolicies: ApiObject[];
  /** The cainjector's NetworkPolicies (ingress, egress), when `networkPolicies` is on. */
  public readonly cainjectorNetworkPolicies: ApiObject[];
  /** The MutatingWebhookConfiguration. */
  public readonly mutatingWebhookConfiguration: ApiObject;
  /** The ValidatingWebhookConfiguration. */
  public readonly validatingWebhookConfiguration: ApiObject;
  /** The ClusterRoles: bound ones and the aggregated view, edit and cluster-view roles (none without `createRbac`). */
  public readonly clusterRoles: ApiObject[];
  /** The ClusterRoleBindings. */
  public readonly clusterRoleBindings: ApiObject[];
  /** The Roles: leader election (in the leader-election namespace) and the webhook's serving CA. */
  public readonly roles: ApiObject[];
  /** The RoleBindings. */
  public readonly roleBindings: ApiObject[];
  /** The ServiceMonitor, when `serviceMonitor` is set. */
  public readonly serviceMonitor?: ApiObject;
  /** The PodMonitor, when `podMonitor` is set. */
  public readonly podMonitor?: ApiObject;

  private readonly props: CertManagerProps;
  private readonly registry: string;
  private readonly names: InstallNames;

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = props.namespace ?? 'cert-manager';
    this.clusterResourceNamespace = props.clusterResourceNamespace ?? this.namespace;
    this.leaderElectionNamespace = props.leaderElectionNamespace ?? 'kube-system';
    this.version = props.imageTag ?? CERT_MANAGER_VERSION;
    this.registry = props.imageRegistry ?? DEFAULT_IMAGE_REGISTRY;
    this.releaseName = props.releaseName ?? NAMES.instance;
    this.checkProps();
    this.names = installNames(this.releaseName, props.nameOverride, props.fullnameOverride);
    this.controllerServiceName = this.names.controller;
    this.webhookServiceName = this.names.webhook;
    this.cainjectorServiceName = this.names.cainjector;
    this.webhookCaSecretName = this.names.webhookCaSecret;
    this.metricsSelectorLabels = { 'app.kubernetes.io/instance': this.names.instance };

    const hostNetwork = props.webhook?.hostNetwork ?? false;
    if (props.createNamespace ?? true) {
      if (hostNetwork) {
        warn(this, `webhook.hostNetwork is true: the namespace "${this.namespace}" enforces the "privileged" Pod Security `
          + 'level instead of "restricted", since host networking is outside every other level. Every other pod of the '
          + 'install still runs restricted; keep other workloads out of this namespace');
      }
      this.namespaceObject = restrictedNamespace(this, 'Namespace', this.namespace, this.props.commonLabels, hostNetwork ? 'privileged' : 'restricted');
    } else if (hostNetwork) {
      warn(this, 'webhook.hostNetwork is true and createNamespace is false, so the webhook pods are rejected unless the namespace '
        + `"${this.namespace}" admits host networking; label it pod-security.kubernetes.io/enforce: privileged`);
    }
    if (props.installCrds ?? true) {
      this.crds = new CertManagerCrds(this, 'Crds', { labels: props.commonLabels });
    }

    const controller = this.component('controller', new Construct(this, 'Controller'), props.controller ?? {});
    const webhookScope = new Construct(this, 'Webhook');
    const webhook = this.component('webhook', webhookScope, props.webhook ?? {});
    const cainjector = this.component('cainjector', new Construct(this, 'Cainjector'), props.cainjector ?? {});
    this.controllerDeployment = controller.deployment;
    this.webhookDeployment = webhook.deployment;
    this.cainjectorDeployment = cainjector.deployment;
    this.controllerServiceAccount = controller.serviceAccount;
    this.webhookServiceAccount = webhook.serviceAccount;
    this.cainjectorServiceAccount = cainjector.serviceAccount;
    this.controllerService = controller.service;
    this.webhookService = webhook.service!;
    this.cainjectorService = cainjector.service;
    this.controllerDisruptionBudget = controller.disruptionBudget;
    this.webhookDisruptionBudget = webhook.disruptionBudget;
    this.cainjectorDisruptionBudget = cainjector.disruptionBudget;
    this.controllerConfigMap = controller.configMap;
    this.webhookConfigMap = webhook.configMap;
    this.cainjectorConfigMap = cainjector.configMap;
    this.controllerNetworkPolicies = controller.networkPolicies;
    this.webhookNetworkPolicies = webhook.networkPolicies;
    this.cainjectorNetworkPolicies = cainjector.networkPolicies;

    const rbac = (props.createRbac ?? true) ? new CertManagerRbac(this, 'Rbac', {
      namespace: this.namespace,
      leaderElectionNamespace: this.leaderElectionNamespace,
      names: this.names,
      serviceAccounts: { controller: controller.serviceAccountName, webhook: webhook.serviceAccountName, cainjector: cainjector.serviceAccountName },
      labels: (c) => this.labels(c),
      approveSignerNames: props.controller?.approveSignerNames,
      disableAutoApproval: props.controller?.disableAutoApproval,
      aggregateClusterRoles: props.aggregateClusterRoles,
    }) : undefined;
    this.clusterRoles = rbac?.clusterRoles ?? [];
    this.clusterRoleBindings = rbac?.clusterRoleBindings ?? [];
    this.roles = rbac?.roles ?? [];
    this.roleBindings = rbac?.roleBindings ?? [];
    const hooks = this.webhookConfigurations(webhookScope, props.webhook ?? {});
    this.mutatingWebhookConfiguration = hooks.mutating;
    this.validatingWebhookConfiguration = hooks.validating;
    const scrape = this.scrapeObject();
    this.serviceMonitor = scrape.serviceMonitor;
    this.podMonitor = scrape.podMonitor;
    this.warnAboutAmbientCredentials();
  }

  /**
   * At synth, when issuers (created anywhere in the app) solve DNS-01 with a cloud's ambient
   * credentials that the controller has no identity for, prints a warning naming both places.
   * cdk8s validates more than once per synthesis: each warning is printed once.
   */
  private warnAboutAmbientCredentials() {
    const c = this.props.controller ?? {};
    const identity = {
      serviceAccountAnnotations: (c.createServiceAccount ?? true) ? c.serviceAccountAnnotations ?? {} : undefined,
      podLabels: c.podLabels ?? {},
      envNames: (c.extraEnv ?? []).map((e) => e.name as string),
    };
    const printed = new Set<string>();
    this.node.addValidation({
      validate: () => {
        for (const message of ambientIdentityWarnings(CertificateGraph.of(this).issuers, identity)) {
          if (printed.has(message)) continue;
          printed.add(message);
          warn(this, message);
        }
        return [];
      },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Input checks: all eager, so a bad value fails on the line that set it and nothing is written.
  // -------------------------------------------------------------------------------------------
  private checkProps() {
    const p = this.props;
    checkDnsLabel(this, 'namespace', this.namespace);
    checkDnsLabel(this, 'clusterResourceNamespace', this.clusterResourceNamespace);
    CertificateGraph.of(this).addInstall({ scope: this, namespace: this.namespace, clusterResourceNamespace: this.clusterResourceNamespace });
    checkDnsLabel(this, 'leaderElectionNamespace', this.leaderElectionNamespace);
    checkDnsLabel(this, 'releaseName', this.releaseName);
    if (p.nameOverride !== undefined) checkDnsLabel(this, 'nameOverride', p.nameOverride);
    if (p.fullnameOverride !== undefined) checkDnsLabel(this, 'fullnameOverride', p.fullnameOverride);
    checkLabels(this, 'commonLabels', p.commonLabels);
    for (const [prop, labels] of [['commonLabels', p.commonLabels], ['serviceMonitor.labels', p.serviceMonitor?.labels], ['podMonitor.labels', p.podMonitor?.labels]] as const) {
      const taken = Object.keys(labels ?? {}).filter((k) => RESERVED_LABELS.includes(k) || k.startsWith('pod-security.kubernetes.io/'));
      if (taken.length) {
        fail(this, `${prop} sets ${taken.join(', ')}, which this construct sets itself (names, selectors, Pod Security); remove them from ${prop}`);
      }
    }
    checkImageRepository(this, 'imageRegistry', this.registry, 'registry.example.com/jetstack');
    checkImageTag(this, 'imageTag', this.version, CERT_MANAGER_VERSION);
    if (this.version !== CERT_MANAGER_VERSION) {
      warn(this, `imageTag ${this.version} differs from ${CERT_MANAGER_VERSION}, the version whose CRDs, RBAC and `
        + 'arguments this construct emits; run images of that version unless you have checked the difference');
    }
    checkImageDigest(this, 'acmesolverImageDigest', p.acmesolverImageDigest);
    if (p.acmesolverImageRepository !== undefined) {
      checkImageRepository(this, 'acmesolverImageRepository', p.acmesolverImageRepository, 'registry.example.com/jetstack/cert-manager-acmesolver');
    }
    if (p.acmesolverImageTag !== undefined) checkImageTag(this, 'acmesolverImageTag', p.acmesolverImageTag, CERT_MANAGER_VERSION);
    if (p.acmesolverRuntimeClassName !== undefined) checkSubdomain(this, 'acmesolverRuntimeClassName', p.acmesolverRuntimeClassName);
    if (p.serviceMonitor && p.podMonitor) {
      fail(this, 'serviceMonitor and podMonitor are both set, so every component would be scraped twice; keep one');
    }
    if (p.metricsServices === false && p.serviceMonitor) {
      fail(this, 'serviceMonitor is set but metricsServices is off, so the ServiceMonitor would select no Service; use podMonitor, '
        + 'or turn metricsServices on');
    }
    if (p.prometheusScrapeAnnotations && (p.serviceMonitor || p.podMonitor)) {
      fail(this, `prometheusScrapeAnnotations is true and ${p.serviceMonitor ? 'serviceMonitor' : 'podMonitor'} is set, so every `
        + 'component would be scraped twice; keep one');
    }
    for (const [prop, scrape] of [['serviceMonitor', p.serviceMonitor], ['podMonitor', p.podMonitor]] as const) {
      if (scrape) checkScrape(this, prop, scrape);
    }
    const level = p.logLevel ?? 2;
    if (!Number.isInteger(level) || level < 0 || level > 10) {
      fail(this, `logLevel ${level} is out of range: use a whole number from 0 to 10 (2 is the upstream default)`);
    }
    if (p.revisionHistoryLimit !== undefined && (!Number.isInteger(p.revisionHistoryLimit) || p.revisionHistoryLimit < 0)) {
      fail(this, `revisionHistoryLimit ${p.revisionHistoryLimit} must be a whole number of 0 or more; set it to 0 or more, or leave it out`);
    }
    const c = p.controller ?? {};
    for (const ns of c.dns01RecursiveNameservers ?? []) {
      if (!NAMESERVER.test(ns)) {
        fail(this, `controller.dns01RecursiveNameservers has "${ns}": use host:port (e.g. "1.1.1.1:53") or an https:// DNS-over-HTTPS URL`);
      }
    }
    if (c.dns01RecursiveNameserversOnly && !(c.dns01RecursiveNameservers ?? []).length) {
      fail(this, 'controller.dns01RecursiveNameserversOnly is true but dns01RecursiveNameservers is empty; list the nameservers to use');
    }
    const mcc = c.maxConcurrentChallenges;
    if (mcc !== undefined && (!Number.isInteger(mcc) || mcc < 1)) {
      fail(this, `controller.maxConcurrentChallenges ${mcc} must be a whole number of 1 or more; set it to 1 or more, or leave it out for the upstream default of 60`);
    }
    checkProxyUrl(this, 'controller.httpProxy', c.httpProxy);
    checkProxyUrl(this, 'controller.httpsProxy', c.httpsProxy);
    for (const host of c.noProxy ?? []) {
      if (!/^[A-Za-z0-9.*:\/\[\]-]+$/.test(host)) {
        fail(this, `controller.noProxy has "${host}": list host names, domains (".example.com"), IP addresses or CIDRs, one per entry`);
      }
    }
    if (c.disableAutoApproval && c.approveSignerNames !== undefined) {
      fail(this, 'controller.approveSignerNames is set but disableAutoApproval is true, so nothing approves; remove one of them');
    }
    for (const signer of c.approveSignerNames ?? []) {
      if (!/^[a-z0-9.-]+\/[A-Za-z0-9.*_-]+$/.test(signer)) {
        fail(this, `controller.approveSignerNames has "${signer}", which is not a signer name; write <resource>.<group>/<name>, e.g. "issuers.cert-manager.io/*"`);
      }
    }
    this.checkWebhook(p.webhook ?? {});
  }

  private checkWebhook(w: WebhookOptions) {
    const timeout = w.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 30) {
      fail(this, `webhook.timeoutSeconds ${timeout} is out of range, as the API server accepts 1 to 30 seconds; use a whole number from 1 to 30`);
    }
    if (w.failurePolicy === WebhookFailurePolicy.IGNORE) {
      warn(this, 'webhook.failurePolicy is Ignore: while the webhook is unreachable, invalid Certificates and Issuers are '
        + 'admitted unvalidated and CertificateRequests are not mutated. Keep Fail unless you have a reason');
    }
    const { secure, healthz } = webhookPorts(w);
    if (!Number.isInteger(secure) || secure < 1 || secure > 65535) {
      fail(this, `webhook.securePort ${secure} is not a port; use a whole number from 1 to 65535`);
    }
    if (w.config?.securePort !== undefined && w.securePort !== undefined && w.config.securePort !== w.securePort) {
      fail(this, `webhook.securePort ${w.securePort} and webhook.config.securePort ${w.config.securePort} differ; set only securePort`);
    }
    const clash = [[healthz, 'the health port'], [PORTS.metrics, 'the metrics port']].find(([port]) => port === secure);
    if (clash) fail(this, `webhook.securePort ${secure} is ${clash[1]} of the webhook; use another port, e.g. 10260`);
    if (w.hostNetwork && secure === PORTS.webhookSecure) {
      fail(this, `webhook.hostNetwork is true but securePort is ${secure}, the kubelet's port on every node, so the webhook `
        + 'cannot bind it; set webhook.securePort to a free port, e.g. 10260');
    }
    if (w.url !== undefined) {
      checkHttpsUrl(this, 'webhook.url', w.url);
      if (/\/(mutate|validate)\/?$/.test(w.url) || w.url.endsWith('/')) {
        fail(this, `webhook.url "${w.url}" ends in "/", "/mutate" or "/validate", which this construct appends; remove it and give the base URL`);
      }
    }
    const serviceType = w.serviceType ?? ServiceType.CLUSTER_IP;
    if (serviceType === ServiceType.EXTERNAL_NAME) {
      fail(this, 'webhook.serviceType ExternalName has no pods behind it; use ClusterIP, NodePort or LoadBalancer (or webhook.url)');
    }
    if (w.loadBalancerIp !== undefined && serviceType !== ServiceType.LOAD_BALANCER) {
      fail(this, `webhook.loadBalancerIp ${w.loadBalancerIp} needs webhook.serviceType ServiceType.LOAD_BALANCER (it is ${serviceType}); `
        + 'set webhook.serviceType to ServiceType.LOAD_BALANCER, or remove loadBalancerIp');
    }
    checkObject(this, 'webhook.mutatingNamespaceSelector', w.mutatingNamespaceSelector);
    checkObject(this, 'webhook.validatingNamespaceSelector', w.validatingNamespaceSelector);
    for (const prop of ['mutatingWebhookAnnotations', 'validatingWebhookAnnotations'] as const) {
      checkAnnotations(this, `webhook.${prop}`, w[prop]);
      if (w[prop]?.[INJECT_CA_ANNOTATION] !== undefined) {
        fail(this, `webhook.${prop} sets ${INJECT_CA_ANNOTATION}, which this construct sets to the webhook's CA Secret; remove it`);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Components
  // -------------------------------------------------------------------------------------------
  private labels(component: ComponentName): Labels {
    const { component: comp } = COMPONENT_LABELS[component];
    const name = this.componentName(component);
    return {
      ...this.props.commonLabels,
      'app': name,
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': this.names.instance,
      'app.kubernetes.io/component': comp,
      'app.kubernetes.io/version': this.version,
    };
  }

  /** `app.kubernetes.io/name` of a component: `nameOverride` renames the controller's only, as upstream. */
  private componentName(component: ComponentName): string {
    return component === 'controller' ? this.names.name : COMPONENT_LABELS[component].name;
  }

  private selector(component: ComponentName): Labels {
    const { component: comp } = COMPONENT_LABELS[component];
    const name = this.componentName(component);
    return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': this.names.instance, 'app.kubernetes.io/component': comp };
  }

  private component(name: ComponentName, scope: Construct, opts: ComponentOptions): ComponentObjects {
    const replicas = opts.replicas ?? DEFAULT_REPLICAS[name];
    if (!Number.isInteger(replicas) || replicas < 1) {
      fail(scope, `replicas ${replicas} must be a whole number of 1 or more; `
        + `use ${DEFAULT_REPLICAS[name]} (the default) for high availability`);
    }
    const budget = opts.disruptionBudget ?? (replicas > 1 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none());
    budget._check(scope, replicas);
    if (opts.unhealthyPodEvictionPolicy !== undefined && budget._field === 'none') {
      fail(scope, `unhealthyPodEvictionPolicy ${opts.unhealthyPodEvictionPolicy} needs a PodDisruptionBudget, but the budget is none `
        + `(replicas ${replicas}); set a disruptionBudget or remove unhealthyPodEvictionPolicy`);
    }
    const own = this.labels(name);
    const podLabels = mergeLabels(scope, 'podLabels', opts.podLabels, own);
    checkLabels(scope, 'nodeSelector', opts.nodeSelector);
    checkAnnotations(scope, 'podAnnotations', opts.podAnnotations);
    checkAnnotations(scope, 'serviceAccountAnnotations', opts.serviceAccountAnnotations);
    checkAnnotations(scope, 'deploymentAnnotations', opts.deploymentAnnotations);
    checkAnnotations(scope, 'serviceAnnotations', opts.serviceAnnotations);
    checkStrategy(scope, opts.strategy);
    checkObject(scope, 'affinity', opts.affinity);
    checkObjectList(scope, 'topologySpreadConstraints', opts.topologySpreadConstraints, ['topologyKey', 'maxSkew', 'whenUnsatisfiable']);
    if (opts.topologySpreadConstraints && (opts.spreadAcrossZones !== undefined || opts.spreadAcrossNodes !== undefined)) {
      fail(scope, 'topologySpreadConstraints replaces the default spreading, so spreadAcrossZones and spreadAcrossNodes would be '
        + 'ignored; remove them, or express them as constraints');
    }
    checkObjectList(scope, 'hostAliases', opts.hostAliases, ['ip', 'hostnames']);
    checkObject(scope, 'dnsConfig', opts.dnsConfig);
    if (opts.dnsPolicy !== undefined && !DNS_POLICIES.includes(opts.dnsPolicy)) {
      fail(scope, `dnsPolicy "${opts.dnsPolicy}" is not a DNS policy; use one of ${DNS_POLICIES.join(', ')}`);
    }
    if (opts.dnsPolicy === 'None' && !opts.dnsConfig?.nameservers?.length) {
      fail(scope, 'dnsPolicy "None" needs dnsConfig.nameservers, or the pods have no DNS at all; list them in dnsConfig.nameservers, '
        + 'or use another dnsPolicy');
    }
    if (opts.runtimeClassName !== undefined) checkSubdomain(scope, 'runtimeClassName', opts.runtimeClassName);
    if (opts.serviceIpFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(opts.serviceIpFamilyPolicy)) {
      fail(scope, `serviceIpFamilyPolicy "${opts.serviceIpFamilyPolicy}" is not an IP family policy; use one of ${IP_FAMILY_POLICIES.join(', ')}`);
    }
    for (const family of opts.serviceIpFamilies ?? []) {
      if (family !== 'IPv4' && family !== 'IPv6') fail(scope, `serviceIpFamilies has "${family}"; use "IPv4" or "IPv6"`);
    }
    const withNetworkPolicies = opts.networkPolicies ?? this.props.networkPolicies ?? false;
    for (const prop of ['networkPolicyIngress', 'networkPolicyEgress'] as const) {
      checkObjectList(scope, prop, opts[prop]);
      if (opts[prop] && !withNetworkPolicies) {
        fail(scope, `${prop} is set but networkPolicies is off, so no NetworkPolicy would carry it; set networkPolicies: true`);
      }
    }
    checkObject(scope, 'config', opts.config);

    const objectName = this.names[name];
    const metadata = { name: objectName, namespace: this.namespace, labels: own };
    const serviceAccount = this.serviceAccount(scope, opts, metadata);
    const config = opts.config && Object.keys(opts.config).length ? opts.config : undefined;
    checkVolumes(scope, opts.volumes, opts.volumeMounts, config ? ['config'] : []);
    checkRestrictedVolumes(scope, opts.volumes);
    const resources = this.resources(scope, name, opts.resources);
    const hostNetwork = name === 'webhook' && ((opts as WebhookOptions).hostNetwork ?? false);

    const container = this.container(scope, name, opts, resources, !!config);
    const extraContainers = name === 'controller' ? (opts as ControllerOptions).extraContainers : undefined;
    checkObjectList(scope, 'extraContainers', extraContainers, ['name', 'image']);
    (extraContainers ?? []).forEach((c, i) => {
      if (c.name === container.name) fail(scope, `extraContainers[${i}] is named "${c.name}", like cert-manager's own container; rename it`);
      restrictedSecurityContext(scope, `extraContainers[${i}].securityContext`, {}, c.securityContext ?? {}, 'container');
    });
    const spread = spreadConstraints(
      { 'app.kubernetes.io/instance': this.names.instance, 'app.kubernetes.io/component': COMPONENT_LABELS[name].component },
      opts.spreadAcrossZones ?? true, opts.spreadAcrossNodes ?? true);
    const volumes = [...(config ? [{ name: 'config', configMap: { name: objectName } }] : []), ...(opts.volumes ?? [])];
    const scrapeAnnotations = this.props.prometheusScrapeAnnotations
      ? { 'prometheus.io/path': '/metrics', 'prometheus.io/scrape': 'true', 'prometheus.io/port': `${PORTS.metrics}` }
      : {};

    const deployment = plainObject(scope, 'Resource', 'apps/v1', 'Deployment', {
      metadata: { ...metadata, annotations: opts.deploymentAnnotations },
      spec: {
        replicas,
        revisionHistoryLimit: this.props.revisionHistoryLimit,
        selector: { matchLabels: this.selector(name) },
        strategy: opts.strategy,
        template: {
          metadata: { labels: podLabels, annotations: { ...scrapeAnnotations, ...opts.podAnnotations } },
          spec: {
            serviceAccountName: serviceAccount.name,
            automountServiceAccountToken: opts.automountServiceAccountToken,
            enableServiceLinks: opts.enableServiceLinks ?? false,
            priorityClassName: this.props.priorityClassName,
            runtimeClassName: opts.runtimeClassName,
            hostUsers: this.props.hostUsers,
            hostNetwork: hostNetwork || undefined,
            dnsPolicy: opts.dnsPolicy ?? (hostNetwork ? 'ClusterFirstWithHostNet' : undefined),
            dnsConfig: opts.dnsConfig,
            hostAliases: opts.hostAliases,
            securityContext: restrictedSecurityContext(scope, 'podSecurityContext', POD_SECURITY_CONTEXT, opts.podSecurityContext, 'pod'),
            imagePullSecrets: this.props.imagePullSecrets?.map((s) => ({ name: s })),
            containers: [container, ...(extraContainers ?? [])],
            volumes: volumes.length ? volumes : undefined,
            nodeSelector: { 'kubernetes.io/os': 'linux', ...opts.nodeSelector },
            tolerations: opts.tolerations?.map((t) => ({ ...t })),
            affinity: opts.affinity,
            topologySpreadConstraints: opts.topologySpreadConstraints ?? spread,
          },
        },
      },
    });

    const configMap = config ? plainObject(scope, 'Config', 'v1', 'ConfigMap', {
      metadata,
      data: { 'config.yaml': JSON.stringify({ ...CONFIG_KINDS[name], ...config }, null, 2) + '\n' },
    }) : undefined;

    const disruptionBudget = budget._toKube(scope, metadata, this.selector(name),
      opts.unhealthyPodEvictionPolicy ? { unhealthyPodEvictionPolicy: opts.unhealthyPodEvictionPolicy } : {});
    const service = this.service(scope, name, opts, metadata);
    const networkPolicies = withNetworkPolicies ? this.networkPolicies(scope, name, opts, own) : [];
    if (hostNetwork && networkPolicies.length) {
      warn(scope, 'the webhook runs on the host network, where NetworkPolicies do not apply: its -allow-ingress and -allow-egress '
        + 'policies are emitted but restrict nothing; restrict the node ports (webhook.securePort, 6080, 9402) in the node firewall');
    }
    const serviceAccountObject = serviceAccount.object;
    const serviceAccountName = serviceAccount.name;
    return { deployment, serviceAccount: serviceAccountObject, serviceAccountName, service, disruptionBudget, configMap, networkPolicies };
  }

  /** The component's ServiceAccount (unless an existing one is used) and the name the pods run as. */
  private serviceAccount(scope: Construct, opts: ComponentOptions, metadata: ObjectMeta):
  { object?: ApiObject; name: string } {
    const create = opts.createServiceAccount ?? true;
    const name = opts.serviceAccountName ?? metadata.name;
    checkSubdomain(scope, 'serviceAccountName', name);
    if (!create) {
      if (opts.serviceAccountName === undefined) {
        fail(scope, 'createServiceAccount is false but serviceAccountName is not set; name the existing ServiceAccount the pods '
          + 'run as (and the RBAC binds), or create one');
      }
      const lost = (['serviceAccountAnnotations', 'serviceAccountLabels', 'serviceAccountAutomountToken'] as const).filter((k) => opts[k] !== undefined);
      if (lost.length) {
        fail(scope, `${lost.join(', ')} ${lost.length > 1 ? 'are' : 'is'} set but createServiceAccount is false, so no ServiceAccount `
          + 'would carry it; set it on the existing ServiceAccount, or create one');
      }
      return { name };
    }
    const labels = mergeLabels(scope, 'serviceAccountLabels', opts.serviceAccountLabels, metadata.labels);
    const object = plainObject(scope, 'ServiceAccount', 'v1', 'ServiceAccount', {
      metadata: { ...metadata, name, labels, annotations: opts.serviceAccountAnnotations },
      automountServiceAccountToken: opts.serviceAccountAutomountToken ?? true,
    });
    return { object, name };
  }

  /** The component's Service: the webhook's always, the metrics-only ones of the others unless `metricsServices` is off. */
  private service(scope: Construct, name: ComponentName, opts: ComponentOptions, metadata: ObjectMeta): ApiObject | undefined {
    const w = opts as WebhookOptions;
    const metrics = this.props.metricsServices ?? true;
    const serviceProps = (['serviceAnnotations', 'serviceLabels', 'serviceIpFamilies', 'serviceIpFamilyPolicy'] as const).filter((k) => opts[k] !== undefined);
    if (!metrics && name !== 'webhook') {
      if (serviceProps.length) {
        fail(scope, `${serviceProps.join(', ')} ${serviceProps.length > 1 ? 'are' : 'is'} set but metricsServices is off, so this component `
          + 'has no Service to carry it; remove it, or turn metricsServices on');
      }
      return undefined;
    }
    const metricsPort = { name: 'metrics', port: PORTS.metrics, protocol: 'TCP', targetPort: 'http-metrics' };
    const ports = name === 'webhook'
      ? [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }, ...(metrics ? [metricsPort] : [])]
      : [{ name: 'http-metrics', port: PORTS.metrics, protocol: 'TCP' }];
    return plainObject(scope, 'Service', 'v1', 'Service', {
      metadata: { ...metadata, labels: mergeLabels(scope, 'serviceLabels', opts.serviceLabels, metadata.labels), annotations: opts.serviceAnnotations },
      spec: {
        type: name === 'webhook' ? (w.serviceType ?? ServiceType.CLUSTER_IP) : 'ClusterIP',
        loadBalancerIP: name === 'webhook' ? w.loadBalancerIp : undefined,
        ipFamilies: opts.serviceIpFamilies,
        ipFamilyPolicy: opts.serviceIpFamilyPolicy,
        ports,
        selector: this.selector(name),
      },
    });
  }

  private resources(scope: Construct, name: ComponentName, given: ContainerResources | undefined): { [key: string]: any } {
    const resources = containerResources(scope, given, DEFAULT_RESOURCES[name]);
    if (name === 'cainjector') {
      const memory: Array<string | undefined> = [resources.requests?.memory, resources.limits?.memory];
      const smallest = Math.min(...memory.filter((q): q is string => !!q).map((q) => parseQuantity(q)!));
      if (smallest < CAINJECTOR_MIN_MEMORY) {
        warn(scope, `cainjector memory ${memory[0] ?? '-'} (request) / ${memory[1] ?? '-'} (limit) is below 256Mi; `
          + 'the cainjector caches every Secret and CRD and is OOM-killed below that in large clusters; raise both to 256Mi or more');
      }
    }
    return resources;
  }

  private image(scope: Construct, name: ComponentName, opts: ComponentOptions): string {
    checkImageDigest(scope, 'imageDigest', opts.imageDigest);
    const repository = opts.imageRepository ?? `${this.registry}/${IMAGES[name]}`;
    if (opts.imageRepository !== undefined) checkImageRepository(scope, 'imageRepository', repository, `registry.example.com/jetstack/${IMAGES[name]}`);
    const tag = opts.imageTag ?? this.version;
    if (opts.imageTag !== undefined) checkImageTag(scope, 'imageTag', tag, CERT_MANAGER_VERSION);
    return imageReference(repository, tag, opts.imageDigest);
  }

  private container(scope: Construct, name: ComponentName, opts: ComponentOptions, resources: Json, config: boolean): Json {
    const c = opts as ControllerOptions;
    const proxies = name === 'controller' ? {
      HTTP_PROXY: c.httpProxy,
      HTTPS_PROXY: c.httpsProxy,
      NO_PROXY: c.noProxy?.join(','),
    } : {};
    const proxyEnv = Object.entries(proxies).filter(([, v]) => v !== undefined).map(([k, value]) => ({ name: k, value }));
    checkEnv(scope, 'extraEnv', opts.extraEnv, {
      POD_NAMESPACE: 'the downward API (the pod namespace)',
      ...Object.fromEntries(proxyEnv.map((e) => [e.name, { HTTP_PROXY: 'httpProxy', HTTPS_PROXY: 'httpsProxy', NO_PROXY: 'noProxy' }[e.name]!])),
    });
    const base = {
      name: `cert-manager-${name}`,
      image: this.image(scope, name, opts),
      imagePullPolicy: opts.imagePullPolicy ?? this.props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      args: [...this.args(name, opts, config), ...featureGateArgs(opts.featureGates), ...(opts.extraArgs ?? [])],
      // The chart's order: extraEnv before the proxies.
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, ...(opts.extraEnv ?? []), ...proxyEnv],
      securityContext: restrictedSecurityContext(scope, 'containerSecurityContext', RESTRICTED_CONTAINER_SECURITY_CONTEXT, opts.containerSecurityContext, 'container'),
      resources,
      volumeMounts: [...(config ? [{ name: 'config', mountPath: CONFIG_DIR }] : []), ...(opts.volumeMounts ?? [])],
    };
    if (!base.volumeMounts.length) delete (base as { volumeMounts?: unknown }).volumeMounts;
    const metricsPort = { containerPort: PORTS.metrics, name: 'http-metrics', protocol: 'TCP' };
    const probe = (prop: string, path: string, port: string, defaults: ProbeTiming, given: ProbeOptions | undefined) => {
      const timing = probeTiming(scope, prop, defaults, given);
      return timing && httpProbe(path, port, timing as ProbeTiming);
    };
    switch (name) {
      case 'controller':
        return {
          ...base,
          ports: [metricsPort, { containerPort: PORTS.controllerHealthz, name: 'http-healthz', protocol: 'TCP' }],
          livenessProbe: probe('livenessProbe', '/livez', 'http-healthz', CONTROLLER_LIVENESS, c.livenessProbe),
        };
      case 'webhook': {
        const w = opts as WebhookOptions;
        const { secure, healthz } = webhookPorts(w);
        return {
          ...base,
          ports: [
            { containerPort: secure, name: 'https', protocol: 'TCP' },
            { containerPort: healthz, name: 'healthcheck', protocol: 'TCP' },
            metricsPort,
          ],
          livenessProbe: probe('livenessProbe', '/livez', 'healthcheck', WEBHOOK_LIVENESS, w.livenessProbe),
          readinessProbe: probe('readinessProbe', '/healthz', 'healthcheck', WEBHOOK_READINESS, w.readinessProbe),
        };
      }
      default:
        return { ...base, ports: [metricsPort] };
    }
  }

  private args(name: ComponentName, opts: ComponentOptions, config: boolean): string[] {
    const p = this.props;
    const logging = [`--v=${p.logLevel ?? 2}`, ...(p.logFormat === LogFormat.JSON ? ['--logging-format=json'] : [])];
    const configArg = config ? [`--config=${CONFIG_DIR}/config.yaml`] : [];
    const leaderElection = [
      `--leader-election-namespace=${this.leaderElectionNamespace}`,
      ...optionalArg('--leader-election-lease-duration', p.leaderElectionLeaseDuration && goDuration(this, 'leaderElectionLeaseDuration', p.leaderElectionLeaseDuration)),
      ...optionalArg('--leader-election-renew-deadline', p.leaderElectionRenewDeadline && goDuration(this, 'leaderElectionRenewDeadline', p.leaderElectionRenewDeadline)),
      ...optionalArg('--leader-election-retry-period', p.leaderElectionRetryPeriod && goDuration(this, 'leaderElectionRetryPeriod', p.leaderElectionRetryPeriod)),
    ];
    switch (name) {
      case 'controller': {
        const c = opts as ControllerOptions;
        const solverImage = imageReference(p.acmesolverImageRepository ?? `${this.registry}/${IMAGES.acmesolver}`,
          p.acmesolverImageTag ?? this.version, p.acmesolverImageDigest);
        return [
          ...logging,
          ...configArg,
          `--cluster-resource-namespace=${this.clusterResourceNamespace === this.namespace ? '$(POD_NAMESPACE)' : this.clusterResourceNamespace}`,
          ...leaderElection,
          `--acme-http01-solver-image=${solverImage}`,
          // The solver pods, Services and Ingresses carry the common labels too (as upstream since v1.21).
          ...Object.entries(p.commonLabels ?? {}).sort(([x], [y]) => x.localeCompare(y)).map(([k, v]) => `--acme-http01-solver-extra-labels=${k}=${v}`),
          ...optionalArg('--acme-http01-solver-runtime-class-name', p.acmesolverRuntimeClassName),
          `--max-concurrent-challenges=${c.maxConcurrentChallenges ?? 60}`,
          ...(c.enableCertificateOwnerRef ? ['--enable-certificate-owner-ref=true'] : []),
          ...(c.gatewayApi ? ['--enable-gateway-api'] : []),
          ...(c.disableAutoApproval ? ['--controllers=-certificaterequests-approver'] : []),
          ...(c.dns01RecursiveNameserversOnly ? ['--dns01-recursive-nameservers-only=true'] : []),
          ...optionalArg('--dns01-recursive-nameservers', c.dns01RecursiveNameservers?.join(',')),
          ...optionalArg('--default-issuer-name', c.defaultIssuer?.name),
          ...optionalArg('--default-issuer-kind', c.defaultIssuer && (c.defaultIssuer.kind ?? 'ClusterIssuer')),
          ...optionalArg('--default-issuer-group', c.defaultIssuer && (c.defaultIssuer.group ?? 'cert-manager.io')),
        ];
      }
      case 'webhook': {
        const w = opts as WebhookOptions;
        const svc = this.names.webhook;
        // A config file with its own TLS source (dynamic or filesystem) replaces the dynamic-serving flags, as upstream.
        const ownTls = w.config?.tlsConfig?.dynamic !== undefined || w.config?.tlsConfig?.filesystem !== undefined;
        return [
          ...logging,
          ...configArg,
          // A port from the config file alone is left to the file, as upstream.
          ...(w.securePort === undefined && w.config?.securePort !== undefined ? [] : [`--secure-port=${webhookPorts(w).secure}`]),
          ...(ownTls ? [] : [
            '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)',
            `--dynamic-serving-ca-secret-name=${this.names.webhookCaSecret}`,
            `--dynamic-serving-dns-names=${svc}`,
            `--dynamic-serving-dns-names=${svc}.$(POD_NAMESPACE)`,
            `--dynamic-serving-dns-names=${svc}.$(POD_NAMESPACE).svc`,
            ...(w.url ? [`--dynamic-serving-dns-names=${new URL(w.url).hostname}`] : []),
          ]),
          ...optionalArg('--client-subject-names', w.apiserverClientCertSubjects?.join(',')),
          ...optionalArg('--client-ca-path', w.clientCaFile),
          ...(w.enableClientVerification ? ['--enable-client-verification=true'] : []),
        ];
      }
      default:
        return [...logging, ...configArg, ...leaderElection];
    }
  }

  private networkPolicies(scope: Construct, name: ComponentName, opts: ComponentOptions, labels: Labels): ApiObject[] {
    const tcp = (port: string | number) => ({ port, protocol: 'TCP' });
    const ingressPorts = {
      controller: ['http-metrics', 'http-healthz'],
      webhook: ['https', 'healthcheck', 'http-metrics'],
      cainjector: ['http-metrics'],
    }[name];
    const base = this.names[name];
    const podSelector = { matchLabels: this.selector(name) };
    return [
      plainObject(scope, 'AllowIngress', 'networking.k8s.io/v1', 'NetworkPolicy', {
        metadata: { name: `${base}-allow-ingress`, namespace: this.namespace, labels },
        // No `from`: the API server's source address is not predictable, and it must reach the webhook.
        spec: { podSelector, policyTypes: ['Ingress'], ingress: opts.networkPolicyIngress ?? [{ ports: ingressPorts.map(tcp) }] },
      }),
      plainObject(scope, 'AllowEgress', 'networking.k8s.io/v1', 'NetworkPolicy', {
        metadata: { name: `${base}-allow-egress`, namespace: this.namespace, labels },
        spec: {
          podSelector,
          policyTypes: ['Egress'],
          egress: opts.networkPolicyEgress ?? [{ ports: [tcp(80), tcp(443), tcp(53), { port: 53, protocol: 'UDP' }, tcp(6443)] }],
        },
      }),
    ];
  }

  private webhookConfigurations(scope: Construct, opts: WebhookOptions): { mutating: ApiObject; validating: ApiObject } {
    const common = {
      admissionReviewVersions: ['v1'],
      matchPolicy: 'Equivalent',
      timeoutSeconds: opts.timeoutSeconds ?? 30,
      failurePolicy: opts.failurePolicy ?? WebhookFailurePolicy.FAIL,
      sideEffects: 'None',
    };
    const metadata = (annotations: { [key: string]: string } | undefined) => ({
      name: this.names.webhookConfiguration,
      labels: this.labels('webhook'),
      // cainjector copies the webhook's CA from this Secret into the caBundle.
      annotations: { ...annotations, [INJECT_CA_ANNOTATION]: `${this.namespace}/${this.names.webhookCaSecret}` },
    });
    const clientConfig = (path: string) => (opts.url
      ? { url: `${opts.url}${path}` }
      : { service: { name: this.names.webhook, namespace: this.namespace, path } });
    const mutating = clusterScoped(plainObject(scope, 'Mutating', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
      metadata: metadata(opts.mutatingWebhookAnnotations),
      webhooks: [{
        name: 'webhook.cert-manager.io',
        namespaceSelector: opts.mutatingNamespaceSelector,
        rules: [{ apiGroups: ['cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['certificaterequests'] }],
        ...common,
        clientConfig: clientConfig('/mutate'),
      }],
    }));
    const validating = clusterScoped(plainObject(scope, 'Validating', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', {
      metadata: metadata(opts.validatingWebhookAnnotations),
      webhooks: [{
        name: 'webhook.cert-manager.io',
        namespaceSelector: opts.validatingNamespaceSelector
          ?? { matchExpressions: [{ key: 'cert-manager.io/disable-validation', operator: 'NotIn', values: ['true'] }] },
        rules: [{ apiGroups: ['cert-manager.io', 'acme.cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['*/*'] }],
        ...common,
        clientConfig: clientConfig('/validate'),
      }],
    }));
    return { mutating, validating };
  }

  private scrapeObject(): { serviceMonitor?: ApiObject; podMonitor?: ApiObject } {
    const { serviceMonitor, podMonitor } = this.props;
    const scrape = serviceMonitor ?? podMonitor;
    if (!scrape) return {};
    const target = {
      name: this.names.controller,
      namespace: this.namespace,
      labels: this.labels('controller'),
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        selector: {
          matchExpressions: [
            { key: 'app.kubernetes.io/name', operator: 'In', values: ['cainjector', this.names.name, 'webhook'] },
            { key: 'app.kubernetes.io/instance', operator: 'In', values: [this.names.instance] },
            { key: 'app.kubernetes.io/component', operator: 'In', values: ['cainjector', 'controller', 'webhook'] },
          ],
        },
      },
    };
    return serviceMonitor
      ? { serviceMonitor: scrapeMonitor(this, 'ServiceMonitor', serviceMonitor, { ...target, endpoint: { targetPort: 'http-metrics', path: '/metrics' } }) }
      : { podMonitor: scrapeMonitor(this, 'PodMonitor', scrape, { ...target, endpoint: { port: 'http-metrics', path: '/metrics' } }) };
  }
}

function optionalArg(flag: string, value: string | undefined): string[] {
  return value === undefined ? [] : [`${flag}=${value}`];
}

function featureGateArgs(gates: { [name: string]: boolean } | undefined): string[] {
  const entries = Object.entries(gates ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? [`--feature-gates=${entries.map(([k, v]) => `${k}=${v}`).join(',')}`] : [];
}

/** The webhook's HTTPS and health ports: the props, else its config file, else upstream's. */
function webhookPorts(w: WebhookOptions): { secure: number; healthz: number } {
  return {
    secure: w.securePort ?? w.config?.securePort ?? PORTS.webhookSecure,
    healthz: w.config?.healthzPort ?? PORTS.webhookHealthz,
  };
}

/** Extra labels merged under ours; a key of ours with another value would be lost, so it fails. */
function mergeLabels(scope: Construct, prop: string, extra: Labels | undefined, own: Labels): Labels {
  checkLabels(scope, prop, extra);
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (own[key] !== undefined && own[key] !== value) {
      fail(scope, `${prop} sets ${key}: "${value}", a label this construct sets to "${own[key]}"; remove it from ${prop}`);
    }
  }
  return { ...extra, ...own };
}
