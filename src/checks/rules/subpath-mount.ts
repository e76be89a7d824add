import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { containersOf, secretsUsed } from './support';

/** CM-REL2: a certificate Secret mounted with subPath. */
export const SUBPATH_MOUNT: Rule = {
  id: 'CM-REL2',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate Secret mounted with subPath.',
  explanation: 'The kubelet never updates files mounted with `subPath`, so a container reads the certificate it started '
    + 'with forever, even one that watches its files. Mount the Secret as a directory (Certificate.mount does) and point '
    + 'the server at the file inside it.',
  check: (ctx) => ctx.inventory.workloads.flatMap((w) => {
    const namespace = w.namespace ?? 'default';
    const certVolumes = new Map<string, string>();
    for (const use of secretsUsed(w.podSpec)) {
      if (use.volume && ctx.graph.certificateForSecret(namespace, use.secretName)) certVolumes.set(use.volume, use.secretName);
    }
    if (certVolumes.size === 0) return [];
    return containersOf(w.podSpec).flatMap((c: any) => (c.volumeMounts ?? [])
      .filter((m: any) => certVolumes.has(m.name) && (m.subPath !== undefined || m.subPathExpr !== undefined))
      .map((m: any) => ({
        scope: w.apiObject,
        message: `${w.kind} "${namespace}/${w.name}" mounts the certificate Secret "${certVolumes.get(m.name)}" into container `
          + `"${c.name}" at "${m.mountPath}" with subPath, which is never updated after renewal; mount the Secret as a directory`,
      })));
  }),
};
