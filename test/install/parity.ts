/**
 * Functional comparison of two cert-manager installs (a reference render and ours): what each
 * ServiceAccount may do through all its bindings, and the parts of each object that decide
 * whether the install works. Labels and Helm bookkeeping are not compared.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { KubeObject, label } from '../harness/validate';

/** Objects of the reference that we deliberately do not emit, with the reason. */
export const NOT_EMITTED: Record<string, string> = {
  'ServiceAccount cert-manager/cert-manager-startupapicheck': 'Helm post-install hook; install ordering belongs to the GitOps stages',
  'Role cert-manager/cert-manager-startupapicheck:create-cert': 'Helm post-install hook (see above)',
  'RoleBinding cert-manager/cert-manager-startupapicheck:create-cert': 'Helm post-install hook (see above)',
  'Job cert-manager/cert-manager-startupapicheck': 'Helm post-install hook (see above)',
};

type Perm = string;

function index(objects: KubeObject[]): Map<string, KubeObject> {
  return new Map(objects.map((o) => [label(o), o]));
}

/** Every (scope, group, resource, name, verb) a ServiceAccount is granted, as strings. */
export function permissions(objects: KubeObject[], sa: { name: string; namespace: string }): Set<Perm> {
  const roles = index(objects);
  const out = new Set<Perm>();
  for (const b of objects) {
    if (b.kind !== 'ClusterRoleBinding' && b.kind !== 'RoleBinding') continue;
    const bound = (b.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === sa.name && s.namespace === sa.namespace);
    if (!bound) continue;
    const roleLabel = b.roleRef.kind === 'ClusterRole' ? `ClusterRole ${b.roleRef.name}` : `Role ${b.metadata?.namespace}/${b.roleRef.name}`;
    const role = roles.get(roleLabel);
    if (!role) {
      out.add(`dangling binding ${label(b)} -> ${roleLabel}`);
      continue;
    }
    const scope = b.kind === 'ClusterRoleBinding' ? 'cluster' : `namespace ${b.metadata?.namespace}`;
    for (const rule of role.rules ?? []) {
      for (const g of rule.apiGroups ?? ['']) {
        for (const res of rule.resources ?? []) {
          for (const n of rule.resourceNames ?? ['*']) {
            for (const v of rule.verbs) out.add(`${scope}: ${v} ${g || 'core'}/${res}${n === '*' ? '' : `/${n}`}`);
          }
        }
      }
    }
  }
  return out;
}

/** `60s`, `1m` and `1m0s` are the same Go/Prometheus duration: compare them as seconds. */
function normDuration(value: string): string {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!m || value === '') return value;
  return `${Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)}s`;
}

function normArg(arg: string): string {
  const eq = arg.indexOf('=');
  if (eq < 0) return arg;
  const [flag, value] = [arg.slice(0, eq + 1), arg.slice(eq + 1)];
  // Feature gates are a set: their order on the command line means nothing.
  if (flag === '--feature-gates=') return flag + value.split(',').sort().join(',');
  return `${flag}${normDuration(value)}`;
}

/**
 * `repo:tag@digest` pulls by digest only (the runtime ignores the tag beside a digest), so it is
 * the same image as `repo@digest`.
 */
function normImage(image: string | undefined): string | undefined {
  const m = image === undefined ? null : /^(.*?)(:[^/@]+)?(@sha256:[a-f0-9]{64})$/.exec(image);
  return m ? `${m[1]}${m[3]}` : image;
}

/** Labels and annotations Helm adds for its own bookkeeping, which change nothing in the cluster. */
const BOOKKEEPING = ['app.kubernetes.io/managed-by', 'helm.sh/chart', 'meta.helm.sh/release-name', 'meta.helm.sh/release-namespace'];

function meaningful(map: { [key: string]: string } | undefined): { [key: string]: string } {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => !BOOKKEEPING.includes(k)));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

function normPorts(ports: any[] | undefined) {
  return (ports ?? []).map((p) => ({ protocol: 'TCP', ...p })).sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

/**
 * The pull secrets a pod gets: its own and those of its ServiceAccount, which the API server adds
 * to every pod that runs as it (the chart puts them on the ServiceAccount when it creates one).
 */
function pullSecrets(pod: any, namespace: string | undefined, objects: KubeObject[]): string[] {
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === (pod.serviceAccountName ?? 'default')
    && o.metadata?.namespace === namespace);
  return [...new Set([...(pod.imagePullSecrets ?? []), ...(sa?.imagePullSecrets ?? [])].map((s: any) => s.name))].sort();
}

/** What decides whether a Deployment works, per container (by name). */
function deploymentShape(d: KubeObject, objects: KubeObject[]) {
  const pod = d.spec.template.spec;
  return {
    replicas: d.spec.replicas ?? 1,
    selector: d.spec.selector,
    strategy: d.spec.strategy,
    revisionHistoryLimit: d.spec.revisionHistoryLimit,
    podLabels: meaningful(d.spec.template.metadata?.labels),
    podAnnotations: meaningful(d.spec.template.metadata?.annotations),
    pod: {
      serviceAccountName: pod.serviceAccountName,
      automountServiceAccountToken: pod.automountServiceAccountToken,
      enableServiceLinks: pod.enableServiceLinks,
      priorityClassName: pod.priorityClassName,
      runtimeClassName: pod.runtimeClassName,
      securityContext: pod.securityContext,
      hostNetwork: pod.hostNetwork,
      hostUsers: pod.hostUsers,
      dnsPolicy: pod.dnsPolicy,
      dnsConfig: pod.dnsConfig,
      hostAliases: pod.hostAliases,
      imagePullSecrets: pullSecrets(pod, d.metadata?.namespace, objects),
      nodeSelector: pod.nodeSelector,
      affinity: pod.affinity,
      tolerations: pod.tolerations,
      topologySpreadConstraints: pod.topologySpreadConstraints,
      volumes: pod.volumes,
    },
    initContainers: Object.fromEntries((pod.initContainers ?? []).map((c: any) => [c.name, {
      image: c.image, args: c.args, command: c.command, securityContext: c.securityContext, volumeMounts: c.volumeMounts,
    }])),
    containers: Object.fromEntries(pod.containers.map((c: any) => [c.name, {
      image: normImage(c.image),
      imagePullPolicy: c.imagePullPolicy,
      args: (c.args ?? []).map(normArg).sort(),
      command: c.command,
      env: c.env,
      ports: normPorts(c.ports),
      livenessProbe: c.livenessProbe,
      readinessProbe: c.readinessProbe,
      startupProbe: c.startupProbe,
      securityContext: c.securityContext,
      resources: c.resources ?? {},
      volumeMounts: c.volumeMounts,
    }])),
  };
}

function serviceShape(s: KubeObject) {
  return {
    type: s.spec.type ?? 'ClusterIP',
    selector: s.spec.selector,
    ports: normPorts(s.spec.ports),
    ipFamilies: s.spec.ipFamilies,
    ipFamilyPolicy: s.spec.ipFamilyPolicy,
    loadBalancerIP: s.spec.loadBalancerIP,
    // cloud load balancers and service meshes read these
    annotations: meaningful(s.metadata?.annotations),
  };
}

/** What a ServiceAccount changes: cloud identity annotations and labels, token mounting, pull secrets. */
function serviceAccountShape(sa: KubeObject) {
  return {
    annotations: meaningful(sa.metadata?.annotations),
    labels: meaningful(sa.metadata?.labels),
    automountServiceAccountToken: sa.automountServiceAccountToken,
  };
}

function webhookShape(w: KubeObject) {
  return {
    // cainjector reads the inject annotation; admission controllers of managed clusters read others
    annotations: meaningful(w.metadata?.annotations),
    webhooks: w.webhooks.map(({ clientConfig, ...rest }: any) => {
      const { caBundle, ...client } = clientConfig;
      return { ...rest, clientConfig: client };
    }),
  };
}

/** A scrape object: its spec, and the labels Prometheus selects it by. */
function scrapeShape(o: KubeObject, endpoints: 'endpoints' | 'podMetricsEndpoints') {
  return { labels: meaningful(o.metadata?.labels), spec: { ...o.spec, [endpoints]: o.spec[endpoints].map(normInterval) } };
}

function aggregatedRoleShape(r: KubeObject) {
  const aggregation = Object.entries(r.metadata?.labels ?? {}).filter(([k]) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-')).sort();
  return { aggregation, rules: r.rules };
}

function configShape(c: KubeObject) {
  return Object.fromEntries(Object.entries(c.data ?? {}).map(([k, v]) => [k, parse(v as string)]));
}

function normInterval(e: any) {
  return { ...e, interval: e.interval && normDuration(e.interval), scrapeTimeout: e.scrapeTimeout && normDuration(e.scrapeTimeout) };
}

const SHAPES: Record<string, (o: KubeObject, objects: KubeObject[]) => unknown> = {
  Deployment: deploymentShape,
  Service: serviceShape,
  ServiceAccount: serviceAccountShape,
  MutatingWebhookConfiguration: webhookShape,
  ValidatingWebhookConfiguration: webhookShape,
  PodDisruptionBudget: (o) => o.spec,
  NetworkPolicy: (o) => o.spec,
  ServiceMonitor: (o) => scrapeShape(o, 'endpoints'),
  PodMonitor: (o) => scrapeShape(o, 'podMetricsEndpoints'),
  ConfigMap: configShape,
  Certificate: (o) => o.spec,
  Issuer: (o) => o.spec,
  CustomResourceDefinition: (o) => ({
    group: o.spec.group, names: o.spec.names, scope: o.spec.scope, versions: o.spec.versions.map((v: any) => v.name),
  }),
};

/**
 * Every functional difference between the reference install and ours, one line each.
 * Empty when they are functionally the same (apart from NOT_EMITTED).
 */
export function compareInstalls(reference: KubeObject[], ours: KubeObject[]): string[] {
  const diffs: string[] = [];
  const mine = index(ours);

  for (const ref of reference) {
    const key = label(ref);
    if (NOT_EMITTED[key]) continue;
    const our = mine.get(key);
    if (!our) {
      diffs.push(`missing object: ${key}`);
      continue;
    }
    const shape = SHAPES[ref.kind];
    if (ref.kind === 'ClusterRole' && !(ours.some((b) => b.kind === 'ClusterRoleBinding' && b.roleRef.name === ref.metadata?.name))) {
      if (canonical(aggregatedRoleShape(ref)) !== canonical(aggregatedRoleShape(our))) {
        diffs.push(`${key}: aggregated role differs: reference ${canonical(aggregatedRoleShape(ref))}, ours ${canonical(aggregatedRoleShape(our))}`);
      }
    }
    if (shape) {
      diffs.push(...deepDiff(key, shape(ref, reference), shape(our, ours)));
    }
  }
  for (const our of ours) {
    if (!reference.some((r) => label(r) === label(our)) && our.kind !== 'Namespace') {
      diffs.push(`extra object: ${label(our)}`);
    }
  }

  const accounts = reference.filter((o) => o.kind === 'ServiceAccount' && !NOT_EMITTED[label(o)]);
  for (const sa of accounts) {
    const who = { name: sa.metadata!.name!, namespace: sa.metadata!.namespace! };
    const want = permissions(reference, who);
    const got = permissions(ours, who);
    for (const p of want) if (!got.has(p)) diffs.push(`ServiceAccount ${who.namespace}/${who.name}: missing permission "${p}"`);
    for (const p of got) if (!want.has(p)) diffs.push(`ServiceAccount ${who.namespace}/${who.name}: extra permission "${p}"`);
  }
  return diffs;
}

function deepDiff(path: string, a: unknown, b: unknown): string[] {
  if (canonical(a) === canonical(b)) return [];
  const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => deepDiff(`${path}.${k}`, a[k], b[k]));
  }
  return [`${path}: reference ${canonical(a)}, ours ${canonical(b)}`];
}

/**
 * Where the reference of a sibling upstream project lives: `envVar` when set, else the `folder`
 * beside the cert-manager reference (CERT_MANAGER_REFERENCE_DIR/../folder), else the reference
 * folder beside the repository. Fails when `envVar` is set but `file` is not there; `present`
 * says whether the tests can run.
 */
export function siblingReference(envVar: string, folder: string, file: string): { dir: string; file: string; present: boolean } {
  const dir = process.env[envVar]
    ?? (process.env.CERT_MANAGER_REFERENCE_DIR
      ? join(process.env.CERT_MANAGER_REFERENCE_DIR, '..', folder)
      : resolve(__dirname, '..', '..', '..', 'shared', 'reference', folder));
  const path = join(dir, file);
  const present = existsSync(path);
  if (process.env[envVar] && !present) throw new Error(`${envVar}=${dir} has no ${file}`);
  return { dir, file: path, present };
}
