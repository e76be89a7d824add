import { isIP } from 'node:net';
import { gateOn, IssueList, list, obj, set, show, ValidationIssue, ValidationOptions } from './validation-issue';
import { humanSeconds } from '../private/duration';
import { keyProblem } from '../private/metadata';
import { isDnsSubdomain } from '../private/names';

/** The key usages and extended key usages cert-manager knows (its usage tables). */
export const KEY_USAGES = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment', 'cert sign',
  'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing', 'email protection',
  's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing', 'microsoft sgc', 'netscape sgc',
];

const SIGNATURE_ALGORITHMS: Record<string, string[]> = {
  RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'],
  ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'],
  Ed25519: ['PureEd25519'],
};

/** Subject attribute types cert-manager's RFC 4514 parser recognises (case-sensitive; no dotted OIDs). */
const SUBJECT_ATTRIBUTES = new Set(['CN', 'SERIALNUMBER', 'C', 'L', 'ST', 'STREET', 'O', 'OU', 'POSTALCODE', 'UID', 'DC']);

/** cert-manager's limits (pkg/apis/certmanager/v1). */
const MIN_DURATION_SECONDS = 3600;
const MIN_RENEW_BEFORE_SECONDS = 300;
const DEFAULT_DURATION_SECONDS = 90 * 86400;

const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const GO_UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration string (`2160h`, `1h30m`) in seconds, or undefined when it is not one. */
export function parseGoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string' || !GO_DURATION.test(value)) return undefined;
  let seconds = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(m[1]) * GO_UNIT_SECONDS[m[2]];
  return seconds;
}

/** Whether `value` is an RFC 5322 address with nothing around it, as Go's mail.ParseAddress reads it. */
const ADDR_SPEC = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

/** Checks a `spec.emailAddresses`-style entry; returns the rule broken, if any. */
function emailProblem(value: unknown): 'WH-CERT-14' | 'WH-CERT-15' | undefined {
  if (typeof value !== 'string') return 'WH-CERT-14';
  if (ADDR_SPEC.test(value)) return undefined;
  const inner = value.trim().match(/<([^<>]+)>$/)?.[1] ?? value.trim();
  return ADDR_SPEC.test(inner) ? 'WH-CERT-15' : 'WH-CERT-14';
}

/** Whether Go's net.ParseIP accepts `value` (no CIDR, no zone). */
export function isGoIp(value: unknown): boolean {
  return typeof value === 'string' && !value.includes('%') && isIP(value) !== 0;
}

/** Whether `value` is valid UTF-8 when encoded (no lone surrogates). */
function validUtf8(value: string): boolean {
  return Buffer.from(value, 'utf8').toString('utf8') === value;
}

/** The attributes of an RFC 4514 distinguished name, or a parse error. */
function parseDn(dn: string): { attributes: Array<{ type: string; value: string }> } | { error: string } {
  if (dn.includes('=#')) return { error: 'cert-manager does not accept BER-encoded values ("=#")' };
  const attributes: Array<{ type: string; value: string }> = [];
  let i = 0;
  while (i < dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return { error: `"${dn.slice(i)}" has no "=" between attribute type and value` };
    const type = dn.slice(i, eq).trim();
    if (type === '') return { error: `an attribute at position ${i} has no type` };
    let value = '';
    let j = eq + 1;
    for (; j < dn.length; j++) {
      const ch = dn[j];
      if (ch === '\\') {
        if (j + 1 >= dn.length) return { error: 'it ends with an unfinished escape "\\"' };
        value += dn[++j];
        continue;
      }
      if (ch === ',' || ch === '+') break;
      value += ch;
    }
    attributes.push({ type, value });
    i = j + 1;
    if (j < dn.length && i >= dn.length) return { error: 'it ends with a separator' };
  }
  if (attributes.length === 0) return { error: 'it has no attributes' };
  return { attributes };
}

/** Cron fields cert-manager's renewal windows accept: minute, hour, day of month, month, day of week. */
const CRON_FIELDS: Array<{ min: number; max: number; names?: string[] }> = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];
const CRON_DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Why a five-field cron expression is invalid, or undefined. */
export function cronProblem(cron: string): string | undefined {
  if (CRON_DESCRIPTORS.has(cron.trim())) return undefined;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `it has ${fields.length} fields, not 5 (minute hour day-of-month month day-of-week)`;
  for (const [n, field] of fields.entries()) {
    const spec = CRON_FIELDS[n];
    const num = (v: string) => {
      const named = spec.names?.indexOf(v.toUpperCase()) ?? -1;
      if (named >= 0) return named + spec.min;
      return /^\d+$/.test(v) ? Number(v) : NaN;
    };
    for (const part of field.split(',')) {
      const [range, step] = part.split('/');
      if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `"${part}" has an invalid step`;
      if (range === '*' || range === '?') continue;
      const [lo, hi] = range.split('-').map(num);
      if (Number.isNaN(lo) || (hi !== undefined && Number.isNaN(hi))) return `"${part}" is not a number, range or name`;
      if (lo < spec.min || lo > spec.max || (hi !== undefined && (hi < lo || hi > spec.max))) {
        return `"${part}" is outside ${spec.min}-${spec.max}`;
      }
    }
  }
  return undefined;
}

/** Whether `tz` is an IANA time zone this runtime knows. */
function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The rules cert-manager v1.21's admission webhook enforces on a Certificate's spec
 * (`ValidateCertificateSpec`), over the manifest shape (`spec` as written in YAML). Paths start
 * with `spec.`. Never throws, whatever the shape of `spec`.
 */
export function validateCertificateSpec(spec: unknown, options?: ValidationOptions): ValidationIssue[] {
  const out = new IssueList();
  const s = obj(spec) ?? {};

  // Secret and issuer.
  if (!set(s.secretName)) {
    out.error('WH-CERT-01', 'spec.secretName', s.secretName, 'secretName is missing', 'set secretName to the Secret cert-manager should write');
  } else if (typeof s.secretName !== 'string' || !isDnsSubdomain(s.secretName)) {
    out.error('WH-CERT-02', 'spec.secretName', s.secretName, `secretName ${show(s.secretName)} is not a valid Secret name`,
      'use at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit');
  }
  validateIssuerRef(out, obj(s.issuerRef) ?? {});

  // Subject.
  const literal = s.literalSubject;
  let literalCn: string | undefined;
  if (set(literal)) {
    if (!gateOn(options, 'LiteralCertificateSubject')) {
      out.error('WH-CERT-05', 'spec.literalSubject', literal, 'literalSubject needs the LiteralCertificateSubject feature gate, which is off',
        'turn the gate on for the webhook and controller, or use commonName and subject instead');
    }
    if (set(s.commonName)) {
      out.error('WH-CERT-06', 'spec.commonName', s.commonName, `commonName ${show(s.commonName)} is set together with literalSubject`,
        'put the CN into literalSubject and drop commonName');
    }
    const subject = obj(s.subject) ?? {};
    const used = ['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes']
      .filter((k) => list(subject[k]).length > 0).concat(set(subject.serialNumber) ? ['serialNumber'] : []);
    if (used.length > 0) {
      out.error('WH-CERT-07', 'spec.subject', s.subject, `subject sets ${used.join(', ')} together with literalSubject`,
        'put those attributes into literalSubject and drop subject');
    }
    const parsed = typeof literal === 'string' ? parseDn(literal) : { error: 'it is not a string' };
    if ('error' in parsed) {
      out.error('WH-CERT-08', 'spec.literalSubject', literal, `literalSubject ${show(literal)} is not an RFC 4514 distinguished name: ${parsed.error}`,
        'write it as comma-separated TYPE=value pairs, e.g. "CN=app,O=Example,C=DE", escaping "," and "+" in values with "\\"');
    } else {
      for (const a of parsed.attributes) {
        if (!SUBJECT_ATTRIBUTES.has(a.type)) {
          out.error('WH-CERT-10', 'spec.literalSubject', literal, `literalSubject has the unrecognised attribute type "${a.type}" (value "${a.value}")`,
            `use one of ${[...SUBJECT_ATTRIBUTES].join(', ')}, in capitals`);
        } else if (a.type === 'CN') {
          literalCn = a.value;
        }
      }
    }
  }
  const cn = set(s.commonName) ? String(s.commonName) : literalCn;
  const sans = ['dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].filter((k) => list(s[k]).length > 0);
  if (cn === undefined && sans.length === 0) {
    out.error('WH-CERT-11', 'spec', undefined, 'the certificate names no identity: commonName, dnsNames, uris, emailAddresses, ipAddresses and otherNames are all empty',
      'set dnsNames (or another of them)');
  }
  if (cn !== undefined && Buffer.byteLength(cn, 'utf8') > 64) {
    out.error('WH-CERT-12', set(s.commonName) ? 'spec.commonName' : 'spec.literalSubject', cn,
      `commonName "${cn}" is ${Buffer.byteLength(cn, 'utf8')} bytes, over the X.509 limit of 64`, 'shorten it, or drop it and rely on dnsNames');
  }

  // Subject alternative names.
  list(s.ipAddresses).forEach((ip, i) => {
    if (!isGoIp(ip)) {
      out.error('WH-CERT-13', `spec.ipAddresses[${i}]`, ip, `ipAddresses[${i}] ${show(ip)} is not an IP address`,
        'write one IPv4 or IPv6 address, without a prefix length or zone (e.g. "10.0.0.1")');
    }
  });
  list(s.emailAddresses).forEach((email, i) => {
    const problem = emailProblem(email);
    if (problem === 'WH-CERT-14') {
      out.error(problem, `spec.emailAddresses[${i}]`, email, `emailAddresses[${i}] ${show(email)} is not an email address`,
        'write an address like "ops@example.com"');
    } else if (problem === 'WH-CERT-15') {
      out.error(problem, `spec.emailAddresses[${i}]`, email, `emailAddresses[${i}] ${show(email)} has more than the address itself`,
        'write only the address, without a display name, angle brackets or spaces');
    }
  });
  const otherNames = list(s.otherNames);
  if (otherNames.length > 0) {
    if (!gateOn(options, 'OtherNames')) {
      out.error('WH-CERT-16', 'spec.otherNames', otherNames, 'otherNames need the OtherNames feature gate, which is off by default',
        'turn the OtherNames gate on for the webhook and controller (CertManager featureGates), or drop otherNames');
    } else {
      otherNames.forEach((o, i) => {
        const on = obj(o) ?? {};
        if (!set(on.oid)) {
          out.error('WH-CERT-17', `spec.otherNames[${i}].oid`, on.oid, `otherNames[${i}].oid is missing`, 'set the OID of the name type, e.g. "1.3.6.1.4.1.311.20.2.3"');
        } else if (typeof on.oid !== 'string' || !/^\d+(\.\d+)*$/.test(on.oid)) {
          out.error('WH-CERT-18', `spec.otherNames[${i}].oid`, on.oid, `otherNames[${i}].oid ${show(on.oid)} is not a dotted-decimal OID`,
            'write it as numbers separated by dots, e.g. "1.3.6.1.4.1.311.20.2.3"');
        }
        if (typeof on.utf8Value !== 'string' || on.utf8Value === '' || !validUtf8(on.utf8Value)) {
          out.error('WH-CERT-19', `spec.otherNames[${i}].utf8Value`, on.utf8Value, `otherNames[${i}].utf8Value ${show(on.utf8Value)} is not a non-empty UTF-8 string`,
            'set utf8Value to the name');
        }
      });
    }
  }

  // Private key and signature.
  const key = obj(s.privateKey) ?? {};
  const algorithm = set(key.algorithm) ? key.algorithm : 'RSA';
  const size = key.size;
  if (!['RSA', 'ECDSA', 'Ed25519'].includes(algorithm)) {
    out.error('WH-CERT-23', 'spec.privateKey.algorithm', key.algorithm, `privateKey.algorithm ${show(key.algorithm)} is not a key algorithm`,
      'use RSA, ECDSA or Ed25519');
  } else if (typeof size === 'number' && size > 0) {
    if (algorithm === 'RSA' && (size < 2048 || size > 8192)) {
      out.error('WH-CERT-20', 'spec.privateKey.size', size, `privateKey.size ${size} is outside 2048-8192 bits for an RSA key`,
        'use 2048, 3072 or 4096');
    }
    if (algorithm === 'ECDSA' && ![256, 384, 521].includes(size)) {
      out.error('WH-CERT-21', 'spec.privateKey.size', size, `privateKey.size ${size} is not an ECDSA curve size`, 'use 256, 384 or 521');
    }
  }
  if (set(s.signatureAlgorithm) && SIGNATURE_ALGORITHMS[algorithm] && !SIGNATURE_ALGORITHMS[algorithm].includes(s.signatureAlgorithm)) {
    out.error('WH-CERT-24', 'spec.signatureAlgorithm', s.signatureAlgorithm,
      `signatureAlgorithm ${show(s.signatureAlgorithm)} does not fit the ${algorithm} key`, `use one of ${SIGNATURE_ALGORITHMS[algorithm].join(', ')}`);
  }

  validateLifetime(out, s);

  list(s.usages).forEach((u, i) => {
    if (!KEY_USAGES.includes(u)) {
      out.error('WH-CERT-31', `spec.usages[${i}]`, u, `usages[${i}] ${show(u)} is not a key usage cert-manager knows`,
        `use one of ${KEY_USAGES.map((k) => `"${k}"`).join(', ')}`);
    }
  });
  if (s.revisionHistoryLimit !== undefined && s.revisionHistoryLimit !== null && !(s.revisionHistoryLimit >= 1)) {
    out.error('WH-CERT-32', 'spec.revisionHistoryLimit', s.revisionHistoryLimit, `revisionHistoryLimit ${show(s.revisionHistoryLimit)} is below 1`,
      'set it to 1 or more, or leave it unset to keep every CertificateRequest');
  }
  validateSecretTemplate(out, obj(s.secretTemplate) ?? {});

  if (s.nameConstraints !== undefined && s.nameConstraints !== null) {
    const nc = obj(s.nameConstraints) ?? {};
    if (!gateOn(options, 'NameConstraints')) {
      out.error('WH-CERT-36', 'spec.nameConstraints', s.nameConstraints, 'nameConstraints need the NameConstraints feature gate, which is off by default',
        'turn the NameConstraints gate on for the webhook and controller (CertManager featureGates), or drop nameConstraints');
    } else {
      if (s.isCA !== true) {
        out.error('WH-CERT-37', 'spec.nameConstraints', s.nameConstraints, `nameConstraints are set but isCA is ${show(s.isCA ?? false)}`,
          'set isCA: true (name constraints only apply to CA certificates), or drop nameConstraints');
      }
      if (nc.permitted == null && nc.excluded == null) {
        out.error('WH-CERT-38', 'spec.nameConstraints', s.nameConstraints, 'nameConstraints set neither permitted nor excluded',
          'set permitted or excluded names, or drop nameConstraints');
      }
    }
  }

  const seen = new Set<unknown>();
  list(s.additionalOutputFormats).forEach((f, i) => {
    const type = obj(f)?.type;
    if (seen.has(type)) {
      out.error('WH-CERT-39', `spec.additionalOutputFormats[${i}].type`, type, `additionalOutputFormats lists ${show(type)} twice`, 'list each format once');
    }
    seen.add(type);
  });
  const keystores = obj(s.keystores) ?? {};
  for (const [field, name] of [['jks', 'JKS'], ['pkcs12', 'PKCS#12']] as const) {
    const ks = obj(keystores[field]);
    if (!ks) continue;
    const hasRef = set(obj(ks.passwordSecretRef)?.name);
    const hasLiteral = ks.password !== undefined && ks.password !== null;
    if (hasRef && hasLiteral) {
      out.error(field === 'jks' ? 'WH-CERT-40' : 'WH-CERT-43', `spec.keystores.${field}`, ks, `the ${name} keystore sets both password and passwordSecretRef`,
        'keep one of them, preferably passwordSecretRef');
    } else if (!hasRef && !hasLiteral) {
      out.error(field === 'jks' ? 'WH-CERT-41' : 'WH-CERT-44', `spec.keystores.${field}`, ks, `the ${name} keystore sets neither password nor passwordSecretRef`,
        'set passwordSecretRef to the Secret key holding the password');
    } else if (hasLiteral && ks.password === '') {
      out.error(field === 'jks' ? 'WH-CERT-42' : 'WH-CERT-45', `spec.keystores.${field}.password`, ks.password, `the ${name} keystore password is ""`,
        'set a non-empty password, or use passwordSecretRef');
    }
  }
  validateRenewal(out, s.renewal);
  return out.issues;
}

function validateIssuerRef(out: IssueList, ref: Record<string, any>): void {
  if (!set(ref.name)) {
    out.error('WH-CERT-03', 'spec.issuerRef.name', ref.name, 'issuerRef.name is missing', 'set it to the name of the Issuer or ClusterIssuer');
  }
  const group = ref.group ?? '';
  if ((group === '' || group === 'cert-manager.io') && ![undefined, null, '', 'Issuer', 'ClusterIssuer'].includes(ref.kind)) {
    out.error('WH-CERT-04', 'spec.issuerRef.kind', ref.kind, `issuerRef.kind ${show(ref.kind)} is not a cert-manager issuer kind`,
      'use "Issuer" or "ClusterIssuer" (exactly, case-sensitive), or set issuerRef.group for an external issuer');
  }
}

function validateLifetime(out: IssueList, s: Record<string, any>): void {
  const durationSet = s.duration !== undefined && s.duration !== null;
  const renewBeforeSet = s.renewBefore !== undefined && s.renewBefore !== null;
  const pctSet = s.renewBeforePercentage !== undefined && s.renewBeforePercentage !== null;
  if (!durationSet && !renewBeforeSet) return;
  const duration = durationSet ? parseGoDuration(s.duration) : DEFAULT_DURATION_SECONDS;
  if (duration === undefined) return; // the CRD's format check refuses it
  const durationText = durationSet ? `duration ${show(s.duration)} (${humanSeconds(duration)})` : 'the default duration of 90 days';
  if (duration < MIN_DURATION_SECONDS) {
    out.error('WH-CERT-25', 'spec.duration', s.duration, `${durationText} is below cert-manager's minimum of 1 hour`, 'set a duration of 1h or more');
  }
  if (renewBeforeSet && pctSet) {
    out.error('WH-CERT-26', 'spec.renewBefore', s.renewBefore, `renewBefore ${show(s.renewBefore)} and renewBeforePercentage ${s.renewBeforePercentage} are both set`,
      'keep one of the two');
  }
  if (renewBeforeSet) {
    const rb = parseGoDuration(s.renewBefore);
    if (rb === undefined) return;
    if (rb < MIN_RENEW_BEFORE_SECONDS) {
      out.error('WH-CERT-27', 'spec.renewBefore', s.renewBefore, `renewBefore ${show(s.renewBefore)} (${humanSeconds(rb)}) is below cert-manager's minimum of 5 minutes`,
        'set renewBefore to 5m or more');
    }
    if (rb >= duration) {
      out.error('WH-CERT-28', 'spec.renewBefore', s.renewBefore, `renewBefore ${show(s.renewBefore)} (${humanSeconds(rb)}) is not shorter than ${durationText}`,
        'set renewBefore well below the duration, e.g. a third of it');
    }
  } else if (pctSet) {
    const pct = Number(s.renewBeforePercentage);
    const rb = duration * (100 - pct) / 100;
    if (rb < MIN_RENEW_BEFORE_SECONDS) {
      out.error('WH-CERT-29', 'spec.renewBeforePercentage', pct, `renewBeforePercentage ${pct} of ${durationText} leaves a renewBefore under 5 minutes`,
        'lower the percentage or raise the duration');
    }
    if (rb >= duration) {
      out.error('WH-CERT-30', 'spec.renewBeforePercentage', pct, `renewBeforePercentage ${pct} does not leave a renewBefore shorter than ${durationText}`,
        'use a percentage between 1 and 99');
    }
  }
}

function validateSecretTemplate(out: IssueList, template: Record<string, any>): void {
  for (const [key, value] of Object.entries(obj(template.labels) ?? {})) {
    const problem = keyProblem(key);
    const badValue = typeof value !== 'string' || value.length > 63 || (value !== '' && !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value));
    if (problem || badValue) {
      out.error('WH-CERT-33', `spec.secretTemplate.labels["${key}"]`, value,
        problem ? `secretTemplate label key "${key}" is invalid: ${problem}` : `secretTemplate label "${key}" has the invalid value ${show(value)}`,
        'use a qualified-name key and a value of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit');
    }
  }
  let size = 0;
  for (const [key, value] of Object.entries(obj(template.annotations) ?? {})) {
    size += key.length + String(value).length;
    if (key.startsWith('cert-manager.io/') && key !== 'cert-manager.io/allow-direct-injection') {
      out.error('WH-CERT-34', `spec.secretTemplate.annotations["${key}"]`, key, `secretTemplate annotation "${key}" is in cert-manager's own cert-manager.io/ group`,
        'use an annotation of your own domain (only cert-manager.io/allow-direct-injection is allowed)');
    }
    const problem = keyProblem(key.toLowerCase());
    if (problem) {
      out.error('WH-CERT-35', `spec.secretTemplate.annotations["${key}"]`, key, `secretTemplate annotation key "${key}" is invalid: ${problem}`,
        'use a qualified name such as "example.com/owner"');
    }
  }
  if (size > 256 * 1024) {
    out.error('WH-CERT-35', 'spec.secretTemplate.annotations', size, `secretTemplate annotations total ${size} bytes, over Kubernetes' 256 KiB`,
      'keep large data out of annotations');
  }
}

function validateRenewal(out: IssueList, renewal: unknown): void {
  const r = obj(renewal);
  if (!r) return;
  if (!['RenewBefore', 'Disabled'].includes(r.policy)) {
    out.error('WH-CERT-46', 'spec.renewal.policy', r.policy, `renewal.policy ${show(r.policy)} is not a renewal policy`, 'use "RenewBefore" or "Disabled"');
  }
  const windows = list(r.windows);
  if (r.policy === 'Disabled' && windows.length > 0) {
    out.error('WH-CERT-47', 'spec.renewal.windows', windows, 'renewal windows are set but renewal.policy is "Disabled"', 'drop the windows, or use policy "RenewBefore"');
  }
  windows.forEach((w, i) => {
    const win = obj(w) ?? {};
    if (win.windowDuration === undefined || win.windowDuration === null) {
      out.error('WH-CERT-48', `spec.renewal.windows[${i}].windowDuration`, undefined, `renewal.windows[${i}].windowDuration is missing`,
        'set how long the window stays open, e.g. "2h"');
    }
    const tzOk = !set(win.timezone) || (typeof win.timezone === 'string' && knownTimeZone(win.timezone));
    if (!tzOk) {
      out.error('WH-CERT-49', `spec.renewal.windows[${i}].timezone`, win.timezone, `renewal.windows[${i}].timezone ${show(win.timezone)} is not an IANA time zone`,
        'use a name such as "Europe/Berlin" or "UTC"');
    }
    const problem = typeof win.cron === 'string' ? cronProblem(win.cron) : 'it is not a string';
    if (problem) {
      out.error('WH-CERT-50', `spec.renewal.windows[${i}].cron`, win.cron, `renewal.windows[${i}].cron ${show(win.cron)} is not a cron schedule: ${problem}`,
        'write five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * SAT"');
    }
  });
}
