import { CertificateFact, CertificateSource } from '../../graph/certificate-graph';

/** `Certificate "ns/name"`, or how a shim-made certificate is known. */
export function describe(c: CertificateFact): string {
  return c.source === CertificateSource.CERTIFICATE
    ? `Certificate "${c.namespace}/${c.name}"`
    : `the ${c.source} Certificate "${c.namespace}/${c.name}"`;
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
