import { Duration } from 'cdk8s';
import { PrivateKeyRotationPolicy } from './certificate-options';
import { IIssuer } from '../issuers/issuer-ref';
import { PrivateKeyAlgorithm } from '../issuers/private-key-algorithm';

/**
 * What cert-manager's certificate shims put into the Certificates they create for an annotated
 * Ingress or Gateway. Each setting becomes a `cert-manager.io/...` annotation on that object and
 * applies to every Certificate the shim creates for it.
 *
 * @see https://cert-manager.io/docs/reference/annotations/
 */
export interface CertificateShimOptions {
  /**
   * The issuer: `cert-manager.io/cluster-issuer` for a ClusterIssuer, `cert-manager.io/issuer`
   * for an Issuer, which must be in the annotated object's namespace.
   */
  readonly issuer: IIssuer;

  /**
   * Common name of the subject (`cert-manager.io/common-name`), at most 64 characters.
   *
   * @default - none
   */
  readonly commonName?: string;

  /**
   * Requested lifetime (`cert-manager.io/duration`), at least one hour. ACME issuers ignore it.
   *
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;

  /**
   * How long before expiry cert-manager renews (`cert-manager.io/renew-before`): at least five
   * minutes and shorter than the duration.
   *
   * @default - a third of the issued certificate's lifetime (cert-manager's default)
   */
  readonly renewBefore?: Duration;

  /**
   * Algorithm and size of the private key (`cert-manager.io/private-key-algorithm` and
   * `cert-manager.io/private-key-size`). Always written, because without them the shims request
   * an RSA 2048 key, unlike a `Certificate`.
   *
   * @default PrivateKeyAlgorithm.ECDSA_P256
   */
  readonly privateKey?: PrivateKeyAlgorithm;

  /**
   * Whether a renewal generates a new private key (`cert-manager.io/private-key-rotation-policy`).
   * Always written, so the behaviour does not depend on the cert-manager version's default.
   *
   * @default PrivateKeyRotationPolicy.ALWAYS
   */
  readonly privateKeyRotationPolicy?: PrivateKeyRotationPolicy;

  /**
   * How many CertificateRequests to keep per Certificate (`cert-manager.io/revision-history-limit`),
   * at least 1.
   *
   * @default - cert-manager's default
   */
  readonly revisionHistoryLimit?: number;
}

/** Options of `IngressShim.annotate`. */
export interface IngressShimOptions extends CertificateShimOptions {
  /**
   * Name of the Secret the TLS entry uses. The ingress-shim creates a Certificate of the same name
   * that writes it.
   */
  readonly secretName: string;

  /**
   * Host names of the TLS entry; they become the certificate's DNS names.
   */
  readonly hosts: string[];
}

/** Options of `GatewayShim.annotate`. */
export interface GatewayShimOptions extends CertificateShimOptions {}
