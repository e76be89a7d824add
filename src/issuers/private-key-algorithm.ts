/**
 * Algorithm and size of a certificate's private key.
 */
export class PrivateKeyAlgorithm {
  /** ECDSA on the P-256 curve: small, fast and widely supported. */
  public static readonly ECDSA_P256 = new PrivateKeyAlgorithm('ECDSA', 256);
  /** ECDSA on the P-384 curve. */
  public static readonly ECDSA_P384 = new PrivateKeyAlgorithm('ECDSA', 384);
  /** RSA with a 2048-bit key. */
  public static readonly RSA_2048 = new PrivateKeyAlgorithm('RSA', 2048);
  /** RSA with a 3072-bit key. */
  public static readonly RSA_3072 = new PrivateKeyAlgorithm('RSA', 3072);
  /** RSA with a 4096-bit key. */
  public static readonly RSA_4096 = new PrivateKeyAlgorithm('RSA', 4096);

  /**
   * @param algorithm `RSA` or `ECDSA`, as cert-manager spells it
   * @param size key size in bits (RSA) or curve size (ECDSA)
   */
  private constructor(
    /** `RSA` or `ECDSA`, as cert-manager spells it. */
    public readonly algorithm: string,
    /** Key size in bits (RSA) or curve size (ECDSA). */
    public readonly size: number,
  ) {}
}
