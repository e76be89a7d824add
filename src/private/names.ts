import { IConstruct } from 'constructs';
import { fail } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `value` is an RFC 1123 subdomain (object names, label-key prefixes). */
export function isDnsSubdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Checks an object name (Issuer, Secret, ...) is an RFC 1123 subdomain, as Kubernetes requires. */
export function checkSubdomain(scope: IConstruct, prop: string, value: string): void {
  if (!isDnsSubdomain(value)) {
    fail(scope, `${prop} "${value}" is not a valid Kubernetes object name; use at most 253 lowercase letters, `
      + 'digits, "-" and ".", starting and ending with a letter or digit (RFC 1123 subdomain)');
  }
}

/** Checks a namespace (or other DNS-1123 label) name. */
export function checkDnsLabel(scope: IConstruct, prop: string, value: string): void {
  if (value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) {
    fail(scope, `${prop} "${value}" is not a valid namespace name; use at most 63 lowercase letters, digits `
      + 'and "-", starting and ending with a letter or digit (RFC 1123 label)');
  }
}

/** Checks a key inside a Secret's data. */
export function checkSecretKey(scope: IConstruct, prop: string, value: string): void {
  if (value.length === 0 || value.length > 253 || !SECRET_KEY.test(value)) {
    fail(scope, `${prop} "${value}" is not a valid Secret key; use letters, digits, "-", "_" and "."`);
  }
}

/** Checks a value is a non-empty string without surrounding whitespace. */
export function checkNonEmpty(scope: IConstruct, prop: string, value: string | undefined): void {
  if (value === undefined || value.trim() === '' || value.trim() !== value) {
    fail(scope, `${prop} is ${value === undefined ? 'missing' : `"${value}"`}; set it to a non-empty value without surrounding spaces`);
  }
}

/** Checks a URL is an absolute https:// URL with a host. */
export function checkHttpsUrl(scope: IConstruct, prop: string, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hostname === '' || /\s/.test(value)) {
    fail(scope, `${prop} "${value}" is not an https:// URL; use the full https address, for example `
      + '"https://acme.example.com/directory" (plain http is refused: credentials and keys travel over it)');
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks an email address has the shape `local@domain.tld`. */
export function checkEmail(scope: IConstruct, prop: string, email: string): void {
  if (typeof email !== 'string' || !EMAIL.test(email)) {
    fail(scope, `${prop} "${email}" is not an email address; use an address like "ops@example.com"`);
  }
}
