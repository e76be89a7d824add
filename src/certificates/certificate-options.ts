import { SecretKeySelector } from '../issuers/secret-key-selector';

/**
 * Key usages and extended key usages a certificate can request.
 *
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.KeyUsage
 */
export enum KeyUsage {
  /** `signing` */
  SIGNING = 'signing',
  /** `digital signature` */
  DIGITAL_SIGNATURE = 'digital signature',
  /** `content commitment` */
  CONTENT_COMMITMENT = 'content commitment',
  /** `key encipherment` */
  KEY_ENCIPHERMENT = 'key encipherment',
  /** `key agreement` */
  KEY_AGREEMENT = 'key agreement',
  /** `data encipherment` */
  DATA_ENCIPHERMENT = 'data encipherment',
  /** `cert sign`: signs other certificates (a CA). */
  CERT_SIGN = 'cert sign',
  /** `crl sign` */
  CRL_SIGN = 'crl sign',
  /** `encipher only` */
  ENCIPHER_ONLY = 'encipher only',
  /** `decipher only` */
  DECIPHER_ONLY = 'decipher only',
  /** `any` */
  ANY = 'any',
  /** `server auth`: a TLS server. */
  SERVER_AUTH = 'server auth',
  /** `client auth`: a TLS client (mTLS). */
  CLIENT_AUTH = 'client auth',
  /** `code signing` */
  CODE_SIGNING = 'code signing',
  /** `email protection` */
  EMAIL_PROTECTION = 'email protection',
  /** `s/mime` */
  SMIME = 's/mime',
  /** `ipsec end system` */
  IPSEC_END_SYSTEM = 'ipsec end system',
  /** `ipsec tunnel` */
  IPSEC_TUNNEL = 'ipsec tunnel',
  /** `ipsec user` */
  IPSEC_USER = 'ipsec user',
  /** `timestamping` */
  TIMESTAMPING = 'timestamping',
  /** `ocsp signing` */
  OCSP_SIGNING = 'ocsp signing',
  /** `microsoft sgc` */
  MICROSOFT_SGC = 'microsoft sgc',
  /** `netscape sgc` */
  NETSCAPE_SGC = 'netscape sgc',
}

/** How the private key is encoded in the Secret's `tls.key`. */
export enum PrivateKeyEncoding {
  /** PKCS#1 (`BEGIN RSA PRIVATE KEY` / `BEGIN EC PRIVATE KEY`): cert-manager's default. */
  PKCS1 = 'PKCS1',
  /** PKCS#8 (`BEGIN PRIVATE KEY`): what Java and many newer libraries expect. */
  PKCS8 = 'PKCS8',
}

/** Whether a renewal generates a new private key. */
export enum PrivateKeyRotationPolicy {
  /** A new key on every issuance: a leaked key stops being useful at the next renewal. */
  ALWAYS = 'Always',
  /** Keep the key in the Secret across renewals (for pinned keys, or CAs whose key others trust). */
  NEVER = 'Never',
}

/** Extra formats cert-manager writes into the certificate Secret. */
export enum AdditionalOutputFormat {
  /** `tls-combined.pem`: the private key followed by the certificate chain. */
  COMBINED_PEM = 'CombinedPEM',
  /** `key.der`: the private key in DER. */
  DER = 'DER',
}

/** Encryption profile of a PKCS#12 keystore. */
export enum Pkcs12Profile {
  /** RC2: readable by old Java and OpenSSL, refused by OpenSSL 3 and Java 20 by default. */
  LEGACY_RC2 = 'LegacyRC2',
  /** 3DES: the most compatible choice. */
  LEGACY_DES = 'LegacyDES',
  /** AES-256 with PBKDF2 (as of 2023): readable by OpenSSL 3 and Java 12 and later. */
  MODERN_2023 = 'Modern2023',
  /** PBMAC1 with AES-256 (as of 2026): needs OpenSSL 3.4 or Java 26. */
  MODERN_2026 = 'Modern2026',
}

/** Options of a PKCS#12 keystore. */
export interface Pkcs12KeystoreOptions {
  /**
   * The Secret key holding the keystore password, in the Certificate's namespace.
   */
  readonly passwordSecret: SecretKeySelector;

  /**
   * Encryption profile.
   *
   * @default Pkcs12Profile.MODERN_2023
   */
  readonly profile?: Pkcs12Profile;
}

/** Options of a JKS keystore. */
export interface JksKeystoreOptions {
  /**
   * The Secret key holding the keystore password, in the Certificate's namespace.
   */
  readonly passwordSecret: SecretKeySelector;

  /**
   * Alias of the key entry in the keystore.
   *
   * @default "certificate"
   */
  readonly alias?: string;
}

/**
 * A keystore cert-manager writes into the certificate Secret next to the PEM files, for Java and
 * other consumers that cannot read PEM. The password is referenced from a Secret, never written
 * into a manifest.
 */
export class Keystore {
  /**
   * A PKCS#12 keystore: `keystore.p12` (and `truststore.p12` when the issuer returns a CA).
   */
  public static pkcs12(options: Pkcs12KeystoreOptions): Keystore {
    return new Keystore('pkcs12', options.passwordSecret, options.profile ?? Pkcs12Profile.MODERN_2023, undefined);
  }

  /**
   * A JKS keystore: `keystore.jks` (and `truststore.jks` when the issuer returns a CA).
   */
  public static jks(options: JksKeystoreOptions): Keystore {
    return new Keystore('jks', options.passwordSecret, undefined, options.alias);
  }

  private constructor(
    /** `pkcs12` or `jks`. */
    public readonly format: string,
    /** The Secret key holding the password. */
    public readonly passwordSecret: SecretKeySelector,
    /** PKCS#12 profile; undefined for JKS. */
    public readonly profile?: Pkcs12Profile,
    /** JKS alias; undefined for PKCS#12 or the default alias. */
    public readonly alias?: string,
  ) {}
}

/** Subject fields of a certificate other than the common name. */
export interface CertificateSubject {
  /**
   * Organizations (O).
   *
   * @default - none
   */
  readonly organizations?: string[];

  /**
   * Organizational units (OU).
   *
   * @default - none
   */
  readonly organizationalUnits?: string[];

  /**
   * Countries (C), as two-letter codes.
   *
   * @default - none
   */
  readonly countries?: string[];

  /**
   * States or provinces (ST).
   *
   * @default - none
   */
  readonly provinces?: string[];

  /**
   * Cities (L).
   *
   * @default - none
   */
  readonly localities?: string[];

  /**
   * Street addresses.
   *
   * @default - none
   */
  readonly streetAddresses?: string[];

  /**
   * Postal codes.
   *
   * @default - none
   */
  readonly postalCodes?: string[];

  /**
   * Serial number attribute of the subject (not the certificate's serial).
   *
   * @default - none
   */
  readonly serialNumber?: string;
}

/** Names a CA certificate may (or may not) sign for. */
export interface NameConstraintItems {
  /**
   * DNS domains, e.g. `example.com` (covers its subdomains).
   *
   * @default - none
   */
  readonly dnsDomains?: string[];

  /**
   * IP ranges in CIDR notation, e.g. `10.0.0.0/8`.
   *
   * @default - none
   */
  readonly ipRanges?: string[];

  /**
   * Email addresses or domains.
   *
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * URI domains.
   *
   * @default - none
   */
  readonly uriDomains?: string[];
}

/**
 * X.509 name constraints of a CA certificate: the names the CA may sign for. Only valid with
 * `isCa: true`, and only honoured when cert-manager runs with the `NameConstraints` feature gate.
 */
export interface NameConstraints {
  /**
   * Mark the extension critical, so clients that do not understand it reject the certificate.
   *
   * @default false
   */
  readonly critical?: boolean;

  /**
   * Names the CA may sign for.
   *
   * @default - no restriction
   */
  readonly permitted?: NameConstraintItems;

  /**
   * Names the CA must not sign for, whatever `permitted` says.
   *
   * @default - none
   */
  readonly excluded?: NameConstraintItems;
}

/** Options of `Certificate.terminateIngress`. */
export interface TerminateIngressOptions {
  /**
   * The hosts of the TLS entry: some of the certificate's DNS names (or names a wildcard DNS
   * name covers), when the Ingress should serve only those.
   *
   * @default - every DNS name of the certificate
   */
  readonly hosts?: string[];
}
