/**
 * The Kubernetes Pod Security Standards, "restricted" profile (which includes "baseline"), checked
 * on every pod template of a synthesized object. Follows the controls as the standard lists them
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/), latest version.
 */
import { KubeObject } from './validate';

/** Where the pod spec sits in each workload kind. */
const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const ALLOWED_VOLUME_TYPES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_OK = new Set(['RuntimeDefault', 'Localhost']);
const SELINUX_TYPES_OK = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** True when the object carries a pod template (or is a Pod). */
export function hasPodSpec(obj: KubeObject): boolean {
  return obj.kind in POD_SPEC_PATH;
}

/** Violations of the restricted profile, each naming the field. Empty when compliant or not a workload. */
export function podSecurityViolations(obj: KubeObject): string[] {
  const path = POD_SPEC_PATH[obj.kind];
  if (!path) return [];
  const spec = path.reduce<any>((o, k) => o?.[k], obj);
  const at = path.join('.');
  if (!spec) return [`${at}: no pod spec`];

  const v: string[] = [];
  const podSc = spec.securityContext ?? {};

  // baseline
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] === true) v.push(`${at}.${f} must not be true`);
  }
  if (podSc.windowsOptions?.hostProcess === true) v.push(`${at}.securityContext.windowsOptions.hostProcess must not be true`);
  checkSeLinux(v, `${at}.securityContext`, podSc.seLinuxOptions);
  for (const s of podSc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(s.name)) v.push(`${at}.securityContext.sysctls: "${s.name}" is not a safe sysctl`);
  }
  if (podSc.appArmorProfile && !APPARMOR_OK.has(podSc.appArmorProfile.type)) {
    v.push(`${at}.securityContext.appArmorProfile.type must be RuntimeDefault or Localhost, got ${podSc.appArmorProfile.type}`);
  }

  // restricted: volumes
  for (const vol of spec.volumes ?? []) {
    const types = Object.keys(vol).filter((k) => k !== 'name');
    for (const t of types) {
      if (!ALLOWED_VOLUME_TYPES.has(t)) v.push(`${at}.volumes[${vol.name}]: volume type ${t} is not allowed`);
    }
  }
  // restricted: pod-level settings
  if (podSc.runAsUser === 0) v.push(`${at}.securityContext.runAsUser must not be 0`);
  if (podSc.seccompProfile && !SECCOMP_OK.has(podSc.seccompProfile.type)) {
    v.push(`${at}.securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got ${podSc.seccompProfile.type}`);
  }

  const groups: Array<[string, any[]]> = [
    ['containers', spec.containers ?? []],
    ['initContainers', spec.initContainers ?? []],
    ['ephemeralContainers', spec.ephemeralContainers ?? []],
  ];
  for (const [group, containers] of groups) {
    for (const c of containers) {
      const cAt = `${at}.${group}[${c.name}]`;
      const sc = c.securityContext ?? {};
      const scAt = `${cAt}.securityContext`;
      // baseline
      if (sc.privileged === true) v.push(`${scAt}.privileged must not be true`);
      if (sc.windowsOptions?.hostProcess === true) v.push(`${scAt}.windowsOptions.hostProcess must not be true`);
      for (const p of c.ports ?? []) {
        if (p.hostPort) v.push(`${cAt}.ports: hostPort ${p.hostPort} is not allowed`);
      }
      if (sc.procMount && sc.procMount !== 'Default') v.push(`${scAt}.procMount must be Default`);
      checkSeLinux(v, scAt, sc.seLinuxOptions);
      if (sc.appArmorProfile && !APPARMOR_OK.has(sc.appArmorProfile.type)) {
        v.push(`${scAt}.appArmorProfile.type must be RuntimeDefault or Localhost, got ${sc.appArmorProfile.type}`);
      }
      // restricted
      if (sc.allowPrivilegeEscalation !== false) v.push(`${scAt}.allowPrivilegeEscalation must be false`);
      const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      if (nonRoot !== true) v.push(`${scAt}.runAsNonRoot must be true (on the container or the pod)`);
      if (sc.runAsUser === 0) v.push(`${scAt}.runAsUser must not be 0`);
      const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
      if (!SECCOMP_OK.has(seccomp)) {
        v.push(`${scAt}.seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), got ${seccomp ?? 'nothing'}`);
      }
      const drop: string[] = sc.capabilities?.drop ?? [];
      if (!drop.includes('ALL')) v.push(`${scAt}.capabilities.drop must include ALL`);
      for (const cap of sc.capabilities?.add ?? []) {
        if (cap !== 'NET_BIND_SERVICE') v.push(`${scAt}.capabilities.add may only hold NET_BIND_SERVICE, got ${cap}`);
      }
    }
  }
  return v;
}

function checkSeLinux(v: string[], at: string, opts: any) {
  if (!opts) return;
  if (opts.type !== undefined && !SELINUX_TYPES_OK.has(opts.type)) v.push(`${at}.seLinuxOptions.type ${opts.type} is not allowed`);
  if (opts.user) v.push(`${at}.seLinuxOptions.user must not be set`);
  if (opts.role) v.push(`${at}.seLinuxOptions.role must not be set`);
}
