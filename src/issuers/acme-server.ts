/**
 * Options of {@link AcmeServer.custom}.
 */
export interface CustomAcmeServerOptions {
  /**
   * Whether the server is a staging or test server whose certificates browsers do not trust.
   *
   * @default false
   */
  readonly staging?: boolean;

  /**
   * Whether the server refuses accounts without an email address.
   *
   * @default false
   */
  readonly requiresEmail?: boolean;

  /**
   * Whether the server refuses accounts without External Account Binding.
   *
   * @default false
   */
  readonly requiresExternalAccountBinding?: boolean;
}

/**
 * An ACME directory: a well-known certificate authority or your own.
 *
 * None of the presets requires an email address. Let's Encrypt stopped sending expiry notices
 * on 4 June 2025, so an account email no longer warns anyone of an expiring certificate: alert on
 * cert-manager's `certmanager_certificate_expiration_timestamp_seconds` instead.
 *
 * @see https://cert-manager.io/docs/configuration/acme/
 */
export class AcmeServer {
  /** Let's Encrypt production: publicly trusted certificates, with strict rate limits. */
  public static readonly LETS_ENCRYPT = new AcmeServer('https://acme-v02.api.letsencrypt.org/directory', { staging: false });

  /**
   * Let's Encrypt staging: untrusted certificates with generous rate limits, for testing an
   * issuer before switching to production.
   */
  public static readonly LETS_ENCRYPT_STAGING = new AcmeServer('https://acme-staging-v02.api.letsencrypt.org/directory', { staging: true });

  /** ZeroSSL: publicly trusted certificates; requires External Account Binding. */
  public static readonly ZEROSSL = new AcmeServer('https://acme.zerossl.com/v2/DV90', { requiresExternalAccountBinding: true });

  /** Google Trust Services production: publicly trusted certificates; requires External Account Binding. */
  public static readonly GOOGLE_TRUST_SERVICES = new AcmeServer('https://dv.acme-v02.api.pki.goog/directory', {
    requiresExternalAccountBinding: true,
  });

  /** Google Trust Services staging; requires External Account Binding (staging credentials). */
  public static readonly GOOGLE_TRUST_SERVICES_STAGING = new AcmeServer('https://dv.acme-v02.test-api.pki.goog/directory', {
    staging: true,
    requiresExternalAccountBinding: true,
  });

  /**
   * Any other ACME directory (a private step-ca or Boulder, another public CA). The URL must be
   * https; it is checked when an issuer uses it.
   *
   * @param url URL of the ACME directory endpoint
   */
  public static custom(url: string, options: CustomAcmeServerOptions = {}): AcmeServer {
    return new AcmeServer(url, options);
  }

  /** URL of the ACME directory endpoint. */
  public readonly url: string;

  /** Whether the server issues certificates browsers do not trust (staging or test). */
  public readonly staging: boolean;

  /** Whether the server refuses accounts without an email address. */
  public readonly requiresEmail: boolean;

  /** Whether the server refuses accounts without External Account Binding. */
  public readonly requiresExternalAccountBinding: boolean;

  private constructor(url: string, options: CustomAcmeServerOptions) {
    this.url = url;
    this.staging = options.staging ?? false;
    this.requiresEmail = options.requiresEmail ?? false;
    this.requiresExternalAccountBinding = options.requiresExternalAccountBinding ?? false;
  }
}
