import { Construct } from 'constructs';
import { AcmeServer } from '../issuers/acme-server';
import { AcmeChallengeType, AcmeSolverDescription } from '../issuers/acme-solver-description';
import { IssuerBase } from '../issuers/issuer-base';
import { IssuerKind } from '../issuers/issuer-ref';
import { SecretDependency } from '../issuers/secret-key-selector';

/** What an issuer manifest (or a reference to one no manifest declares) says about the issuer. */
export interface ManifestIssuerProps {
  readonly name: string;
  readonly kind: IssuerKind;
  readonly namespace?: string;
  /** Only referenced: no manifest of the audited input declares it. */
  readonly external: boolean;
  readonly spec?: any;
  /** Where cert-manager reads the issuer's Secrets from. */
  readonly secretNamespace?: string;
}

const PRESETS = [
  AcmeServer.LETS_ENCRYPT, AcmeServer.LETS_ENCRYPT_STAGING, AcmeServer.ZEROSSL, AcmeServer.GOOGLE_TRUST_SERVICES,
  AcmeServer.GOOGLE_TRUST_SERVICES_STAGING,
];

/**
 * The ACME server of a URL: a known preset, or a custom server, taken as staging when its URL says
 * so (`staging` or `test-api` in it), as for the presets.
 */
export function acmeServerOf(url: string): AcmeServer {
  return PRESETS.find((p) => p.url === url.trim()) ?? AcmeServer.custom(url, { staging: /staging|test-api/i.test(url) });
}

/** The DNS-01 providers of cert-manager's `dns01` block, as AcmeSolverDescription names them. */
const DNS01_PROVIDERS = ['route53', 'cloudflare', 'cloudDNS', 'azureDNS', 'digitalocean', 'rfc2136', 'akamai', 'acmeDNS'];

/** Describes the solvers of an ACME issuer spec, in order, as the issuer constructs do. */
export function describeSolvers(solvers: unknown): AcmeSolverDescription[] {
  if (!Array.isArray(solvers)) return [];
  return solvers.flatMap((s: any, index: number): AcmeSolverDescription[] => {
    if (!s || typeof s !== 'object') return [];
    const selector = s.selector ?? {};
    const dnsNames: string[] = Array.isArray(selector.dnsNames) ? selector.dnsNames.map(String) : [];
    const dnsZones: string[] = Array.isArray(selector.dnsZones) ? selector.dnsZones.map(String) : [];
    const matchLabels: Record<string, string> = selector.matchLabels && typeof selector.matchLabels === 'object' ? { ...selector.matchLabels } : {};
    const hasSelector = dnsNames.length + dnsZones.length + Object.keys(matchLabels).length > 0;
    if (s.dns01) {
      const webhook = s.dns01.webhook;
      const provider = webhook ? `webhook:${webhook.groupName}/${webhook.solverName}`
        : DNS01_PROVIDERS.find((p) => s.dns01[p] !== undefined) ?? 'unknown';
      const route53 = s.dns01.route53;
      const ambientCredentials = provider === 'route53' ? !route53?.secretAccessKeySecretRef && !route53?.auth
        : provider === 'cloudDNS' ? !s.dns01.cloudDNS?.serviceAccountSecretRef
          : provider === 'azureDNS' ? !s.dns01.azureDNS?.clientSecretSecretRef : false;
      return [{ index, challengeType: AcmeChallengeType.DNS01, provider, hasSelector, dnsNames, dnsZones, matchLabels, ambientCredentials }];
    }
    if (s.http01) {
      const provider = s.http01.gatewayHTTPRoute !== undefined ? 'gatewayHTTPRoute' : 'ingress';
      return [{ index, challengeType: AcmeChallengeType.HTTP01, provider, hasSelector, dnsNames, dnsZones, matchLabels, ambientCredentials: false }];
    }
    return [];
  });
}

/** Secrets an issuer spec references, read from `namespace`. */
function secretsOf(spec: any, namespace: string | undefined): SecretDependency[] {
  if (namespace === undefined || !spec || typeof spec !== 'object') return [];
  const out: SecretDependency[] = [];
  const add = (name: unknown, purpose: string, createdByCertManager = false, key?: unknown) => {
    if (typeof name === 'string' && name !== '') {
      out.push({ namespace, name, purpose, createdByCertManager, key: typeof key === 'string' ? key : undefined });
    }
  };
  add(spec.acme?.privateKeySecretRef?.name, 'ACME account key', spec.acme?.disableAccountKeyGeneration !== true);
  add(spec.acme?.externalAccountBinding?.keySecretRef?.name, 'External Account Binding key', false, spec.acme?.externalAccountBinding?.keySecretRef?.key);
  for (const s of Array.isArray(spec.acme?.solvers) ? spec.acme.solvers : []) {
    const walk = (node: any, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (/SecretRef$/.test(k) && v && typeof v === 'object') add((v as any).name, `DNS-01 ${path}${k}`, false, (v as any).key);
        else walk(v, `${path}${k}.`);
      }
    };
    walk(s?.dns01, '');
  }
  add(spec.ca?.secretName, 'CA key pair');
  add(spec.vault?.auth?.tokenSecretRef?.name, 'Vault token', false, spec.vault?.auth?.tokenSecretRef?.key);
  add(spec.vault?.auth?.appRole?.secretRef?.name, 'Vault AppRole secret', false, spec.vault?.auth?.appRole?.secretRef?.key);
  add(spec.vault?.caBundleSecretRef?.name, 'Vault CA bundle', false, spec.vault?.caBundleSecretRef?.key);
  return out;
}

/**
 * An issuer read from a manifest, or referenced by Certificates without a manifest: the facts the
 * check pack reads (ACME server, solvers, Secrets), as an `Issuer` or `ClusterIssuer` construct
 * reports them.
 */
export class ManifestIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind;
  public readonly namespace?: string;
  public readonly external: boolean;
  /** The issuer's `spec`, as written (undefined for a reference). */
  public readonly spec?: any;

  constructor(scope: Construct, id: string, props: ManifestIssuerProps) {
    super(scope, id);
    this.issuerName = props.name;
    this.kind = props.kind;
    this.namespace = props.namespace;
    this.external = props.external;
    this.spec = props.spec;
    const acme = props.spec?.acme;
    this._facts = {
      acmeServer: typeof acme?.server === 'string' ? acmeServerOf(acme.server) : undefined,
      solvers: describeSolvers(acme?.solvers),
      secrets: secretsOf(props.spec, props.secretNamespace),
    };
  }
}
