import { subPathMounts } from '../../private/pod-spec';
import { FindingSeverity } from '../finding';
import { Rule } from '../rule';

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
    return subPathMounts(w.podSpec, (secret) => ctx.graph.certificateForSecret(namespace, secret) !== undefined).map((m) => ({
      scope: w.construct,
      message: `${w.kind} "${namespace}/${w.name}" mounts the certificate Secret "${m.secretName}" into container `
        + `"${m.container}" at "${m.mountPath}" with subPath, which is never updated after renewal; mount the Secret as a directory`,
    }));
  }),
};
