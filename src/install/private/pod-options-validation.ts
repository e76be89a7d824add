import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';
import { ProbeOptions } from '../options';

type Json = { [key: string]: any };

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Checks a pass-through Kubernetes object prop is an object (not a list, string or number). */
export function checkObject(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && !isObject(value)) {
    fail(scope, `${prop} is ${JSON.stringify(value)}, not an object; write it as Kubernetes does, e.g. ${prop}: { ... }`);
  }
}

/**
 * Checks a pass-through list of Kubernetes objects: a list of objects, each with the fields in
 * `required` (for example `name` for env vars, volumes and mounts).
 */
export function checkObjectList(scope: IConstruct, prop: string, value: unknown, required: string[] = []): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    fail(scope, `${prop} is ${JSON.stringify(value)}, not a list; write a list of Kubernetes objects, e.g. ${prop}: [{ ... }]`);
  }
  value.forEach((item, i) => {
    if (!isObject(item)) fail(scope, `${prop}[${i}] is ${JSON.stringify(item)}, not an object; write it as a Kubernetes object, e.g. { ... }`);
    for (const field of required) {
      if (item[field] === undefined || item[field] === '') {
        fail(scope, `${prop}[${i}] ${JSON.stringify(item)} has no ${field}; add one, as every entry needs it`);
      }
    }
  });
}

/** Names that appear twice in a list of named objects. */
function duplicates(items: Json[]): string[] {
  const seen = new Set<string>();
  return items.map((i) => i.name as string).filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
}

/** Checks extra env vars: named, none twice, none that the construct sets (`reserved`). */
export function checkEnv(scope: IConstruct, prop: string, env: any[] | undefined, reserved: Record<string, string>): void {
  checkObjectList(scope, prop, env, ['name']);
  for (const e of env ?? []) {
    const owner = reserved[e.name];
    if (owner) fail(scope, `${prop} sets ${e.name}, which this construct sets from ${owner}; remove it from ${prop}`);
  }
  const twice = duplicates(env ?? []);
  if (twice.length) fail(scope, `${prop} sets ${twice.join(', ')} more than once; keep one entry per name`);
}

/**
 * Checks extra volumes and mounts: named, no volume twice or clashing with the construct's own
 * (`ownVolumes`), and every mount naming a volume of the pod.
 */
export function checkVolumes(scope: IConstruct, volumes: any[] | undefined, mounts: any[] | undefined, ownVolumes: string[]): void {
  checkObjectList(scope, 'volumes', volumes, ['name']);
  checkObjectList(scope, 'volumeMounts', mounts, ['name', 'mountPath']);
  const names = [...ownVolumes, ...(volumes ?? []).map((v) => v.name as string)];
  const twice = duplicates(names.map((name) => ({ name })));
  if (twice.length) {
    fail(scope, `volumes has ${twice.map((n) => `"${n}"`).join(', ')} more than once${twice.some((n) => ownVolumes.includes(n)) ? ` (this construct uses ${ownVolumes.map((n) => `"${n}"`).join(', ')})` : ''}; rename the volume`);
  }
  for (const m of mounts ?? []) {
    if (!names.includes(m.name)) {
      fail(scope, `volumeMounts mounts "${m.name}" at ${m.mountPath}, but the pod has no volume of that name`
        + `${names.length ? ` (it has ${names.map((n) => `"${n}"`).join(', ')})` : ''}; add it to volumes`);
    }
  }
}

/** Volume types the restricted Pod Security Standard admits. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Checks extra volumes are of a type the restricted Pod Security Standard admits (no hostPath, no NFS, ...). */
export function checkRestrictedVolumes(scope: IConstruct, volumes: any[] | undefined): void {
  for (const v of volumes ?? []) {
    const types = Object.keys(v).filter((k) => k !== 'name');
    const refused = types.filter((t) => !RESTRICTED_VOLUME_TYPES.includes(t));
    if (refused.length) {
      fail(scope, `volumes has "${v.name}" of type ${refused.join(', ')}, which the restricted Pod Security Standard of the install `
        + `namespace rejects (the pods would never start); use one of ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
    }
  }
}

/** Checks a Deployment strategy: RollingUpdate or Recreate, and a rolling update that can make progress. */
export function checkStrategy(scope: IConstruct, strategy: Json | undefined): void {
  checkObject(scope, 'strategy', strategy);
  if (!strategy) return;
  const type = strategy.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'Recreate') {
    fail(scope, `strategy.type "${type}" is not a Deployment strategy; use "RollingUpdate" or "Recreate"`);
  }
  const ru = strategy.rollingUpdate;
  if (ru === undefined) return;
  if (type === 'Recreate') fail(scope, 'strategy has rollingUpdate with type "Recreate"; remove rollingUpdate or use type "RollingUpdate"');
  const zero = (v: unknown) => v === 0 || v === '0' || v === '0%';
  if (zero(ru.maxSurge) && zero(ru.maxUnavailable)) {
    fail(scope, `strategy.rollingUpdate has maxSurge ${JSON.stringify(ru.maxSurge)} and maxUnavailable ${JSON.stringify(ru.maxUnavailable)}: `
      + 'a rollout could neither add nor remove a pod, so Kubernetes rejects it. Set maxSurge to 1 (or maxUnavailable to 1)');
  }
  for (const key of ['maxSurge', 'maxUnavailable']) {
    const v = ru[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0) && !(typeof v === 'string' && /^[0-9]+%$/.test(v))) {
      fail(scope, `strategy.rollingUpdate.${key} ${JSON.stringify(v)} is neither a whole number nor a percentage; use e.g. 1 or "25%"`);
    }
  }
}

/**
 * Merges a security context override over the restricted default and refuses what the restricted
 * Pod Security Standard rejects, with the reason.
 */
export function restrictedSecurityContext(scope: IConstruct, prop: string, defaults: Json, override: Json | undefined, level: 'pod' | 'container'): Json {
  checkObject(scope, prop, override);
  const merged: Json = { ...defaults, ...override };
  const refuse = (what: string) => fail(scope, `${prop} ${what}, which the restricted Pod Security Standard of the install `
    + 'namespace rejects (the pods would never start); leave it out or keep the default');
  if (merged.runAsNonRoot === false) refuse('sets runAsNonRoot false');
  if (merged.runAsUser === 0) refuse('sets runAsUser 0 (root)');
  const seccomp = merged.seccompProfile?.type;
  if (seccomp !== undefined && seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') refuse(`sets seccompProfile.type "${seccomp}"`);
  if (level === 'container') {
    if (merged.privileged === true) refuse('sets privileged true');
    if (merged.allowPrivilegeEscalation !== false) {
      refuse(merged.allowPrivilegeEscalation === undefined ? 'does not set allowPrivilegeEscalation to false'
        : `sets allowPrivilegeEscalation ${JSON.stringify(merged.allowPrivilegeEscalation)}`);
    }
    const drop: string[] = merged.capabilities?.drop ?? [];
    if (!drop.includes('ALL')) refuse('does not drop capability ALL');
    const added = (merged.capabilities?.add ?? []).filter((c: string) => c !== 'NET_BIND_SERVICE');
    if (added.length) refuse(`adds capabilities ${added.join(', ')}`);
  }
  if (merged.windowsOptions?.hostProcess === true) refuse('sets windowsOptions.hostProcess true');
  return merged;
}

/** A probe's timing: the defaults with the user's tuning over them; fails when the period is below the timeout. */
export function probeTiming(scope: IConstruct, prop: string, defaults: Json, given: ProbeOptions | undefined): Json | undefined {
  if (given?.enabled === false) return undefined;
  const { enabled, ...tuning } = given ?? {};
  const timing: Json = { ...defaults, ...tuning };
  for (const [key, value] of Object.entries(tuning)) {
    const min = key === 'initialDelaySeconds' ? 0 : 1;
    if (!Number.isInteger(value) || (value as number) < min) {
      fail(scope, `${prop}.${key} ${value} must be a whole number of ${min} or more; set it to ${min} or more`);
    }
  }
  // Upstream's own controller default (period 10s, timeout 15s) is allowed, also when given explicitly.
  const tuned = timing.periodSeconds !== defaults.periodSeconds || timing.timeoutSeconds !== defaults.timeoutSeconds;
  if (tuned && timing.periodSeconds < timing.timeoutSeconds) {
    fail(scope, `${prop}.periodSeconds ${timing.periodSeconds} is below its timeoutSeconds ${timing.timeoutSeconds}, so probes `
      + `overlap; raise periodSeconds to ${timing.timeoutSeconds} or more, or lower timeoutSeconds`);
  }
  return timing;
}

/** Checks a proxy URL: `http://` or `https://` with a host (and optional port). */
export function checkProxyUrl(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hostname === '' || /\s/.test(value)) {
    fail(scope, `${prop} "${value}" is not a proxy URL; use http://host:port or https://host:port, e.g. "http://proxy.example.com:3128"`);
  }
}
