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
 * Options of {@link VaultAuth.aws}.
 */
export interface VaultAwsAuthOptions {
  /** The Vault role (of the AWS auth method) to log in as. */
  readonly role: string;

  /**
   * A ServiceAccount, in the issuer's namespace (the cluster resource namespace for a
   * ClusterIssuer), whose bound token cert-manager exchanges for `iamRoleArn` through
   * `AssumeRoleWithWebIdentity` (IAM Roles for Service Accounts). cert-manager must be allowed
   * to `create` `serviceaccounts/token` for it. Set together with `iamRoleArn`.
   *
   * @default - cert-manager's own AWS identity (IRSA or EKS Pod Identity on its ServiceAccount, or the node's role)
   */
  readonly serviceAccountName?: string;

  /**
   * Audience of the ServiceAccount token (cert-manager requests the token for one audience).
   *
   * @default - `sts.amazonaws.com`
   */
  readonly audience?: string;

  /**
   * ARN of the IAM role to assume with the ServiceAccount token. Required with
   * `serviceAccountName`.
   *
   * @default - none (ambient identity)
   */
  readonly iamRoleArn?: string;

  /**
   * AWS region of the STS endpoint used to sign the login request.
   *
   * @default - `AWS_REGION` or `AWS_DEFAULT_REGION` of the controller, else us-east-1
   */
  readonly region?: string;

  /**
   * Value of the `X-Vault-AWS-IAM-Server-ID` header, when the Vault role requires one (protects
   * against replaying the signed request to another Vault).
   *
   * @default - no header
   */
  readonly vaultHeaderValue?: string;

  /**
   * Mount path of Vault's AWS auth method.
   *
   * @default "/v1/auth/aws"
   */
  readonly mountPath?: string;
}

/**
 * Options of {@link VaultAuth.clientCertificate}.
 */
export interface VaultClientCertificateAuthOptions {
  /**
   * A `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) in the issuer's namespace (the cluster
   * resource namespace for a ClusterIssuer) holding the client certificate cert-manager presents.
   * A `Certificate` of this library can keep it renewed.
   */
  readonly secretName: string;

  /**
   * The certificate role of Vault's cert auth method to log in against.
   *
   * @default - any certificate role that matches the client certificate
   */
  readonly certificateRole?: string;

  /**
   * Mount path of Vault's cert auth method.
   *
   * @default "/v1/auth/cert"
   */
  readonly mountPath?: string;
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

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

  /**
   * AWS IAM auth: cert-manager signs an STS `GetCallerIdentity` request with an AWS identity and
   * Vault's AWS auth method maps it to `role`. The identity is cert-manager's own (IRSA or EKS
   * Pod Identity on the controller, the node's role), or a ServiceAccount's token exchanged for
   * `iamRoleArn`.
   *
   * @see https://developer.hashicorp.com/vault/docs/auth/aws#iam-auth-method
   */
  public static aws(options: VaultAwsAuthOptions): VaultAuth {
    return new VaultAuth((ctx) => {
      if (!options) ctx.fail('vault auth aws options are missing; pass at least { role }');
      if (options.role === undefined) {
        ctx.fail('vault auth aws has no role; set role to the Vault role of the AWS auth method that cert-manager logs in as');
      }
      const role = checkedRole(ctx, options.role);
      if (options.iamRoleArn !== undefined && !IAM_ROLE_ARN.test(options.iamRoleArn)) {
        ctx.fail(`vault auth aws iamRoleArn "${options.iamRoleArn}" is not an IAM role ARN; use arn:aws:iam::<12-digit account>:role/<name>`);
      }
      if (options.serviceAccountName !== undefined && options.iamRoleArn === undefined) {
        ctx.fail(`vault auth aws serviceAccountName "${options.serviceAccountName}" is set without iamRoleArn; cert-manager exchanges the `
          + 'ServiceAccount token for that role; set iamRoleArn, or remove serviceAccountName to use cert-manager\'s own AWS identity');
      }
      if (options.audience !== undefined && options.serviceAccountName === undefined) {
        ctx.fail(`vault auth aws audience "${options.audience}" is set without serviceAccountName; it only applies to a ServiceAccount `
          + 'token; set serviceAccountName or remove audience');
      }
      if (options.audience !== undefined) checkNonEmpty(ctx.scope, 'vault auth aws audience', options.audience);
      if (options.region !== undefined && !AWS_REGION.test(options.region)) {
        ctx.fail(`vault auth aws region "${options.region}" is not an AWS region; use a region code such as "eu-west-1"`);
      }
      if (options.vaultHeaderValue !== undefined) checkNonEmpty(ctx.scope, 'vault auth aws vaultHeaderValue', options.vaultHeaderValue);
      if (options.serviceAccountName !== undefined) checkSubdomain(ctx.scope, 'vault auth aws serviceAccountName', options.serviceAccountName);
      return {
        aws: {
          role,
          mountPath: checkedMountPath(ctx, options.mountPath, '/v1/auth/aws'),
          region: options.region,
          iamRoleArn: options.iamRoleArn,
          vaultHeaderValue: options.vaultHeaderValue,
          serviceAccountRef: options.serviceAccountName === undefined ? undefined
            : { name: options.serviceAccountName, audiences: options.audience === undefined ? undefined : [options.audience] },
        },
      };
    });
  }

  /**
   * TLS client-certificate auth: cert-manager presents the certificate of a `kubernetes.io/tls`
   * Secret, and Vault's cert auth method maps it to a certificate role. The Vault server must be
   * reached over https (always the case here).
   *
   * @see https://developer.hashicorp.com/vault/docs/auth/cert
   */
  public static clientCertificate(options: VaultClientCertificateAuthOptions): VaultAuth {
    return new VaultAuth((ctx) => {
      if (!options || options.secretName === undefined) {
        ctx.fail('vault auth clientCertificate has no secretName; set it to the kubernetes.io/tls Secret holding the client certificate');
      }
      if (options.certificateRole !== undefined) checkNonEmpty(ctx.scope, 'vault auth clientCertificate certificateRole', options.certificateRole);
      return {
        clientCertificate: {
          secretName: ctx.secretName('vault auth clientCertificate secretName', options.secretName, 'Vault client certificate and key', false),
          name: options.certificateRole,
          mountPath: checkedMountPath(ctx, options.mountPath, '/v1/auth/cert'),
        },
      };
    });
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

function checkedMountPath(ctx: IssuerContext, mountPath: string | undefined, example = '/v1/auth/kubernetes'): string | undefined {
  if (mountPath !== undefined && !/^\/\S+$/.test(mountPath)) {
    ctx.fail(`vault auth mountPath "${mountPath}" must start with "/"; use for example "${example}"`);
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
   * A Secret key holding the PEM client certificate cert-manager presents when the Vault server
   * requires mutual TLS on every connection. Set together with `clientKeySecret`. (To log in with
   * a certificate, use `VaultAuth.clientCertificate`.)
   *
   * @default - no client certificate on the connection
   */
  readonly clientCertificateSecret?: SecretKeySelector;

  /**
   * A Secret key holding the PEM private key of `clientCertificateSecret`.
   *
   * @default - no client certificate on the connection
   */
  readonly clientKeySecret?: SecretKeySelector;

  /**
   * Server name to verify the Vault server's certificate against (SNI), when it differs from the
   * host of `server`.
   *
   * @default - the host of `server`
   */
  readonly serverName?: string;
}
