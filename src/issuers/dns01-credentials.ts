import { SecretKeySelector } from './secret-key-selector';
import * as cm from '../imports/cert-manager.io';
import { IssuerContext } from './private/issuer-context';
import { checkNonEmpty, checkSubdomain } from '../private/names';
import { Renderer } from './private/issuer-facts';

/** The rendered credential part of a `route53` block. */
type Route53Auth = Pick<cm.IssuerSpecAcmeSolversDns01Route53, 'accessKeyIdSecretRef' | 'secretAccessKeySecretRef' | 'auth'>;

/**
 * Options of {@link Route53Credentials.serviceAccount}.
 */
export interface Route53ServiceAccountOptions {
  /**
   * Audiences of the bound ServiceAccount token cert-manager requests.
   *
   * @default - `sts.amazonaws.com`
   */
  readonly audiences?: string[];
}

/**
 * Options of {@link Route53Credentials.accessKey}.
 */
export interface Route53AccessKeyOptions {
  /** The Secret key holding the AWS access key ID. */
  readonly accessKeyId: SecretKeySelector;
  /** The Secret key holding the AWS secret access key. */
  readonly secretAccessKey: SecretKeySelector;
}

/**
 * How cert-manager authenticates to AWS Route53.
 *
 * @see https://cert-manager.io/docs/configuration/acme/dns01/route53/
 */
export class Route53Credentials {
  /**
   * The controller's own AWS identity: IRSA or EKS Pod Identity on the cert-manager
   * ServiceAccount, or the node's instance profile.
   *
   * Namespaced Issuers may only use ambient credentials when the controller runs with
   * `--issuer-ambient-credentials`; ClusterIssuers may by default.
   */
  public static ambient(): Route53Credentials {
    return new Route53Credentials(true, () => ({}));
  }

  /**
   * A bound token of a ServiceAccount in the issuer's namespace (the cluster resource namespace
   * for a ClusterIssuer), exchanged through `AssumeRoleWithWebIdentity` for the provider's `role`.
   *
   * cert-manager must be allowed to `create` `serviceaccounts/token` for that ServiceAccount.
   *
   * @param serviceAccountName name of the ServiceAccount
   */
  public static serviceAccount(serviceAccountName: string, options: Route53ServiceAccountOptions = {}): Route53Credentials {
    return new Route53Credentials(false, (ctx) => {
      checkSubdomain(ctx.scope, 'Route53Credentials.serviceAccount name', serviceAccountName);
      return { auth: { kubernetes: { serviceAccountRef: { name: serviceAccountName, audiences: options.audiences } } } };
    }, true);
  }

  /**
   * A static IAM access key, read from Secrets. Prefer IRSA or Pod Identity: static keys must be
   * rotated by hand.
   */
  public static accessKey(options: Route53AccessKeyOptions): Route53Credentials {
    return new Route53Credentials(false, (ctx) => ({
      accessKeyIdSecretRef: ctx.secretRef('route53 accessKeyId', options.accessKeyId, 'AWS access key ID'),
      secretAccessKeySecretRef: ctx.secretRef('route53 secretAccessKey', options.secretAccessKey, 'AWS secret access key'),
    }));
  }

  private constructor(
    /** @internal */ public readonly _ambient: boolean,
    private readonly render: Renderer<Route53Auth>,
    /** @internal */ public readonly _needsRole: boolean = false,
  ) {}

  /** @internal */
  public _render(ctx: IssuerContext): Route53Auth {
    return this.render(ctx);
  }
}

/**
 * Options of {@link AzureDnsCredentials.managedIdentity}.
 */
export interface AzureManagedIdentityOptions {
  /**
   * Client ID of a user-assigned managed identity. Set at most one of `clientId` and `resourceId`.
   *
   * @default - the only identity assigned to the node
   */
  readonly clientId?: string;

  /**
   * Resource ID of a user-assigned managed identity. Set at most one of `clientId` and `resourceId`.
   *
   * @default - the only identity assigned to the node
   */
  readonly resourceId?: string;
}

/**
 * Options of {@link AzureDnsCredentials.workloadIdentity}.
 */
export interface AzureWorkloadIdentityOptions {
  /**
   * Client ID of the identity federated with the cert-manager ServiceAccount.
   *
   * @default - `AZURE_CLIENT_ID`, injected into the controller by the workload identity webhook
   */
  readonly clientId?: string;

  /**
   * Tenant ID of the identity.
   *
   * @default - `AZURE_TENANT_ID`, injected into the controller by the workload identity webhook
   */
  readonly tenantId?: string;
}

/**
 * Options of {@link AzureDnsCredentials.servicePrincipal}.
 */
export interface AzureServicePrincipalOptions {
  /** Client (application) ID of the service principal. */
  readonly clientId: string;
  /** Tenant ID of the service principal. */
  readonly tenantId: string;
  /** The Secret key holding the client secret. */
  readonly clientSecret: SecretKeySelector;
}

/**
 * How cert-manager authenticates to Azure DNS.
 *
 * @see https://cert-manager.io/docs/configuration/acme/dns01/azuredns/
 */
export class AzureDnsCredentials {
  /**
   * A managed identity of the node the controller runs on (ambient credentials).
   */
  public static managedIdentity(options: AzureManagedIdentityOptions = {}): AzureDnsCredentials {
    return new AzureDnsCredentials(true, (ctx) => {
      if (options.clientId !== undefined && options.resourceId !== undefined) {
        ctx.fail('AzureDnsCredentials.managedIdentity sets both clientId and resourceId; set only one of them');
      }
      const identity = { clientId: options.clientId, resourceId: options.resourceId };
      return options.clientId === undefined && options.resourceId === undefined ? {} : { managedIdentity: identity };
    });
  }

  /**
   * Microsoft Entra Workload ID: the controller's ServiceAccount token, federated with an
   * identity (ambient credentials; the controller must be set up for workload identity).
   */
  public static workloadIdentity(options: AzureWorkloadIdentityOptions = {}): AzureDnsCredentials {
    return new AzureDnsCredentials(true, () =>
      options.clientId === undefined && options.tenantId === undefined
        ? {}
        : { managedIdentity: { clientId: options.clientId, tenantId: options.tenantId } });
  }

  /**
   * A service principal with a client secret, read from a Secret.
   */
  public static servicePrincipal(options: AzureServicePrincipalOptions): AzureDnsCredentials {
    return new AzureDnsCredentials(false, (ctx) => {
      checkNonEmpty(ctx.scope, 'AzureDnsCredentials.servicePrincipal clientId', options.clientId);
      checkNonEmpty(ctx.scope, 'AzureDnsCredentials.servicePrincipal tenantId', options.tenantId);
      return {
        clientId: options.clientId,
        tenantId: options.tenantId,
        clientSecretSecretRef: ctx.secretRef('azureDNS clientSecret', options.clientSecret, 'Azure client secret'),
      };
    });
  }

  private constructor(
    /** @internal */ public readonly _ambient: boolean,
    private readonly render: Renderer<AzureAuth>,
  ) {}

  /** @internal */
  public _render(ctx: IssuerContext): AzureAuth {
    return this.render(ctx);
  }
}

/** The rendered credential part of an `azureDNS` block. */
type AzureAuth = Pick<cm.IssuerSpecAcmeSolversDns01AzureDns, 'clientId' | 'tenantId' | 'clientSecretSecretRef' | 'managedIdentity'>;
