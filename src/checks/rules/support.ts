import { CertificateFact, CertificateSource } from '../../graph/certificate-graph';

/** `Certificate "ns/name"`, or how a shim-made certificate is known. */
export function describe(c: CertificateFact): string {
  return c.source === CertificateSource.CERTIFICATE
    ? `Certificate "${c.namespace}/${c.name}"`
    : `the ${c.source} Certificate "${c.namespace}/${c.name}"`;
}

/** A Secret a pod spec uses, and how. */
export interface SecretUse {
  readonly secretName: string;
  /** The pod volume carrying it, when mounted. */
  readonly volume?: string;
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
  for (const c of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef?.name) uses.push({ secretName: e.valueFrom.secretKeyRef.name });
    }
    for (const e of c.envFrom ?? []) {
      if (e.secretRef?.name) uses.push({ secretName: e.secretRef.name });
    }
  }
  return uses;
}

/** Every container (init containers included) of a pod spec. */
export function containersOf(podSpec: any): any[] {
  return [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
}

/** Second-level public suffixes common enough to matter (the rest is approximated by two labels). */
const TWO_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.nz', 'co.jp', 'ne.jp', 'or.jp', 'com.br',
  'com.cn', 'com.mx', 'co.in', 'co.za', 'com.tr', 'com.sg', 'com.hk', 'co.kr',
]);

/**
 * The registered domain Let's Encrypt counts its weekly limit against (`example.com` for
 * `a.b.example.com`). Approximated: the last two labels, or three under a common two-label public
 * suffix such as `co.uk`.
 */
export function registeredDomain(dnsName: string): string {
  const labels = dnsName.replace(/^\*\./, '').split('.');
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(TWO_LABEL_SUFFIXES.has(lastTwo) ? -3 : -2).join('.');
}
