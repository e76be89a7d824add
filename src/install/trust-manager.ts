import { ApiObject, Lazy } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DisruptionBudget } from './disruption-budget';
import { LogFormat, ScrapeOptions, Toleration } from './options';
import { TrustManagerCrds } from './trust-manager-crds';
import { CertificateGraph } from '../graph/certificate-graph';
import { SELF_RELOAD_ANNOTATION, SELF_RELOAD_REASON_ANNOTATION } from '../private/check-annotations';
import { clusterScoped } from '../private/cluster-scoped';
import { fail } from '../private/errors';
import { checkImageDigest, checkImageRepository, checkImageTag, imageReference } from './private/image';
import { checkLabels } from '../private/metadata';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, containerResources, spreadConstraints } from './private/pod-defaults';
import { restrictedNamespace } from './private/restricted-namespace';
import { checkScrape, scrapeTiming } from './private/scrape';
import { warn } from '../private/warn';

/** Props of {@link TrustManager}. */
export interface TrustManagerProps {
  /**
   * Namespace of the install.
   *
   * @default "cert-manager"
   */
  readonly namespace?: string;

  /**
   * Create the Namespace object, labelled to enforce the "restricted" Pod Security Standard.
   * Off by default: trust-manager usually runs in cert-manager's namespace, which the
   * cert-manager install creates.
   *
   * @default false
   */
  readonly createNamespace?: boolean;

  /**
   * Install the `Bundle` CRD. Turn off when CRDs are applied separately (for example with
   * {@link TrustManagerCrds} in an earlier GitOps stage); it must be the pinned version's.
   *
   * @default true
   */
  readonly installCrds?: boolean;

  /**
   * The trust namespace (`--trust-namespace`): the only namespace trust-manager reads Bundle
   * sources (Secrets and ConfigMaps) from. It must exist before the install. A private CA's root
   * Secret must be in it to be distributed, so it is normally cert-manager's cluster resource
   * namespace.
   *
   * @default "cert-manager"
   */
  readonly trustNamespace?: string;

  /**
   * Registry and path the images are pulled from, e.g. a mirror `registry.example.com/jetstack`.
   *
   * @default "quay.io/jetstack"
   */
  readonly imageRegistry?: string;

  /**
   * Image tag of trust-manager. Another tag than the pinned version prints a warning: the RBAC,
   * arguments and CRD this construct emits are those of the pinned version.
   *
   * @default - the pinned version (TrustManager.VERSION)
   */
  readonly imageTag?: string;

  /**
   * Image digest (`sha256:...`) pinning the trust-manager image.
   *
   * @default - the tag only
   */
  readonly imageDigest?: string;

  /**
   * Image tag of the package of public CA roots (Debian's `ca-certificates`) that an init
   * container copies for Bundles with `includePublicRoots`.
   *
   * @default - the package release v0.24.0 ships with (TrustManager.DEFAULT_PACKAGE_TAG)
   */
  readonly defaultPackageTag?: string;

  /**
   * Names of Secrets (in the install namespace) for pulling the images from a private registry.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Number of pods. trust-manager always elects a leader (a Lease
   * `trust-manager-leader-election` in the install namespace): one pod reconciles, every pod
   * serves the validating webhook, so a second replica keeps Bundle admission available during
   * a node drain.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * The PodDisruptionBudget. It must leave at least one pod evictable, or node drains block.
   *
   * @default - DisruptionBudget.maxUnavailable(1) when replicas > 1; none otherwise
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * CPU and memory requests and limits of the container (upstream sets none).
   *
   * @default - cpu request 20m, memory request 64Mi and limit 256Mi; no CPU limit
   */
  readonly resources?: ContainerResources;

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
   * PriorityClass of the pods.
   *
   * @default - none
   */
  readonly priorityClassName?: string;

  /**
   * Log verbosity (`--log-level`), 1 to 5.
   *
   * @default 1
   */
  readonly logLevel?: number;

  /**
   * Log format (`--log-format`).
   *
   * @default LogFormat.TEXT
   */
  readonly logFormat?: LogFormat;

  /**
   * Names of the Secrets trust-manager may write as Bundle targets, in any namespace. Setting any
   * turns Secret targets on (`--secret-targets-enabled=true`) and grants read access to Secrets
   * cluster-wide plus create, patch and delete on these names. A {@link Bundle} with a Secret
   * target that is given this install adds its own name, so list here only Secrets of Bundles
   * declared elsewhere.
   *
   * @default - none (Secret targets off unless a Bundle with a Secret target is given this install)
   */
  readonly secretTargets?: string[];

  /**
   * Skip expired certificates when building a bundle (`--filter-expired-certificates=true`).
   *
   * @default false
   */
  readonly filterExpiredCertificates?: boolean;

  /**
   * Emit a ServiceMonitor (prometheus-operator) that scrapes the metrics Service.
   *
   * @default - no ServiceMonitor
   */
  readonly serviceMonitor?: ScrapeOptions;
}

/** The pinned trust-manager release. */
const VERSION = 'v0.24.0';
/** The Debian CA package image the v0.24.0 release build pins (its chart source says v0.0.0). */
const DEFAULT_PACKAGE_TAG = '20250419.1';
const DEFAULT_REGISTRY = 'quay.io/jetstack';
/** Object names of the upstream chart (release name `trust-manager`), kept for in-place takeover. */
const NAME = 'trust-manager';
const SELECTOR = { app: NAME };
const PORTS = { webhook: 6443, metrics: 9402, readiness: 6060 };
const TLS_SECRET = 'trust-manager-tls';
const SELF_RELOAD_REASON = 'the webhook server watches its serving certificate files and reloads them when cert-manager renews them';
const PACKAGE_DIR = '/packages';
const DEFAULT_RESOURCES = { cpu: '20m', memoryRequest: '64Mi', memoryLimit: '256Mi' };
/** The container security context of upstream's chart: restricted, with the pod-level fields on the container. */
const SECURITY_CONTEXT = {
  ...RESTRICTED_CONTAINER_SECURITY_CONTEXT,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  (resourceNames ? { apiGroups, resources, verbs, resourceNames } : { apiGroups, resources, verbs });

/** Requests and limits as the plain strings a plain ApiObject carries. */
/**
 * Installs trust-manager, which copies CA certificates into ConfigMaps or Secrets in selected
 * namespaces as a {@link Bundle} describes, and keeps them current.
 *
 * Functionally the upstream chart of the pinned version with its default values (same object
 * names, selector, RBAC, arguments, ports, probe and webhook; the `Bundle` CRD included), with
 * production defaults: two replicas with a PodDisruptionBudget and spreading across zones and
 * nodes, resource requests and a memory limit, restricted Pod Security. The webhook's serving
 * certificate comes from cert-manager (a self-signed Issuer and a Certificate in the install
 * namespace, as upstream), so install cert-manager first.
 *
 * Every object is a plain `ApiObject`, exposed below, so JSON patches are kept as written.
 *
 * @see https://cert-manager.io/docs/trust/trust-manager/
 * @example
 * new TrustManager(chart, 'TrustManager', { serviceMonitor: { labels: { release: 'kube-prometheus-stack' } } });
 */
export class TrustManager extends Construct {
  /** The trust-manager release this construct installs. */
  public static readonly VERSION = VERSION;

  /** The Debian CA package image tag used by default. */
  public static readonly DEFAULT_PACKAGE_TAG = DEFAULT_PACKAGE_TAG;

  /** The namespace trust-manager runs in. */
  public readonly namespace: string;

  /** The only namespace trust-manager reads Bundle sources from. */
  public readonly trustNamespace: string;

  /** The image tag trust-manager runs. */
  public readonly version: string;

  /** The Bundle CRD, when `installCrds` is on. */
  public readonly crd?: ApiObject;

  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;

  /** The Deployment (the escape hatch for JSON patches). */
  public readonly deployment: ApiObject;

  /** The ClusterRole of the controller. */
  public readonly clusterRole: ApiObject;

  /** The Role in the trust namespace that lets trust-manager read source Secrets. */
  public readonly trustNamespaceRole: ApiObject;

  /** The ValidatingWebhookConfiguration for Bundles. */
  public readonly webhookConfiguration: ApiObject;

  /** The webhook's Service (HTTPS on 443). */
  public readonly webhookService: ApiObject;

  /** The metrics Service (port 9402, named `metrics`). */
  public readonly metricsService: ApiObject;

  /** The cert-manager Certificate of the webhook's serving certificate. */
  public readonly webhookCertificate: ApiObject;

  /** The self-signed cert-manager Issuer of the webhook's serving certificate. */
  public readonly webhookIssuer: ApiObject;

  /** The PodDisruptionBudget, when there is one. */
  public readonly disruptionBudget?: ApiObject;

  private readonly props: TrustManagerProps;
  private readonly labels: { [key: string]: string };
  private readonly secretTargetNames: string[];

  constructor(scope: Construct, id: string, props: TrustManagerProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = props.namespace ?? 'cert-manager';
    this.trustNamespace = props.trustNamespace ?? 'cert-manager';
    this.version = props.imageTag ?? VERSION;
    this.secretTargetNames = [...(props.secretTargets ?? [])];
    const replicas = props.replicas ?? 2;
    const budget = props.disruptionBudget ?? (replicas > 1 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none());
    this.checkProps(replicas, budget);
    CertificateGraph.of(this).addTrustManager({ scope: this, namespace: this.namespace, trustNamespace: this.trustNamespace });

    this.labels = {
      'app.kubernetes.io/name': NAME,
      'app.kubernetes.io/instance': NAME,
      'app.kubernetes.io/version': this.version,
    };
    const metadata = { name: NAME, namespace: this.namespace, labels: this.labels };

    if (props.createNamespace) restrictedNamespace(this, 'Namespace', this.namespace);
    if (props.installCrds ?? true) {
      this.crd = new TrustManagerCrds(this, 'Crds').apiObject;
    }

    this.serviceAccount = new ApiObject(this, 'ServiceAccount', {
      apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: true,
    });
    this.clusterRole = this.rbac();
    this.trustNamespaceRole = this.role('TrustNamespaceRole', NAME, this.trustNamespace, [rule([''], ['secrets'], ['get', 'list', 'watch'])]);
    this.role('LeaderElectionRole', `${NAME}:leaderelection`, this.namespace,
      [rule(['coordination.k8s.io'], ['leases'], ['get', 'create', 'update', 'watch', 'list'])]);

    const withApp = { ...metadata, labels: { app: NAME, ...this.labels } };
    this.metricsService = new ApiObject(this, 'MetricsService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...withApp, name: `${NAME}-metrics`, labels: { ...withApp.labels, 'app.kubernetes.io/component': 'metrics' } },
      spec: { type: 'ClusterIP', ports: [{ port: PORTS.metrics, targetPort: PORTS.metrics, protocol: 'TCP', name: 'metrics' }], selector: SELECTOR },
    });
    this.webhookService = new ApiObject(this, 'WebhookService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: withApp,
      spec: { type: 'ClusterIP', ports: [{ port: 443, targetPort: PORTS.webhook, protocol: 'TCP', name: 'webhook' }], selector: SELECTOR },
    });

    this.deployment = new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      // The webhook server (controller-runtime's) watches its certificate files and reloads them on
      // renewal; said on the Deployment so the check pack, on the manifests, needs no Reloader wiring.
      metadata: {
        ...metadata,
        annotations: { [SELF_RELOAD_ANNOTATION]: TLS_SECRET, [SELF_RELOAD_REASON_ANNOTATION]: SELF_RELOAD_REASON },
      },
      spec: {
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: { app: NAME, ...this.labels } },
          spec: this.podSpec(replicas),
        },
      },
    });
    this.disruptionBudget = budget._toKube(this, metadata, SELECTOR);

    this.webhookConfiguration = clusterScoped(new ApiObject(this, 'Webhook', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: {
        name: NAME,
        labels: { app: NAME, ...this.labels },
        // cainjector copies the CA of the webhook Certificate into the caBundle.
        annotations: { 'cert-manager.io/inject-ca-from': `${this.namespace}/${NAME}` },
      },
      webhooks: [{
        name: 'trust.cert-manager.io',
        rules: [{
          apiGroups: ['trust.cert-manager.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources: ['bundles'],
        }],
        admissionReviewVersions: ['v1'],
        timeoutSeconds: 5,
        failurePolicy: 'Fail',
        sideEffects: 'None',
        clientConfig: { service: { name: NAME, namespace: this.namespace, path: '/validate-trust-cert-manager-io-v1alpha1-bundle' } },
      }],
    }));

    this.webhookIssuer = new ApiObject(this, 'WebhookIssuer', {
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata, spec: { selfSigned: {} },
    });
    const dnsName = `${NAME}.${this.namespace}.svc`;
    this.webhookCertificate = new ApiObject(this, 'WebhookCertificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata,
      spec: {
        commonName: dnsName,
        dnsNames: [dnsName],
        secretName: TLS_SECRET,
        privateKey: { rotationPolicy: 'Always' },
        revisionHistoryLimit: 1,
        issuerRef: { name: NAME, kind: 'Issuer', group: 'cert-manager.io' },
      },
    });

    if (props.serviceMonitor) {
      new ApiObject(this, 'ServiceMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { ...metadata, labels: { ...props.serviceMonitor.labels, ...this.labels } },
        spec: {
          jobLabel: NAME,
          selector: { matchLabels: { 'app': NAME, 'app.kubernetes.io/component': 'metrics' } },
          namespaceSelector: { matchNames: [this.namespace] },
          endpoints: [{ targetPort: PORTS.metrics, path: '/metrics', ...scrapeTiming(this, props.serviceMonitor) }],
        },
      });
    }
  }

  /** Whether trust-manager writes Secret targets (any Secret target is authorized). */
  public get secretTargetsEnabled(): boolean {
    return this.secretTargetNames.length > 0;
  }

  /**
   * Authorizes trust-manager to write Bundle targets named `name` as Secrets (in any namespace),
   * turning Secret targets on. {@link Bundle} calls it for its own Secret target.
   */
  public addSecretTarget(name: string): void {
    checkSubdomain(this, 'secret target name', name);
    if (!this.secretTargetNames.includes(name)) this.secretTargetNames.push(name);
  }

  private checkProps(replicas: number, budget: DisruptionBudget) {
    const p = this.props;
    checkDnsLabel(this, 'namespace', this.namespace);
    checkDnsLabel(this, 'trustNamespace', this.trustNamespace);
    const registry = p.imageRegistry ?? DEFAULT_REGISTRY;
    checkImageRepository(this, 'imageRegistry', registry, 'registry.example.com/jetstack');
    checkImageTag(this, 'imageTag', this.version, VERSION);
    checkImageTag(this, 'defaultPackageTag', p.defaultPackageTag ?? DEFAULT_PACKAGE_TAG, DEFAULT_PACKAGE_TAG);
    if (this.version !== VERSION) {
      warn(this, `imageTag ${this.version} differs from ${VERSION}, the version whose CRD, RBAC and arguments this `
        + 'construct emits; run that version unless you have checked the difference');
    }
    checkImageDigest(this, 'imageDigest', p.imageDigest);
    for (const secret of p.imagePullSecrets ?? []) checkSubdomain(this, 'imagePullSecrets', secret);
    for (const secret of p.secretTargets ?? []) checkSubdomain(this, 'secretTargets', secret);
    if (p.priorityClassName !== undefined) checkSubdomain(this, 'priorityClassName', p.priorityClassName);
    if (!Number.isInteger(replicas) || replicas < 1) {
      fail(this, `replicas ${replicas} must be a whole number of 1 or more; use 2 (the default) so the Bundle webhook `
        + 'stays available during a node drain');
    }
    budget._check(this, replicas);
    const level = p.logLevel ?? 1;
    if (!Number.isInteger(level) || level < 1 || level > 5) {
      fail(this, `logLevel ${level} is out of range: use a whole number from 1 to 5 (1 is the upstream default)`);
    }
    checkLabels(this, 'nodeSelector', p.nodeSelector);
    if (p.serviceMonitor) checkScrape(this, 'serviceMonitor', p.serviceMonitor);
  }

  /** The ClusterRole and its binding, plus the cluster-reader aggregation role; returns the ClusterRole. */
  private rbac(): ApiObject {
    const rules = Lazy.any({
      produce: () => [
        rule(['trust.cert-manager.io'], ['bundles'], ['get', 'list', 'watch']),
        rule(['trust.cert-manager.io'], ['bundles/finalizers'], ['update']),
        rule(['trust.cert-manager.io'], ['bundles/status'], ['patch']),
        rule([''], ['namespaces'], ['get', 'list', 'watch']),
        rule([''], ['configmaps'], ['get', 'list', 'create', 'patch', 'watch', 'delete']),
        ...(this.secretTargetsEnabled ? [
          rule([''], ['secrets'], ['get', 'list', 'watch']),
          rule([''], ['secrets'], ['create', 'patch', 'delete'], [...this.secretTargetNames].sort()),
        ] : []),
        rule(['', 'events.k8s.io'], ['events'], ['create', 'patch']),
      ],
    });
    const clusterRole = clusterScoped(new ApiObject(this, 'ClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: NAME, labels: this.labels }, rules,
    }));
    clusterScoped(new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: NAME, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }],
    }));
    // Lets cluster readers (the aggregated `cluster-reader` role) see Bundles.
    clusterScoped(new ApiObject(this, 'ClusterViewRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `${NAME}-cluster-view`, labels: { ...this.labels, 'rbac.authorization.k8s.io/aggregate-to-cluster-reader': 'true' } },
      rules: [rule(['trust.cert-manager.io'], ['bundles'], ['get', 'list', 'watch'])],
    }));
    return clusterRole;
  }

  /** A Role in `namespace` bound to the ServiceAccount; returns the Role. */
  private role(id: string, name: string, namespace: string, rules: PolicyRule[]): ApiObject {
    const metadata = { name, namespace, labels: this.labels };
    const role = new ApiObject(this, id, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules });
    new ApiObject(this, `${id}Binding`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }],
    });
    return role;
  }

  private podSpec(replicas: number): any {
    const p = this.props;
    const registry = p.imageRegistry ?? DEFAULT_REGISTRY;
    return {
      serviceAccountName: NAME,
      automountServiceAccountToken: true,
      priorityClassName: p.priorityClassName,
      imagePullSecrets: p.imagePullSecrets?.map((name) => ({ name })),
      initContainers: [{
        name: 'cert-manager-package-debian',
        image: `${registry}/trust-pkg-debian-trixie:${p.defaultPackageTag ?? DEFAULT_PACKAGE_TAG}`,
        imagePullPolicy: 'IfNotPresent',
        args: ['/copyandmaybepause', '/debian-package', PACKAGE_DIR],
        volumeMounts: [{ mountPath: PACKAGE_DIR, name: 'packages', readOnly: false }],
        securityContext: SECURITY_CONTEXT,
      }],
      containers: [{
        name: NAME,
        image: imageReference(`${registry}/trust-manager`, this.version, p.imageDigest),
        imagePullPolicy: 'IfNotPresent',
        ports: [{ containerPort: PORTS.webhook, name: 'webhook' }, { containerPort: PORTS.metrics, name: 'metrics' }],
        readinessProbe: { httpGet: { port: PORTS.readiness, path: '/readyz' }, initialDelaySeconds: 3, periodSeconds: 7 },
        args: Lazy.any({ produce: () => this.args() }),
        volumeMounts: [{ mountPath: '/tls', name: 'tls', readOnly: true }, { mountPath: PACKAGE_DIR, name: 'packages', readOnly: true }],
        resources: containerResources(this, p.resources, DEFAULT_RESOURCES),
        securityContext: SECURITY_CONTEXT,
      }],
      nodeSelector: { 'kubernetes.io/os': 'linux', ...p.nodeSelector },
      tolerations: p.tolerations?.map((t) => ({ ...t })),
      topologySpreadConstraints: replicas > 1 ? spreadConstraints(SELECTOR, true, true) : undefined,
      volumes: [
        { name: 'packages', emptyDir: { sizeLimit: '50M' } },
        { name: 'tls', secret: { defaultMode: 420, secretName: TLS_SECRET } },
      ],
    };
  }

  private args(): string[] {
    const p = this.props;
    return [
      `--log-format=${p.logFormat === LogFormat.JSON ? 'json' : 'text'}`,
      `--log-level=${p.logLevel ?? 1}`,
      `--metrics-port=${PORTS.metrics}`,
      `--readiness-probe-port=${PORTS.readiness}`,
      '--readiness-probe-path=/readyz',
      '--leader-elect=true',
      '--leader-election-lease-duration=15s',
      '--leader-election-renew-deadline=10s',
      `--trust-namespace=${this.trustNamespace}`,
      '--webhook-host=0.0.0.0',
      `--webhook-port=${PORTS.webhook}`,
      '--webhook-certificate-dir=/tls',
      `--default-package-location=${PACKAGE_DIR}/cert-manager-package-debian.json`,
      ...(this.secretTargetsEnabled ? ['--secret-targets-enabled=true'] : []),
      ...(p.filterExpiredCertificates ? ['--filter-expired-certificates=true'] : []),
    ];
  }
}
