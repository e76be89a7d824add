/**
 * Everything about the pinned cert-manager release that the install depends on: version, images,
 * names, ports and RBAC. A version bump is one reviewed change to this file (and the CRD asset).
 *
 * Facts taken from the v1.21.1 Helm chart and its renders; verified by test/install/parity.test.ts.
 */

/** The pinned cert-manager release. */
export const CERT_MANAGER_VERSION = 'v1.21.1';
export const DEFAULT_IMAGE_REGISTRY = 'quay.io/jetstack';

/** Container image repository names below the registry. */
export const IMAGES = {
  controller: 'cert-manager-controller',
  webhook: 'cert-manager-webhook',
  cainjector: 'cert-manager-cainjector',
  acmesolver: 'cert-manager-acmesolver',
} as const;

/** The names of an install's objects, derived from the Helm release name as the chart's helpers do. */
export interface InstallNames {
  /** `cert-manager.fullname`: the controller's objects. */
  readonly controller: string;
  /** `webhook.fullname`. */
  readonly webhook: string;
  /** `cainjector.fullname`. */
  readonly cainjector: string;
  /** The Secret where the webhook keeps its serving CA. */
  readonly webhookCaSecret: string;
  /** Both webhook configurations. */
  readonly webhookConfiguration: string;
  /** `app.kubernetes.io/instance`: the release name. */
  readonly instance: string;
  /** `cert-manager.name`: `app` and `app.kubernetes.io/name` of the controller's objects. */
  readonly name: string;
}

/** Helm's `trunc n | trimSuffix "-"`. */
function trunc(name: string, n: number): string {
  const cut = name.slice(0, n);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/**
 * Object names for a Helm release name, as the chart's `_helpers.tpl` derives them: the base name
 * is `fullnameOverride` when given; otherwise a release whose name contains the chart name
 * (`nameOverride`, default `cert-manager`) is the base name itself, any other gets `-<name>`
 * appended. The webhook and cainjector append their component.
 */
export function installNames(releaseName: string, nameOverride?: string, fullnameOverride?: string): InstallNames {
  const name = trunc(nameOverride ?? 'cert-manager', 63);
  const fullname = trunc(fullnameOverride ?? (releaseName.includes(name) ? releaseName : `${releaseName}-${name}`), 63);
  const webhook = trunc(`${trunc(fullname, 55)}-webhook`, 63);
  return {
    controller: fullname,
    webhook,
    cainjector: trunc(`${trunc(fullname, 52)}-cainjector`, 63),
    webhookCaSecret: `${webhook}-ca`,
    webhookConfiguration: webhook,
    instance: releaseName,
    name,
  };
}

/** Object names of the default release `cert-manager`, kept identical to upstream for migrations. */
export const NAMES: InstallNames = installNames('cert-manager');

/** `app.kubernetes.io/name` and `app.kubernetes.io/component` of each component. */
export const COMPONENT_LABELS = {
  controller: { name: 'cert-manager', component: 'controller' },
  webhook: { name: 'webhook', component: 'webhook' },
  cainjector: { name: 'cainjector', component: 'cainjector' },
} as const;

export const PORTS = {
  metrics: 9402,
  controllerHealthz: 9403,
  webhookSecure: 10250,
  webhookHealthz: 6080,
} as const;

/** Lease names used by leader election (the `-core` name is legacy, still granted upstream). */
export const LEASES = {
  controller: ['cert-manager-controller'],
  cainjector: ['cert-manager-cainjector-leader-election', 'cert-manager-cainjector-leader-election-core'],
} as const;

export interface PolicyRule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  (resourceNames ? { apiGroups, resources, verbs, resourceNames } : { apiGroups, resources, verbs });

const READ = ['get', 'list', 'watch'];
const EVENTS = r([''], ['events'], ['create', 'patch']);
/** The signers the controller approves and signs for: cert-manager's own issuers. */
export const SIGNERS = ['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*'];

/**
 * A ClusterRole of the install and, when it is bound, the component it is bound to. Its name is
 * the object name of `base` (a component) followed by `suffix`.
 */
export interface ClusterRoleSpec {
  readonly base: 'controller' | 'webhook' | 'cainjector';
  readonly suffix: string;
  /** Dropped by `disableAutoApproval`; its resourceNames are `approveSignerNames`. */
  readonly approval?: boolean;
  /** Exists only to aggregate into other roles: dropped with the aggregation (`aggregateClusterRoles: false`). */
  readonly aggregationOnly?: boolean;
  readonly boundTo?: 'controller' | 'webhook' | 'cainjector';
  readonly aggregateTo?: string[];
  readonly rules: PolicyRule[];
}

export const CLUSTER_ROLES: ClusterRoleSpec[] = [
  {
    base: 'cainjector',
    suffix: '',
    boundTo: 'cainjector',
    rules: [
      r(['cert-manager.io'], ['certificates'], READ),
      r([''], ['secrets'], READ),
      r([''], ['events'], ['get', 'create', 'update', 'patch']),
      r(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], [...READ, 'update', 'patch']),
      r(['apiregistration.k8s.io'], ['apiservices'], [...READ, 'update', 'patch']),
      r(['apiextensions.k8s.io'], ['customresourcedefinitions'], [...READ, 'update', 'patch']),
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-issuers',
    boundTo: 'controller',
    rules: [
      r(['cert-manager.io'], ['issuers', 'issuers/status'], ['update', 'patch']),
      r(['cert-manager.io'], ['issuers'], READ),
      r([''], ['secrets'], [...READ, 'create', 'update', 'delete']),
      EVENTS,
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-clusterissuers',
    boundTo: 'controller',
    rules: [
      r(['cert-manager.io'], ['clusterissuers', 'clusterissuers/status'], ['update', 'patch']),
      r(['cert-manager.io'], ['clusterissuers'], READ),
      r([''], ['secrets'], [...READ, 'create', 'update', 'delete']),
      EVENTS,
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-certificates',
    boundTo: 'controller',
    rules: [
      r(['cert-manager.io'], ['certificates', 'certificates/status', 'certificaterequests', 'certificaterequests/status'], ['update', 'patch']),
      r(['cert-manager.io'], ['certificates', 'certificaterequests', 'clusterissuers', 'issuers'], READ),
      r(['cert-manager.io'], ['certificates/finalizers', 'certificaterequests/finalizers'], ['update']),
      r(['acme.cert-manager.io'], ['orders'], ['create', 'delete', ...READ]),
      r([''], ['secrets'], [...READ, 'create', 'update', 'delete', 'patch']),
      EVENTS,
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-orders',
    boundTo: 'controller',
    rules: [
      r(['acme.cert-manager.io'], ['orders', 'orders/status'], ['update', 'patch']),
      r(['acme.cert-manager.io'], ['orders', 'challenges'], READ),
      r(['cert-manager.io'], ['clusterissuers', 'issuers'], READ),
      r(['acme.cert-manager.io'], ['challenges'], ['create', 'delete']),
      r(['acme.cert-manager.io'], ['orders/finalizers'], ['update']),
      r(['cert-manager.io'], ['clusterissuers/finalizers', 'issuers/finalizers'], ['update']),
      r([''], ['secrets'], READ),
      EVENTS,
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-challenges',
    boundTo: 'controller',
    rules: [
      r(['acme.cert-manager.io'], ['challenges', 'challenges/status'], ['update', 'patch']),
      r(['acme.cert-manager.io'], ['challenges'], READ),
      r(['cert-manager.io'], ['issuers', 'clusterissuers'], READ),
      r([''], ['secrets'], READ),
      EVENTS,
      r([''], ['pods', 'services'], [...READ, 'create', 'delete']),
      r(['networking.k8s.io'], ['ingresses'], [...READ, 'create', 'delete', 'update']),
      r(['gateway.networking.k8s.io'], ['httproutes'], [...READ, 'create', 'delete', 'update']),
      r(['route.openshift.io'], ['routes/custom-host'], ['create']),
      r(['acme.cert-manager.io'], ['challenges/finalizers'], ['update']),
    ],
  },
  {
    base: 'controller',
    suffix: '-controller-ingress-shim',
    boundTo: 'controller',
    rules: [
      r(['cert-manager.io'], ['certificates', 'certificaterequests'], ['create', 'update', 'delete']),
      r(['cert-manager.io'], ['certificates', 'certificaterequests', 'issuers', 'clusterissuers'], READ),
      r(['networking.k8s.io'], ['ingresses'], READ),
      r(['networking.k8s.io'], ['ingresses/finalizers'], ['update']),
      r(['gateway.networking.k8s.io'], ['gateways', 'httproutes', 'listenersets'], READ),
      r(['gateway.networking.k8s.io'], ['gateways/finalizers', 'httproutes/finalizers', 'listenersets/finalizers'], ['update']),
      EVENTS,
    ],
  },
  {
    base: 'controller',
    suffix: '-cluster-view',
    aggregationOnly: true,
    aggregateTo: ['cluster-reader'],
    rules: [r(['cert-manager.io'], ['clusterissuers'], READ)],
  },
  {
    base: 'controller',
    suffix: '-view',
    aggregateTo: ['view', 'edit', 'admin', 'cluster-reader'],
    rules: [
      r(['cert-manager.io'], ['certificates', 'certificaterequests', 'issuers'], READ),
      r(['acme.cert-manager.io'], ['challenges', 'orders'], READ),
    ],
  },
  {
    base: 'controller',
    suffix: '-edit',
    aggregateTo: ['edit', 'admin'],
    rules: [
      r(['cert-manager.io'], ['certificates', 'certificaterequests', 'issuers'], ['create', 'delete', 'deletecollection', 'patch', 'update']),
      r(['cert-manager.io'], ['certificates/status'], ['update']),
      r(['acme.cert-manager.io'], ['challenges'], ['delete', 'deletecollection', 'patch', 'update']),
      r(['acme.cert-manager.io'], ['orders'], ['delete', 'deletecollection']),
    ],
  },
  {
    // Without it no CertificateRequest is approved and every Certificate hangs.
    base: 'controller',
    suffix: '-controller-approve:cert-manager-io',
    approval: true,
    boundTo: 'controller',
    rules: [r(['cert-manager.io'], ['signers'], ['approve'], SIGNERS)],
  },
  {
    base: 'controller',
    suffix: '-controller-certificatesigningrequests',
    boundTo: 'controller',
    rules: [
      r(['certificates.k8s.io'], ['certificatesigningrequests'], [...READ, 'update']),
      r(['certificates.k8s.io'], ['certificatesigningrequests/status'], ['update', 'patch']),
      r(['certificates.k8s.io'], ['signers'], ['sign'], SIGNERS),
      r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create']),
    ],
  },
  {
    base: 'webhook',
    suffix: ':subjectaccessreviews',
    boundTo: 'webhook',
    rules: [r(['authorization.k8s.io'], ['subjectaccessreviews'], ['create'])],
  },
];

/** Leader election: a Role in the leader-election namespace, per leader-elected component. */
export function leaderElectionRules(leases: readonly string[]): PolicyRule[] {
  return [
    r(['coordination.k8s.io'], ['leases'], ['get', 'update', 'patch'], [...leases]),
    r(['coordination.k8s.io'], ['leases'], ['create']),
  ];
}

/** The webhook manages its own serving CA in one Secret of the install namespace. */
export function webhookDynamicServingRules(caSecret: string): PolicyRule[] {
  return [
    r([''], ['secrets'], [...READ, 'update'], [caSecret]),
    r([''], ['secrets'], ['create']),
  ];
}
