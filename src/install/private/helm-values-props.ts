/**
 * A Helm values file of the pinned cert-manager chart, turned into CertManager props that give
 * the install `helm template` renders for it: the same meaning for every key, following the
 * chart's templates, and the chart's defaults where the file is silent.
 *
 * Every key of the file ends in one of three places:
 * - applied: a prop carries its meaning;
 * - reported: Helm-only mechanics (`startupapicheck.*`, `crds.keep`, `creator`, ...), listed in one
 *   printed notice with what replaces each;
 * - refused: a key the chart does not have, a value of the wrong type, or a value this library
 *   cannot express yet; one error lists them all and nothing is synthesized.
 */
import { Duration, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, ServiceType } from 'cdk8s-plus-28';
import { chartDefaults, copy, HelmValuesSchema, helmValuesSchema, isPlainObject, resolveNode, rootNode, SchemaNode } from './helm-schema';
import { helmValuesProblems, ValuesProblem } from './helm-values-validation';
import type { CertManagerProps } from '../cert-manager';
import { DisruptionBudget } from '../disruption-budget';
import type { HelmValuesOptions } from '../helm-values';
import {
  ComponentOptions, ControllerOptions, DefaultIssuer, ScrapeOptions, Toleration, UnhealthyPodEvictionPolicy, WebhookOptions,
} from '../options';
import { CERT_MANAGER_VERSION, installNames, NAMES } from '../upstream';
import { ExtraObject, extraObjects } from './helm-extra-objects';

type Values = { [key: string]: any };
/** Props under construction: every field writable, each checked against the props' own field names. */
type Draft<T> = { -readonly [K in keyof T]?: any };
type Component = 'controller' | 'webhook' | 'cainjector';

/** The values prefix of each component: the controller's values sit at the top level. */
const PREFIX: Record<Component, string> = { controller: '', webhook: 'webhook.', cainjector: 'cainjector.' };

/** A Helm-only key (or key prefix, ending in `.`) and what replaces it outside Helm. */
export const HELM_ONLY: Record<string, string> = {
  'startupapicheck.': 'the post-install Job that waits for the webhook; outside Helm, apply in stages instead '
    + '(CertManagerStack numbers its output files CRDs, install, issuers; with Argo CD use sync waves, with Flux '
    + 'dependsOn plus health checks) so Issuers and Certificates are applied once the webhook Deployment is Available',
  'crds.keep': 'the helm.sh/resource-policy annotation that stops `helm uninstall` deleting the CRDs; outside Helm nothing '
    + 'deletes them unless your tool prunes (for Argo CD, annotate the CRDs with Prune=false through CertManagerCrds annotations)',
  'creator': 'a switch of the chart\'s release pipeline (static manifests); no meaning outside Helm',
  'enabled': 'the condition of a parent chart that includes cert-manager as a dependency; no meaning outside Helm',
  'acmesolver.image.pullPolicy': 'a value no template of the chart reads, so it changes nothing in the chart\'s output either',
  'global.podSecurityPolicy.': 'PodSecurityPolicy, removed in Kubernetes 1.25; the chart renders nothing for it. '
    + 'Pod Security Admission applies instead (createNamespace labels the namespace restricted)',
};

/**
 * Keys the chart has whose meaning this library cannot express yet: a value other than the
 * chart's default is refused with the reason and what to do instead. Each entry is a key, or a
 * prefix ending in `.`; `{c}` stands for each component's prefix ('', `webhook.`, `cainjector.`).
 */
export const NOT_YET_EXPRESSIBLE: Record<string, { reason: string; fix: string }> = {
  'cainjector.enabled': {
    reason: 'an install without the CA injector is not expressible: the install always runs it, since without it '
      + 'no caBundle reaches the webhook configurations',
    fix: 'remove it, and make sure no other cainjector serves the same webhook configurations',
  },
  'prometheus.enabled': {
    reason: 'the chart then also turns the webhook\'s and cainjector\'s metrics listeners off (--metrics-listen-address=0) '
      + 'and leaves out their metrics ports, which the install always has',
    fix: 'remove it; without a ServiceMonitor or PodMonitor only the pods\' prometheus.io annotations invite scraping '
      + '(remove them with a JSON patch on the Deployments if nothing may scrape them)',
  },
};

/** Keys (or prefixes ending in `.`) that the conversion below applies; `{c}` as above. */
export const APPLIED: string[] = [
  '{c}replicaCount', '{c}podDisruptionBudget.', '{c}resources', '{c}nodeSelector', '{c}tolerations', '{c}featureGates',
  '{c}extraArgs', '{c}podLabels', '{c}podAnnotations', '{c}deploymentAnnotations', '{c}serviceAccount.', '{c}automountServiceAccountToken',
  '{c}image.registry', '{c}image.repository', '{c}image.name', '{c}image.tag', '{c}image.digest', '{c}image.pullPolicy',
  '{c}networkPolicy.', '{c}strategy', '{c}affinity', '{c}topologySpreadConstraints', '{c}extraEnv', '{c}volumes', '{c}volumeMounts',
  '{c}securityContext', '{c}containerSecurityContext', '{c}enableServiceLinks', '{c}runtimeClassName', '{c}serviceLabels',
  '{c}serviceAnnotations', '{c}config',
  'serviceIPFamilies', 'serviceIPFamilyPolicy', 'livenessProbe', 'hostAliases', 'podDnsPolicy', 'podDnsConfig',
  'http_proxy', 'https_proxy', 'no_proxy', 'extraContainers', 'approveSignerNames', 'disableAutoApproval', 'extraObjects',
  'nameOverride', 'fullnameOverride',
  'acmesolver.image.registry', 'acmesolver.image.repository', 'acmesolver.image.name', 'acmesolver.image.tag',
  'acmesolver.image.digest', 'acmesolver.runtimeClassName',
  'namespace', 'crds.enabled', 'installCRDs', 'imageRegistry', 'imageNamespace', 'global.imagePullSecrets',
  'global.priorityClassName', 'global.revisionHistoryLimit', 'global.logLevel', 'global.nodeSelector', 'global.runtimeClassName',
  'global.commonLabels', 'global.hostUsers', 'global.rbac.', 'global.leaderElection.', 'clusterResourceNamespace',
  'maxConcurrentChallenges', 'enableCertificateOwnerRef', 'dns01RecursiveNameservers', 'dns01RecursiveNameserversOnly',
  'ingressShim.',
  'webhook.timeoutSeconds', 'webhook.livenessProbe', 'webhook.readinessProbe', 'webhook.securePort', 'webhook.hostNetwork',
  'webhook.serviceType', 'webhook.loadBalancerIP', 'webhook.serviceIPFamilies', 'webhook.serviceIPFamilyPolicy', 'webhook.url',
  'webhook.mutatingWebhookConfiguration.', 'webhook.validatingWebhookConfiguration.',
  'webhook.mutatingWebhookConfigurationAnnotations', 'webhook.validatingWebhookConfigurationAnnotations',
  'webhook.enableClientVerification', 'webhook.clientCAFile', 'webhook.apiserverClientCertSubjects',
  'prometheus.servicemonitor.', 'prometheus.podmonitor.',
];

/** Expands `{c}` to each component's prefix. */
export function expandComponents(patterns: string[]): string[] {
  return patterns.flatMap((p) => (p.startsWith('{c}') ? Object.values(PREFIX).map((c) => c + p.slice(3)) : [p]));
}

/** What a values file becomes. */
export interface HelmValuesConversion {
  readonly props: CertManagerProps;
  /** Helm-only keys the file sets, with what replaces each. */
  readonly notices: Array<{ path: string; replacement: string }>;
  /** The objects of `extraObjects`, their release-naming templates expanded. */
  readonly extraObjects: ExtraObject[];
}

/** A values file that cannot be converted: every offending key, for one error. */
export class HelmValuesError extends Error {
  constructor(public readonly problems: ValuesProblem[]) {
    super(`the Helm values file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was synthesized:\n`
      + problems.map((p) => `- ${p.path}: ${p.reason}; ${p.fix}`).join('\n'));
  }
}

/**
 * Helm's merge of a values file over the chart's defaults: maps merge key by key, anything else
 * (lists included) replaces, and `null` removes the default.
 */
export function coalesce(defaults: unknown, given: unknown): unknown {
  if (isPlainObject(defaults) && isPlainObject(given)) {
    const out: Values = { ...defaults };
    for (const [k, v] of Object.entries(given)) {
      if (v === null) delete out[k];
      else out[k] = coalesce(defaults[k], v);
    }
    return out;
  }
  return given === undefined ? defaults : given;
}

function get(values: Values, path: string): any {
  let v: any = values;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

function has(values: Values, path: string): boolean {
  let v: any = values;
  for (const part of path.split('.')) {
    if (!isPlainObject(v) || !(part in v)) return false;
    v = v[part];
  }
  return true;
}

/**
 * Every leaf key the file sets: a key whose schema node declares no properties of its own (a
 * scalar, a list, or a free-form map such as labels or a config file).
 */
export function leafPaths(schema: HelmValuesSchema, values: unknown, node: SchemaNode = rootNode(schema), path = ''): string[] {
  const n = resolveNode(schema, node);
  if (!n.properties || !isPlainObject(values)) return path ? [path] : [];
  return Object.entries(values).flatMap(([k, v]) => (n.properties![k]
    ? leafPaths(schema, v, n.properties![k], path ? `${path}.${k}` : k)
    : []));
}


function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('.') ? path.startsWith(pattern) || path === pattern.slice(0, -1) : path === pattern;
}

/**
 * Converts a parsed values file. Throws a HelmValuesError listing every key that is unknown,
 * mistyped or not expressible.
 */
export function helmValuesProps(given: unknown, options: HelmValuesOptions): HelmValuesConversion {
  const schema = helmValuesSchema();
  // An empty values file parses to null: no overrides, as in Helm.
  const values = given ?? {};
  const problems = helmValuesProblems(schema, values, CERT_MANAGER_VERSION);
  if (problems.length) throw new HelmValuesError(problems);
  const file = values as Values;
  const defaults = chartDefaults(schema);
  const eff = coalesce(defaults, copy(file)) as Values;
  const production = options.productionDefaults ?? false;
  const refused: ValuesProblem[] = [];

  // Which keys the file sets: Helm-only ones are reported, the not-yet-expressible ones refused
  // unless they keep the chart's default.
  // each expanded key with the entry it comes from
  const notYet = new Map(Object.entries(NOT_YET_EXPRESSIBLE).flatMap(([k, why]) => expandComponents([k]).map((e) => [e, why] as const)));
  const notices: Array<{ path: string; replacement: string }> = [];
  for (const path of leafPaths(schema, file)) {
    const helmOnly = Object.keys(HELM_ONLY).find((p) => matches(p, path));
    if (helmOnly) {
      notices.push({ path, replacement: HELM_ONLY[helmOnly] });
      continue;
    }
    const pattern = [...notYet.keys()].find((p) => matches(p, path));
    if (pattern && JSON.stringify(get(eff, path)) !== JSON.stringify(get(defaults, path))) {
      const { reason, fix } = notYet.get(pattern)!;
      refused.push({ path, reason: `${JSON.stringify(get(file, path))}: ${reason}`, fix });
    }
  }

  /** Whether a handler for these keys runs: always with chart defaults, else only when the file sets one. */
  const wanted = (...paths: string[]) => !production || paths.some((p) => has(file, p));
  const refuse = (path: string, reason: string, fix: string) => refused.push({ path, reason, fix });

  const nonEmpty = (x: unknown) => (Array.isArray(x) ? x.length > 0 : isPlainObject(x) ? Object.keys(x).length > 0 : false);
  const some = <T>(x: T): T | undefined => (nonEmpty(x) ? x : undefined);
  const text = (x: unknown): string | undefined => (x === undefined || x === null || x === '' ? undefined : String(x));
  const list = (x: unknown): string[] | undefined => some(String(x ?? '').split(',').map((v) => v.trim()).filter((v) => v));

  /**
   * The image repository the chart renders: `image.repository`, or `imageRegistry/imageNamespace/image.name`,
   * with the deprecated per-image `registry` prepended.
   */
  const repository = (image: string) => {
    const i = get(eff, image) ?? {};
    const repo = i.repository || [eff.imageRegistry, eff.imageNamespace, i.name].filter((x) => x).join('/');
    return i.registry ? `${i.registry}/${repo}` : repo;
  };

  const component = (c: Component): Draft<ControllerOptions & WebhookOptions> => {
    const p = PREFIX[c];
    const v = (k: string) => get(eff, p + k);
    const out: Draft<ControllerOptions & WebhookOptions> = {};
    const set = (prop: keyof ComponentOptions, keys: string[], value: () => unknown) => {
      if (wanted(...keys.map((k) => (k.startsWith('global.') ? k : p + k)))) out[prop] = value();
    };
    set('replicas', ['replicaCount'], () => v('replicaCount'));
    set('disruptionBudget', ['podDisruptionBudget'], () => disruptionBudget(`${p}podDisruptionBudget`, v('podDisruptionBudget') ?? {}, refuse));
    if (wanted(`${p}podDisruptionBudget`)) {
      const policy = v('podDisruptionBudget.unhealthyPodEvictionPolicy');
      if (policy && !v('podDisruptionBudget.enabled')) {
        refuse(`${p}podDisruptionBudget.unhealthyPodEvictionPolicy`, 'has no effect: podDisruptionBudget.enabled is false',
          'remove it, or enable the budget');
      } else if (policy) {
        out.unhealthyPodEvictionPolicy = enumValue(`${p}podDisruptionBudget.unhealthyPodEvictionPolicy`, policy, UnhealthyPodEvictionPolicy, refuse);
      }
    }
    set('resources', ['resources'], () => resources(`${p}resources`, v('resources') ?? {}, refuse));
    set('nodeSelector', ['nodeSelector', 'global.nodeSelector'], () => {
      const selector = { ...(get(eff, 'global.nodeSelector') ?? {}), ...(v('nodeSelector') ?? {}) };
      const { ['kubernetes.io/os']: os, ...rest } = selector as Values;
      if (os !== 'linux') {
        refuse(`${p}nodeSelector`, `kubernetes.io/os is ${os === undefined ? 'removed' : JSON.stringify(os)}`,
          'keep kubernetes.io/os: linux (cert-manager publishes Linux images only)');
      }
      return stringMap(rest);
    });
    set('tolerations', ['tolerations'], () => tolerations(`${p}tolerations`, v('tolerations') ?? [], refuse));
    set('featureGates', ['featureGates'], () => featureGates(`${p}featureGates`, v('featureGates') ?? '', refuse));
    set('extraArgs', ['extraArgs'], () => some((v('extraArgs') ?? []).map((a: unknown) => String(a))));
    set('podLabels', ['podLabels'], () => stringMap(v('podLabels')));
    set('podAnnotations', ['podAnnotations'], () => stringMap(v('podAnnotations')));
    set('deploymentAnnotations', ['deploymentAnnotations'], () => stringMap(v('deploymentAnnotations')));
    set('automountServiceAccountToken', ['automountServiceAccountToken'], () => v('automountServiceAccountToken') ?? undefined);
    set('enableServiceLinks', ['enableServiceLinks'], () => v('enableServiceLinks') ?? undefined);
    set('strategy', ['strategy'], () => some(v('strategy')));
    set('affinity', ['affinity'], () => some(v('affinity')));
    set('extraEnv', ['extraEnv'], () => some(v('extraEnv')));
    set('volumes', ['volumes'], () => some(v('volumes')));
    set('volumeMounts', ['volumeMounts'], () => some(v('volumeMounts')));
    set('podSecurityContext', ['securityContext'], () => securityContext(`${p}securityContext`, v('securityContext'), get(defaults, `${p}securityContext`), refuse));
    set('containerSecurityContext', ['containerSecurityContext'],
      () => securityContext(`${p}containerSecurityContext`, v('containerSecurityContext'), get(defaults, `${p}containerSecurityContext`), refuse));
    set('runtimeClassName', ['runtimeClassName', 'global.runtimeClassName'], () => text(v('runtimeClassName')) ?? text(get(eff, 'global.runtimeClassName')));
    set('serviceLabels', ['serviceLabels'], () => stringMap(v('serviceLabels')));
    set('serviceAnnotations', ['serviceAnnotations'], () => stringMap(v('serviceAnnotations')));
    if (c !== 'cainjector') {
      set('serviceIpFamilies', ['serviceIPFamilies'], () => some(v('serviceIPFamilies')));
      set('serviceIpFamilyPolicy', ['serviceIPFamilyPolicy'], () => text(v('serviceIPFamilyPolicy')));
    }
    set('config', ['config'], () => some(v('config')));

    // Topology spread: the chart spreads nothing unless told; a list replaces this library's spreading.
    if (wanted(`${p}topologySpreadConstraints`)) {
      const constraints = some(v('topologySpreadConstraints'));
      if (constraints) out.topologySpreadConstraints = constraints;
      else Object.assign(out, { spreadAcrossZones: false, spreadAcrossNodes: false });
    }

    // The ServiceAccount: the chart's, or an existing one (`create: false`; "default" when unnamed).
    if (wanted(`${p}serviceAccount`)) {
      const sa = v('serviceAccount') ?? {};
      if (sa.create === false) {
        out.createServiceAccount = false;
        out.serviceAccountName = sa.name || 'default';
        for (const k of ['annotations', 'labels', 'automountServiceAccountToken']) {
          if (has(file, `${p}serviceAccount.${k}`) && JSON.stringify(sa[k]) !== JSON.stringify(get(defaults, `${p}serviceAccount.${k}`))) {
            refuse(`${p}serviceAccount.${k}`, 'has no effect: serviceAccount.create is false, so the chart renders no ServiceAccount to carry it',
              'set it on the existing ServiceAccount and remove it here');
          }
        }
      } else {
        out.serviceAccountName = text(sa.name);
        out.serviceAccountAnnotations = stringMap(sa.annotations);
        out.serviceAccountLabels = stringMap(sa.labels);
        out.serviceAccountAutomountToken = sa.automountServiceAccountToken ?? undefined;
      }
    }

    // The image: repository as the chart composes it, tag (ignored beside a digest), digest, pull policy.
    if (wanted(`${p}image`, 'imageRegistry', 'imageNamespace')) {
      out.imageRepository = repository(`${p}image`);
      out.imageTag = text(v('image.tag'));
      out.imageDigest = text(v('image.digest'));
      out.imagePullPolicy = enumValue(`${p}image.pullPolicy`, v('image.pullPolicy'), ImagePullPolicy, refuse);
    }

    if (wanted(`${p}networkPolicy`)) {
      out.networkPolicies = Boolean(v('networkPolicy.enabled'));
      if (out.networkPolicies) {
        out.networkPolicyIngress = v('networkPolicy.ingress') ?? [];
        out.networkPolicyEgress = v('networkPolicy.egress') ?? [];
      }
    }
    return out;
  };

  const props: Draft<CertManagerProps> = {
    namespace: (eff.namespace || undefined) ?? options.releaseNamespace ?? 'cert-manager',
    createNamespace: options.createNamespace ?? false,
    releaseName: options.releaseName,
    nameOverride: text(eff.nameOverride),
    fullnameOverride: text(eff.fullnameOverride),
    controller: component('controller'),
    webhook: component('webhook'),
    cainjector: component('cainjector'),
  };
  if (wanted('crds', 'installCRDs')) {
    if (get(file, 'installCRDs') !== undefined && get(file, 'crds.enabled') !== undefined) {
      refuse('installCRDs', 'is set together with crds.enabled, which helm rejects', 'keep crds.enabled only (installCRDs is deprecated)');
    }
    props.installCrds = Boolean(get(eff, 'installCRDs') || get(eff, 'crds.enabled'));
  }
  if (wanted('acmesolver', 'imageRegistry', 'imageNamespace')) {
    props.acmesolverImageRepository = repository('acmesolver.image');
    props.acmesolverImageTag = text(get(eff, 'acmesolver.image.tag'));
    props.acmesolverImageDigest = text(get(eff, 'acmesolver.image.digest'));
    props.acmesolverRuntimeClassName = text(get(eff, 'acmesolver.runtimeClassName'));
  }
  if (wanted('global.imagePullSecrets')) {
    const secrets = (get(eff, 'global.imagePullSecrets') ?? []).map((s: unknown, i: number) => {
      const name = isPlainObject(s) ? s.name : s;
      if (typeof name !== 'string' || !name) refuse(`global.imagePullSecrets[${i}]`, `${JSON.stringify(s)} names no Secret`, 'write { name: <secret> }');
      return String(name);
    });
    props.imagePullSecrets = some(secrets);
  }
  if (wanted('global.priorityClassName')) props.priorityClassName = text(get(eff, 'global.priorityClassName'));
  if (wanted('global.revisionHistoryLimit')) props.revisionHistoryLimit = get(eff, 'global.revisionHistoryLimit') ?? undefined;
  if (wanted('global.logLevel')) props.logLevel = get(eff, 'global.logLevel');
  if (wanted('global.commonLabels')) props.commonLabels = stringMap(get(eff, 'global.commonLabels'));
  if (wanted('global.hostUsers')) props.hostUsers = get(eff, 'global.hostUsers') ?? undefined;
  if (wanted('global.rbac')) {
    props.createRbac = get(eff, 'global.rbac.create');
    props.aggregateClusterRoles = get(eff, 'global.rbac.aggregateClusterRoles');
  }
  if (wanted('global.leaderElection')) {
    const le = get(eff, 'global.leaderElection') ?? {};
    props.leaderElectionNamespace = text(le.namespace);
    props.leaderElectionLeaseDuration = duration('global.leaderElection.leaseDuration', le.leaseDuration, refuse);
    props.leaderElectionRenewDeadline = duration('global.leaderElection.renewDeadline', le.renewDeadline, refuse);
    props.leaderElectionRetryPeriod = duration('global.leaderElection.retryPeriod', le.retryPeriod, refuse);
  }
  if (wanted('clusterResourceNamespace')) props.clusterResourceNamespace = text(eff.clusterResourceNamespace);

  const controller: Draft<ControllerOptions> = props.controller;
  // `if .Values.maxConcurrentChallenges`: 0 leaves the flag out, so the binary's default (60) applies.
  if (wanted('maxConcurrentChallenges')) controller.maxConcurrentChallenges = eff.maxConcurrentChallenges || undefined;
  if (wanted('enableCertificateOwnerRef')) controller.enableCertificateOwnerRef = eff.enableCertificateOwnerRef;
  if (wanted('dns01RecursiveNameservers')) controller.dns01RecursiveNameservers = list(eff.dns01RecursiveNameservers);
  if (wanted('dns01RecursiveNameserversOnly')) controller.dns01RecursiveNameserversOnly = eff.dns01RecursiveNameserversOnly;
  if (wanted('ingressShim')) controller.defaultIssuer = defaultIssuer(eff.ingressShim ?? {}, refuse);
  if (wanted('livenessProbe')) controller.livenessProbe = some(eff.livenessProbe);
  if (wanted('hostAliases')) controller.hostAliases = some(eff.hostAliases);
  if (wanted('podDnsPolicy')) controller.dnsPolicy = text(eff.podDnsPolicy);
  if (wanted('podDnsConfig')) controller.dnsConfig = some(eff.podDnsConfig);
  if (wanted('http_proxy')) controller.httpProxy = text(eff.http_proxy);
  if (wanted('https_proxy')) controller.httpsProxy = text(eff.https_proxy);
  if (wanted('no_proxy')) controller.noProxy = list(eff.no_proxy);
  if (wanted('extraContainers')) controller.extraContainers = some(eff.extraContainers);
  if (wanted('disableAutoApproval', 'approveSignerNames')) {
    controller.disableAutoApproval = eff.disableAutoApproval || undefined;
    // With auto-approval off the chart renders no approver role, so the signer names mean nothing.
    if (!eff.disableAutoApproval) controller.approveSignerNames = eff.approveSignerNames ?? [];
  }

  const webhook: Draft<WebhookOptions> = props.webhook;
  const w = (k: string) => get(eff, `webhook.${k}`);
  const wantedWebhook = (...keys: string[]) => wanted(...keys.map((k) => `webhook.${k}`));
  if (wantedWebhook('timeoutSeconds')) webhook.timeoutSeconds = w('timeoutSeconds');
  if (wantedWebhook('livenessProbe')) webhook.livenessProbe = some(w('livenessProbe'));
  if (wantedWebhook('readinessProbe')) webhook.readinessProbe = some(w('readinessProbe'));
  // webhook.config.securePort, when set, wins over webhook.securePort (the install reads it from the config).
  if (wantedWebhook('securePort', 'config') && get(eff, 'webhook.config.securePort') === undefined) webhook.securePort = w('securePort');
  if (wantedWebhook('hostNetwork')) webhook.hostNetwork = w('hostNetwork');
  if (wantedWebhook('serviceType')) webhook.serviceType = enumValue('webhook.serviceType', w('serviceType'), ServiceType, refuse);
  if (wantedWebhook('loadBalancerIP')) webhook.loadBalancerIp = text(w('loadBalancerIP'));
  if (wantedWebhook('url')) {
    const host = text(w('url')?.host);
    for (const k of Object.keys(w('url') ?? {}).filter((key) => key !== 'host')) {
      refuse(`webhook.url.${k}`, 'is read by no template of the chart', 'remove it; webhook.url.host is the only key');
    }
    webhook.url = host && `https://${host}`;
  }
  if (wantedWebhook('mutatingWebhookConfiguration')) webhook.mutatingNamespaceSelector = some(w('mutatingWebhookConfiguration.namespaceSelector'));
  if (wantedWebhook('validatingWebhookConfiguration')) webhook.validatingNamespaceSelector = w('validatingWebhookConfiguration.namespaceSelector') ?? {};
  if (wantedWebhook('mutatingWebhookConfigurationAnnotations')) webhook.mutatingWebhookAnnotations = stringMap(w('mutatingWebhookConfigurationAnnotations'));
  if (wantedWebhook('validatingWebhookConfigurationAnnotations')) webhook.validatingWebhookAnnotations = stringMap(w('validatingWebhookConfigurationAnnotations'));
  if (wantedWebhook('enableClientVerification')) webhook.enableClientVerification = w('enableClientVerification') || undefined;
  if (wantedWebhook('clientCAFile')) webhook.clientCaFile = text(w('clientCAFile'));
  if (wantedWebhook('apiserverClientCertSubjects')) webhook.apiserverClientCertSubjects = list(w('apiserverClientCertSubjects'));

  if (wanted('prometheus')) {
    const enabled = Boolean(get(eff, 'prometheus.enabled'));
    const sm = enabled && Boolean(get(eff, 'prometheus.servicemonitor.enabled'));
    const pm = enabled && Boolean(get(eff, 'prometheus.podmonitor.enabled'));
    if (sm && pm) {
      refuse('prometheus', 'enables both servicemonitor and podmonitor, so every component would be scraped twice', 'keep one');
    }
    // The chart's plain scrape mode: annotations on every component's pods.
    props.prometheusScrapeAnnotations = enabled && !sm && !pm;
    // With a PodMonitor the chart renders no metrics Services (nor the webhook Service's metrics port).
    props.metricsServices = !pm;
    for (const [key, prop, on] of [['servicemonitor', 'serviceMonitor', sm], ['podmonitor', 'podMonitor', pm]] as const) {
      const m = get(eff, `prometheus.${key}`) ?? {};
      if (on) props[prop] = scrape(`prometheus.${key}`, m, refuse);
    }
  }
  const releaseName = options.releaseName ?? NAMES.instance;
  const objects = wanted('extraObjects')
    ? extraObjects(eff.extraObjects ?? [], {
      namespace: props.namespace, releaseName, fullname: installNames(releaseName, props.nameOverride, props.fullnameOverride).controller,
    }, (p) => refused.push(p))
    : [];

  if (refused.length) throw new HelmValuesError(refused);
  return { props: props as CertManagerProps, notices, extraObjects: objects };
}

function scrape(path: string, m: Values, refuse: Refuse): ScrapeOptions {
  return {
    labels: stringMap(m.labels),
    annotations: stringMap(m.annotations),
    namespace: m.namespace || undefined,
    honorLabels: m.honorLabels,
    prometheusInstance: m.prometheusInstance || undefined,
    interval: duration(`${path}.interval`, m.interval, refuse),
    scrapeTimeout: duration(`${path}.scrapeTimeout`, m.scrapeTimeout, refuse),
    endpointAdditionalProperties: isPlainObject(m.endpointAdditionalProperties) && Object.keys(m.endpointAdditionalProperties).length
      ? m.endpointAdditionalProperties : undefined,
  };
}

/**
 * A security context as the chart renders it (the file's map merged over the chart's default).
 * This library merges the given fields over its restricted defaults, which equal the chart's; a
 * default field the file removes (with null) would come back, so it is refused.
 */
function securityContext(path: string, given: unknown, chartDefault: Values, refuse: Refuse): Values | undefined {
  const context = isPlainObject(given) ? given : {};
  for (const k of Object.keys(chartDefault ?? {}).filter((key) => !(key in context))) {
    refuse(`${path}.${k}`, 'is removed, but this library keeps every pod within the restricted Pod Security Standard',
      `keep ${k} ${JSON.stringify(chartDefault[k])}`);
  }
  return Object.keys(context).length ? context : undefined;
}

/** The member of an enum (or enum-like object) whose value the file wrote. */
function enumValue<T>(path: string, value: unknown, members: { [name: string]: T }, refuse: Refuse): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const found = Object.values(members).find((m) => String(m) === String(value));
  if (found === undefined) refuse(path, `"${value}" is not one of ${Object.values(members).join(', ')}`, `use one of ${Object.values(members).join(', ')}`);
  return found;
}

function stringMap(map: unknown): { [key: string]: string } | undefined {
  if (!isPlainObject(map) || !Object.keys(map).length) return undefined;
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
}

type Refuse = (path: string, reason: string, fix: string) => void;

function disruptionBudget(path: string, pdb: Values, refuse: Refuse): DisruptionBudget {
  if (!pdb.enabled) return DisruptionBudget.none();
  const hasMin = pdb.minAvailable !== undefined && pdb.minAvailable !== null;
  const hasMax = pdb.maxUnavailable !== undefined && pdb.maxUnavailable !== null;
  if (hasMin && hasMax) {
    refuse(path, 'sets both minAvailable and maxUnavailable, which the chart renders and the API server rejects', 'keep one of them');
    return DisruptionBudget.none();
  }
  if (!hasMin && !hasMax) return DisruptionBudget.minAvailable(1); // the chart's implicit default
  const [field, value] = hasMin ? ['minAvailable', pdb.minAvailable] : ['maxUnavailable', pdb.maxUnavailable];
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  const count = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
  if (percent && Number(percent[1]) <= 100) {
    return field === 'minAvailable' ? DisruptionBudget.minAvailablePercent(Number(percent[1])) : DisruptionBudget.maxUnavailablePercent(Number(percent[1]));
  }
  if (count !== undefined && Number.isInteger(count) && count >= 0) {
    return field === 'minAvailable' ? DisruptionBudget.minAvailable(count) : DisruptionBudget.maxUnavailable(count);
  }
  refuse(`${path}.${field}`, `${JSON.stringify(value)} is neither a whole number nor a percentage`, 'write e.g. 1 or "50%"');
  return DisruptionBudget.none();
}

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY_UNITS: Record<string, (n: number) => Size> = {
  Ki: Size.kibibytes, Mi: Size.mebibytes, Gi: Size.gibibytes, Ti: Size.tebibytes,
};

function resources(path: string, given: Values, refuse: Refuse): ComponentOptions['resources'] {
  const cpu: Values = {};
  const memory: Values = {};
  const storage: Values = {};
  for (const kind of ['requests', 'limits'] as const) {
    const side = kind === 'requests' ? 'request' : 'limit';
    for (const [name, raw] of Object.entries(given[kind] ?? {})) {
      const q = String(raw);
      if (name === 'cpu') {
        const m = CPU.exec(q);
        if (!m) refuse(`${path}.${kind}.cpu`, `"${q}" is not a CPU quantity this library writes`, 'write cores ("1", "0.5") or millicores ("250m")');
        else cpu[side] = m[2] ? Cpu.millis(Number(m[1])) : Number.isInteger(Number(m[1])) ? Cpu.units(Number(m[1])) : Cpu.millis(Number(m[1]) * 1000);
      } else if (name === 'memory' || name === 'ephemeral-storage') {
        const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(q);
        if (!m) refuse(`${path}.${kind}.${name}`, `"${q}" is not in binary units`, 'write it in Ki, Mi or Gi, e.g. "256Mi"');
        else (name === 'memory' ? memory : storage)[side] = MEMORY_UNITS[m[2]](Number(m[1]));
      } else {
        refuse(`${path}.${kind}.${name}`, `${name} requests and limits have no equivalent in this library's props yet`, 'remove it');
      }
    }
  }
  for (const k of Object.keys(given)) {
    if (k !== 'requests' && k !== 'limits') refuse(`${path}.${k}`, 'is not a field of container resources this library writes', 'remove it');
  }
  return { cpu, memory, ephemeralStorage: Object.keys(storage).length ? storage : undefined };
}

const TOLERATION_FIELDS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];

function tolerations(path: string, list: unknown[], refuse: Refuse): Toleration[] | undefined {
  const out = list.map((t, i) => {
    if (!isPlainObject(t)) {
      refuse(`${path}[${i}]`, `${JSON.stringify(t)} is not a toleration`, 'write { key, operator, value, effect }');
      return {};
    }
    for (const k of Object.keys(t).filter((f) => !TOLERATION_FIELDS.includes(f))) {
      refuse(`${path}[${i}].${k}`, 'is not a field of a toleration', `use ${TOLERATION_FIELDS.join(', ')}`);
    }
    return { ...t } as Toleration;
  });
  return out.length ? out : undefined;
}

function featureGates(path: string, gates: unknown, refuse: Refuse): { [name: string]: boolean } | undefined {
  const out: { [name: string]: boolean } = {};
  for (const entry of String(gates).split(',').map((s) => s.trim()).filter((s) => s)) {
    const m = /^([A-Za-z0-9]+)=(true|false)$/.exec(entry);
    if (!m) refuse(path, `"${entry}" is not Name=true or Name=false`, 'write e.g. "ServerSideApply=true,OtherNames=false"');
    else out[m[1]] = m[2] === 'true';
  }
  return Object.keys(out).length ? out : undefined;
}

const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

function duration(path: string, value: unknown, refuse: Refuse): Duration | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const m = GO_DURATION.exec(String(value));
  if (!m || String(value) === '') {
    refuse(path, `"${value}" is not a duration in whole seconds`, 'write a Go duration such as "30s", "1m" or "1h30m"');
    return undefined;
  }
  return Duration.seconds(Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0));
}

function defaultIssuer(shim: Values, refuse: Refuse): DefaultIssuer | undefined {
  if (!shim.defaultIssuerName) {
    if (shim.defaultIssuerKind || shim.defaultIssuerGroup) {
      refuse('ingressShim', 'sets defaultIssuerKind or defaultIssuerGroup without defaultIssuerName, so no default issuer is used',
        'add ingressShim.defaultIssuerName or remove the other two');
    }
    return undefined;
  }
  // The controller's own defaults when the chart leaves a flag out: kind Issuer, group cert-manager.io.
  return { name: shim.defaultIssuerName, kind: shim.defaultIssuerKind || 'Issuer', group: shim.defaultIssuerGroup || 'cert-manager.io' };
}

/** One notice for the Helm-only keys a file sets: the keys of each kind, then what replaces them. */
export function helmOnlyNotice(notices: Array<{ path: string; replacement: string }>): string {
  const byReplacement = new Map<string, string[]>();
  for (const n of notices) byReplacement.set(n.replacement, [...(byReplacement.get(n.replacement) ?? []), n.path]);
  return `the Helm values file sets ${notices.length} Helm-only key${notices.length === 1 ? '' : 's'}, which change nothing here; `
    + `remove ${notices.length === 1 ? 'it' : 'them'} from the file:\n`
    + [...byReplacement].map(([replacement, paths]) => `- ${paths.join(', ')}: ${replacement}`).join('\n');
}
