/** Reading rendered pod specs: which Secrets they use and how they mount them. */

/** A Secret a pod spec uses, and how. */
export interface SecretUse {
  readonly secretName: string;
  /** The pod volume carrying it, when mounted. */
  readonly volume?: string;
}

/** A mount of a Secret with `subPath` (or `subPathExpr`), whose files the kubelet never updates. */
export interface SubPathMount {
  readonly secretName: string;
  readonly container: string;
  readonly mountPath: string;
  readonly subPath: string;
}

/** Every container (init containers included) of a pod spec. */
export function containersOf(podSpec: any): any[] {
  return [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
}

/** Every Secret a pod spec uses: volumes (plain and projected), env and envFrom. */
export function secretsUsed(podSpec: any): SecretUse[] {
  const uses: SecretUse[] = [];
  for (const v of podSpec?.volumes ?? []) {
    if (v.secret?.secretName) uses.push({ secretName: v.secret.secretName, volume: v.name });
    for (const s of v.projected?.sources ?? []) {
      if (s.secret?.name) uses.push({ secretName: s.secret.name, volume: v.name });
    }
  }
  for (const c of containersOf(podSpec)) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) uses.push({ secretName: e.valueFrom.secretKeyRef.name });
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) uses.push({ secretName: e.secretRef.name });
    }
  }
  return uses;
}

/** The subPath mounts of the Secrets `selected` picks, in container and mount order. */
export function subPathMounts(podSpec: any, selected: (secretName: string) => boolean): SubPathMount[] {
  const volumes = new Map<string, string>();
  for (const use of secretsUsed(podSpec)) {
    if (use.volume && selected(use.secretName)) volumes.set(use.volume, use.secretName);
  }
  if (volumes.size === 0) return [];
  return containersOf(podSpec).flatMap((c: any) => (c.volumeMounts ?? [])
    .filter((m: any) => volumes.has(m.name) && (m.subPath !== undefined || m.subPathExpr !== undefined))
    .map((m: any) => ({ secretName: volumes.get(m.name)!, container: c.name, mountPath: m.mountPath, subPath: m.subPath ?? m.subPathExpr })));
}
