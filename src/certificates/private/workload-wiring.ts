import { ApiObject } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { resolveApiObject } from './api-object';
import { addManifestEdit } from './manifest-edits';
import { ReloadMode } from '../../graph/certificate-graph';
import { SELF_RELOAD_ANNOTATION, SELF_RELOAD_REASON_ANNOTATION } from '../../private/check-annotations';
import { fail } from '../../private/errors';
import { SubPathMount, containersOf, subPathMounts } from '../../private/pod-spec';
import { addManifestValidation } from '../../private/synthesis-cache';
import type { MountOptions, RotationReload } from '../reload';

/** Reloader's annotation listing the Secrets whose change restarts the workload. */
export const RELOAD_ANNOTATION = 'secret.reloader.stakater.com/reload';
/** Reloader's annotation listing the ConfigMaps whose change restarts the workload. */
export const CONFIGMAP_RELOAD_ANNOTATION = 'configmap.reloader.stakater.com/reload';

/** What a workload mounts: a Secret or a ConfigMap, by name. */
export interface MountedObject {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
}

const secretObject = (name: string): MountedObject => ({ kind: 'Secret', name });
/** Reloader's annotation that restarts the workload when a Secret marked `match` changes. */
export const SEARCH_ANNOTATION = 'reloader.stakater.com/search';

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const MIN_REASON = 10;

/** A workload as the wiring sees it: its object, and the cdk8s-plus construct when it is one. */
export interface WorkloadTarget {
  readonly apiObject: ApiObject;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly plus?: plus.Workload;
}

/** Resolves a cdk8s-plus workload or a raw ApiObject; fails for anything Reloader cannot restart. */
export function resolveWorkload(scope: IConstruct, workload: IConstruct): WorkloadTarget {
  const apiObject = resolveApiObject(scope, workload, 'workload', (o) => WORKLOAD_KINDS.includes(o.kind) && o.apiVersion.startsWith('apps/'),
    'Reloader restarts only Deployments, StatefulSets and DaemonSets; pass one of those (a cdk8s-plus workload or an ApiObject)');
  return {
    apiObject,
    kind: apiObject.kind,
    name: apiObject.name,
    namespace: apiObject.metadata.namespace,
    plus: workload instanceof plus.Workload ? workload : undefined,
  };
}

function checkNamespace(scope: IConstruct, w: WorkloadTarget, namespace: string, object: MountedObject): void {
  if (w.namespace !== namespace) {
    fail(scope, `${w.kind} "${w.name}" (${w.apiObject.node.path}) is in namespace "${w.namespace ?? '(none)'}" but the ${object.kind} `
      + `"${object.name}" is in "${namespace}"; pods can only use ${object.kind}s of their own namespace; put the workload in "${namespace}"`);
  }
}

/** The subPath mounts of ConfigMap `name` in a pod spec. */
function configMapSubPathMounts(podSpec: any, name: string): SubPathMount[] {
  const volumes = new Set((podSpec?.volumes ?? []).filter((v: any) => v.configMap?.name === name).map((v: any) => v.name));
  if (volumes.size === 0) return [];
  return containersOf(podSpec).flatMap((c: any) => (c.volumeMounts ?? [])
    .filter((m: any) => volumes.has(m.name) && (m.subPath !== undefined || m.subPathExpr !== undefined))
    .map((m: any) => ({ secretName: name, container: c.name, mountPath: m.mountPath, subPath: m.subPath ?? m.subPathExpr })));
}

/** The pod spec of a rendered Deployment, StatefulSet or DaemonSet. */
function podSpecOf(manifest: any): any {
  return manifest?.spec?.template?.spec;
}

/** The error for a pod spec that mounts the object with subPath, whose files never update. */
function subPathProblem(w: WorkloadTarget, object: MountedObject, podSpec: any): string[] {
  const m = object.kind === 'Secret'
    ? subPathMounts(podSpec, (secret) => secret === object.name)[0]
    : configMapSubPathMounts(podSpec, object.name)[0];
  if (!m) return [];
  const at = `into container "${m.container}" at "${m.mountPath}" with subPath "${m.subPath}"; files mounted with subPath are never updated`;
  if (object.kind === 'Secret') {
    return [`${w.kind} "${w.name}" mounts the certificate Secret "${object.name}" ${at}, so the `
      + 'container keeps the old certificate after renewal; mount the Secret as a directory (Certificate.mount does) and '
      + 'point the server at the file inside it'];
  }
  return [`${w.kind} "${w.name}" mounts the ConfigMap "${object.name}" ${at}, so the container keeps the old CA `
    + 'certificates after the bundle changes (a CA rotation then breaks it); mount the ConfigMap as a directory (Bundle.mount does) '
    + 'and point the client at the file inside it'];
}

/** A list-valued annotation the wiring adds names to: how its values are separated. */
interface ListAnnotation {
  readonly split: (value: string) => string[];
  readonly separator: string;
  readonly values: string[];
}

/** The annotations the wiring adds to each workload, applied when the workload renders. */
const addedAnnotations = new WeakMap<ApiObject, Map<string, ListAnnotation | string>>();

const commaList = (value: string) => value.split(',').map((n) => n.trim()).filter((n) => n !== '');

/**
 * Records an annotation for the workload: `value` added to a list (merged with the names in the
 * workload's own value, never twice), or set as a whole. It is applied each time the workload
 * renders, so the workload is not rendered here to read its annotations.
 */
function addAnnotation(apiObject: ApiObject, key: string, value: string,
  list?: { split: (value: string) => string[]; separator: string }): void {
  let added = addedAnnotations.get(apiObject);
  if (!added) {
    const annotations = new Map<string, ListAnnotation | string>();
    added = annotations;
    addedAnnotations.set(apiObject, annotations);
    addManifestEdit(apiObject, (manifest) => applyAnnotations(annotations, manifest));
  }
  if (!list) {
    added.set(key, value);
    return;
  }
  const current = added.get(key);
  const entry = typeof current === 'object' ? current : { ...list, values: [] };
  if (!entry.values.includes(value)) entry.values.push(value);
  added.set(key, entry);
}

/**
 * Writes the recorded annotations into a rendered workload, copying what it changes. The metadata
 * and its annotations are sorted by key, as cdk8s renders an object's metadata (even with
 * CDK8S_DISABLE_SORT), so the output is the same as if the annotations had been set on it.
 */
function applyAnnotations(added: ReadonlyMap<string, ListAnnotation | string>, manifest: any): void {
  const metadata = manifest.metadata ?? {};
  const annotations: Record<string, string> = { ...metadata.annotations };
  for (const [key, entry] of added) {
    if (typeof entry === 'string') {
      annotations[key] = entry;
      continue;
    }
    const current = annotations[key];
    const names = current === undefined ? [] : entry.split(current);
    for (const v of entry.values) if (!names.includes(v)) names.push(v);
    annotations[key] = names.join(entry.separator);
  }
  const sorted = (o: Record<string, any>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  manifest.metadata = sorted({ ...metadata, annotations: sorted(annotations) });
}

/**
 * Wires `workload` to restart when `secretName` changes, as `reload` says, after checking the
 * workload can use the Secret at all. Whether the pod template mounts the Secret with subPath
 * (whose files never update) is checked at synth time, when every mount is there.
 */
export function wireReload(scope: IConstruct, workload: IConstruct, namespace: string, secretName: string,
  reload: RotationReload): WorkloadTarget {
  return wireObjectReload(scope, workload, namespace, secretObject(secretName), reload);
}

/** `wireReload` for a Secret or a ConfigMap. */
export function wireObjectReload(scope: IConstruct, workload: IConstruct, namespace: string, object: MountedObject,
  reload: RotationReload): WorkloadTarget {
  const w = resolveWorkload(scope, workload);
  checkNamespace(scope, w, namespace, object);
  addManifestValidation(scope, w.apiObject, (manifest) => subPathProblem(w, object, podSpecOf(manifest)));
  switch (reload?._mode) {
    case ReloadMode.RELOADER_ANNOTATION:
      addAnnotation(w.apiObject, object.kind === 'Secret' ? RELOAD_ANNOTATION : CONFIGMAP_RELOAD_ANNOTATION, object.name,
        { split: commaList, separator: ',' });
      break;
    case ReloadMode.RELOADER_SEARCH:
      addAnnotation(w.apiObject, SEARCH_ANNOTATION, 'true');
      break;
    case ReloadMode.SELF:
      if (typeof reload.reason !== 'string' || reload.reason.trim().length < MIN_REASON) {
        fail(scope, `RotationReload.selfManaged reason "${reload.reason ?? ''}" is too short; say in at least ${MIN_REASON} `
          + 'characters how the workload picks up a renewed certificate, e.g. "envoy watches its SDS files"');
      }
      // Written into the manifest so an audit of the output knows, as the checks do now.
      if (object.kind === 'Secret') {
        addAnnotation(w.apiObject, SELF_RELOAD_ANNOTATION, object.name, { split: commaList, separator: ',' });
        addAnnotation(w.apiObject, SELF_RELOAD_REASON_ANNOTATION, reload.reason.trim(), { split: (v) => v.split('; '), separator: '; ' });
      }
      break;
    default:
      fail(scope, 'reload is not a RotationReload; use RotationReload.reloaderAnnotation(), reloaderSearch() or selfManaged(reason)');
  }
  return w;
}

const plusVolumes = new WeakMap<plus.Workload, Map<string, plus.Volume>>();

function checkMountPath(scope: IConstruct, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path) || path.split('/').includes('..')) {
    fail(scope, `path "${path}" is not an absolute directory path; use a path such as "/etc/tls"`);
  }
}

function defaultVolumeName(secretName: string): string {
  return `tls-${secretName.replace(/\./g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Mounts `secretName` read-only as a directory into one container of `workload`: through the
 * cdk8s-plus API for a cdk8s-plus workload, else as an edit of the raw object's manifest.
 */
export function mountSecret(scope: Construct, id: string, workload: IConstruct, namespace: string, secretName: string,
  options: MountOptions): void {
  mountObject(scope, id, workload, namespace, secretObject(secretName), options);
}

/** `mountSecret` for a Secret or a ConfigMap. */
export function mountObject(scope: Construct, id: string, workload: IConstruct, namespace: string, object: MountedObject,
  options: MountOptions): void {
  const w = resolveWorkload(scope, workload);
  checkNamespace(scope, w, namespace, object);
  checkMountPath(scope, options?.path);
  const volumeName = options.volumeName ?? defaultVolumeName(object.name);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(volumeName) || volumeName.length > 63) {
    fail(scope, `volumeName "${volumeName}" is not a valid volume name; use at most 63 lowercase letters, digits and "-"`);
  }
  if (w.plus) {
    mountPlus(scope, id, w, w.plus, object, volumeName, options);
  } else {
    mountRaw(scope, w, object, volumeName, options);
  }
}

/** The index of the container to mount into, or why there is none to pick. */
function pickContainer(kind: string, name: string, names: string[], wanted: string | undefined, object: MountedObject):
{ index: number } | { problem: string } {
  if (wanted !== undefined) {
    const index = names.indexOf(wanted);
    return index >= 0 ? { index }
      : { problem: `containerName "${wanted}" is not a container of ${kind} "${name}"; use one of its containers: ${names.join(', ') || '(none)'}` };
  }
  if (names.length === 1) return { index: 0 };
  if (names.length === 0) {
    return { problem: `${kind} "${name}" has no container yet; add the container that reads the ${object.kind} before mounting it` };
  }
  return {
    problem: `${kind} "${name}" has ${names.length} containers (${names.join(', ')}); set containerName to the one `
    + `that reads the ${object.kind}`,
  };
}

function mountPlus(scope: Construct, id: string, w: WorkloadTarget, workload: plus.Workload, object: MountedObject, volumeName: string,
  options: MountOptions): void {
  const containers = workload.containers;
  const picked = pickContainer(w.kind, w.name, containers.map((c) => c.name), options.containerName, object);
  if ('problem' in picked) fail(scope, picked.problem);
  const container = containers[picked.index];
  let volumes = plusVolumes.get(workload);
  if (!volumes) {
    volumes = new Map();
    plusVolumes.set(workload, volumes);
  }
  let volume = volumes.get(volumeName);
  if (!volume) {
    volume = object.kind === 'Secret'
      ? plus.Volume.fromSecret(scope, `${id}Volume`, plus.Secret.fromSecretName(scope, `${id}Secret`, object.name), { name: volumeName })
      : plus.Volume.fromConfigMap(scope, `${id}Volume`, plus.ConfigMap.fromConfigMapName(scope, `${id}ConfigMap`, object.name), { name: volumeName });
    volumes.set(volumeName, volume);
  }
  container.mount(options.path, volume, { readOnly: true });
}

/** One mount into a raw workload, made when the workload renders. */
interface RawMount {
  readonly object: MountedObject;
  readonly volumeName: string;
  readonly path: string;
  readonly containerName?: string;
  /** Why the last render could not make the mount (reported at synth time). */
  problem?: string;
}

const rawMounts = new WeakMap<ApiObject, RawMount[]>();

/**
 * Mounts into a raw ApiObject: records the mount, which the workload makes each time it renders
 * (in call order with its JSON patches, see `addManifestEdit`), so the object is not rendered here
 * to find where a patch would go. What only the rendered pod spec can tell (which container; a
 * volume name taken by another volume) is checked at synth time and fails then, naming `scope`.
 */
function mountRaw(scope: IConstruct, w: WorkloadTarget, object: MountedObject, volumeName: string, options: MountOptions): void {
  let mounts = rawMounts.get(w.apiObject);
  if (!mounts) {
    const list: RawMount[] = [];
    mounts = list;
    rawMounts.set(w.apiObject, list);
    addManifestEdit(w.apiObject, (manifest) => applyMounts(w, list, manifest));
  }
  const mount: RawMount = { object, volumeName, path: options.path, containerName: options.containerName };
  mounts.push(mount);
  addManifestValidation(scope, w.apiObject, () => (mount.problem === undefined ? [] : [mount.problem]));
}

/**
 * Adds the volumes and volume mounts of `mounts` to a rendered workload, copying what it changes;
 * keys in the order the typed Kubernetes classes write them, as a JSON patch rendered through one.
 */
function applyMounts(w: WorkloadTarget, mounts: readonly RawMount[], manifest: any): void {
  const template = manifest?.spec?.template;
  const podSpec = template?.spec ?? {};
  const containers: any[] = [...(Array.isArray(podSpec.containers) ? podSpec.containers : [])];
  let volumes: any[] | undefined = Array.isArray(podSpec.volumes) ? [...podSpec.volumes] : undefined;
  let changed = false;
  for (const m of mounts) {
    m.problem = undefined;
    const picked = pickContainer(w.kind, w.name, containers.map((c) => c?.name), m.containerName, m.object);
    if ('problem' in picked) {
      m.problem = picked.problem;
      continue;
    }
    const existing = volumes?.find((v) => v?.name === m.volumeName);
    const same = m.object.kind === 'Secret' ? existing?.secret?.secretName === m.object.name : existing?.configMap?.name === m.object.name;
    if (existing && !same) {
      m.problem = `${w.kind} "${w.name}" already has a volume named "${m.volumeName}" that is not the ${m.object.kind} `
        + `"${m.object.name}"; set volumeName to another name`;
      continue;
    }
    if (!existing) {
      volumes = [...(volumes ?? []), m.object.kind === 'Secret'
        ? { name: m.volumeName, secret: { secretName: m.object.name } }
        : { name: m.volumeName, configMap: { name: m.object.name } }];
    }
    const c = containers[picked.index];
    containers[picked.index] = { ...c, volumeMounts: [...(c.volumeMounts ?? []), { mountPath: m.path, name: m.volumeName, readOnly: true }] };
    changed = true;
  }
  if (!changed) return;
  manifest.spec = { ...manifest.spec, template: { ...template, spec: { ...podSpec, containers, volumes } } };
}
