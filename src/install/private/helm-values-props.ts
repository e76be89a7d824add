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
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { chartDefaults, copy, HelmValuesSchema, helmValuesSchema, isPlainObject, resolveNode, rootNode, SchemaNode } from './helm-schema';
import { helmValuesProblems, ValuesProblem } from './helm-values-validation';
import type { CertManagerProps } from '../cert-manager';
import { DisruptionBudget } from '../disruption-budget';
import type { HelmValuesOptions } from '../helm-values';
import { ComponentOptions, DefaultIssuer, ScrapeOptions, Toleration } from '../options';
import { CERT_MANAGER_VERSION, NAMES } from '../upstream';

type Values = { [key: string]: any };
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
  'acmesolver.image.pullPolicy': 'a value no template of the chart reads: the HTTP-01 solver pods the controller '
    + 'creates use the cluster\'s default pull policy either way',
  'global.podSecurityPolicy.': 'PodSecurityPolicy, removed in Kubernetes 1.25; the chart renders nothing for it. '
    + 'Pod Security Admission applies instead (createNamespace labels the namespace restricted)',
};

/**
 * Keys the chart has whose meaning this library cannot express yet: a value other than the
 * chart's default is refused with the reason. Each entry is a key, or a prefix ending in `.`;
 * `{c}` stands for each component's prefix ('', `webhook.`, `cainjector.`).
 */
export const NOT_YET_EXPRESSIBLE: string[] = [
  '{c}strategy', '{c}affinity', '{c}topologySpreadConstraints', '{c}extraEnv', '{c}volumes', '{c}volumeMounts',
  '{c}securityContext', '{c}containerSecurityContext', '{c}automountServiceAccountToken', '{c}enableServiceLinks',
  '{c}deploymentAnnotations', '{c}serviceAccount.create', '{c}serviceAccount.name', '{c}serviceAccount.labels',
  '{c}serviceAccount.automountServiceAccountToken', '{c}podDisruptionBudget.unhealthyPodEvictionPolicy',
  '{c}image.registry', '{c}image.repository', '{c}image.name', '{c}networkPolicy.ingress', '{c}networkPolicy.egress',
  '{c}runtimeClassName', '{c}serviceLabels', '{c}serviceAnnotations', 'webhook.config', 'cainjector.config',
  'livenessProbe', 'hostAliases', 'podDnsPolicy', 'podDnsConfig', 'http_proxy', 'https_proxy', 'no_proxy',
  'extraContainers', 'extraObjects', 'serviceIPFamilies', 'serviceIPFamilyPolicy', 'approveSignerNames',
  'disableAutoApproval', 'fullnameOverride', 'nameOverride', 'cainjector.enabled',
  'global.commonLabels', 'global.hostUsers', 'global.runtimeClassName', 'global.rbac.',
  'acmesolver.runtimeClassName', 'acmesolver.image.registry', 'acmesolver.image.repository', 'acmesolver.image.name',
  'webhook.livenessProbe', 'webhook.readinessProbe', 'webhook.securePort', 'webhook.hostNetwork', 'webhook.serviceType',
  'webhook.loadBalancerIP', 'webhook.serviceIPFamilies', 'webhook.serviceIPFamilyPolicy', 'webhook.url',
  'webhook.mutatingWebhookConfiguration.', 'webhook.validatingWebhookConfiguration.',
  'webhook.mutatingWebhookConfigurationAnnotations', 'webhook.validatingWebhookConfigurationAnnotations',
  'webhook.enableClientVerification', 'webhook.clientCAFile', 'webhook.apiserverClientCertSubjects',
  'prometheus.enabled', 'prometheus.servicemonitor.namespace', 'prometheus.servicemonitor.annotations',
  'prometheus.servicemonitor.honorLabels', 'prometheus.servicemonitor.endpointAdditionalProperties',
  'prometheus.podmonitor.namespace', 'prometheus.podmonitor.annotations', 'prometheus.podmonitor.honorLabels',
  'prometheus.podmonitor.endpointAdditionalProperties',
];

/** Keys (or prefixes ending in `.`) that the conversion below applies; `{c}` as above. */
export const APPLIED: string[] = [
  '{c}replicaCount', '{c}podDisruptionBudget.enabled', '{c}podDisruptionBudget.minAvailable',
  '{c}podDisruptionBudget.maxUnavailable', '{c}resources', '{c}nodeSelector', '{c}tolerations', '{c}featureGates',
  '{c}extraArgs', '{c}podLabels', '{c}podAnnotations', '{c}serviceAccount.annotations', '{c}image.digest',
  '{c}image.pullPolicy', '{c}image.tag', '{c}networkPolicy.enabled',
  'acmesolver.image.digest', 'acmesolver.image.tag',
  'namespace', 'crds.enabled', 'installCRDs', 'imageRegistry', 'imageNamespace', 'global.imagePullSecrets',
  'global.priorityClassName', 'global.revisionHistoryLimit', 'global.logLevel', 'global.nodeSelector',
  'global.leaderElection.', 'clusterResourceNamespace', 'maxConcurrentChallenges', 'enableCertificateOwnerRef',
  'dns01RecursiveNameservers', 'dns01RecursiveNameserversOnly', 'ingressShim.', 'config', 'webhook.timeoutSeconds',
  'prometheus.servicemonitor.enabled', 'prometheus.servicemonitor.labels', 'prometheus.servicemonitor.interval',
  'prometheus.servicemonitor.scrapeTimeout', 'prometheus.servicemonitor.prometheusInstance',
  'prometheus.podmonitor.enabled', 'prometheus.podmonitor.labels', 'prometheus.podmonitor.interval',
  'prometheus.podmonitor.scrapeTimeout', 'prometheus.podmonitor.prometheusInstance',
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
}

/** A values file that cannot be converted: every offending key, for one error. */
export class HelmValuesError extends Error {
  constructor(public readonly problems: ValuesProblem[]) {
    super(`the Helm values file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was synthesized:\n`
      + problems.map((p) => `  - ${p.path}: ${p.reason}; ${p.fix}`).join('\n'));
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

/** Every leaf key of the chart. */
export function schemaLeaves(schema: HelmValuesSchema, node: SchemaNode = rootNode(schema), path = ''): string[] {
  const n = resolveNode(schema, node);
  if (!n.properties) return [path];
  return Object.entries(n.properties).flatMap(([k, child]) => schemaLeaves(schema, child, path ? `${path}.${k}` : k));
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('.') ? path.startsWith(pattern) || path === pattern.slice(0, -1) : path === pattern;
}

/**
 * Converts a parsed values file. Throws a HelmValuesError listing every key that is unknown,
 * mistyped or not expressible.
 */
export function helmValuesProps(values: unknown, options: HelmValuesOptions): HelmValuesConversion {
  const schema = helmValuesSchema();
  const problems = helmValuesProblems(schema, values, CERT_MANAGER_VERSION);
  if (problems.length) throw new HelmValuesError(problems);
  const file = values as Values;
  const defaults = chartDefaults(schema);
  const eff = coalesce(defaults, copy(file)) as Values;
  const production = options.productionDefaults ?? false;
  const refused: ValuesProblem[] = [];

  // Which keys the file sets: Helm-only ones are reported, the not-yet-expressible ones refused
  // unless they keep the chart's default.
  const notYet = expandComponents(NOT_YET_EXPRESSIBLE);
  const notices: Array<{ path: string; replacement: string }> = [];
  for (const path of leafPaths(schema, file)) {
    const helmOnly = Object.keys(HELM_ONLY).find((p) => matches(p, path));
    if (helmOnly) {
      notices.push({ path, replacement: HELM_ONLY[helmOnly] });
      continue;
    }
    const pattern = notYet.find((p) => matches(p, path));
    if (pattern && JSON.stringify(get(eff, path)) !== JSON.stringify(get(defaults, path))) {
      refused.push({
        path,
        reason: `${JSON.stringify(get(file, path))} has no equivalent in this library's CertManager props yet`,
        fix: 'remove it from the values file and set it on the synthesized objects with a JSON patch '
          + '(see "Migrating from the Helm chart")',
      });
    }
  }

  /** Whether a handler for these keys runs: always with chart defaults, else only when the file sets one. */
  const wanted = (...paths: string[]) => !production || paths.some((p) => has(file, p));
  const refuse = (path: string, reason: string, fix: string) => refused.push({ path, reason, fix });

  const releaseName = options.releaseName ?? NAMES.instance;
  if (releaseName !== NAMES.instance) {
    refuse('(option) releaseName', `"${releaseName}": object names of a release not called "${NAMES.instance}" are not expressible yet`,
      `take the release over under the name "${NAMES.instance}" or wait for release-name support`);
  }

  const component = (c: Component): ComponentOptions & Values => {
    const p = PREFIX[c];
    const v = (k: string) => get(eff, p + k);
    const out: Values = {};
    if (wanted(`${p}replicaCount`)) out.replicas = v('replicaCount');
    if (wanted(`${p}podDisruptionBudget`)) out.disruptionBudget = disruptionBudget(`${p}podDisruptionBudget`, v('podDisruptionBudget') ?? {}, refuse);
    if (wanted(`${p}resources`)) out.resources = resources(`${p}resources`, v('resources') ?? {}, refuse);
    if (wanted(`${p}nodeSelector`, 'global.nodeSelector')) {
      const selector = { ...(get(eff, 'global.nodeSelector') ?? {}), ...(v('nodeSelector') ?? {}) };
      const { ['kubernetes.io/os']: os, ...rest } = selector as Values;
      if (os !== 'linux') {
        refuse(`${p}nodeSelector`, `kubernetes.io/os is ${os === undefined ? 'removed' : JSON.stringify(os)}`,
          'keep kubernetes.io/os: linux (cert-manager publishes Linux images only)');
      }
      out.nodeSelector = Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, String(x)]));
    }
    if (wanted(`${p}tolerations`)) out.tolerations = tolerations(`${p}tolerations`, v('tolerations') ?? [], refuse);
    if (wanted(`${p}featureGates`)) out.featureGates = featureGates(`${p}featureGates`, v('featureGates') ?? '', refuse);
    if (wanted(`${p}extraArgs`)) out.extraArgs = (v('extraArgs') ?? []).map((a: unknown) => String(a));
    if (wanted(`${p}podLabels`)) out.podLabels = stringMap(v('podLabels'));
    if (wanted(`${p}podAnnotations`, 'prometheus')) {
      const annotations: Values = { ...(v('podAnnotations') ?? {}) };
      const monitors = get(eff, 'prometheus.servicemonitor.enabled') || get(eff, 'prometheus.podmonitor.enabled');
      if (get(eff, 'prometheus.enabled') && !monitors) {
        // The chart's plain scrape mode: annotations on every component's pods.
        Object.assign(annotations, { 'prometheus.io/path': '/metrics', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9402' });
      }
      out.podAnnotations = Object.keys(annotations).length ? stringMap(annotations) : undefined;
    }
    if (wanted(`${p}serviceAccount.annotations`)) out.serviceAccountAnnotations = stringMap(v('serviceAccount.annotations'));
    if (wanted(`${p}image.digest`)) out.imageDigest = v('image.digest') || undefined;
    if (!production) {
      // The chart spreads nothing by default; custom constraints are refused above.
      out.spreadAcrossZones = false;
      out.spreadAcrossNodes = false;
    }
    return out;
  };

  const props: Values = {
    namespace: (eff.namespace || undefined) ?? options.releaseNamespace ?? 'cert-manager',
    createNamespace: options.createNamespace ?? false,
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
  if (wanted('imageRegistry', 'imageNamespace')) {
    props.imageRegistry = [eff.imageRegistry, eff.imageNamespace].filter((x) => x).join('/');
  }
  const pullPolicies = [...Object.values(PREFIX).map((p) => `${p}image.pullPolicy`), 'acmesolver.image.pullPolicy'];
  if (wanted(...pullPolicies)) {
    // acmesolver.image.pullPolicy is read by no template of the chart, so it does not count.
    const policies = new Set(Object.values(PREFIX).map((p) => get(eff, `${p}image.pullPolicy`)));
    if (policies.size > 1) {
      refuse('image.pullPolicy', `differs between components (${[...policies].join(', ')}); one policy for all is expressible`,
        'use the same pullPolicy for controller, webhook and cainjector');
    }
    props.imagePullPolicy = pullPolicy('image.pullPolicy', [...policies][0], refuse);
  }
  const images = [...Object.values(PREFIX).map((p) => `${p}image`), 'acmesolver.image'];
  if (wanted(...images.map((i) => `${i}.tag`))) {
    // A digest pins the image and the runtime ignores the tag beside it; only the other tags count.
    const tags = new Set(images.filter((i) => !get(eff, `${i}.digest`)).map((i) => get(eff, `${i}.tag`) || CERT_MANAGER_VERSION));
    if (tags.size > 1) {
      refuse('image.tag', `differs between images (${[...tags].join(', ')}); one tag for all images is expressible`,
        'use one tag for the controller, webhook, cainjector and acmesolver images, or pin them by digest');
    }
    props.imageTag = tags.size === 1 ? [...tags][0] : undefined;
  }
  if (wanted('acmesolver.image.digest')) props.acmesolverImageDigest = get(eff, 'acmesolver.image.digest') || undefined;
  if (wanted('global.imagePullSecrets')) {
    const secrets = (get(eff, 'global.imagePullSecrets') ?? []).map((s: unknown, i: number) => {
      const name = isPlainObject(s) ? s.name : s;
      if (typeof name !== 'string' || !name) refuse(`global.imagePullSecrets[${i}]`, `${JSON.stringify(s)} names no Secret`, 'write { name: <secret> }');
      return String(name);
    });
    props.imagePullSecrets = secrets.length ? secrets : undefined;
  }
  if (wanted('global.priorityClassName')) props.priorityClassName = get(eff, 'global.priorityClassName') || undefined;
  if (wanted('global.revisionHistoryLimit')) props.revisionHistoryLimit = get(eff, 'global.revisionHistoryLimit') ?? undefined;
  if (wanted('global.logLevel')) props.logLevel = get(eff, 'global.logLevel');
  if (wanted('global.leaderElection')) {
    const le = get(eff, 'global.leaderElection') ?? {};
    props.leaderElectionNamespace = le.namespace || undefined;
    props.leaderElectionLeaseDuration = duration('global.leaderElection.leaseDuration', le.leaseDuration, refuse);
    props.leaderElectionRenewDeadline = duration('global.leaderElection.renewDeadline', le.renewDeadline, refuse);
    props.leaderElectionRetryPeriod = duration('global.leaderElection.retryPeriod', le.retryPeriod, refuse);
  }
  if (wanted('clusterResourceNamespace')) props.clusterResourceNamespace = eff.clusterResourceNamespace || undefined;

  const controller: Values = props.controller;
  if (wanted('maxConcurrentChallenges')) {
    // `if .Values.maxConcurrentChallenges`: 0 leaves the flag out, so the binary's default (60) applies.
    controller.maxConcurrentChallenges = eff.maxConcurrentChallenges || undefined;
  }
  if (wanted('enableCertificateOwnerRef')) controller.enableCertificateOwnerRef = eff.enableCertificateOwnerRef;
  if (wanted('dns01RecursiveNameservers')) {
    const list = String(eff.dns01RecursiveNameservers ?? '').split(',').map((s) => s.trim()).filter((s) => s);
    controller.dns01RecursiveNameservers = list.length ? list : undefined;
  }
  if (wanted('dns01RecursiveNameserversOnly')) controller.dns01RecursiveNameserversOnly = eff.dns01RecursiveNameserversOnly;
  if (wanted('ingressShim')) controller.defaultIssuer = defaultIssuer(eff.ingressShim ?? {}, refuse);
  if (wanted('config') && isPlainObject(eff.config) && Object.keys(eff.config).length) {
    const { apiVersion, kind, ...config } = eff.config;
    if ((apiVersion ?? 'controller.config.cert-manager.io/v1alpha1') !== 'controller.config.cert-manager.io/v1alpha1'
      || (kind ?? 'ControllerConfiguration') !== 'ControllerConfiguration') {
      refuse('config', `is a ${apiVersion}/${kind}`, 'write a controller.config.cert-manager.io/v1alpha1 ControllerConfiguration');
    }
    controller.config = config;
  }
  if (wanted('webhook.timeoutSeconds')) props.webhook.timeoutSeconds = get(eff, 'webhook.timeoutSeconds');

  const netpol = Object.values(PREFIX).map((p) => Boolean(get(eff, `${p}networkPolicy.enabled`)));
  if (wanted(...Object.values(PREFIX).map((p) => `${p}networkPolicy.enabled`))) {
    if (new Set(netpol).size > 1) {
      refuse('networkPolicy.enabled', `differs between components (controller ${netpol[0]}, webhook ${netpol[1]}, cainjector ${netpol[2]})`,
        'enable NetworkPolicies for all three components or for none');
    }
    props.networkPolicies = netpol[0];
  }

  for (const [key, prop] of [['servicemonitor', 'serviceMonitor'], ['podmonitor', 'podMonitor']] as const) {
    const path = `prometheus.${key}`;
    const m = get(eff, path) ?? {};
    if (wanted(path, 'prometheus.enabled') && get(eff, 'prometheus.enabled') && m.enabled) {
      props[prop] = {
        labels: stringMap({ ...(m.prometheusInstance ? { prometheus: m.prometheusInstance } : {}), ...(m.labels ?? {}) }),
        interval: duration(`${path}.interval`, m.interval, refuse),
        scrapeTimeout: duration(`${path}.scrapeTimeout`, m.scrapeTimeout, refuse),
      } as ScrapeOptions;
    }
  }

  if (refused.length) throw new HelmValuesError(refused);
  return { props: props as CertManagerProps, notices };
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
  for (const kind of ['requests', 'limits'] as const) {
    const side = kind === 'requests' ? 'request' : 'limit';
    for (const [name, raw] of Object.entries(given[kind] ?? {})) {
      const q = String(raw);
      if (name === 'cpu') {
        const m = CPU.exec(q);
        if (!m) refuse(`${path}.${kind}.cpu`, `"${q}" is not a CPU quantity this library writes`, 'write cores ("1", "0.5") or millicores ("250m")');
        else cpu[side] = m[2] ? Cpu.millis(Number(m[1])) : Number.isInteger(Number(m[1])) ? Cpu.units(Number(m[1])) : Cpu.millis(Number(m[1]) * 1000);
      } else if (name === 'memory') {
        const m = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(q);
        if (!m) refuse(`${path}.${kind}.memory`, `"${q}" is not in binary units`, 'write it in Ki, Mi or Gi, e.g. "256Mi"');
        else memory[side] = MEMORY_UNITS[m[2]](Number(m[1]));
      } else {
        refuse(`${path}.${kind}.${name}`, `${name} requests and limits have no equivalent in this library's props yet`, 'remove it');
      }
    }
  }
  for (const k of Object.keys(given)) {
    if (k !== 'requests' && k !== 'limits') refuse(`${path}.${k}`, 'is not a field of container resources this library writes', 'remove it');
  }
  return { cpu, memory };
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

function pullPolicy(path: string, value: unknown, refuse: Refuse): ImagePullPolicy | undefined {
  const policies: Record<string, ImagePullPolicy> = {
    Always: ImagePullPolicy.ALWAYS, IfNotPresent: ImagePullPolicy.IF_NOT_PRESENT, Never: ImagePullPolicy.NEVER,
  };
  if (value === undefined || value === '') return undefined;
  const policy = policies[String(value)];
  if (!policy) refuse(path, `"${value}" is not an image pull policy`, 'use Always, IfNotPresent or Never');
  return policy;
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
  return `the Helm values file sets ${notices.length} Helm-only key${notices.length === 1 ? '' : 's'}, which change nothing here:\n`
    + [...byReplacement].map(([replacement, paths]) => `  - ${paths.join(', ')}: ${replacement}`).join('\n');
}
