import { SecretKeySelector } from './secret-key-selector';
import * as cm from '../imports/cert-manager.io';
import { IssuerContext } from './private/issuer-context';
import { checkNonEmpty, checkSubdomain } from '../private/names';
import { Renderer } from './private/issuer-facts';

/**
 * Options of {@link VaultAuth.kubernetesServiceAccount}.
 */
export interface VaultKubernetesServiceAccountAuthOptions {
  /** The Vault role to log in as. */
  readonly role: string;

  /**
   * The ServiceAccount, in the issuer's namespace (the cluster resource namespace for a
   * ClusterIssuer), whose short-lived bound token cert-manager requests. cert-manager must be
   * allowed to `create` `serviceaccounts/token` for it.
   */
  readonly serviceAccountName: string;

  /**
   * Extra audiences of the token.
   *
   * @default - only the audience cert-manager always adds (`vault://<namespace>/<issuer>`)
   */
  readonly audiences?: string[];

  /**
   * Mount path of Vault's Kubernetes auth method.
   *
   * @default "/v1/auth/kubernetes"
   */
  readonly mountPath?: string;
}

/**
 * Options of {@link VaultAuth.kubernetesSecret}.
 */
export interface VaultKubernetesSecretAuthOptions {
  /** The Vault role to log in as. */
  readonly role: string;

  /** The Secret key holding a long-lived ServiceAccount token. */
  readonly secret: SecretKeySelector;

  /**
   * Mount path of Vault's Kubernetes auth method.
   *
   * @default "/v1/auth/kubernetes"
   */
  readonly mountPath?: string;
}

/**
 * Options of {@link VaultAuth.appRole}.
 */
export interface VaultAppRoleAuthOptions {
  /** The AppRole role ID (not a secret). */
  readonly roleId: string;

  /** The Secret key holding the AppRole secret ID. */
  readonly secretId: SecretKeySelector;

  /**
   * Path the AppRole auth method is mounted at.
   *
   * @default "approle"
   */
  readonly path?: string;
}

/**
 * How cert-manager logs in to Vault.
 *
 * @see https://cert-manager.io/docs/configuration/vault/#authenticating
 */
export class VaultAuth {
  /**
   * Kubernetes auth with a short-lived token of a ServiceAccount (recommended: nothing to rotate).
   */
  public static kubernetesServiceAccount(options: VaultKubernetesServiceAccountAuthOptions): VaultAuth {
    return new VaultAuth((ctx) => {
      checkSubdomain(ctx.scope, 'vault auth serviceAccountName', options.serviceAccountName);
      return {
        kubernetes: {
          role: checkedRole(ctx, options.role),
          mountPath: checkedMountPath(ctx, options.mountPath),
          serviceAccountRef: { name: options.serviceAccountName, audiences: options.audiences },
        },
      };
    });
  }

  /**
   * Kubernetes auth with a long-lived ServiceAccount token read from a Secret.
   */
  public static kubernetesSecret(options: VaultKubernetesSecretAuthOptions): VaultAuth {
    return new VaultAuth((ctx) => ({
      kubernetes: {
        role: checkedRole(ctx, options.role),
        mountPath: checkedMountPath(ctx, options.mountPath),
        secretRef: ctx.secretRef('vault auth secret', options.secret, 'Vault Kubernetes auth token'),
      },
    }));
  }

  /**
   * AppRole auth with a role ID and a secret ID read from a Secret.
   */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    return new VaultAuth((ctx) => {
      checkNonEmpty(ctx.scope, 'vault appRole roleId', options.roleId);
      const path = options.path ?? 'approle';
      checkNonEmpty(ctx.scope, 'vault appRole path', path);
      return {
        appRole: {
          path,
          roleId: options.roleId,
          secretRef: ctx.secretRef('vault appRole secretId', options.secretId, 'Vault AppRole secret ID'),
        },
      };
    });
  }

  /**
   * A Vault token read from a Secret. Tokens expire and cert-manager does not renew them: prefer
   * Kubernetes or AppRole auth.
   */
  public static token(secret: SecretKeySelector): VaultAuth {
    return new VaultAuth((ctx) => ({
      tokenSecretRef: ctx.secretRef('vault token', secret, 'Vault token'),
    }));
  }

  private constructor(private readonly render: Renderer<cm.IssuerSpecVaultAuth>) {}

  /** @internal */
  public _render(ctx: IssuerContext): cm.IssuerSpecVaultAuth {
    return this.render(ctx);
  }
}

function checkedRole(ctx: IssuerContext, role: string): string {
  checkNonEmpty(ctx.scope, 'vault auth role', role);
  return role;
}

function checkedMountPath(ctx: IssuerContext, mountPath: string | undefined): string | undefined {
  if (mountPath !== undefined && !/^\/\S+$/.test(mountPath)) {
    ctx.fail(`vault auth mountPath "${mountPath}" must start with "/"; use for example "/v1/auth/kubernetes"`);
  }
  return mountPath;
}

/**
 * Options of {@link IssuerConfig.vault}.
 */
export interface VaultIssuerOptions {
  /** URL of the Vault server, e.g. `https://vault.example.com:8200`. */
  readonly server: string;

  /**
   * The Vault path that signs certificates, e.g. `pki_int/sign/example-dot-com`.
   */
  readonly path: string;

  /** How cert-manager logs in to Vault. */
  readonly auth: VaultAuth;

  /**
   * Vault Enterprise namespace.
   *
   * @default - the root namespace
   */
  readonly namespace?: string;

  /**
   * PEM bundle of the CAs that sign the Vault server's certificate (a public certificate, not a
   * secret). Set at most one of `caBundle` and `caBundleSecret`.
   *
   * @default - the CAs trusted by the cert-manager controller image
   */
  readonly caBundle?: string;

  /**
   * A Secret key holding the PEM bundle of the CAs that sign the Vault server's certificate.
   *
   * @default - the CAs trusted by the cert-manager controller image
   */
  readonly caBundleSecret?: SecretKeySelector;

  /**
   * Server name to verify the Vault server's certificate against (SNI), when it differs from the
   * host of `server`.
   *
   * @default - the host of `server`
   */
  readonly serverName?: string;
}
