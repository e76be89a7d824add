import { AcmeServer } from './acme-server';
import { AcmeSolver } from './acme-solver';
import { SecretKeySelector } from './secret-key-selector';
import { VaultAuth, VaultIssuerOptions } from './vault';
import { VenafiCloudIssuerOptions, VenafiTppIssuerOptions } from './venafi';
import * as cm from '../imports/cert-manager.io';
import { IssuerContext } from './private/issuer-context';
import { checkEmail, checkHttpsUrl, checkNonEmpty } from '../private/names';
import { RenderedIssuerConfig } from './private/issuer-facts';
import { pemBundle } from './private/pem';
import { renderVenafiCloud, renderVenafiTpp } from './private/venafi-config';

/**
 * Options of {@link IssuerConfig.acme}.
 */
export interface AcmeIssuerOptions {
  /**
   * The ACME directory, e.g. `AcmeServer.LETS_ENCRYPT_STAGING` or `AcmeServer.LETS_ENCRYPT`.
   */
  readonly server: AcmeServer;

  /**
   * How challenges are solved, in order of preference. At least one.
   */
  readonly solvers: AcmeSolver[];

  /**
   * Contact email of the ACME account.
   *
   * Optional for the presets: Let's Encrypt no longer sends expiry notices (since June 2025),
   * so monitor certificate expiry instead. Required for a custom server created with
   * `requiresEmail: true`.
   *
   * @default - no contact email
   */
  readonly email?: string;

  /**
   * Name of the Secret holding the ACME account's private key, in the namespace cert-manager
   * reads the issuer's Secrets from. cert-manager creates it unless account key generation is
   * disabled. Keep it: losing it means registering a new account.
   *
   * @default - `<issuer name>-acme-account-key`
   */
  readonly accountKeySecretName?: string;

  /**
   * Use an existing account key Secret and never generate one; the issuer stays not-ready until
   * the Secret exists.
   *
   * @default false
   */
  readonly disableAccountKeyGeneration?: boolean;

  /**
   * Key ID for External Account Binding (EAB), which some CAs (ZeroSSL, Google Trust Services)
   * require to tie the ACME account to an account of theirs. Set together with `eabKeySecret`.
   * The deprecated `keyAlgorithm` field is not offered: cert-manager always uses HS256.
   *
   * @default - no External Account Binding
   */
  readonly eabKeyId?: string;

  /**
   * The Secret key holding the base64url EAB HMAC key. Set together with `eabKeyId`.
   *
   * @default - no External Account Binding
   */
  readonly eabKeySecret?: SecretKeySelector;

  /**
   * Common name of a root to prefer when the CA offers alternate chains (e.g. `ISRG Root X1`).
   *
   * @default - the CA's default chain
   */
  readonly preferredChain?: string;

  /**
   * Certificate profile to request, when the CA offers profiles (Let's Encrypt: `classic`,
   * `tlsserver`, `shortlived`).
   *
   * @default - the CA's default profile
   */
  readonly profile?: string;

  /**
   * PEM bundle of the CAs that sign the ACME server's own TLS certificate, for a private ACME
   * server (not a secret).
   *
   * @default - the CAs trusted by the cert-manager controller image
   */
  readonly caBundle?: string;

  /**
   * DANGEROUS: do not verify the ACME server's TLS certificate, so anyone on the network path can
   * impersonate the CA. Only for throwaway test servers; use `caBundle` for a private CA instead.
   * Refused for the public presets and together with `caBundle`.
   *
   * @default false
   */
  readonly skipTlsVerify?: boolean;
}

/**
 * Options of {@link IssuerConfig.ca}.
 */
export interface CaIssuerOptions {
  /**
   * Name of the `kubernetes.io/tls` Secret holding the CA's certificate and key (`tls.crt`,
   * `tls.key`), in the issuer's namespace (the cluster resource namespace for a ClusterIssuer).
   */
  readonly secretName: string;

  /**
   * CRL distribution point URLs written into issued certificates.
   *
   * @default - none
   */
  readonly crlDistributionPoints?: string[];

  /**
   * OCSP server URLs written into issued certificates.
   *
   * @default - none
   */
  readonly ocspServers?: string[];

  /**
   * URLs where the issuing CA certificate can be downloaded (Authority Information Access).
   *
   * @default - none
   */
  readonly issuingCertificateUrls?: string[];
}

/**
 * Options of {@link IssuerConfig.selfSigned}.
 */
export interface SelfSignedIssuerOptions {
  /**
   * CRL distribution point URLs written into issued certificates.
   *
   * @default - none
   */
  readonly crlDistributionPoints?: string[];
}

const PUBLIC_PRESETS = [
  AcmeServer.LETS_ENCRYPT, AcmeServer.LETS_ENCRYPT_STAGING, AcmeServer.ZEROSSL,
  AcmeServer.GOOGLE_TRUST_SERVICES, AcmeServer.GOOGLE_TRUST_SERVICES_STAGING,
];

/**
 * What kind of certificate authority an Issuer or ClusterIssuer is.
 *
 * The same configuration works for both; inputs are checked when an issuer uses it, so errors
 * name the issuer's construct path.
 *
 * @see https://cert-manager.io/docs/configuration/
 */
export class IssuerConfig {
  /**
   * An ACME CA such as Let's Encrypt.
   *
   * @see https://cert-manager.io/docs/configuration/acme/
   */
  public static acme(options: AcmeIssuerOptions): IssuerConfig {
    return new IssuerConfig((ctx) => renderAcme(ctx, options));
  }

  /**
   * Self-signed: every certificate signs itself. Use it to bootstrap a CA (see `PrivateCa`);
   * leaf certificates from it are trusted by nobody.
   *
   * @see https://cert-manager.io/docs/configuration/selfsigned/
   */
  public static selfSigned(options: SelfSignedIssuerOptions = {}): IssuerConfig {
    return new IssuerConfig(() => ({
      spec: { selfSigned: { crlDistributionPoints: options.crlDistributionPoints } },
      solvers: [],
    }));
  }

  /**
   * A CA whose certificate and key are in a Secret.
   *
   * @see https://cert-manager.io/docs/configuration/ca/
   */
  public static ca(options: CaIssuerOptions): IssuerConfig {
    return new IssuerConfig((ctx) => ({
      spec: {
        ca: {
          secretName: ctx.secretName('ca secretName', options.secretName, 'CA certificate and key', false),
          crlDistributionPoints: options.crlDistributionPoints,
          ocspServers: options.ocspServers,
          issuingCertificateUrLs: options.issuingCertificateUrls,
        },
      },
      solvers: [],
    }));
  }

  /**
   * A HashiCorp Vault (or OpenBao) PKI secrets engine.
   *
   * @see https://cert-manager.io/docs/configuration/vault/
   */
  public static vault(options: VaultIssuerOptions): IssuerConfig {
    return new IssuerConfig((ctx) => ({ spec: { vault: renderVault(ctx, options) }, solvers: [] }));
  }

  /**
   * Venafi TPP (CyberArk Certificate Manager Self-Hosted) on cert-manager's built-in `venafi`
   * issuer. The zone's policy decides the lifetime and much of the subject, so a Certificate's
   * duration is a request.
   *
   * @see https://cert-manager.io/docs/configuration/venafi/
   */
  public static venafiTpp(options: VenafiTppIssuerOptions): IssuerConfig {
    return new IssuerConfig((ctx) => ({ spec: { venafi: renderVenafiTpp(ctx, options) }, solvers: [], caDecidesLifetime: true }));
  }

  /**
   * Venafi Cloud, also known as Venafi as a Service or TLS Protect Cloud (CyberArk Certificate
   * Manager SaaS), on cert-manager's built-in `venafi` issuer. The issuing template decides the
   * lifetime, so a Certificate's duration is a request.
   *
   * @see https://cert-manager.io/docs/configuration/venafi/
   */
  public static venafiCloud(options: VenafiCloudIssuerOptions): IssuerConfig {
    return new IssuerConfig((ctx) => ({ spec: { venafi: renderVenafiCloud(ctx, options) }, solvers: [], caDecidesLifetime: true }));
  }

  private constructor(private readonly render: (ctx: IssuerContext) => RenderedIssuerConfig) {}

  /** @internal */
  public _render(ctx: IssuerContext): RenderedIssuerConfig {
    return this.render(ctx);
  }
}

function renderAcme(ctx: IssuerContext, options: AcmeIssuerOptions): RenderedIssuerConfig {
  const server = options.server;
  if (!(server instanceof AcmeServer)) {
    ctx.fail('acme has no server; set server, for example AcmeServer.LETS_ENCRYPT_STAGING');
  }
  checkHttpsUrl(ctx.scope, 'acme server', server.url);
  if (options.email !== undefined) {
    checkEmail(ctx.scope, 'acme email', options.email);
  } else if (server.requiresEmail) {
    ctx.fail(`acme server ${server.url} requires an account email but none is set; set email to a monitored address`);
  }
  if ((options.eabKeyId === undefined) !== (options.eabKeySecret === undefined)) {
    ctx.fail(options.eabKeyId === undefined
      ? 'acme eabKeySecret is set without eabKeyId; set eabKeyId to the key ID the CA gave you'
      : 'acme eabKeyId is set without eabKeySecret; set eabKeySecret to the Secret key holding the EAB HMAC key');
  }
  if (server.requiresExternalAccountBinding && options.eabKeyId === undefined) {
    ctx.fail(`acme server ${server.url} requires External Account Binding; set eabKeyId and eabKeySecret `
      + 'to the EAB credentials from the CA');
  }
  if (options.skipTlsVerify && PUBLIC_PRESETS.includes(server)) {
    ctx.fail(`acme skipTlsVerify is set for the public CA ${server.url}; remove it: public CAs have trusted certificates`);
  }
  if (options.skipTlsVerify && options.caBundle !== undefined) {
    ctx.fail('acme sets both skipTlsVerify and caBundle; remove skipTlsVerify and keep caBundle');
  }
  if (options.preferredChain !== undefined && (options.preferredChain === '' || options.preferredChain.length > 64)) {
    ctx.fail(`acme preferredChain "${options.preferredChain}" must be 1-64 characters; use the root's common name, e.g. "ISRG Root X1"`);
  }
  if (options.profile !== undefined) checkNonEmpty(ctx.scope, 'acme profile', options.profile);
  if (!options.solvers || options.solvers.length === 0) {
    ctx.fail('acme has no solvers, so no certificate can ever be issued; add at least one, for example '
      + 'AcmeSolver.http01Ingress({ ingressClassName: "nginx" })');
  }
  const generated = !options.disableAccountKeyGeneration;
  const accountKey = ctx.secretName('acme accountKeySecretName',
    options.accountKeySecretName ?? `${ctx.issuerName}-acme-account-key`, 'ACME account key', generated);
  const rendered = options.solvers.map((s, i) => s._render(ctx, i));
  return {
    spec: {
      acme: {
        server: server.url,
        email: options.email,
        privateKeySecretRef: { name: accountKey },
        disableAccountKeyGeneration: options.disableAccountKeyGeneration,
        externalAccountBinding: options.eabKeyId === undefined || options.eabKeySecret === undefined ? undefined : {
          keyId: options.eabKeyId,
          keySecretRef: ctx.secretRef('acme eabKeySecret', options.eabKeySecret, 'ACME External Account Binding key'),
        },
        preferredChain: options.preferredChain,
        profile: options.profile,
        caBundle: options.caBundle === undefined ? undefined : pemBundle(ctx.scope, 'acme caBundle', options.caBundle),
        skipTlsVerify: options.skipTlsVerify,
        solvers: rendered.map((r) => r.solver),
      },
    },
    acmeServer: server,
    solvers: rendered.map((r) => r.description),
  };
}

/** Renders the `vault` block of an issuer. */
function renderVault(ctx: IssuerContext, options: VaultIssuerOptions): cm.IssuerSpecVault {
  checkHttpsUrl(ctx.scope, 'vault server', options.server);
  checkNonEmpty(ctx.scope, 'vault path', options.path);
  if (options.path.startsWith('/')) {
    ctx.fail(`vault path "${options.path}" starts with "/"; give the path below /v1/, for example "pki_int/sign/my-role"`);
  }
  if (!(options.auth instanceof VaultAuth)) {
    ctx.fail('vault has no auth; set auth, for example VaultAuth.kubernetesServiceAccount({ role, serviceAccountName })');
  }
  if (options.caBundle !== undefined && options.caBundleSecret !== undefined) {
    ctx.fail('vault sets both caBundle and caBundleSecret; set only one of them');
  }
  if ((options.clientCertificateSecret === undefined) !== (options.clientKeySecret === undefined)) {
    ctx.fail(options.clientKeySecret === undefined
      ? 'vault clientCertificateSecret is set without clientKeySecret; set clientKeySecret to the Secret key holding its private key'
      : 'vault clientKeySecret is set without clientCertificateSecret; set clientCertificateSecret to the Secret key holding the certificate');
  }
  return {
    server: options.server,
    path: options.path,
    namespace: options.namespace,
    serverName: options.serverName,
    caBundle: options.caBundle === undefined ? undefined : pemBundle(ctx.scope, 'vault caBundle', options.caBundle),
    caBundleSecretRef: options.caBundleSecret && ctx.secretRef('vault caBundleSecret', options.caBundleSecret, 'Vault CA bundle'),
    clientCertSecretRef: options.clientCertificateSecret
      && ctx.secretRef('vault clientCertificateSecret', options.clientCertificateSecret, 'Vault mTLS client certificate'),
    clientKeySecretRef: options.clientKeySecret && ctx.secretRef('vault clientKeySecret', options.clientKeySecret, 'Vault mTLS client key'),
    auth: options.auth._render(ctx),
  };
}

