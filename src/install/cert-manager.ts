import { ApiObject, Duration } from 'cdk8s';
import { ContainerResources, ImagePullPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CertManagerCrds } from './crds';
import { DisruptionBudget } from './disruption-budget';
import { HelmValuesOptions } from './helm-values';
import { CainjectorOptions, ComponentOptions, ControllerOptions, LogFormat, ScrapeOptions, WebhookFailurePolicy, WebhookOptions } from './options';
import { CertManagerRbac } from './rbac';
import {
  CERT_MANAGER_VERSION, COMPONENT_LABELS, DEFAULT_IMAGE_REGISTRY, IMAGES, NAMES, PORTS,
} from './upstream';
import { CertificateGraph } from '../graph/certificate-graph';
import { clusterScoped } from '../private/cluster-scoped';
import { goDuration } from '../private/duration';
import { fail } from '../private/errors';
import { HelmValuesConversion, HelmValuesError, helmOnlyNotice, helmValuesProps } from './private/helm-values-props';
import { checkImageDigest, checkImageRepository, checkImageTag, imageReference } from './private/image';
import { checkAnnotations, checkLabels } from '../private/metadata';
import { checkDnsLabel } from '../private/names';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, containerResources, httpProbe, spreadConstraints } from './private/pod-defaults';
import { restrictedNamespace } from './private/restricted-namespace';
import { plainObject } from '../private/plain-object';
import { parseQuantity } from '../private/quantity';
import { checkScrape, scrapeTiming } from './private/scrape';
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
   * 443, 6443 (API server, ACME, DNS-over-HTTPS) and 53 (DNS).
   *
   * @default false
   */
  readonly networkPolicies?: boolean;
}

type ComponentName = 'controller' | 'webhook' | 'cainjector';
type Labels = { [key: string]: string };

/** The objects of one component. */
interface ComponentObjects {
  readonly deployment: ApiObject;
  readonly serviceAccount: ApiObject;
  readonly service: ApiObject;
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

  /** Namespace of the install. */
  public readonly namespace: string;
  /** Namespace from which ClusterIssuers read their Secrets. */
  public readonly clusterResourceNamespace: string;
  /** Namespace of the leader-election leases. */
  public readonly leaderElectionNamespace: string;
  /** The cert-manager version of the images (the image tag). */
  public readonly version: string;
  /** Name of the controller's Service (metrics on port `http-metrics`). */
  public readonly controllerServiceName: string = NAMES.controller;
  /** Name of the webhook's Service (HTTPS on 443). */
  public readonly webhookServiceName: string = NAMES.webhook;
  /** Name of the cainjector's Service (metrics). */
  public readonly cainjectorServiceName: string = NAMES.cainjector;
  /** The Secret in the install namespace where the webhook keeps its serving CA. */
  public readonly webhookCaSecretName: string = NAMES.webhookCaSecret;
  /** Port the components expose metrics on (named `http-metrics`). */
  public readonly metricsPort: number = PORTS.metrics;
  /** Labels shared by the pods and Services of all components, for scrape selectors. */
  public readonly metricsSelectorLabels: { [key: string]: string } = { 'app.kubernetes.io/instance': NAMES.instance };
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
  /** The controller's ServiceAccount. */
  public readonly controllerServiceAccount: ApiObject;
  /** The webhook's ServiceAccount. */
  public readonly webhookServiceAccount: ApiObject;
  /** The cainjector's ServiceAccount. */
  public readonly cainjectorServiceAccount: ApiObject;
  /** The controller's metrics Service. */
  public readonly controllerService: ApiObject;
  /** The webhook's Service (HTTPS and metrics). */
  public readonly webhookService: ApiObject;
  /** The cainjector's metrics Service. */
  public readonly cainjectorService: ApiObject;
  /** The controller's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly controllerDisruptionBudget?: ApiObject;
  /** The webhook's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly webhookDisruptionBudget?: ApiObject;
  /** The cainjector's PodDisruptionBudget, unless its budget is `DisruptionBudget.none()`. */
  public readonly cainjectorDisruptionBudget?: ApiObject;
  /** The ConfigMap holding the controller's `config` file, when one is set. */
  public readonly controllerConfigMap?: ApiObject;
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
  /** The ClusterRoles: bound ones and the aggregated view, edit and cluster-view roles. */
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
    if (converted.notices.length) warn(install, helmOnlyNotice(converted.notices));
    return install;
  }

  constructor(scope: Construct, id: string, props: CertManagerProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = props.namespace ?? 'cert-manager';
    this.clusterResourceNamespace = props.clusterResourceNamespace ?? this.namespace;
    this.leaderElectionNamespace = props.leaderElectionNamespace ?? 'kube-system';
    this.version = props.imageTag ?? CERT_MANAGER_VERSION;
    this.registry = props.imageRegistry ?? DEFAULT_IMAGE_REGISTRY;
    this.checkProps();

    if (props.createNamespace ?? true) {
      this.namespaceObject = restrictedNamespace(this, 'Namespace', this.namespace);
    }
    if (props.installCrds ?? true) {
      this.crds = new CertManagerCrds(this, 'Crds');
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
    this.webhookService = webhook.service;
    this.cainjectorService = cainjector.service;
    this.controllerDisruptionBudget = controller.disruptionBudget;
    this.webhookDisruptionBudget = webhook.disruptionBudget;
    this.cainjectorDisruptionBudget = cainjector.disruptionBudget;
    this.controllerConfigMap = controller.configMap;
    this.controllerNetworkPolicies = controller.networkPolicies;
    this.webhookNetworkPolicies = webhook.networkPolicies;
    this.cainjectorNetworkPolicies = cainjector.networkPolicies;

    const rbac = new CertManagerRbac(this, 'Rbac', {
      namespace: this.namespace,
      leaderElectionNamespace: this.leaderElectionNamespace,
      names: NAMES,
      serviceAccounts: { controller: NAMES.controller, webhook: NAMES.webhook, cainjector: NAMES.cainjector },
      labels: (c) => this.labels(c),
    });
    this.clusterRoles = rbac.clusterRoles;
    this.clusterRoleBindings = rbac.clusterRoleBindings;
    this.roles = rbac.roles;
    this.roleBindings = rbac.roleBindings;
    const hooks = this.webhookConfigurations(webhookScope, props.webhook ?? {});
    this.mutatingWebhookConfiguration = hooks.mutating;
    this.validatingWebhookConfiguration = hooks.validating;
    const scrape = this.scrapeObject();
    this.serviceMonitor = scrape.serviceMonitor;
    this.podMonitor = scrape.podMonitor;
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
    checkImageRepository(this, 'imageRegistry', this.registry, 'registry.example.com/jetstack');
    checkImageTag(this, 'imageTag', this.version, CERT_MANAGER_VERSION);
    if (this.version !== CERT_MANAGER_VERSION) {
      warn(this, `imageTag ${this.version} differs from ${CERT_MANAGER_VERSION}, the version whose CRDs, RBAC and `
        + 'arguments this construct emits; run images of that version unless you have checked the difference');
    }
    checkImageDigest(this, 'acmesolverImageDigest', p.acmesolverImageDigest);
    if (p.serviceMonitor && p.podMonitor) {
      fail(this, 'serviceMonitor and podMonitor are both set, so every component would be scraped twice; keep one');
    }
    for (const [prop, scrape] of [['serviceMonitor', p.serviceMonitor], ['podMonitor', p.podMonitor]] as const) {
      if (scrape) checkScrape(this, prop, scrape);
    }
    const level = p.logLevel ?? 2;
    if (!Number.isInteger(level) || level < 0 || level > 10) {
      fail(this, `logLevel ${level} is out of range: use a whole number from 0 to 10 (2 is the upstream default)`);
    }
    if (p.revisionHistoryLimit !== undefined && (!Number.isInteger(p.revisionHistoryLimit) || p.revisionHistoryLimit < 0)) {
      fail(this, `revisionHistoryLimit ${p.revisionHistoryLimit} must be a whole number of 0 or more`);
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
      fail(this, `controller.maxConcurrentChallenges ${mcc} must be a whole number of 1 or more (upstream default 60)`);
    }
    const w = p.webhook ?? {};
    const timeout = w.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 30) {
      fail(this, `webhook.timeoutSeconds ${timeout} is out of range: the API server accepts 1 to 30 seconds`);
    }
    if (w.failurePolicy === WebhookFailurePolicy.IGNORE) {
      warn(this, 'webhook.failurePolicy is Ignore: while the webhook is unreachable, invalid Certificates and Issuers are '
        + 'admitted unvalidated and CertificateRequests are not mutated. Keep Fail unless you have a reason');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Components
  // -------------------------------------------------------------------------------------------
  private labels(component: ComponentName): { [key: string]: string } {
    const { name, component: comp } = COMPONENT_LABELS[component];
    return {
      'app': name,
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': NAMES.instance,
      'app.kubernetes.io/component': comp,
      'app.kubernetes.io/version': this.version,
    };
  }

  private selector(component: ComponentName): { [key: string]: string } {
    const { name, component: comp } = COMPONENT_LABELS[component];
    return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': NAMES.instance, 'app.kubernetes.io/component': comp };
  }

  private image(repository: string, digest: string | undefined): string {
    return imageReference(`${this.registry}/${repository}`, this.version, digest);
  }

  private component(name: ComponentName, scope: Construct, opts: ComponentOptions): ComponentObjects {
    const replicas = opts.replicas ?? DEFAULT_REPLICAS[name];
    if (!Number.isInteger(replicas) || replicas < 1) {
      fail(scope, `replicas ${replicas} must be a whole number of 1 or more; `
        + `use ${DEFAULT_REPLICAS[name]} (the default) for high availability`);
    }
    const budget = opts.disruptionBudget ?? (replicas > 1 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none());
    budget._check(scope, replicas);
    checkImageDigest(scope, 'imageDigest', opts.imageDigest);
    checkLabels(scope, 'podLabels', opts.podLabels);
    checkLabels(scope, 'nodeSelector', opts.nodeSelector);
    checkAnnotations(scope, 'podAnnotations', opts.podAnnotations);
    checkAnnotations(scope, 'serviceAccountAnnotations', opts.serviceAccountAnnotations);
    const resources = this.resources(scope, name, opts.resources);

    const objectName = NAMES[name];
    const labels = this.labels(name);
    const selector = this.selector(name);
    const metadata = { name: objectName, namespace: this.namespace, labels };

    const serviceAccount = plainObject(scope, 'ServiceAccount', 'v1', 'ServiceAccount', {
      metadata: { ...metadata, annotations: opts.serviceAccountAnnotations },
      automountServiceAccountToken: true,
    });

    const container = this.container(name, opts, resources);
    const spread = spreadConstraints(
      { 'app.kubernetes.io/instance': NAMES.instance, 'app.kubernetes.io/component': COMPONENT_LABELS[name].component },
      opts.spreadAcrossZones ?? true, opts.spreadAcrossNodes ?? true);
    const config = name === 'controller' ? (opts as ControllerOptions).config : undefined;

    const deployment = plainObject(scope, 'Resource', 'apps/v1', 'Deployment', {
      metadata,
      spec: {
        replicas,
        revisionHistoryLimit: this.props.revisionHistoryLimit,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...opts.podLabels, ...labels }, annotations: opts.podAnnotations },
          spec: {
            serviceAccountName: objectName,
            enableServiceLinks: false,
            priorityClassName: this.props.priorityClassName,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            imagePullSecrets: this.props.imagePullSecrets?.map((s) => ({ name: s })),
            containers: [container],
            volumes: config ? [{ name: 'config', configMap: { name: objectName } }] : undefined,
            nodeSelector: { 'kubernetes.io/os': 'linux', ...opts.nodeSelector },
            tolerations: opts.tolerations?.map((t) => ({ ...t })),
            topologySpreadConstraints: spread,
          },
        },
      },
    });

    let configMap: ApiObject | undefined;
    if (config) {
      configMap = plainObject(scope, 'Config', 'v1', 'ConfigMap', {
        metadata,
        data: {
          'config.yaml': JSON.stringify({
            apiVersion: 'controller.config.cert-manager.io/v1alpha1',
            kind: 'ControllerConfiguration',
            ...config,
          }, null, 2) + '\n',
        },
      });
    }

    const disruptionBudget = budget._toKube(scope, metadata, selector);

    const ports = name === 'webhook'
      ? [
        { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
        { name: 'metrics', port: PORTS.metrics, protocol: 'TCP', targetPort: 'http-metrics' },
      ]
      : [{ name: 'http-metrics', port: PORTS.metrics, protocol: 'TCP' }];
    const service = plainObject(scope, 'Service', 'v1', 'Service', {
      metadata,
      spec: { type: 'ClusterIP', ports, selector },
    });

    const networkPolicies = this.props.networkPolicies ? this.networkPolicies(scope, name, selector, labels) : [];
    return { deployment, serviceAccount, service, disruptionBudget, configMap, networkPolicies };
  }

  private resources(scope: Construct, name: ComponentName, given: ContainerResources | undefined): { [key: string]: any } {
    const resources = containerResources(scope, given, DEFAULT_RESOURCES[name]);
    if (name === 'cainjector') {
      const memory: Array<string | undefined> = [resources.requests?.memory, resources.limits?.memory];
      const smallest = Math.min(...memory.filter((q): q is string => !!q).map((q) => parseQuantity(q)!));
      if (smallest < CAINJECTOR_MIN_MEMORY) {
        warn(scope, `cainjector memory ${memory[0] ?? '-'} (request) / ${memory[1] ?? '-'} (limit) is below 256Mi; `
          + 'the cainjector caches every Secret and CRD and is OOM-killed below that in large clusters');
      }
    }
    return resources;
  }

  private container(name: ComponentName, opts: ComponentOptions, resources: { [key: string]: any }): { [key: string]: any } {
    const base = {
      name: `cert-manager-${name}`,
      image: this.image(IMAGES[name], opts.imageDigest),
      imagePullPolicy: this.props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      args: [...this.args(name, opts), ...featureGateArgs(opts.featureGates), ...(opts.extraArgs ?? [])],
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      resources,
    };
    const metricsPort = { containerPort: PORTS.metrics, name: 'http-metrics', protocol: 'TCP' };
    switch (name) {
      case 'controller':
        return {
          ...base,
          ports: [metricsPort, { containerPort: PORTS.controllerHealthz, name: 'http-healthz', protocol: 'TCP' }],
          livenessProbe: httpProbe('/livez', 'http-healthz', { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8 }),
          volumeMounts: (opts as ControllerOptions).config ? [{ name: 'config', mountPath: CONFIG_DIR }] : undefined,
        };
      case 'webhook':
        return {
          ...base,
          ports: [
            { containerPort: PORTS.webhookSecure, name: 'https', protocol: 'TCP' },
            { containerPort: PORTS.webhookHealthz, name: 'healthcheck', protocol: 'TCP' },
            metricsPort,
          ],
          livenessProbe: httpProbe('/livez', 'healthcheck', { initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 }),
          readinessProbe: httpProbe('/healthz', 'healthcheck', { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 }),
        };
      default:
        return { ...base, ports: [metricsPort] };
    }
  }

  private args(name: ComponentName, opts: ComponentOptions): string[] {
    const p = this.props;
    const logging = [`--v=${p.logLevel ?? 2}`, ...(p.logFormat === LogFormat.JSON ? ['--logging-format=json'] : [])];
    const leaderElection = [
      `--leader-election-namespace=${this.leaderElectionNamespace}`,
      ...optionalArg('--leader-election-lease-duration', p.leaderElectionLeaseDuration && goDuration(this, 'leaderElectionLeaseDuration', p.leaderElectionLeaseDuration)),
      ...optionalArg('--leader-election-renew-deadline', p.leaderElectionRenewDeadline && goDuration(this, 'leaderElectionRenewDeadline', p.leaderElectionRenewDeadline)),
      ...optionalArg('--leader-election-retry-period', p.leaderElectionRetryPeriod && goDuration(this, 'leaderElectionRetryPeriod', p.leaderElectionRetryPeriod)),
    ];
    switch (name) {
      case 'controller': {
        const c = opts as ControllerOptions;
        return [
          ...logging,
          ...(c.config ? [`--config=${CONFIG_DIR}/config.yaml`] : []),
          `--cluster-resource-namespace=${this.clusterResourceNamespace === this.namespace ? '$(POD_NAMESPACE)' : this.clusterResourceNamespace}`,
          ...leaderElection,
          `--acme-http01-solver-image=${this.image(IMAGES.acmesolver, p.acmesolverImageDigest)}`,
          `--max-concurrent-challenges=${c.maxConcurrentChallenges ?? 60}`,
          ...(c.enableCertificateOwnerRef ? ['--enable-certificate-owner-ref=true'] : []),
          ...(c.gatewayApi ? ['--enable-gateway-api'] : []),
          ...(c.dns01RecursiveNameserversOnly ? ['--dns01-recursive-nameservers-only=true'] : []),
          ...optionalArg('--dns01-recursive-nameservers', c.dns01RecursiveNameservers?.join(',')),
          ...optionalArg('--default-issuer-name', c.defaultIssuer?.name),
          ...optionalArg('--default-issuer-kind', c.defaultIssuer && (c.defaultIssuer.kind ?? 'ClusterIssuer')),
          ...optionalArg('--default-issuer-group', c.defaultIssuer && (c.defaultIssuer.group ?? 'cert-manager.io')),
        ];
      }
      case 'webhook': {
        const svc = NAMES.webhook;
        return [
          ...logging,
          `--secure-port=${PORTS.webhookSecure}`,
          '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)',
          `--dynamic-serving-ca-secret-name=${NAMES.webhookCaSecret}`,
          `--dynamic-serving-dns-names=${svc}`,
          `--dynamic-serving-dns-names=${svc}.$(POD_NAMESPACE)`,
          `--dynamic-serving-dns-names=${svc}.$(POD_NAMESPACE).svc`,
        ];
      }
      default:
        return [...logging, ...leaderElection];
    }
  }

  private networkPolicies(scope: Construct, name: ComponentName, selector: Labels, labels: Labels): ApiObject[] {
    const tcp = (port: string | number) => ({ port, protocol: 'TCP' });
    const ingressPorts = {
      controller: ['http-metrics', 'http-healthz'],
      webhook: ['https', 'healthcheck', 'http-metrics'],
      cainjector: ['http-metrics'],
    }[name];
    const base = NAMES[name];
    return [
      plainObject(scope, 'AllowIngress', 'networking.k8s.io/v1', 'NetworkPolicy', {
        metadata: { name: `${base}-allow-ingress`, namespace: this.namespace, labels },
        // No `from`: the API server's source address is not predictable, and it must reach the webhook.
        spec: { podSelector: { matchLabels: selector }, policyTypes: ['Ingress'], ingress: [{ ports: ingressPorts.map(tcp) }] },
      }),
      plainObject(scope, 'AllowEgress', 'networking.k8s.io/v1', 'NetworkPolicy', {
        metadata: { name: `${base}-allow-egress`, namespace: this.namespace, labels },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Egress'],
          egress: [{ ports: [tcp(80), tcp(443), tcp(53), { port: 53, protocol: 'UDP' }, tcp(6443)] }],
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
    const metadata = {
      name: NAMES.webhookConfiguration,
      labels: this.labels('webhook'),
      // cainjector copies the webhook's CA from this Secret into the caBundle.
      annotations: { 'cert-manager.io/inject-ca-from-secret': `${this.namespace}/${NAMES.webhookCaSecret}` },
    };
    const service = (path: string) => ({ service: { name: NAMES.webhook, namespace: this.namespace, path } });
    const mutating = clusterScoped(plainObject(scope, 'Mutating', 'admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', {
      metadata,
      webhooks: [{
        name: 'webhook.cert-manager.io',
        rules: [{ apiGroups: ['cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['certificaterequests'] }],
        ...common,
        clientConfig: service('/mutate'),
      }],
    }));
    const validating = clusterScoped(plainObject(scope, 'Validating', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', {
      metadata,
      webhooks: [{
        name: 'webhook.cert-manager.io',
        namespaceSelector: { matchExpressions: [{ key: 'cert-manager.io/disable-validation', operator: 'NotIn', values: ['true'] }] },
        rules: [{ apiGroups: ['cert-manager.io', 'acme.cert-manager.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['*/*'] }],
        ...common,
        clientConfig: service('/validate'),
      }],
    }));
    return { mutating, validating };
  }

  private scrapeObject(): { serviceMonitor?: ApiObject; podMonitor?: ApiObject } {
    const { serviceMonitor, podMonitor } = this.props;
    const scrape = serviceMonitor ?? podMonitor;
    if (!scrape) return {};
    const metadata = { name: NAMES.controller, namespace: this.namespace, labels: { ...scrape.labels, ...this.labels('controller') } };
    const selector = {
      matchExpressions: [
        { key: 'app.kubernetes.io/name', operator: 'In', values: ['cainjector', 'cert-manager', 'webhook'] },
        { key: 'app.kubernetes.io/instance', operator: 'In', values: [NAMES.instance] },
        { key: 'app.kubernetes.io/component', operator: 'In', values: ['cainjector', 'controller', 'webhook'] },
      ],
    };
    const { interval, scrapeTimeout } = scrapeTiming(this, scrape);
    if (serviceMonitor) {
      return {
        serviceMonitor: plainObject(this, 'ServiceMonitor', 'monitoring.coreos.com/v1', 'ServiceMonitor', {
          metadata,
          spec: {
            jobLabel: 'app.kubernetes.io/name',
            selector,
            endpoints: [{ targetPort: 'http-metrics', path: '/metrics', interval, scrapeTimeout, honorLabels: false }],
          },
        }),
      };
    } else {
      return {
        podMonitor: plainObject(this, 'PodMonitor', 'monitoring.coreos.com/v1', 'PodMonitor', {
          metadata,
          spec: {
            jobLabel: 'app.kubernetes.io/name',
            selector,
            podMetricsEndpoints: [{ port: 'http-metrics', path: '/metrics', interval, scrapeTimeout, honorLabels: false }],
          },
        }),
      };
    }
  }
}

function optionalArg(flag: string, value: string | undefined): string[] {
  return value === undefined ? [] : [`${flag}=${value}`];
}

function featureGateArgs(gates: { [name: string]: boolean } | undefined): string[] {
  const entries = Object.entries(gates ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? [`--feature-gates=${entries.map(([k, v]) => `${k}=${v}`).join(',')}`] : [];
}
