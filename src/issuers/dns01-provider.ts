import { AzureDnsCredentials, Route53Credentials } from './dns01-credentials';
import { SecretKeySelector } from './secret-key-selector';
import * as cm from '../imports/cert-manager.io';
import { IssuerContext } from './private/issuer-context';
import { checkEmail, checkHttpsUrl, checkNonEmpty, checkSubdomain } from '../private/names';
import { Renderer, RenderedDns01Provider } from './private/issuer-facts';

/**
 * Options of {@link Dns01Provider.route53}.
 */
export interface Route53ProviderOptions {
  /**
   * How cert-manager authenticates to AWS.
   *
   * @default Route53Credentials.ambient()
   */
  readonly credentials?: Route53Credentials;

  /**
   * ARN of an IAM role to assume. Required with `Route53Credentials.serviceAccount`.
   *
   * @default - no role is assumed; the credentials are used directly
   */
  readonly role?: string;

  /**
   * AWS region hint for the credential scope. Not needed with IRSA or EKS Pod Identity.
   *
   * @default - `AWS_REGION` / `AWS_DEFAULT_REGION` of the controller
   */
  readonly region?: string;

  /**
   * ID of the hosted zone to manage, which saves the `route53:ListHostedZonesByName` lookup.
   *
   * @default - the zone is looked up by name
   */
  readonly hostedZoneId?: string;
}

/**
 * Options of {@link Dns01Provider.cloudflare}.
 */
export interface CloudflareProviderOptions {
  /**
   * The Secret key holding a Cloudflare API token with `Zone:DNS:Edit` and `Zone:Zone:Read`
   * permissions.
   */
  readonly apiToken: SecretKeySelector;
}

/**
 * Options of {@link Dns01Provider.cloudflareApiKey}.
 */
export interface CloudflareApiKeyProviderOptions {
  /** The Secret key holding the global API key of the Cloudflare account. */
  readonly apiKey: SecretKeySelector;
  /** Email address of the Cloudflare account the API key belongs to. */
  readonly email: string;
}

/**
 * Options of {@link Dns01Provider.cloudDns}.
 */
export interface CloudDnsProviderOptions {
  /** ID of the Google Cloud project that holds the zone. */
  readonly project: string;

  /**
   * Name of the managed zone, which saves a lookup.
   *
   * @default - the zone is looked up by name
   */
  readonly hostedZoneName?: string;

  /**
   * The Secret key holding a service account key (JSON).
   *
   * @default - ambient credentials: GKE Workload Identity or the node's service account
   */
  readonly serviceAccountKey?: SecretKeySelector;
}

/**
 * Azure clouds, for {@link AzureDnsProviderOptions.environment}.
 */
export enum AzureEnvironment {
  /** The global Azure cloud. */
  AZURE_PUBLIC_CLOUD = 'AzurePublicCloud',
  /** Azure China. */
  AZURE_CHINA_CLOUD = 'AzureChinaCloud',
  /** Azure Germany. */
  AZURE_GERMAN_CLOUD = 'AzureGermanCloud',
  /** Azure US Government. */
  AZURE_US_GOVERNMENT_CLOUD = 'AzureUSGovernmentCloud',
}

/**
 * Kinds of Azure DNS zone.
 */
export enum AzureDnsZoneType {
  /** A public DNS zone. */
  PUBLIC = 'AzurePublicZone',
  /** A private DNS zone. */
  PRIVATE = 'AzurePrivateZone',
}

/**
 * Options of {@link Dns01Provider.azureDns}.
 */
export interface AzureDnsProviderOptions {
  /** ID of the subscription that holds the zone. */
  readonly subscriptionId: string;

  /** Resource group of the zone. */
  readonly resourceGroupName: string;

  /**
   * Name of the zone, which saves a lookup.
   *
   * @default - the zone is looked up by name
   */
  readonly hostedZoneName?: string;

  /**
   * The Azure cloud.
   *
   * @default AzureEnvironment.AZURE_PUBLIC_CLOUD
   */
  readonly environment?: AzureEnvironment;

  /**
   * Whether the zone is public or private.
   *
   * @default AzureDnsZoneType.PUBLIC
   */
  readonly zoneType?: AzureDnsZoneType;

  /**
   * How cert-manager authenticates to Azure.
   *
   * @default AzureDnsCredentials.managedIdentity()
   */
  readonly credentials?: AzureDnsCredentials;
}

/**
 * Options of {@link Dns01Provider.digitalOcean}.
 */
export interface DigitalOceanProviderOptions {
  /** The Secret key holding a DigitalOcean API token. */
  readonly token: SecretKeySelector;
}

/**
 * TSIG algorithms for RFC2136 dynamic updates.
 */
export enum TsigAlgorithm {
  /** HMAC-MD5 (cert-manager's default; weak, use only when the server requires it). */
  HMAC_MD5 = 'HMACMD5',
  /** HMAC-SHA1. */
  HMAC_SHA1 = 'HMACSHA1',
  /** HMAC-SHA256. */
  HMAC_SHA256 = 'HMACSHA256',
  /** HMAC-SHA512. */
  HMAC_SHA512 = 'HMACSHA512',
}

/**
 * Transport of RFC2136 updates.
 */
export enum Rfc2136Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
}

/**
 * Options of {@link Dns01Provider.rfc2136}.
 */
export interface Rfc2136ProviderOptions {
  /**
   * The authoritative DNS server that accepts dynamic updates, as `host` or `host:port`
   * (IPv6 in brackets: `[2001:db8::1]:53`).
   */
  readonly nameserver: string;

  /**
   * Name of the TSIG key. Set together with `tsigSecret`.
   *
   * @default - updates are not signed
   */
  readonly tsigKeyName?: string;

  /**
   * The Secret key holding the base64 TSIG secret. Set together with `tsigKeyName`.
   *
   * @default - updates are not signed
   */
  readonly tsigSecret?: SecretKeySelector;

  /**
   * The TSIG algorithm; it must match the key configured on the server.
   *
   * @default - cert-manager's default, HMAC-MD5
   */
  readonly tsigAlgorithm?: TsigAlgorithm;

  /**
   * The transport for updates.
   *
   * @default Rfc2136Protocol.UDP
   */
  readonly protocol?: Rfc2136Protocol;
}

/**
 * Options of {@link Dns01Provider.akamai}.
 */
export interface AkamaiProviderOptions {
  /** The Akamai EdgeGrid service consumer domain (host). */
  readonly serviceConsumerDomain: string;
  /** The Secret key holding the EdgeGrid client token. */
  readonly clientToken: SecretKeySelector;
  /** The Secret key holding the EdgeGrid client secret. */
  readonly clientSecret: SecretKeySelector;
  /** The Secret key holding the EdgeGrid access token. */
  readonly accessToken: SecretKeySelector;
}

/**
 * Options of {@link Dns01Provider.acmeDns}.
 */
export interface AcmeDnsProviderOptions {
  /** URL of the acme-dns server, e.g. `https://auth.acme-dns.io`. */
  readonly host: string;
  /** The Secret key holding the acme-dns account JSON (one entry per domain). */
  readonly accountSecret: SecretKeySelector;
}

/**
 * Options of {@link Dns01Provider.webhook}.
 */
export interface WebhookProviderOptions {
  /**
   * The API group the webhook solver registered, e.g. `acme.example.com`.
   */
  readonly groupName: string;

  /**
   * The name of the solver within the webhook.
   */
  readonly solverName: string;

  /**
   * Configuration passed to the webhook as JSON. Put credentials in a Secret and reference it
   * here by name; never put credential values in this object, since it is written to the manifest.
   *
   * @default - no configuration
   */
  readonly config?: { [key: string]: any };
}

/**
 * The DNS provider a DNS-01 solver writes its TXT records with.
 *
 * Each factory configures exactly one provider, so a solver can neither lack a provider nor
 * have two. Credentials are referenced by Secret name and key, never given as values.
 *
 * @see https://cert-manager.io/docs/configuration/acme/dns01/
 */
export class Dns01Provider {
  /**
   * AWS Route53.
   */
  public static route53(options: Route53ProviderOptions = {}): Dns01Provider {
    const credentials = options.credentials ?? Route53Credentials.ambient();
    return new Dns01Provider('route53', credentials._ambient, (ctx) => {
      if (credentials._needsRole && options.role === undefined) {
        ctx.fail('route53 uses Route53Credentials.serviceAccount but no role is set; set role to the ARN of the IAM '
          + 'role the ServiceAccount token is exchanged for');
      }
      return {
        route53: {
          ...credentials._render(ctx),
          role: options.role,
          region: options.region,
          hostedZoneId: options.hostedZoneId,
        },
      };
    });
  }

  /**
   * Cloudflare, with an API token (recommended).
   */
  public static cloudflare(options: CloudflareProviderOptions): Dns01Provider {
    return new Dns01Provider('cloudflare', false, (ctx) => ({
      cloudflare: { apiTokenSecretRef: ctx.secretRef('cloudflare apiToken', options.apiToken, 'Cloudflare API token') },
    }));
  }

  /**
   * Cloudflare, with the account's global API key and email. Prefer `cloudflare()` with a
   * scoped API token: the global key can change anything in the account.
   */
  public static cloudflareApiKey(options: CloudflareApiKeyProviderOptions): Dns01Provider {
    return new Dns01Provider('cloudflare', false, (ctx) => {
      checkEmail(ctx.scope, 'cloudflare email', options.email);
      return {
        cloudflare: {
          email: options.email,
          apiKeySecretRef: ctx.secretRef('cloudflare apiKey', options.apiKey, 'Cloudflare API key'),
        },
      };
    });
  }

  /**
   * Google Cloud DNS.
   */
  public static cloudDns(options: CloudDnsProviderOptions): Dns01Provider {
    return new Dns01Provider('cloudDNS', options.serviceAccountKey === undefined, (ctx) => {
      checkNonEmpty(ctx.scope, 'cloudDNS project', options.project);
      return {
        cloudDns: {
          project: options.project,
          hostedZoneName: options.hostedZoneName,
          serviceAccountSecretRef: options.serviceAccountKey
            && ctx.secretRef('cloudDNS serviceAccountKey', options.serviceAccountKey, 'Google service account key'),
        },
      };
    });
  }

  /**
   * Azure DNS.
   */
  public static azureDns(options: AzureDnsProviderOptions): Dns01Provider {
    const credentials = options.credentials ?? AzureDnsCredentials.managedIdentity();
    return new Dns01Provider('azureDNS', credentials._ambient, (ctx) => {
      checkNonEmpty(ctx.scope, 'azureDNS subscriptionId', options.subscriptionId);
      checkNonEmpty(ctx.scope, 'azureDNS resourceGroupName', options.resourceGroupName);
      return {
        azureDns: {
          subscriptionId: options.subscriptionId,
          resourceGroupName: options.resourceGroupName,
          hostedZoneName: options.hostedZoneName,
          environment: options.environment as string as cm.IssuerSpecAcmeSolversDns01AzureDnsEnvironment | undefined,
          zoneType: options.zoneType as string as cm.IssuerSpecAcmeSolversDns01AzureDnsZoneType | undefined,
          ...credentials._render(ctx),
        },
      };
    });
  }

  /**
   * DigitalOcean DNS.
   */
  public static digitalOcean(options: DigitalOceanProviderOptions): Dns01Provider {
    return new Dns01Provider('digitalocean', false, (ctx) => ({
      digitalocean: { tokenSecretRef: ctx.secretRef('digitalocean token', options.token, 'DigitalOcean API token') },
    }));
  }

  /**
   * RFC2136 dynamic updates (BIND, Knot, PowerDNS, Windows DNS ...).
   */
  public static rfc2136(options: Rfc2136ProviderOptions): Dns01Provider {
    return new Dns01Provider('rfc2136', false, (ctx) => {
      if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(options.nameserver ?? '')) {
        ctx.fail(`rfc2136 nameserver "${options.nameserver}" is not a host or host:port; use for example "10.0.0.53:53" `
          + 'or "[2001:db8::53]:53"');
      }
      if ((options.tsigKeyName === undefined) !== (options.tsigSecret === undefined)) {
        ctx.fail('rfc2136 sets only one of tsigKeyName and tsigSecret; set both to sign updates, or neither');
      }
      return {
        rfc2136: {
          nameserver: options.nameserver,
          tsigKeyName: options.tsigKeyName,
          tsigAlgorithm: options.tsigAlgorithm,
          tsigSecretSecretRef: options.tsigSecret && ctx.secretRef('rfc2136 tsigSecret', options.tsigSecret, 'TSIG secret'),
          protocol: options.protocol as string as cm.IssuerSpecAcmeSolversDns01Rfc2136Protocol | undefined,
        },
      };
    });
  }

  /**
   * Akamai Edge DNS.
   */
  public static akamai(options: AkamaiProviderOptions): Dns01Provider {
    return new Dns01Provider('akamai', false, (ctx) => {
      checkNonEmpty(ctx.scope, 'akamai serviceConsumerDomain', options.serviceConsumerDomain);
      return {
        akamai: {
          serviceConsumerDomain: options.serviceConsumerDomain,
          clientTokenSecretRef: ctx.secretRef('akamai clientToken', options.clientToken, 'Akamai client token'),
          clientSecretSecretRef: ctx.secretRef('akamai clientSecret', options.clientSecret, 'Akamai client secret'),
          accessTokenSecretRef: ctx.secretRef('akamai accessToken', options.accessToken, 'Akamai access token'),
        },
      };
    });
  }

  /**
   * An acme-dns server, to which `_acme-challenge` records are delegated by CNAME.
   */
  public static acmeDns(options: AcmeDnsProviderOptions): Dns01Provider {
    return new Dns01Provider('acmeDNS', false, (ctx) => {
      checkHttpsUrl(ctx.scope, 'acmeDNS host', options.host);
      return {
        acmeDns: {
          host: options.host,
          accountSecretRef: ctx.secretRef('acmeDNS accountSecret', options.accountSecret, 'acme-dns account'),
        },
      };
    });
  }

  /**
   * An out-of-tree DNS provider, served by a cert-manager webhook solver installed separately.
   */
  public static webhook(options: WebhookProviderOptions): Dns01Provider {
    return new Dns01Provider(`webhook:${options.groupName}/${options.solverName}`, false, (ctx) => {
      checkSubdomain(ctx.scope, 'webhook groupName', options.groupName);
      checkNonEmpty(ctx.scope, 'webhook solverName', options.solverName);
      return { webhook: { groupName: options.groupName, solverName: options.solverName, config: options.config } };
    });
  }

  private constructor(
    private readonly provider: string,
    private readonly ambient: boolean,
    private readonly render: Renderer<cm.IssuerSpecAcmeSolversDns01>,
  ) {}

  /** @internal */
  public _render(ctx: IssuerContext): RenderedDns01Provider {
    return { dns01: this.render(ctx), provider: this.provider, ambientCredentials: this.ambient };
  }
}
