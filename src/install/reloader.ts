import { ApiObject } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DisruptionBudget } from './disruption-budget';
import { LogFormat, ScrapeOptions, Toleration } from './options';
import { clusterScoped } from '../private/cluster-scoped';
import { fail } from '../private/errors';
import { checkImageDigest, checkImageRepository, checkImageTag, imageReference } from './private/image';
import { checkLabels } from '../private/metadata';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { plainObject } from '../private/plain-object';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, containerResources, httpProbe, spreadConstraints } from './private/pod-defaults';
import { restrictedNamespace } from './private/restricted-namespace';
import { checkScrape, scrapeMonitor } from './private/scrape';
import { warn } from '../private/warn';

/**
 * How Reloader makes a workload roll out when a Secret or ConfigMap it uses changes.
 *
 * Both change the workload's pod template, so Kubernetes replaces the pods with the workload's
 * own update strategy (maxUnavailable, maxSurge). They differ in the field they write, which
 * decides whether a GitOps controller sees the change as drift.
 *
 * Use `ANNOTATIONS` when the workloads are applied by Argo CD or Flux.
 *
 * @see https://docs.stakater.com/reloader/1.4/how-to-guides/use-reloader-with-argocd.html
 * @see https://docs.stakater.com/reloader/1.4/how-to-guides/use-reloader-with-flux.html
 */
export enum ReloadStrategy {
  /**
   * Add or update an environment variable (`STAKATER_<NAME>_SECRET` or
   * `STAKATER_<NAME>_CONFIGMAP`, holding a hash of the data) in the pod template's containers.
   * Reloader's own default (`--reload-strategy=env-vars`).
   *
   * Causes GitOps drift: the variable is in the live object but not in Git, so Argo CD marks the
   * workload OutOfSync, and a sync (Flux's next reconcile, or Argo CD with auto-sync) reverts
   * it, undoing Reloader's change.
   */
  ENV_VARS = 'env-vars',

  /**
   * Write the pod-template annotation `reloader.stakater.com/last-reloaded-from` (a JSON
   * description of the change) instead (`--reload-strategy=annotations`).
   *
   * Avoids the drift of `ENV_VARS`: Flux applies with server-side apply, which tracks the owner
   * of each field, and leaves the annotation Reloader owns in place. Argo CD still shows the
   * annotation as a difference until it is told to ignore it (an `ignoreDifferences` entry for
   * that annotation, as Reloader's Argo CD guide shows). Nothing is injected into the
   * containers.
   */
  ANNOTATIONS = 'annotations',
}

/** Props of {@link Reloader}. */
export interface ReloaderProps {
  /**
   * Namespace of the install.
   *
   * @default "reloader"
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
   * Image repository, e.g. a mirror `registry.example.com/stakater/reloader`.
   *
   * @default "ghcr.io/stakater/reloader"
   */
  readonly imageRepository?: string;

  /**
   * Image tag. Another tag than the pinned version prints a warning: the RBAC, arguments and
   * probes this construct emits are those of the pinned version.
   *
   * @default - the pinned Reloader version (Reloader.VERSION)
   */
  readonly imageTag?: string;

  /**
   * Image digest (`sha256:...`) pinning the image, for mirrored or signed images.
   *
   * @default - the tag only
   */
  readonly imageDigest?: string;

  /**
   * Names of Secrets (in the install namespace) for pulling the image from a private registry.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Number of pods. With more than one, Reloader runs with leader election
   * (`--enable-ha=true`, a Lease `stakater-reloader-lock` in the install namespace): one pod
   * reloads, the others are warm standbys. Without it every replica would reload, so workloads
   * would roll more than once per change.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The PodDisruptionBudget. It must leave at least one pod evictable, or node drains block.
   *
   * @default - DisruptionBudget.maxUnavailable(1) when replicas > 1; none otherwise
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * CPU and memory requests and limits of the container.
   *
   * The defaults keep upstream's memory (Reloader caches every watched Secret and ConfigMap) but
   * drop its CPU limit: a CPU limit throttles Reloader when many objects change at once, while
   * the request keeps it scheduled.
   *
   * @default - cpu request 10m, memory request and limit 512Mi
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
   * How Reloader rolls a workload out (`--reload-strategy`). See {@link ReloadStrategy}: the
   * default avoids GitOps drift, unlike Reloader's own default `ENV_VARS`.
   *
   * @default ReloadStrategy.ANNOTATIONS
   */
  readonly strategy?: ReloadStrategy;

  /**
   * Watch every namespace (a ClusterRole). When false, Reloader watches and reloads only in its
   * own namespace (env `KUBERNETES_NAMESPACE`) and gets a Role there instead of a ClusterRole,
   * so only workloads in the install namespace are reloaded.
   *
   * @default true
   */
  readonly watchGlobally?: boolean;

  /**
   * Watch only namespaces carrying all of these labels (`--namespace-selector`, exact values).
   * Adds read access to Namespaces to the ClusterRole, so Reloader can read their labels.
   * Needs `watchGlobally`.
   *
   * @default - every namespace
   */
  readonly namespaceSelector?: { [key: string]: string };

  /**
   * Namespaces never watched (`--namespaces-to-ignore`). Needs `watchGlobally`.
   *
   * @default - none
   */
  readonly ignoreNamespaces?: string[];

  /**
   * Stop watching ConfigMaps (`--resources-to-ignore=configMaps`), and drop ConfigMaps from the
   * cluster-wide read permission (Reloader still keeps its meta-info ConfigMap in its own
   * namespace).
   *
   * This library's certificate wiring needs Secrets only, but workloads may also use Reloader's
   * annotations for their ConfigMaps, and ignoring ConfigMaps silently stops those reloads; hence
   * off by default.
   *
   * @default false
   */
  readonly ignoreConfigMaps?: boolean;

  /**
   * Treat every workload as annotated `reloader.stakater.com/auto: "true"`
   * (`--auto-reload-all`): any change to any Secret or ConfigMap a workload references rolls it
   * out, annotated or not.
   *
   * @default false
   */
  readonly autoReloadAll?: boolean;

  /**
   * Log format (`--log-format`).
   *
   * @default LogFormat.TEXT
   */
  readonly logFormat?: LogFormat;

  /**
   * Labels added to every object of the install.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Emit a PodMonitor (prometheus-operator) that scrapes Reloader's metrics port (9090,
   * `/metrics`). A PodMonitor rather than a ServiceMonitor, as Reloader's chart recommends: no
   * Service is needed.
   *
   * @default - no PodMonitor
   */
  readonly podMonitor?: ScrapeOptions;

  /**
   * Extra command-line arguments, appended after the ones this construct sets. Flags that a prop
   * controls (such as `--reload-strategy`) are refused here: set the prop instead.
   *
   * @default - none
   */
  readonly extraArgs?: string[];
}

/** The pinned Reloader release. */
const VERSION = 'v1.4.21';
const DEFAULT_REPOSITORY = 'ghcr.io/stakater/reloader';
/** Object names of the upstream manifest (release name `reloader`), kept for in-place takeover. */
const NAME = 'reloader-reloader';
const SELECTOR = { app: NAME };
const METRICS_PORT = 9090;
/** The Lease Reloader's leader election holds (constants.LockName upstream). */
const LEASE_NAME = 'stakater-reloader-lock';
const DEFAULT_RESOURCES = { cpu: '10m', memoryRequest: '512Mi', memoryLimit: '512Mi' };
const PROBE_TIMING = { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 };

/** Flags this construct sets from props; extraArgs may not set them again. */
const MANAGED_FLAGS: Record<string, string> = {
  '--reload-strategy': 'strategy',
  '--enable-ha': 'replicas',
  '--resources-to-ignore': 'ignoreConfigMaps',
  '--namespace-selector': 'namespaceSelector',
  '--namespaces-to-ignore': 'ignoreNamespaces',
  '--auto-reload-all': 'autoReloadAll',
  '--log-format': 'logFormat',
};

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };
const RBAC = 'rbac.authorization.k8s.io/v1';

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): Rule =>
  (resourceNames ? { apiGroups, resources, verbs, resourceNames } : { apiGroups, resources, verbs });

const fieldRef = (fieldPath: string) => ({ fieldRef: { fieldPath } });
const resourceFieldRef = (resource: string) => ({ resourceFieldRef: { resource, divisor: '1' } });

/**
 * Installs Stakater Reloader, which rolls a workload out when a Secret it uses changes.
 *
 * Reloader acts on workloads that carry its annotations (for example
 * `secret.reloader.stakater.com/reload`), for changed Secrets and ConfigMaps. cert-manager renews
 * a certificate by updating its Secret, which applications that read their certificate only at
 * start-up do not notice; Reloader restarts them.
 *
 * Functionally the upstream manifest of the pinned version (same object names, selector, RBAC,
 * probes and environment), with production defaults: restricted Pod Security with a read-only
 * root filesystem, requests and a memory limit but no CPU limit, the `annotations` reload
 * strategy (no GitOps drift, see {@link ReloadStrategy}) and, with more than one replica, leader
 * election, a PodDisruptionBudget and spreading.
 *
 * Objects: a Namespace (optional), a ServiceAccount, a ClusterRole and ClusterRoleBinding (a Role
 * and RoleBinding in the install namespace when `watchGlobally` is off), the Role and RoleBinding
 * for Reloader's meta-info ConfigMap in its namespace, the Deployment, and optionally a Role for
 * the leader-election Lease, a PodDisruptionBudget and a PodMonitor.
 *
 * The cluster-wide permissions are upstream's: read Secrets and ConfigMaps; read and patch
 * Deployments, DaemonSets and StatefulSets; read CronJobs and create, delete and read Jobs
 * (how Reloader restarts CronJobs and Jobs); create Events. Upstream also grants the same on
 * Deployments and DaemonSets in the `extensions` API group, where Kubernetes stopped serving them
 * in 1.16; the rule is kept for parity and grants nothing on a current cluster.
 * `ignoreConfigMaps` narrows the read access, `watchGlobally: false` confines it all to the
 * install namespace.
 *
 * @see https://github.com/stakater/Reloader
 * @example
 * new Reloader(chart, 'Reloader', {
 *   replicas: 2,
 *   podMonitor: { labels: { release: 'kube-prometheus-stack' } },
 * });
 */
export class Reloader extends Construct {
  /** The Reloader release this construct installs. */
  public static readonly VERSION = VERSION;

  /** The namespace Reloader runs in. */
  public readonly namespace: string;

  /** How Reloader rolls workloads out. */
  public readonly strategy: ReloadStrategy;

  /** Whether Reloader watches every namespace (false: only its own). */
  public readonly watchGlobally: boolean;

  /** The image tag Reloader runs. */
  public readonly version: string;

  /** Name of Reloader's ServiceAccount (in `namespace`). */
  public readonly serviceAccountName: string = NAME;

  // Every object is a plain ApiObject: a JSON patch (`addJsonPatch`) lands in the manifest
  // verbatim, also for fields this library does not know.

  /** The Deployment. */
  public readonly deployment: ApiObject;

  /** The Namespace, when `createNamespace` is on. */
  public readonly namespaceObject?: ApiObject;

  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;

  /** The ClusterRole granting the watch and reload permissions, when `watchGlobally` is on. */
  public readonly clusterRole?: ApiObject;

  /** The binding of `clusterRole`, when `watchGlobally` is on. */
  public readonly clusterRoleBinding?: ApiObject;

  /**
   * The Roles in the install namespace: the watch and reload Role (when `watchGlobally` is off),
   * the meta-info ConfigMap Role, and the leader-election Role (with more than one replica).
   */
  public readonly roles: ApiObject[] = [];

  /** The bindings of `roles`, in the same order. */
  public readonly roleBindings: ApiObject[] = [];

  /** The PodDisruptionBudget, unless the budget is `DisruptionBudget.none()`. */
  public readonly podDisruptionBudget?: ApiObject;

  /** The PodMonitor, when `podMonitor` is set. */
  public readonly podMonitor?: ApiObject;

  private readonly props: ReloaderProps;
  private readonly labels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: ReloaderProps = {}) {
    super(scope, id);
    this.props = props;
    this.namespace = props.namespace ?? 'reloader';
    this.strategy = props.strategy ?? ReloadStrategy.ANNOTATIONS;
    this.watchGlobally = props.watchGlobally ?? true;
    this.version = props.imageTag ?? VERSION;
    const replicas = props.replicas ?? 1;
    const budget = props.disruptionBudget ?? (replicas > 1 ? DisruptionBudget.maxUnavailable(1) : DisruptionBudget.none());
    this.checkProps(replicas, budget);

    this.labels = {
      ...props.labels,
      'app': NAME,
      'app.kubernetes.io/name': 'reloader',
      'app.kubernetes.io/version': this.version,
    };
    const metadata = { name: NAME, namespace: this.namespace, labels: this.labels };

    if (props.createNamespace ?? true) {
      this.namespaceObject = restrictedNamespace(this, 'Namespace', this.namespace, props.labels);
    }
    this.serviceAccount = plainObject(this, 'ServiceAccount', 'v1', 'ServiceAccount', { metadata });
    const { clusterRole, clusterRoleBinding } = this.rbac(replicas > 1);
    this.clusterRole = clusterRole;
    this.clusterRoleBinding = clusterRoleBinding;

    const resources = containerResources(this, props.resources, DEFAULT_RESOURCES);
    this.deployment = plainObject(this, 'Resource', 'apps/v1', 'Deployment', {
      metadata,
      spec: {
        replicas,
        revisionHistoryLimit: 2,
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: this.labels },
          spec: {
            serviceAccountName: NAME,
            enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
            containers: [this.container(replicas > 1, resources)],
            // The root filesystem is read-only; upstream's chart gives Reloader a writable /tmp.
            volumes: [{ name: 'tmp-volume', emptyDir: {} }],
            nodeSelector: { 'kubernetes.io/os': 'linux', ...props.nodeSelector },
            tolerations: props.tolerations?.map((t) => ({ ...t })),
            topologySpreadConstraints: replicas > 1 ? spreadConstraints(SELECTOR, true, true) : undefined,
          },
        },
      },
    });

    this.podDisruptionBudget = budget._toKube(this, metadata, SELECTOR);

    if (props.podMonitor) {
      this.podMonitor = scrapeMonitor(this, 'PodMonitor', props.podMonitor, {
        name: NAME,
        namespace: this.namespace,
        labels: this.labels,
        spec: { selector: { matchLabels: SELECTOR } },
        endpoint: { port: 'http', path: '/metrics' },
      });
    }
  }

  private checkProps(replicas: number, budget: DisruptionBudget) {
    const p = this.props;
    checkDnsLabel(this, 'namespace', this.namespace);
    checkImageRepository(this, 'imageRepository', p.imageRepository ?? DEFAULT_REPOSITORY, 'registry.example.com/stakater/reloader');
    checkImageTag(this, 'imageTag', this.version, VERSION);
    if (this.version !== VERSION) {
      warn(this, `imageTag ${this.version} differs from ${VERSION}, the version whose RBAC, arguments and probes this `
        + 'construct emits; run that version unless you have checked the difference');
    }
    checkImageDigest(this, 'imageDigest', p.imageDigest);
    for (const secret of p.imagePullSecrets ?? []) checkSubdomain(this, 'imagePullSecrets', secret);
    if (!Number.isInteger(replicas) || replicas < 1) {
      fail(this, `replicas ${replicas} must be a whole number of 1 or more; use 1, or 2 or more for high availability `
        + 'with leader election');
    }
    budget._check(this, replicas);
    checkLabels(this, 'labels', p.labels);
    checkLabels(this, 'nodeSelector', p.nodeSelector);
    checkLabels(this, 'namespaceSelector', p.namespaceSelector);
    for (const ns of p.ignoreNamespaces ?? []) checkDnsLabel(this, 'ignoreNamespaces', ns);
    if (!this.watchGlobally) {
      for (const prop of ['namespaceSelector', 'ignoreNamespaces'] as const) {
        if (Object.keys(p[prop] ?? {}).length) {
          fail(this, `${prop} is set but watchGlobally is false, so Reloader watches only its own namespace `
            + `"${this.namespace}"; remove ${prop}, or set watchGlobally to true`);
        }
      }
    }
    for (const arg of p.extraArgs ?? []) {
      const prop = MANAGED_FLAGS[arg.split('=')[0]];
      if (prop) fail(this, `extraArgs has "${arg}", a flag this construct sets from the ${prop} prop; set ${prop} instead`);
    }
    if (p.podMonitor) checkScrape(this, 'podMonitor', p.podMonitor);
  }

  /**
   * The ClusterRole (or Role), the meta-info Role and, with leader election, the Lease Role; each
   * bound to the ServiceAccount. Returns the ClusterRole and its binding when watching globally.
   */
  private rbac(leaderElection: boolean): { clusterRole?: ApiObject; clusterRoleBinding?: ApiObject } {
    const p = this.props;
    const rules = [
      rule([''], p.ignoreConfigMaps ? ['secrets'] : ['secrets', 'configmaps'], ['list', 'get', 'watch']),
      ...(Object.keys(p.namespaceSelector ?? {}).length ? [rule([''], ['namespaces'], ['get', 'list', 'watch'])] : []),
      rule(['apps'], ['deployments', 'daemonsets', 'statefulsets'], ['list', 'get', 'update', 'patch']),
      rule(['extensions'], ['deployments', 'daemonsets'], ['list', 'get', 'update', 'patch']),
      rule(['batch'], ['cronjobs'], ['list', 'get']),
      rule(['batch'], ['jobs'], ['create', 'delete', 'list', 'get']),
      rule([''], ['events'], ['create', 'patch']),
    ];
    const subjects = [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }];
    let cluster: { clusterRole?: ApiObject; clusterRoleBinding?: ApiObject } = {};
    if (this.watchGlobally) {
      const name = `${NAME}-role`;
      cluster = {
        clusterRole: clusterScoped(plainObject(this, 'ClusterRole', RBAC, 'ClusterRole', { metadata: { name, labels: this.labels }, rules })),
        clusterRoleBinding: clusterScoped(plainObject(this, 'ClusterRoleBinding', RBAC, 'ClusterRoleBinding', {
          metadata: { name: `${NAME}-role-binding`, labels: this.labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
          subjects,
        })),
      };
    } else {
      this.role('Role', `${NAME}-role`, `${NAME}-role-binding`, rules);
    }
    this.role('MetadataRole', `${NAME}-metadata-role`, `${NAME}-metadata-rolebinding`,
      [rule([''], ['configmaps'], ['list', 'get', 'watch', 'create', 'update'])]);
    if (leaderElection) {
      this.role('LeaderElectionRole', `${NAME}-leader-election`, `${NAME}-leader-election`, [
        rule(['coordination.k8s.io'], ['leases'], ['create']),
        rule(['coordination.k8s.io'], ['leases'], ['get', 'update'], [LEASE_NAME]),
      ]);
    }
    return cluster;
  }

  /** A Role in the install namespace with its binding to the ServiceAccount (added to `roles` and `roleBindings`). */
  private role(id: string, name: string, bindingName: string, rules: Rule[]) {
    this.roles.push(plainObject(this, id, RBAC, 'Role', { metadata: { name, namespace: this.namespace, labels: this.labels }, rules }));
    this.roleBindings.push(plainObject(this, `${id}Binding`, RBAC, 'RoleBinding', {
      metadata: { name: bindingName, namespace: this.namespace, labels: this.labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: this.namespace }],
    }));
  }

  private container(leaderElection: boolean, resources: { [key: string]: any }): { [key: string]: any } {
    const p = this.props;
    return {
      name: NAME,
      image: imageReference(p.imageRepository ?? DEFAULT_REPOSITORY, this.version, p.imageDigest),
      imagePullPolicy: 'IfNotPresent',
      args: [...this.args(leaderElection), ...(p.extraArgs ?? [])],
      env: [
        // Go sizes its scheduler and heap to the container's limits (the node's, without a limit).
        { name: 'GOMAXPROCS', valueFrom: resourceFieldRef('limits.cpu') },
        { name: 'GOMEMLIMIT', valueFrom: resourceFieldRef('limits.memory') },
        { name: 'RELOADER_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
        { name: 'RELOADER_DEPLOYMENT_NAME', value: NAME },
        ...(this.watchGlobally ? [] : [{ name: 'KUBERNETES_NAMESPACE', valueFrom: fieldRef('metadata.namespace') }]),
        // Leader election: the candidate's identity and the namespace of the Lease.
        ...(leaderElection ? [
          { name: 'POD_NAME', valueFrom: fieldRef('metadata.name') },
          { name: 'POD_NAMESPACE', valueFrom: fieldRef('metadata.namespace') },
        ] : []),
      ],
      ports: [{ containerPort: METRICS_PORT, name: 'http', protocol: 'TCP' }],
      livenessProbe: httpProbe('/live', 'http', PROBE_TIMING),
      readinessProbe: httpProbe('/metrics', 'http', PROBE_TIMING),
      securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
      resources,
      volumeMounts: [{ name: 'tmp-volume', mountPath: '/tmp/' }],
    };
  }

  private args(leaderElection: boolean): string[] {
    const p = this.props;
    const selector = Object.entries(p.namespaceSelector ?? {}).sort(([a], [b]) => a.localeCompare(b));
    return [
      `--reload-strategy=${this.strategy}`,
      ...(leaderElection ? ['--enable-ha=true'] : []),
      ...(p.autoReloadAll ? ['--auto-reload-all=true'] : []),
      ...(p.ignoreConfigMaps ? ['--resources-to-ignore=configMaps'] : []),
      ...(selector.length ? [`--namespace-selector=${selector.map(([k, v]) => `${k}=${v}`).join(',')}`] : []),
      ...(p.ignoreNamespaces?.length ? [`--namespaces-to-ignore=${p.ignoreNamespaces.join(',')}`] : []),
      ...(p.logFormat === LogFormat.JSON ? ['--log-format=json'] : []),
    ];
  }
}
