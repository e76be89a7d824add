import { ApiObject, JsonPatch } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { resolveApiObject } from './api-object';
import { ReloadMode } from '../../graph/certificate-graph';
import { SELF_RELOAD_ANNOTATION, SELF_RELOAD_REASON_ANNOTATION } from '../../private/check-annotations';
import { fail } from '../../private/errors';
import { SubPathMount, containersOf, subPathMounts } from '../../private/pod-spec';
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

/**
 * The pod spec as it would synthesize now. A cdk8s-plus workload without containers cannot
 * render yet; it has no mounts to inspect, and the synth-time checks see what is added later.
 */
function renderedPodSpec(w: WorkloadTarget): any {
  try {
    return w.apiObject.toJson()?.spec?.template?.spec;
  } catch {
    return undefined;
  }
}

/** Fails when the pod template mounts the object with subPath: those files never update. */
function checkNoSubPath(scope: IConstruct, w: WorkloadTarget, object: MountedObject, rendered?: any): void {
  const podSpec = rendered ?? renderedPodSpec(w);
  const m = object.kind === 'Secret'
    ? subPathMounts(podSpec, (secret) => secret === object.name)[0]
    : configMapSubPathMounts(podSpec, object.name)[0];
  if (!m) return;
  const at = `into container "${m.container}" at "${m.mountPath}" with subPath "${m.subPath}"; files mounted with subPath are never updated`;
  if (object.kind === 'Secret') {
    fail(scope, `${w.kind} "${w.name}" mounts the certificate Secret "${object.name}" ${at}, so the `
      + 'container keeps the old certificate after renewal; mount the Secret as a directory (Certificate.mount does) and '
      + 'point the server at the file inside it');
  }
  fail(scope, `${w.kind} "${w.name}" mounts the ConfigMap "${object.name}" ${at}, so the container keeps the old CA `
    + 'certificates after the bundle changes (a CA rotation then breaks it); mount the ConfigMap as a directory (Bundle.mount does) '
    + 'and point the client at the file inside it');
}

function mergeAnnotation(apiObject: ApiObject, key: string, value: string): void {
  const current: string | undefined = apiObject.metadata.toJson().annotations?.[key];
  const names = (current ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (!names.includes(value)) names.push(value);
  apiObject.metadata.addAnnotation(key, names.join(','));
}

/** Adds `reason` to the workload's self-reload reasons, once. */
function mergeReason(apiObject: ApiObject, reason: string): void {
  const current: string | undefined = apiObject.metadata.toJson().annotations?.[SELF_RELOAD_REASON_ANNOTATION];
  const reasons = current === undefined ? [] : current.split('; ');
  if (!reasons.includes(reason)) reasons.push(reason);
  apiObject.metadata.addAnnotation(SELF_RELOAD_REASON_ANNOTATION, reasons.join('; '));
}

/**
 * Wires `workload` to restart when `secretName` changes, as `reload` says, after checking the
 * workload can use the Secret at all. `podSpec` is the pod spec as it renders now, when the
 * caller has it (`mountSecret` returns it), so the workload is not rendered again.
 */
export function wireReload(scope: IConstruct, workload: IConstruct, namespace: string, secretName: string,
  reload: RotationReload, podSpec?: any): WorkloadTarget {
  return wireObjectReload(scope, workload, namespace, secretObject(secretName), reload, podSpec);
}

/** `wireReload` for a Secret or a ConfigMap. */
export function wireObjectReload(scope: IConstruct, workload: IConstruct, namespace: string, object: MountedObject,
  reload: RotationReload, podSpec?: any): WorkloadTarget {
  const w = resolveWorkload(scope, workload);
  checkNamespace(scope, w, namespace, object);
  checkNoSubPath(scope, w, object, podSpec);
  switch (reload?._mode) {
    case ReloadMode.RELOADER_ANNOTATION:
      mergeAnnotation(w.apiObject, object.kind === 'Secret' ? RELOAD_ANNOTATION : CONFIGMAP_RELOAD_ANNOTATION, object.name);
      break;
    case ReloadMode.RELOADER_SEARCH:
      w.apiObject.metadata.addAnnotation(SEARCH_ANNOTATION, 'true');
      break;
    case ReloadMode.SELF:
      if (typeof reload.reason !== 'string' || reload.reason.trim().length < MIN_REASON) {
        fail(scope, `RotationReload.selfManaged reason "${reload.reason ?? ''}" is too short; say in at least ${MIN_REASON} `
          + 'characters how the workload picks up a renewed certificate, e.g. "envoy watches its SDS files"');
      }
      // Written into the manifest so an audit of the output knows, as the checks do now.
      if (object.kind === 'Secret') {
        mergeAnnotation(w.apiObject, SELF_RELOAD_ANNOTATION, object.name);
        mergeReason(w.apiObject, reload.reason.trim());
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
 * Mounts `secretName` read-only as a directory into one container of `workload`. Returns the pod
 * spec as it renders after the mount for a raw ApiObject (rendered anyway to place the patches);
 * undefined for a cdk8s-plus workload, which renders only when asked.
 */
export function mountSecret(scope: Construct, id: string, workload: IConstruct, namespace: string, secretName: string,
  options: MountOptions): any {
  return mountObject(scope, id, workload, namespace, secretObject(secretName), options);
}

/** `mountSecret` for a Secret or a ConfigMap. */
export function mountObject(scope: Construct, id: string, workload: IConstruct, namespace: string, object: MountedObject,
  options: MountOptions): any {
  const w = resolveWorkload(scope, workload);
  checkNamespace(scope, w, namespace, object);
  checkMountPath(scope, options?.path);
  const volumeName = options.volumeName ?? defaultVolumeName(object.name);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(volumeName) || volumeName.length > 63) {
    fail(scope, `volumeName "${volumeName}" is not a valid volume name; use at most 63 lowercase letters, digits and "-"`);
  }
  if (w.plus) {
    mountPlus(scope, id, w, w.plus, object, volumeName, options);
    return undefined;
  }
  return mountRaw(scope, w, object, volumeName, options);
}

function pickContainer<T>(scope: IConstruct, kind: string, name: string, containers: T[], names: string[], wanted?: string): T {
  if (wanted !== undefined) {
    const i = names.indexOf(wanted);
    if (i < 0) {
      fail(scope, `containerName "${wanted}" is not a container of ${kind} "${name}"; use one of its containers: ${names.join(', ') || '(none)'}`);
    }
    return containers[i];
  }
  if (containers.length === 1) return containers[0];
  if (containers.length === 0) {
    fail(scope, `${kind} "${name}" has no container yet; add the container before mounting the certificate`);
  }
  return fail(scope, `${kind} "${name}" has ${containers.length} containers (${names.join(', ')}); set containerName to the one `
    + 'that serves TLS');
}

function mountPlus(scope: Construct, id: string, w: WorkloadTarget, workload: plus.Workload, object: MountedObject, volumeName: string,
  options: MountOptions): void {
  const containers = workload.containers;
  const container = pickContainer(scope, w.kind, w.name, containers, containers.map((c) => c.name), options.containerName);
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

/** Mounts with JSON patches; returns the pod spec as the patches leave it (volumes and mounts). */
function mountRaw(scope: IConstruct, w: WorkloadTarget, object: MountedObject, volumeName: string, options: MountOptions): any {
  const podSpec = renderedPodSpec(w);
  const containers: any[] = podSpec?.containers ?? [];
  const container = pickContainer(scope, w.kind, w.name, containers, containers.map((c) => c.name), options.containerName);
  const index = containers.indexOf(container);
  const volumes: any[] = podSpec?.volumes ?? [];
  const existing = volumes.find((v) => v.name === volumeName);
  const same = object.kind === 'Secret' ? existing?.secret?.secretName === object.name : existing?.configMap?.name === object.name;
  if (existing && !same) {
    fail(scope, `${w.kind} "${w.name}" already has a volume named "${volumeName}" that is not the ${object.kind} "${object.name}"; `
      + 'set volumeName to another name');
  }
  const base = '/spec/template/spec';
  const volume = object.kind === 'Secret'
    ? { name: volumeName, secret: { secretName: object.name } }
    : { name: volumeName, configMap: { name: object.name } };
  if (!existing) {
    w.apiObject.addJsonPatch(podSpec?.volumes ? JsonPatch.add(`${base}/volumes/-`, volume) : JsonPatch.add(`${base}/volumes`, [volume]));
  }
  const mount = { name: volumeName, mountPath: options.path, readOnly: true };
  const path = `${base}/containers/${index}/volumeMounts`;
  w.apiObject.addJsonPatch(container.volumeMounts ? JsonPatch.add(`${path}/-`, mount) : JsonPatch.add(path, [mount]));
  return {
    ...podSpec,
    volumes: existing ? volumes : [...volumes, volume],
    containers: containers.map((c, i) => (i === index ? { ...c, volumeMounts: [...(c.volumeMounts ?? []), mount] } : c)),
  };
}
