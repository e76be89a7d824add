import { ApiObject } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { resolveApiObject } from './api-object';
import { addManifestEdit } from './manifest-edits';
import { fail } from '../../private/errors';
import { sanCovers } from '../../private/san';
import { addManifestValidation } from '../../private/synthesis-cache';
import { warn } from '../../private/warn';

/** An Ingress as the wiring sees it: what the user passed, its object, and the cdk8s-plus construct. */
export interface IngressTarget {
  /** What the user passed: errors, warnings and graph facts name it. */
  readonly construct: IConstruct;
  readonly apiObject: ApiObject;
  readonly name: string;
  readonly namespace?: string;
  readonly plus?: plus.Ingress;
}

/** One `spec.tls` entry as it would synthesize now. */
export interface IngressTlsEntry {
  readonly hosts: string[];
  readonly secretName?: string;
}

/** Resolves a cdk8s-plus Ingress or a raw `networking.k8s.io/v1` Ingress ApiObject. */
export function resolveIngress(scope: IConstruct, ingress: IConstruct): IngressTarget {
  const apiObject = resolveApiObject(scope, ingress, 'ingress', (o) => o.kind === 'Ingress' && o.apiVersion === 'networking.k8s.io/v1',
    'pass a networking.k8s.io/v1 Ingress (a cdk8s-plus Ingress or an ApiObject)');
  return {
    construct: ingress,
    apiObject,
    name: apiObject.name,
    namespace: apiObject.metadata.namespace,
    plus: ingress instanceof plus.Ingress ? ingress : undefined,
  };
}

/** The TLS entries and rule hosts of the Ingress as it would synthesize now. */
export function ingressSpec(t: IngressTarget, manifest: any = t.apiObject.toJson()): { tls: IngressTlsEntry[]; ruleHosts: string[] } {
  const spec = manifest?.spec ?? {};
  const tls: IngressTlsEntry[] = (spec.tls ?? []).map((e: any) => ({ hosts: [...(e?.hosts ?? [])], secretName: e?.secretName }));
  const ruleHosts: string[] = (spec.rules ?? []).map((r: any) => r?.host).filter((h: unknown) => typeof h === 'string' && h !== '');
  return { tls, ruleHosts: [...new Set(ruleHosts)] };
}

/** Fails unless the Ingress is in `namespace`, where the Secret is. */
export function checkIngressNamespace(scope: IConstruct, t: IngressTarget, namespace: string, secretName: string, fix: string): void {
  if (t.namespace !== namespace) {
    fail(scope, `Ingress "${t.name}" (${t.apiObject.node.path}) is in namespace "${t.namespace ?? '(none)'}" but the Secret `
      + `"${secretName}" is in "${namespace}"; an Ingress can only use TLS Secrets of its own namespace; ${fix}`);
  }
}

const sameHosts = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((h) => b.includes(h));

/** The TLS entries the wiring added to each Ingress, in call order. */
const addedTls = new WeakMap<ApiObject, IngressTlsEntry[]>();

/**
 * Adds the TLS entry `{ hosts, secretName }` to the Ingress, unless the wiring added the same
 * entry already (then returns false). Fails when an entry added by the wiring has the Secret with
 * other hosts, or serves one of the hosts with another Secret: the controller would pick one
 * arbitrarily. Entries written by hand are checked against these at synth time, when all are there.
 *
 * A cdk8s-plus Ingress is changed through `addTls`, with the Secret referenced under `owner`; a
 * raw ApiObject gets the entry each time it renders, in call order with its JSON patches, unless
 * it has the same entry already (so it is not rendered here).
 */
export function addIngressTls(scope: IConstruct, owner: IConstruct, t: IngressTarget, secretName: string, hosts: string[]): boolean {
  let added = addedTls.get(t.apiObject);
  if (!added) {
    const list: IngressTlsEntry[] = [];
    added = list;
    addedTls.set(t.apiObject, list);
    if (!t.plus) addManifestEdit(t.apiObject, (manifest) => applyTls(list, manifest));
  }
  for (const entry of added) {
    if (entry.secretName === secretName) {
      if (sameHosts(entry.hosts, hosts)) return false;
      fail(scope, `Ingress "${t.name}" (${t.apiObject.node.path}) already has a TLS entry for Secret "${secretName}" with hosts `
        + `[${entry.hosts.join(', ')}], not [${hosts.join(', ')}]; keep one entry per Secret: pass every host in one call`);
    }
    const taken = hosts.find((h) => entry.hosts.includes(h));
    if (taken !== undefined) {
      fail(scope, hostConflict(t, taken, entry.secretName, secretName));
    }
  }
  added.push({ hosts: [...hosts], secretName });
  if (t.plus) {
    const id = `TlsSecret-${secretName}`;
    const secret = (owner.node.tryFindChild(id) as plus.ISecret | undefined) ?? plus.Secret.fromSecretName(owner, id, secretName);
    t.plus.addTls([{ hosts: [...hosts], secret }]);
  }
  watchIngress(t);
  return true;
}

/** Adds the wiring's TLS entries a rendered raw Ingress does not have yet, copying what it changes. */
function applyTls(added: readonly IngressTlsEntry[], manifest: any): void {
  const tls: any[] = Array.isArray(manifest?.spec?.tls) ? manifest.spec.tls : [];
  const missing = added.filter((a) => !tls.some((e) => e?.secretName === a.secretName && sameHosts(e?.hosts ?? [], a.hosts)));
  if (missing.length === 0) return;
  manifest.spec = { ...manifest.spec, tls: [...tls, ...missing.map((e) => ({ hosts: [...e.hosts], secretName: e.secretName }))] };
}

function hostConflict(t: IngressTarget, host: string, first: string | undefined, second: string | undefined): string {
  return `host "${host}" is in two TLS entries of Ingress "${t.name}" (${t.apiObject.node.path}), with Secret `
    + `"${first ?? '(none)'}" and with Secret "${second ?? '(none)'}"; the ingress controller serves one of the two `
    + 'certificates, whichever it picks; list each host in one TLS entry only';
}

/** Ingresses annotated for the ingress-shim → the Secrets declared for it. */
const shimSecrets = new WeakMap<ApiObject, Set<string>>();

/** Records that the ingress-shim issues `secretName` for this Ingress (see `watchIngress`). */
export function markShimSecret(t: IngressTarget, secretName: string): boolean {
  let secrets = shimSecrets.get(t.apiObject);
  if (!secrets) {
    secrets = new Set();
    shimSecrets.set(t.apiObject, secrets);
  }
  const added = !secrets.has(secretName);
  secrets.add(secretName);
  watchIngress(t);
  return added;
}

const watched = new WeakSet<ApiObject>();

/**
 * Checks the whole Ingress once more at synth time, when every rule and TLS entry has been added:
 * no host in two TLS entries with different Secrets; for an ingress-shim Ingress, one entry per
 * Secret and no entry the app did not declare; and a warning for each rule host no TLS entry
 * covers.
 */
function watchIngress(t: IngressTarget): void {
  if (watched.has(t.apiObject)) return;
  watched.add(t.apiObject);
  // Checked on the Ingress's render: once per synthesis, or on the app's own render with SinglePassApp.
  addManifestValidation(t.construct, t.apiObject, (manifest) => checkIngress(t, manifest));
}

/** The errors of the Ingress as it renders (`manifest`); prints a warning for each host without TLS. */
function checkIngress(t: IngressTarget, manifest: any): string[] {
  const { tls, ruleHosts } = ingressSpec(t, manifest);
  const errors: string[] = [];
  for (const mine of addedTls.get(t.apiObject) ?? []) {
    const entries = tls.filter((e) => e.secretName === mine.secretName);
    if (entries.length > 1) {
      errors.push(`Ingress "${t.name}" has ${entries.length} TLS entries for Secret "${mine.secretName}", with hosts `
        + `${entries.map((e) => `[${e.hosts.join(', ')}]`).join(' and ')}; keep one entry per Secret: pass every host in one `
        + 'call, or remove the other entry');
    }
  }
  const secretOfHost = new Map<string, string | undefined>();
  for (const entry of tls) {
    for (const host of entry.hosts) {
      if (secretOfHost.has(host) && secretOfHost.get(host) !== entry.secretName) {
        errors.push(hostConflict(t, host, secretOfHost.get(host), entry.secretName));
      }
      secretOfHost.set(host, entry.secretName);
    }
  }
  const declared = shimSecrets.get(t.apiObject);
  if (declared) {
    const seen = new Set<string | undefined>();
    for (const entry of tls) {
      if (seen.has(entry.secretName)) {
        errors.push(`Ingress "${t.name}" is annotated for cert-manager's ingress-shim and has two TLS entries with Secret `
              + `"${entry.secretName}"; the shim then refuses the whole Ingress and issues nothing; merge them into one entry`);
      } else if (entry.secretName === undefined || !declared.has(entry.secretName)) {
        errors.push(`Ingress "${t.name}" is annotated for cert-manager's ingress-shim, which issues a certificate for every TLS `
              + `entry, but the entry for Secret "${entry.secretName ?? '(none)'}" (hosts ${entry.hosts.join(', ') || '(none)'}) was `
              + 'added without IngressShim.annotate, so the app does not know about that certificate; add the entry with '
              + 'IngressShim.annotate, or serve it from another Ingress');
      }
      seen.add(entry.secretName);
    }
  }
  for (const host of ruleHosts) {
    if (!tls.some((entry) => entry.hosts.some((h) => sanCovers(h, host)))) {
      warn(t.construct, `Ingress "${t.name}" routes host "${host}" but no TLS entry covers it, so the ingress controller `
            + 'serves it over plain HTTP or with its default certificate, which clients reject; terminate TLS for it with a '
            + 'certificate that lists it, or drop the rule');
    }
  }
  return errors;
}

/** The certificate facts `terminateIngress` needs. */
export interface TerminatingCertificate {
  readonly namespace: string;
  readonly secretName: string;
  readonly dnsNames: readonly string[];
}

/** The annotations that hand an Ingress or Gateway to cert-manager's certificate shims. */
export const SHIM_ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** The shim issuer annotation on `apiObject`, as `key=value`, if any. */
export function shimIssuerAnnotation(apiObject: ApiObject): string | undefined {
  const annotations: Record<string, string> = apiObject.metadata.toJson().annotations ?? {};
  const key = SHIM_ISSUER_ANNOTATIONS.find((k) => annotations[k] !== undefined);
  return key === undefined ? undefined : `${key}: ${annotations[key]}`;
}

/**
 * Adds a TLS entry serving `hosts` (default: every DNS SAN) with the certificate's Secret to the
 * Ingress. Returns the hosts now served, or undefined when the entry was there already.
 */
export function terminateIngress(scope: IConstruct, ingress: IConstruct, cert: TerminatingCertificate,
  wanted: string[] | undefined): string[] | undefined {
  const t = resolveIngress(scope, ingress);
  checkIngressNamespace(scope, t, cert.namespace, cert.secretName, t.namespace === undefined
    ? `set the Ingress's namespace to "${cert.namespace}"`
    : `create the Certificate in "${t.namespace}", or the Ingress in "${cert.namespace}"`);
  if (cert.dnsNames.length === 0) {
    fail(scope, 'the certificate has no dnsNames, and an Ingress TLS entry selects its certificate by host name, so '
      + 'IP-address-only certificates cannot be used there; add the host names to dnsNames');
  }
  const hosts = wanted ?? [...cert.dnsNames];
  if (hosts.length === 0) fail(scope, 'hosts is empty; list at least one of the certificate\'s dnsNames, or leave hosts unset for all');
  for (const [i, host] of hosts.entries()) {
    if (hosts.indexOf(host) !== i) fail(scope, `hosts lists "${host}" twice; list each host once`);
    if (!cert.dnsNames.some((san) => sanCovers(san, host))) {
      fail(scope, `hosts[${i}] "${host}" is not covered by the certificate, whose dnsNames are ${cert.dnsNames.join(', ')}; `
        + 'clients would reject the certificate for it; add it to dnsNames, or leave it out of hosts');
    }
  }
  const shim = shimIssuerAnnotation(t.apiObject);
  if (shim !== undefined) {
    fail(scope, `Ingress "${t.name}" (${t.apiObject.node.path}) is annotated for cert-manager's ingress-shim (${shim}), which `
      + `would create a second Certificate for Secret "${cert.secretName}"; terminate TLS with this Certificate on an Ingress `
      + 'without the shim annotations, or let the shim issue the certificate (IngressShim.annotate) instead');
  }
  return addIngressTls(scope, scope, t, cert.secretName, hosts) ? hosts : undefined;
}
