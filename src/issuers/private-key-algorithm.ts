/**
 * Algorithm and size of a certificate's private key.
 *
 * Use a preset, or `PrivateKeyAlgorithm.rsa(size)` / `PrivateKeyAlgorithm.ecdsa(size)` for
 * another size. Sizes are checked where the algorithm is used, so the error names the
 * certificate: RSA keys must be 2048 to 8192 bits, ECDSA curves 256, 384 or 521.
 */
export class PrivateKeyAlgorithm {
  /** ECDSA on the P-256 curve: small, fast and widely supported. */
  public static readonly ECDSA_P256 = new PrivateKeyAlgorithm('ECDSA', 256);
  /** ECDSA on the P-384 curve. */
  public static readonly ECDSA_P384 = new PrivateKeyAlgorithm('ECDSA', 384);
  /** ECDSA on the P-521 curve. */
  public static readonly ECDSA_P521 = new PrivateKeyAlgorithm('ECDSA', 521);
  /** RSA with a 2048-bit key: the choice for clients that do not support ECDSA. */
  public static readonly RSA_2048 = new PrivateKeyAlgorithm('RSA', 2048);
  /** RSA with a 3072-bit key. */
  public static readonly RSA_3072 = new PrivateKeyAlgorithm('RSA', 3072);
  /** RSA with a 4096-bit key. */
  public static readonly RSA_4096 = new PrivateKeyAlgorithm('RSA', 4096);
  /** Ed25519. Not accepted by public ACME CAs such as Let's Encrypt, nor by many TLS clients. */
  public static readonly ED25519 = new PrivateKeyAlgorithm('Ed25519', undefined);

  /**
   * An RSA key of another size (2048 to 8192 bits).
   *
   * @param size key size in bits
   */
  public static rsa(size: number): PrivateKeyAlgorithm {
    return new PrivateKeyAlgorithm('RSA', size);
  }

  /**
   * An ECDSA key on another curve (256, 384 or 521).
   *
   * @param size curve size
   */
  public static ecdsa(size: number): PrivateKeyAlgorithm {
    return new PrivateKeyAlgorithm('ECDSA', size);
  }

  /**
   * @param algorithm `RSA`, `ECDSA` or `Ed25519`, as cert-manager spells it
   * @param size key size in bits (RSA) or curve size (ECDSA); undefined for Ed25519
   */
  private constructor(
    /** `RSA`, `ECDSA` or `Ed25519`, as cert-manager spells it. */
    public readonly algorithm: string,
    /** Key size in bits (RSA) or curve size (ECDSA); undefined for Ed25519. */
    public readonly size?: number,
  ) {}
}
