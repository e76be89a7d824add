/**
 * A key in a Kubernetes Secret that holds a credential.
 *
 * The library only ever references credentials: no prop takes a secret value, so no credential
 * ends up in a synthesized manifest. Create the Secret out of band (External Secrets, Sealed
 * Secrets, SOPS, ...).
 *
 * cert-manager reads the Secret from the namespace of an `Issuer`, or from its cluster resource
 * namespace (`cert-manager` by default) for a `ClusterIssuer`. Secret references carry no
 * namespace in the manifest; `namespace` here only documents and checks where the Secret lives.
 */
export interface SecretKeySelector {
  /**
   * Name of the Secret.
   */
  readonly name: string;

  /**
   * Key of the entry in the Secret's `data` that holds the credential.
   */
  readonly key: string;

  /**
   * Namespace the Secret is in. Only checked, never written: it must be the Issuer's namespace,
   * or the cluster resource namespace for a ClusterIssuer, because cert-manager reads the Secret
   * from there and nowhere else.
   *
   * @default - the namespace cert-manager reads the Secret from
   */
  readonly namespace?: string;
}

/**
 * A Secret that an issuer needs at run time, as seen by cert-manager.
 */
export interface SecretDependency {
  /**
   * Namespace cert-manager reads the Secret from.
   */
  readonly namespace: string;

  /**
   * Name of the Secret.
   */
  readonly name: string;

  /**
   * Key read from the Secret.
   *
   * @default - several keys of the Secret (for example `tls.crt` and `tls.key` of a CA Secret)
   */
  readonly key?: string;

  /**
   * What the Secret is for, e.g. `ACME account key` or `Cloudflare API token`.
   */
  readonly purpose: string;

  /**
   * Whether cert-manager creates the Secret itself (the ACME account key, unless account key
   * generation is disabled). When false, someone must create the Secret before the issuer can
   * become ready.
   */
  readonly createdByCertManager: boolean;
}
