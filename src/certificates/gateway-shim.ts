import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { GatewayShimOptions } from './shim-options';
import { CertificateGraph, CertificateSource } from '../graph/certificate-graph';
import { fail } from '../private/errors';
import { GatewayTarget, gatewayListeners, isLocalSecretRef, isTlsProtocol, Listener, resolveGateway } from './private/gateway-tls';
import { applyShimAnnotations, recordShimCertificate, shimSettings } from './private/shim-annotations';
import { addManifestValidation } from '../private/synthesis-cache';
import { warn } from '../private/warn';

/**
 * cert-manager's gateway-shim: annotate a Gateway, and cert-manager creates and renews a
 * Certificate for the Secrets its TLS listeners reference.
 *
 * The shim looks at every listener with protocol HTTPS or TLS and takes the ones that have a
 * `hostname`, `tls.mode` Terminate (the default) and `tls.certificateRefs` naming Secrets in the
 * Gateway's namespace. For each such Secret it creates a Certificate of the same name whose DNS
 * names are the hostnames of all listeners referencing it. Other listeners are skipped.
 *
 * The cert-manager controller only runs the gateway-shim when Gateway API support is enabled
 * (`CertManager`'s `controller.gatewayApi`, which passes `--enable-gateway-api`).
 *
 * @see https://cert-manager.io/docs/usage/gateway/
 */
export class GatewayShim {
  /**
   * Annotates `gateway` for the gateway-shim and records the Certificates it will create.
   *
   * Writes `cert-manager.io/cluster-issuer` (or `cert-manager.io/issuer`) and the settings of
   * `options` as annotations; the listeners stay as they are, so add them (with hostnames and
   * certificateRefs) first. Fails when no listener qualifies; warns about HTTPS and TLS listeners
   * the shim skips whose Secret nothing in the app writes.
   *
   * @param gateway the imported `Gateway` or any `gateway.networking.k8s.io` Gateway ApiObject
   */
  public static annotate(gateway: IConstruct, options: GatewayShimOptions): void {
    const t = resolveGateway(gateway, gateway);
    const namespace = t.namespace ?? fail(gateway, `Gateway "${t.name}" has no namespace, and the gateway-shim creates `
      + 'Certificates in the Gateway\'s namespace; set metadata.namespace on the Gateway or a namespace on its Chart');
    const settings = shimSettings(gateway, options, namespace, 'Gateway');
    const graph = CertificateGraph.of(gateway);

    const { handled, skipped } = shimListeners(t);
    if (handled.size === 0) {
      fail(gateway, `Gateway "${t.name}" has no listener the gateway-shim issues a certificate for (protocol HTTPS or TLS, `
        + 'a hostname, tls.mode Terminate and tls.certificateRefs naming a Secret of the Gateway\'s namespace); add such a '
        + 'listener before annotating the Gateway');
    }
    applyShimAnnotations(gateway, t.apiObject, settings);
    for (const [listener, reason] of skipped) {
      const refs = listener.tls?.certificateRefs ?? [];
      if (refs.every((r) => graph.certificateForSecret(r.namespace ?? namespace, r.name) === undefined)) {
        warn(gateway, `the gateway-shim skips listener "${listener.name}" of Gateway "${t.name}" because it ${reason}, and no `
          + 'certificate of this app writes its Secret; fix the listener, or terminate it with a Certificate '
          + '(Certificate.terminateGatewayListener)');
      }
    }
    let recorded = shimSecrets.get(t.apiObject);
    if (!recorded) {
      recorded = new Set();
      shimSecrets.set(t.apiObject, recorded);
      watchGateway(t, recorded);
    }
    for (const [secretName, listeners] of handled) {
      if (recorded.has(secretName)) continue;
      recorded.add(secretName);
      const hosts = [...new Set(listeners.map((l) => l.hostname!))];
      recordShimCertificate(gateway, CertificateSource.GATEWAY_SHIM, t.apiObject, namespace, secretName, hosts, settings);
      for (const l of listeners) {
        graph.addServedHosts({ scope: gateway, kind: 'Gateway', name: t.name, namespace, listener: l.name, hosts: [l.hostname!], secretName });
      }
    }
  }

  private constructor() {}
}

/** Gateways annotated for the gateway-shim → the Secrets recorded for them. */
const shimSecrets = new WeakMap<ApiObject, Set<string>>();

/**
 * The listeners the gateway-shim takes, by Secret, and the HTTPS/TLS listeners it skips, with
 * why. Passthrough listeners are left out: they carry no certificate by design.
 */
function shimListeners(t: GatewayTarget, manifest?: any): { handled: Map<string, Listener[]>; skipped: Array<[Listener, string]> } {
  const handled = new Map<string, Listener[]>();
  const skipped: Array<[Listener, string]> = [];
  for (const l of gatewayListeners(t, manifest)) {
    if (!isTlsProtocol(l.protocol) || l.tls?.mode === 'Passthrough') continue;
    const refs = l.tls?.certificateRefs ?? [];
    const reason = !l.hostname ? 'has no hostname'
      : refs.length === 0 ? 'has no tls.certificateRefs'
        : !refs.every((r) => isLocalSecretRef(t, r)) ? 'references something other than a Secret of the Gateway\'s namespace'
          : undefined;
    if (reason !== undefined) {
      skipped.push([l, reason]);
      continue;
    }
    for (const ref of refs) handled.set(ref.name, [...(handled.get(ref.name) ?? []), l]);
  }
  return { handled, skipped };
}

/** At synth time, fails for listeners the shim will take that were added after `annotate`. */
function watchGateway(t: GatewayTarget, recorded: Set<string>): void {
  const unrecorded = (manifest: any) => [...shimListeners(t, manifest).handled.entries()]
    .filter(([secretName]) => !recorded.has(secretName))
    .map(([secretName, listeners]) => `listener ${listeners.map((l) => `"${l.name}"`).join(', ')} of Gateway "${t.name}" `
      + `references Secret "${secretName}" and the gateway-shim will issue a certificate for it, but the listener was added `
      + 'after GatewayShim.annotate, so the app does not know about that certificate; add every listener before calling '
      + 'GatewayShim.annotate');
  addManifestValidation(t.construct, t.apiObject, unrecorded);
}
