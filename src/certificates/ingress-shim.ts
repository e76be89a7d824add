import { IConstruct } from 'constructs';
import { IngressShimOptions } from './shim-options';
import { CertificateGraph, CertificateSource } from '../graph/certificate-graph';
import { fail } from '../private/errors';
import { addIngressTls, ingressSpec, markShimSecret, resolveIngress } from './private/ingress-tls';
import { checkSubdomain } from '../private/names';
import { checkDnsName } from '../private/san';
import { applyShimAnnotations, recordShimCertificate, shimSettings } from './private/shim-annotations';

/**
 * cert-manager's ingress-shim: annotate an Ingress, and cert-manager creates and renews a
 * Certificate for each of its TLS entries.
 *
 * Use it when the Ingress should own its certificate (deleting the Ingress deletes the
 * Certificate, though not the Secret). To share one certificate between an Ingress and
 * workloads that mount it, declare a `Certificate` and call `terminateIngress` instead.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export class IngressShim {
  /**
   * Annotates `ingress` for the ingress-shim and adds the TLS entry `{ hosts, secretName }`.
   *
   * Writes `cert-manager.io/cluster-issuer` (or `cert-manager.io/issuer`) and the settings of
   * `options` as annotations, and adds the TLS entry unless it is there already. The shim then
   * creates a Certificate named `secretName` in the Ingress's namespace with `hosts` as its DNS
   * names. The shim issues a certificate for every TLS entry of the Ingress, so entries already
   * there are recorded as shim certificates too, with the same settings; call `annotate` once per
   * Secret, with the same issuer and settings each time.
   *
   * @param ingress a cdk8s-plus Ingress or a `networking.k8s.io/v1` Ingress ApiObject
   */
  public static annotate(ingress: IConstruct, options: IngressShimOptions): void {
    const t = resolveIngress(ingress, ingress);
    const namespace = t.namespace ?? fail(ingress, `Ingress "${t.name}" has no namespace, and the ingress-shim creates the `
      + 'Certificate in the Ingress\'s namespace; set metadata.namespace on the Ingress or a namespace on its Chart');
    const secretName = options.secretName;
    checkSubdomain(ingress, 'secretName', secretName);
    const hosts = options.hosts ?? [];
    if (hosts.length === 0) fail(ingress, 'hosts is empty; list the host names the certificate is for, e.g. ["app.example.com"]');
    hosts.forEach((h, i) => {
      checkDnsName(ingress, `hosts[${i}]`, h);
      if (hosts.indexOf(h) !== i) fail(ingress, `hosts lists "${h}" twice; list each host once`);
    });
    const settings = shimSettings(ingress, options, namespace, 'Ingress');
    applyShimAnnotations(ingress, t.apiObject, settings);

    const graph = CertificateGraph.of(ingress);
    const record = (secret: string, entryHosts: string[]) => {
      if (!markShimSecret(t, secret)) return;
      recordShimCertificate(ingress, CertificateSource.INGRESS_SHIM, t.apiObject, namespace, secret, entryHosts, settings);
      graph.addServedHosts({ scope: ingress, kind: 'Ingress', name: t.name, namespace, hosts: entryHosts, secretName: secret });
    };
    for (const entry of ingressSpec(t).tls) {
      if (entry.secretName !== undefined && entry.hosts.length > 0) record(entry.secretName, entry.hosts);
    }
    addIngressTls(ingress, ingress, t, secretName, [...hosts]);
    record(secretName, [...hosts]);
  }

  private constructor() {}
}
