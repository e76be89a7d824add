import { isIP } from 'node:net';
import { IConstruct } from 'constructs';
import { fail } from './errors';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `name` is not a DNS name a certificate can carry, or undefined when it is one: lowercase
 * labels of 1-63 letters, digits and hyphens, at most 253 characters, and a wildcard only as the
 * whole first label (`*.example.com`).
 */
export function dnsNameProblem(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (name.length > 253) return `it is ${name.length} characters long, over the 253 allowed`;
  if (name !== name.toLowerCase()) return `it has uppercase letters; write it in lowercase ("${name.toLowerCase()}")`;
  if (name.endsWith('.')) return `it ends with a dot; leave the dot out ("${name.replace(/\.+$/, '')}")`;
  const labels = name.split('.');
  for (const [i, label] of labels.entries()) {
    if (label === '*') {
      if (i !== 0) return 'a wildcard may only be the first label, as in "*.example.com"';
      if (labels.length < 3) return 'a wildcard needs at least two labels after it, as in "*.example.com"';
      continue;
    }
    if (label.includes('*')) return `the label "${label}" mixes "*" with other characters; a wildcard must be the whole first label, as in "*.example.com"`;
    if (label.length === 0) return 'it has an empty label (two dots in a row, or a leading dot)';
    if (label.length > 63) return `the label "${label}" is ${label.length} characters long, over the 63 allowed`;
    if (!LABEL.test(label)) {
      return `the label "${label}" has characters other than lowercase letters, digits and "-" (or starts or ends with "-"); `
        + 'write internationalized names in punycode ("xn--...")';
    }
  }
  return undefined;
}

/** Checks a DNS SAN; the error names the construct, the value and the fix. */
export function checkDnsName(scope: IConstruct, prop: string, name: string): void {
  const problem = dnsNameProblem(name);
  if (problem) fail(scope, `${prop} "${name}" is not a valid DNS name: ${problem}; fix the name`);
}

/** Checks an IP address SAN (IPv4 or IPv6, no prefix length). */
export function checkIpAddress(scope: IConstruct, prop: string, ip: string): void {
  if (isIP(ip) === 0) {
    fail(scope, `${prop} "${ip}" is not an IP address; use an IPv4 address such as "10.0.0.1" or an IPv6 address such as "fd00::1" `
      + '(a host name belongs in dnsNames)');
  }
}

/** Checks a URI SAN has a scheme, e.g. `spiffe://cluster.local/ns/app/sa/web`. */
export function checkUri(scope: IConstruct, prop: string, uri: string): void {
  let ok = false;
  try {
    ok = /^[a-z][a-z0-9+.-]*:/i.test(uri) && new URL(uri).protocol !== '' && !/\s/.test(uri);
  } catch {
    ok = false;
  }
  if (!ok) {
    fail(scope, `${prop} "${uri}" is not an absolute URI; use a scheme and a path, e.g. "spiffe://cluster.local/ns/app/sa/web"`);
  }
}

/** Checks a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function checkCidr(scope: IConstruct, prop: string, cidr: string): void {
  const [ip, bits, extra] = cidr.split('/');
  const family = isIP(ip ?? '');
  const max = family === 4 ? 32 : 128;
  const n = Number(bits);
  if (family === 0 || extra !== undefined || bits === undefined || !/^\d+$/.test(bits) || n > max) {
    fail(scope, `${prop} "${cidr}" is not a CIDR range; use an address and a prefix length, e.g. "10.0.0.0/8" or "fd00::/8"`);
  }
}

/**
 * Whether a certificate with DNS SAN `san` is valid for `host`, as TLS clients match it: the same
 * name, or a wildcard SAN standing for exactly one label (`*.example.com` covers `www.example.com`,
 * not `example.com` nor `a.b.example.com`). A wildcard host (an Ingress rule or a Gateway listener
 * for `*.example.com`) is only covered by the same wildcard SAN.
 */
export function sanCovers(san: string, host: string): boolean {
  if (san === host) return true;
  if (!san.startsWith('*.') || host.startsWith('*.')) return false;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === san.slice(2);
}

/** The first of `sans` that covers `host`, if any. */
export function coveringSan(sans: readonly string[], host: string): string | undefined {
  return sans.find((san) => sanCovers(san, host));
}
