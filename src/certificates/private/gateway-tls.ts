import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { resolveApiObject } from './api-object';
import { shimIssuerAnnotation, TerminatingCertificate } from './ingress-tls';
import { fail } from '../../private/errors';
import { coveringSan } from '../../private/san';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** Listener protocols that carry TLS, and that cert-manager's gateway-shim looks at. */
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];

/** A Gateway as the wiring sees it. */
export interface GatewayTarget {
  /** What the user passed: errors, warnings and graph facts name it. */
  readonly construct: IConstruct;
  readonly apiObject: ApiObject;
  readonly name: string;
  readonly namespace?: string;
}

/** A `certificateRefs` entry as it would synthesize now. */
export interface CertificateRef {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A listener as it would synthesize now (the fields the wiring reads). */
export interface Listener {
  readonly name: string;
  readonly protocol: string;
  readonly hostname?: string;
  readonly tls?: { readonly mode?: string; readonly certificateRefs?: CertificateRef[]; readonly [key: string]: unknown };
}

/** Resolves the imported `Gateway` class or any ApiObject of kind Gateway in `gateway.networking.k8s.io`. */
export function resolveGateway(scope: IConstruct, gateway: IConstruct): GatewayTarget {
  const apiObject = resolveApiObject(scope, gateway, 'gateway', (o) => o.kind === 'Gateway' && o.apiVersion.startsWith(`${GATEWAY_GROUP}/`),
    `pass a ${GATEWAY_GROUP}/v1 Gateway (the imported Gateway class or an ApiObject)`);
  return { construct: gateway, apiObject, name: apiObject.name, namespace: apiObject.metadata.namespace };
}

/** The listeners of the Gateway as it would synthesize now. */
export function gatewayListeners(t: GatewayTarget, manifest: any = t.apiObject.toJson()): Listener[] {
  return [...(manifest?.spec?.listeners ?? [])];
}

/** Whether a listener protocol carries TLS (HTTPS or TLS). */
export function isTlsProtocol(protocol: string): boolean {
  return TLS_PROTOCOLS.includes(protocol);
}

/** Whether `ref` names the Secret `secretName` of the Gateway's own namespace. */
export function refersToSecret(t: GatewayTarget, ref: CertificateRef, secretName: string): boolean {
  return ref.name === secretName && isLocalSecretRef(t, ref);
}

/** Whether `ref` is a core Secret in the Gateway's namespace (what the gateway-shim accepts). */
export function isLocalSecretRef(t: GatewayTarget, ref: CertificateRef): boolean {
  return ['', 'core', undefined].includes(ref.group) && ['Secret', '', undefined].includes(ref.kind)
    && (ref.namespace === undefined || ref.namespace === t.namespace);
}

/**
 * Sets listener `index` to terminate TLS with the Secret `secretName`, keeping its other TLS
 * settings (`options`).
 */
export function setListenerTls(t: GatewayTarget, index: number, listener: Listener, secretName: string): void {
  const tls = { ...listener.tls, mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: secretName }] };
  t.apiObject.addJsonPatch(JsonPatch.add(`/spec/listeners/${index}/tls`, tls));
}

/**
 * Makes listener `listenerName` terminate TLS with the certificate's Secret. Returns the hosts the
 * listener serves with it, or undefined when it did already.
 *
 * A listener with a hostname serves that hostname. A listener without one accepts every SNI name
 * on its port, but only the certificate's DNS names get a certificate clients accept, so those are
 * the hosts it serves.
 */
export function terminateListener(scope: IConstruct, gateway: IConstruct, cert: TerminatingCertificate,
  listenerName: string): string[] | undefined {
  const t = resolveGateway(scope, gateway);
  if (t.namespace !== cert.namespace) {
    fail(scope, `Gateway "${t.name}" (${t.apiObject.node.path}) is in namespace "${t.namespace ?? '(none)'}" but the Secret `
      + `"${cert.secretName}" is in "${cert.namespace}"; a listener can only use a Secret of another namespace through a `
      + `ReferenceGrant, which this library does not create; create the Certificate in "${t.namespace ?? cert.namespace}"`);
  }
  const listeners = gatewayListeners(t);
  const index = listeners.findIndex((l) => l.name === listenerName);
  if (index < 0) {
    fail(scope, `Gateway "${t.name}" has no listener named "${listenerName}"; use one of its listeners: `
      + `${listeners.map((l) => l.name).join(', ') || '(none)'}`);
  }
  const listener = listeners[index];
  const where = `listener "${listenerName}" of Gateway "${t.name}"`;
  if (!isTlsProtocol(listener.protocol)) {
    fail(scope, `${where} has protocol ${listener.protocol}, which carries no TLS; set its protocol to HTTPS (or TLS) `
      + 'to terminate TLS there');
  }
  if (listener.tls?.mode === 'Passthrough') {
    fail(scope, `${where} passes TLS through to the backend (tls.mode Passthrough), so the Gateway never presents a `
      + 'certificate; terminate TLS in the backend (Certificate.mount), or set the listener to mode Terminate');
  }
  const hostname = listener.hostname;
  if (hostname !== undefined && coveringSan(cert.dnsNames, hostname) === undefined) {
    const wildcard = hostname.startsWith('*.') ? ` (a wildcard hostname needs the same wildcard, "${hostname}", in dnsNames)` : '';
    fail(scope, `${where} has hostname "${hostname}", which the certificate does not cover: its dnsNames are `
      + `${cert.dnsNames.join(', ') || '(none)'}${wildcard}; add "${hostname}" to dnsNames, or use a certificate that has it`);
  }
  if (hostname === undefined && cert.dnsNames.length === 0) {
    fail(scope, `${where} has no hostname and the certificate has no dnsNames, so no client could verify it by name; `
      + 'add the host names to dnsNames');
  }
  const refs = listener.tls?.certificateRefs ?? [];
  const ours = refs.length === 1 && refersToSecret(t, refs[0], cert.secretName);
  if (refs.length > 0 && !ours) {
    fail(scope, `${where} already references ${refs.map((r) => `${r.kind ?? 'Secret'} "${r.name}"`).join(', ')} in `
      + 'tls.certificateRefs, and this would make the certificate the listener\'s only one; remove those references first, or '
      + 'use another listener');
  }
  const shim = shimIssuerAnnotation(t.apiObject);
  if (shim !== undefined && hostname !== undefined) {
    fail(scope, `Gateway "${t.name}" (${t.apiObject.node.path}) is annotated for cert-manager's gateway-shim (${shim}), which `
      + 'creates a Certificate for every listener with a hostname and certificateRefs, so it would create a second one for '
      + `Secret "${cert.secretName}"; terminate this listener on a Gateway without the shim annotations, or leave it to the shim`);
  }
  const hosts = hostname !== undefined ? [hostname] : [...cert.dnsNames];
  if (ours && listener.tls?.mode === 'Terminate') return undefined;
  setListenerTls(t, index, listener, cert.secretName);
  return hosts;
}
