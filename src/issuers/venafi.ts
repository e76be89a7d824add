import { SecretKeySelector } from './secret-key-selector';

/**
 * Options of {@link IssuerConfig.venafiTpp}.
 */
export interface VenafiTppIssuerOptions {
  /**
   * The policy folder requests are made in, whose policy decides what is issued, e.g.
   * `\VED\Policy\Teams\Payments` (a leading `\VED\Policy\` may be left out).
   */
  readonly zone: string;

  /**
   * Base URL of the Venafi TPP (CyberArk Certificate Manager Self-Hosted) vedsdk endpoint, e.g.
   * `https://tpp.example.com/vedsdk`.
   */
  readonly url: string;

  /**
   * Name of the Secret with the API credentials, in the issuer's namespace (the cluster resource
   * namespace for a ClusterIssuer): key `access-token` for token auth, or `username` and
   * `password`.
   */
  readonly credentialsSecretName: string;

  /**
   * PEM bundle of the CAs that sign the TPP server's TLS certificate (not a secret). Set at most
   * one of `caBundle` and `caBundleSecret`.
   *
   * @default - the CAs trusted by the cert-manager controller image
   */
  readonly caBundle?: string;

  /**
   * A Secret key holding the PEM bundle of the CAs that sign the TPP server's TLS certificate.
   *
   * @default - the CAs trusted by the cert-manager controller image
   */
  readonly caBundleSecret?: SecretKeySelector;
}

/**
 * Options of {@link IssuerConfig.venafiCloud}.
 */
export interface VenafiCloudIssuerOptions {
  /**
   * The application and issuing template requests are made with, as
   * `<application name>\<issuing template alias>`, e.g. `Payments\Default`.
   */
  readonly zone: string;

  /** The Secret key holding the Venafi Cloud (CyberArk Certificate Manager SaaS) API key. */
  readonly apiTokenSecret: SecretKeySelector;

  /**
   * Base URL of the Venafi Cloud API, e.g. `https://api.venafi.eu/` for the EU region.
   *
   * @default - cert-manager's default, `https://api.venafi.cloud/`
   */
  readonly url?: string;
}
