import { X509Certificate } from 'node:crypto';
import { IssueList, list, obj, set, show, ValidationIssue } from './validation-issue';
import { isDnsSubdomain } from '../private/names';

const ISSUER_TYPES = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'];
const DNS_PROVIDERS = ['akamai', 'azureDNS', 'cloudDNS', 'cloudflare', 'route53', 'acmeDNS', 'digitalocean', 'rfc2136', 'webhook'];
/** Providers the webhook counts without checking the count first (upstream quirk, kept). */
const UNCHECKED_PROVIDERS = new Set(['akamai', 'acmeDNS']);
const AZURE_ENVIRONMENTS = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernmentCloud'];
const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];

/** Whether a PEM bundle holds at least one certificate Node can parse. */
function hasCertificate(bundle: unknown): boolean {
  if (typeof bundle !== 'string') return false;
  const pem = bundle.includes('-----BEGIN') ? bundle : Buffer.from(bundle, 'base64').toString('utf8');
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      // try the next block
    }
  }
  return false;
}

/** Whether a Vault path has a `..` segment. */
function dotDot(path: unknown): boolean {
  return typeof path === 'string' && path.split('/').includes('..');
}

/** Why an RFC 2136 nameserver is not `host[:port]`, or undefined. */
export function nameserverProblem(value: string): string | undefined {
  const v = value.trim();
  let host: string;
  let port: string | undefined;
  const bracketed = v.match(/^\[([^\]]*)\](?::(.*))?$/);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2];
  } else {
    const colons = v.split(':').length - 1;
    if (colons > 1) return 'an IPv6 address must be enclosed in brackets, as in "[2001:db8::1]:53"';
    [host, port] = v.split(':');
  }
  if (host === '') return 'it has no host';
  if (port !== undefined && port !== '') {
    if (!/^\d+$/.test(port) || Number(port) > 65535) return `port "${port}" is not a number up to 65535`;
    if (Number(port) === 0) return 'port 0 is not a port';
  }
  return undefined;
}

function secretRef(out: IssueList, rule: string, path: string, ref: unknown): void {
  const r = obj(ref) ?? {};
  if (!set(r.name)) out.error(rule, `${path}.name`, r.name, `${path.replace(/^spec\./, '')}.name is missing`, 'set the name of the Secret');
  if (!set(r.key)) out.error(rule, `${path}.key`, r.key, `${path.replace(/^spec\./, '')}.key is missing`, 'set the key inside the Secret');
}

/**
 * The rules cert-manager v1.21's admission webhook enforces on an Issuer's or ClusterIssuer's
 * spec (`ValidateIssuerSpec`), over the manifest shape. Paths start with `spec.`. Never throws.
 */
export function validateIssuerSpec(spec: unknown): ValidationIssue[] {
  const out = new IssueList();
  const s = obj(spec) ?? {};
  const types = ISSUER_TYPES.filter((t) => s[t] !== undefined && s[t] !== null);
  if (types.length === 0) {
    out.error('WH-ISS-02', 'spec', undefined, 'the issuer configures no issuer type', `set one of ${ISSUER_TYPES.join(', ')}`);
  }
  for (const t of types.slice(1)) {
    out.error('WH-ISS-01', `spec.${t}`, s[t], `the issuer configures ${types.join(' and ')}; an issuer has one type`, 'split them into separate issuers');
  }
  if (s.acme != null) validateAcme(out, obj(s.acme) ?? {});
  if (s.ca != null) validateCa(out, obj(s.ca) ?? {});
  for (const [type, fields] of [['ca', ['ocspServers', 'issuingCertificateURLs', 'crlDistributionPoints']], ['selfSigned', ['crlDistributionPoints']]] as const) {
    for (const field of fields) validateUrls(out, `spec.${type}.${field}`, obj(s[type])?.[field]);
  }
  if (s.vault != null) validateVault(out, obj(s.vault) ?? {});
  if (s.venafi != null) validateVenafi(out, obj(s.venafi) ?? {});
  return out.issues;
}

function validateAcme(out: IssueList, a: Record<string, any>): void {
  if (set(a.caBundle) && a.skipTLSVerify === true) {
    out.error('WH-ACME-01', 'spec.acme.caBundle', '(PEM bundle)', 'acme sets both caBundle and skipTLSVerify', 'keep caBundle and drop skipTLSVerify');
  }
  if (set(a.caBundle) && !hasCertificate(a.caBundle)) {
    out.error('WH-ACME-02', 'spec.acme.caBundle', a.caBundle, 'acme.caBundle holds no PEM certificate', 'set it to the PEM (base64 in YAML) of the CA that signs the ACME server');
  }
  if (!set(obj(a.privateKeySecretRef)?.name)) {
    out.error('WH-ACME-03', 'spec.acme.privateKeySecretRef.name', obj(a.privateKeySecretRef)?.name, 'acme.privateKeySecretRef.name is missing',
      'name the Secret cert-manager keeps the ACME account key in');
  }
  if (!set(a.server)) out.error('WH-ACME-04', 'spec.acme.server', a.server, 'acme.server is missing', 'set the ACME directory URL');
  const eab = obj(a.externalAccountBinding);
  if (eab) {
    if (!set(eab.keyID)) out.error('WH-ACME-05', 'spec.acme.externalAccountBinding.keyID', eab.keyID, 'externalAccountBinding.keyID is missing', 'set the key ID your CA gave you');
    secretRef(out, 'WH-ACME-06', 'spec.acme.externalAccountBinding.keySecretRef', eab.keySecretRef);
    if (set(eab.keyAlgorithm)) {
      out.warning('WH-ACME-07', 'spec.acme.externalAccountBinding.keyAlgorithm', eab.keyAlgorithm,
        `externalAccountBinding.keyAlgorithm ${show(eab.keyAlgorithm)} is deprecated and ignored by cert-manager`, 'drop keyAlgorithm');
    }
  }
  list(a.solvers).forEach((sv, i) => validateSolver(out, `spec.acme.solvers[${i}]`, obj(sv) ?? {}));
}

function validateSolver(out: IssueList, path: string, sv: Record<string, any>): void {
  const http = obj(sv.http01);
  const dns = obj(sv.dns01);
  if (http && dns) out.error('WH-ACME-08', path, sv, 'the solver configures both http01 and dns01', 'split it into two solvers');
  if (!http && !dns) out.error('WH-ACME-09', path, sv, 'the solver configures neither http01 nor dns01', 'set http01 or dns01');
  if (sv.waitInsteadOfSelfCheck != null) {
    const w = sv.waitInsteadOfSelfCheck;
    if ((typeof w === 'string' && w.trim().startsWith('-')) || (typeof w === 'number' && w < 0)) {
      out.error('WH-ACME-10', `${path}.waitInsteadOfSelfCheck`, w, `waitInsteadOfSelfCheck ${show(w)} is negative`, 'use a positive duration such as "30s"');
    }
  }
  if (http) validateHttp01(out, `${path}.http01`, http);
  if (dns) validateDns01(out, `${path}.dns01`, dns);
}

function validateHttp01(out: IssueList, path: string, h: Record<string, any>): void {
  const ingress = obj(h.ingress);
  const gateway = obj(h.gatewayHTTPRoute);
  if (!ingress && !gateway) out.error('WH-HTTP-01', path, h, 'the http01 solver sets neither ingress nor gatewayHTTPRoute', 'set one of them');
  if (ingress && gateway) out.error('WH-HTTP-02', path, h, 'the http01 solver sets both ingress and gatewayHTTPRoute', 'keep one of them');
  if (ingress) {
    const chosen = [ingress.class != null ? 'class' : '', ingress.ingressClassName != null ? 'ingressClassName' : '', set(ingress.name) ? 'name' : '']
      .filter(Boolean);
    if (chosen.length > 1) {
      out.error('WH-HTTP-03', `${path}.ingress`, ingress, `the ingress solver sets ${chosen.join(' and ')}`, 'keep only one of ingressClassName, class and name');
    }
    if (ingress.ingressClassName != null && (typeof ingress.ingressClassName !== 'string' || !isDnsSubdomain(ingress.ingressClassName))) {
      out.error('WH-HTTP-04', `${path}.ingress.ingressClassName`, ingress.ingressClassName,
        `ingressClassName ${show(ingress.ingressClassName)} is not a valid IngressClass name`,
        'use the lowercase name of an IngressClass (for a legacy class such as "azure/application-gateway", set class instead)');
    }
    serviceType(out, 'WH-HTTP-05', `${path}.ingress.serviceType`, ingress.serviceType);
  }
  if (gateway) {
    serviceType(out, 'WH-HTTP-06', `${path}.gatewayHTTPRoute.serviceType`, gateway.serviceType);
    for (const [j, ref] of list(gateway.parentRefs).entries()) {
      const r = obj(ref) ?? {};
      // The CRD defaults kind to Gateway, so every parentRef has a kind when the webhook reads it.
      if (!set(r.name)) {
        out.error('WH-HTTP-07', `${path}.gatewayHTTPRoute.parentRefs[${j}].name`, r.name, `parentRefs[${j}] (kind ${show(r.kind ?? 'Gateway')}) has no name`,
          'set the name of the Gateway');
        break;
      }
    }
  }
}

function serviceType(out: IssueList, rule: string, path: string, value: unknown): void {
  if (value != null && !['', 'ClusterIP', 'NodePort'].includes(value as string)) {
    out.error(rule, path, value, `serviceType ${show(value)} is not allowed for the solver Service`, 'use "ClusterIP" or "NodePort", or leave it unset');
  }
}

function validateDns01(out: IssueList, path: string, d: Record<string, any>): void {
  if (set(d.cnameStrategy) && !['None', 'Follow'].includes(d.cnameStrategy)) {
    out.error('WH-DNS-01', `${path}.cnameStrategy`, d.cnameStrategy, `cnameStrategy ${show(d.cnameStrategy)} is not a CNAME strategy`, 'use "None" or "Follow"');
  }
  let counted = 0;
  let first: string | undefined;
  for (const p of DNS_PROVIDERS) {
    if (d[p] == null) continue;
    if (counted > 0 && !UNCHECKED_PROVIDERS.has(p)) {
      out.error('WH-DNS-02', `${path}.${p}`, d[p], `the dns01 solver configures ${p} as well as ${first}`, 'split them into two solvers, one provider each');
    }
    first ??= p;
    counted++;
  }
  if (counted === 0) out.error('WH-DNS-03', path, d, 'the dns01 solver configures no DNS provider', `set one of ${DNS_PROVIDERS.join(', ')}`);

  const ak = obj(d.akamai);
  if (ak) {
    for (const f of ['accessToken', 'clientSecret', 'clientToken']) secretRef(out, 'WH-DNS-AKAMAI-01', `${path}.akamai.${f}SecretRef`, ak[`${f}SecretRef`]);
    if (!set(ak.serviceConsumerDomain)) out.error('WH-DNS-AKAMAI-02', `${path}.akamai.serviceConsumerDomain`, ak.serviceConsumerDomain, 'akamai.serviceConsumerDomain is missing', 'set the Akamai service consumer domain');
  }
  const az = obj(d.azureDNS);
  if (az) validateAzure(out, `${path}.azureDNS`, az);
  const gcp = obj(d.cloudDNS);
  if (gcp) {
    if (gcp.serviceAccountSecretRef != null) secretRef(out, 'WH-DNS-GCP-01', `${path}.cloudDNS.serviceAccountSecretRef`, gcp.serviceAccountSecretRef);
    if (!set(gcp.project)) out.error('WH-DNS-GCP-02', `${path}.cloudDNS.project`, gcp.project, 'cloudDNS.project is missing', 'set the Google Cloud project of the zone');
  }
  const cf = obj(d.cloudflare);
  if (cf) {
    if (cf.apiKeySecretRef != null) secretRef(out, 'WH-DNS-CF-01', `${path}.cloudflare.apiKeySecretRef`, cf.apiKeySecretRef);
    if (cf.apiTokenSecretRef != null) secretRef(out, 'WH-DNS-CF-01', `${path}.cloudflare.apiTokenSecretRef`, cf.apiTokenSecretRef);
    if (cf.apiKeySecretRef != null && cf.apiTokenSecretRef != null) {
      out.error('WH-DNS-CF-02', `${path}.cloudflare`, cf, 'cloudflare sets both apiKeySecretRef and apiTokenSecretRef', 'keep apiTokenSecretRef (a scoped token) and drop the global API key');
    }
    if (cf.apiKeySecretRef == null && cf.apiTokenSecretRef == null) {
      out.error('WH-DNS-CF-03', `${path}.cloudflare`, cf, 'cloudflare sets neither apiKeySecretRef nor apiTokenSecretRef', 'set apiTokenSecretRef to a Secret with a scoped API token');
    }
    if (cf.apiKeySecretRef != null && !set(cf.email)) {
      out.error('WH-DNS-CF-04', `${path}.cloudflare.email`, cf.email, 'cloudflare.email is missing, and a global API key needs it', 'set the account email, or use apiTokenSecretRef');
    }
  }
  const r53 = obj(d.route53);
  if (r53) {
    if (set(r53.accessKeyID) && r53.accessKeyIDSecretRef != null) {
      out.error('WH-DNS-R53-01', `${path}.route53`, r53, 'route53 sets both accessKeyID and accessKeyIDSecretRef', 'keep one of them, preferably accessKeyIDSecretRef');
    }
    if (r53.accessKeyIDSecretRef != null) secretRef(out, 'WH-DNS-R53-02', `${path}.route53.accessKeyIDSecretRef`, r53.accessKeyIDSecretRef);
  }
  const acmeDns = obj(d.acmeDNS);
  if (acmeDns) {
    secretRef(out, 'WH-DNS-ACMEDNS-01', `${path}.acmeDNS.accountSecretRef`, acmeDns.accountSecretRef);
    if (!set(acmeDns.host)) out.error('WH-DNS-ACMEDNS-02', `${path}.acmeDNS.host`, acmeDns.host, 'acmeDNS.host is missing', 'set the URL of the acme-dns server');
  }
  const dog = obj(d.digitalocean);
  if (dog) secretRef(out, 'WH-DNS-DO-01', `${path}.digitalocean.tokenSecretRef`, dog.tokenSecretRef);
  const rfc = obj(d.rfc2136);
  if (rfc) validateRfc2136(out, `${path}.rfc2136`, rfc);
  const wh = obj(d.webhook);
  if (wh && !set(wh.solverName)) out.error('WH-DNS-WH-01', `${path}.webhook.solverName`, wh.solverName, 'webhook.solverName is missing', 'set the solver name the webhook registers');
}

function validateAzure(out: IssueList, path: string, az: Record<string, any>): void {
  const sp = { clientID: az.clientID, tenantID: az.tenantID, clientSecretSecretRef: az.clientSecretSecretRef };
  const anySp = set(sp.clientID) || set(sp.tenantID) || sp.clientSecretSecretRef != null;
  if (anySp) {
    for (const [k, v] of Object.entries(sp)) {
      if (v == null || v === '') {
        out.error('WH-DNS-AZ-01', `${path}.${k}`, v, `azureDNS.${k} is missing; a service principal needs clientID, tenantID and clientSecretSecretRef`,
          'set all three, or none and use a managed identity');
      }
    }
    if (sp.clientSecretSecretRef != null) secretRef(out, 'WH-DNS-AZ-02', `${path}.clientSecretSecretRef`, sp.clientSecretSecretRef);
  }
  const mi = obj(az.managedIdentity);
  if (mi && anySp) {
    out.error('WH-DNS-AZ-03', `${path}.managedIdentity`, mi, 'azureDNS sets a managed identity and service principal credentials', 'keep one of the two');
  }
  if (mi && !anySp && set(mi.clientID) && set(mi.resourceID)) {
    out.error('WH-DNS-AZ-04', `${path}.managedIdentity`, mi, 'managedIdentity sets both clientID and resourceID', 'keep one of them');
  }
  if (mi && set(mi.tenantID) && set(mi.resourceID)) {
    out.error('WH-DNS-AZ-05', `${path}.managedIdentity`, mi, 'managedIdentity sets both tenantID and resourceID', 'keep one of them');
  }
  if (mi && set(mi.tenantID) && !set(mi.clientID)) {
    out.error('WH-DNS-AZ-06', `${path}.managedIdentity.clientID`, mi.clientID, 'managedIdentity.tenantID is set without clientID', 'set the clientID of the identity');
  }
  if (!set(az.subscriptionID)) out.error('WH-DNS-AZ-07', `${path}.subscriptionID`, az.subscriptionID, 'azureDNS.subscriptionID is missing', 'set the Azure subscription ID');
  if (!set(az.resourceGroupName)) out.error('WH-DNS-AZ-08', `${path}.resourceGroupName`, az.resourceGroupName, 'azureDNS.resourceGroupName is missing', 'set the resource group of the zone');
  if (set(az.environment) && !AZURE_ENVIRONMENTS.includes(az.environment)) {
    out.error('WH-DNS-AZ-09', `${path}.environment`, az.environment, `azureDNS.environment ${show(az.environment)} is not an Azure cloud`, `use one of ${AZURE_ENVIRONMENTS.join(', ')}`);
  }
}

function validateRfc2136(out: IssueList, path: string, rfc: Record<string, any>): void {
  if (!set(rfc.nameserver)) {
    out.error('WH-DNS-RFC-01', `${path}.nameserver`, rfc.nameserver, 'rfc2136.nameserver is missing', 'set the DNS server as host or host:port');
  } else {
    const problem = typeof rfc.nameserver === 'string' ? nameserverProblem(rfc.nameserver) : 'it is not a string';
    if (problem) {
      out.error('WH-DNS-RFC-02', `${path}.nameserver`, rfc.nameserver, `rfc2136.nameserver ${show(rfc.nameserver)} is not host[:port]: ${problem}`,
        'write an IPv4 address, a bracketed IPv6 address or a hostname, optionally with ":port"');
    }
  }
  if (set(rfc.tsigAlgorithm) && !TSIG_ALGORITHMS.includes(String(rfc.tsigAlgorithm).toUpperCase())) {
    out.error('WH-DNS-RFC-03', `${path}.tsigAlgorithm`, rfc.tsigAlgorithm, `tsigAlgorithm ${show(rfc.tsigAlgorithm)} is not supported`, `use one of ${TSIG_ALGORITHMS.join(', ')}`);
  }
  const ref = obj(rfc.tsigSecretSecretRef) ?? {};
  if (set(rfc.tsigKeyName)) secretRef(out, 'WH-DNS-RFC-04', `${path}.tsigSecretSecretRef`, ref);
  if (set(ref.name) && set(ref.key) && !set(rfc.tsigKeyName)) {
    out.error('WH-DNS-RFC-05', `${path}.tsigKeyName`, rfc.tsigKeyName, 'a TSIG secret is set without tsigKeyName', 'set the TSIG key name the server expects');
  }
}

/**
 * CM-V1, beyond the webhook (which only refuses empty entries): the URLs a CA writes into the
 * certificates it signs must be absolute, or clients can never fetch the OCSP response, the CRL
 * or the issuing certificate.
 */
function validateUrls(out: IssueList, path: string, urls: unknown): void {
  list(urls).forEach((u, i) => {
    if (!set(u)) return;
    let ok = false;
    try {
      ok = typeof u === 'string' && ['http:', 'https:', 'ldap:'].includes(new URL(u).protocol) && !/\s/.test(u);
    } catch {
      ok = false;
    }
    if (!ok) {
      out.error('CM-V1', `${path}[${i}]`, u, `${path.replace(/^spec\./, '')}[${i}] ${show(u)} is not an absolute http(s) or ldap URL, `
        + 'so clients reading it from the certificates cannot fetch it', 'write the full URL, e.g. "http://pki.example.com/ca.crl"');
    }
  });
}

function validateCa(out: IssueList, ca: Record<string, any>): void {
  if (!set(ca.secretName)) out.error('WH-CA-01', 'spec.ca.secretName', ca.secretName, 'ca.secretName is missing', 'name the Secret that holds the CA key pair');
  list(ca.ocspServers).forEach((u, i) => {
    if (!set(u)) out.error('WH-CA-02', `spec.ca.ocspServers[${i}]`, u, `ca.ocspServers[${i}] is empty`, 'set an OCSP URL such as "http://ocsp.example.com", or drop the entry');
  });
  list(ca.issuingCertificateURLs).forEach((u, i) => {
    if (!set(u)) out.error('WH-CA-03', `spec.ca.issuingCertificateURLs[${i}]`, u, `ca.issuingCertificateURLs[${i}] is empty`, 'set the URL of the CA certificate, or drop the entry');
  });
}

function validateVault(out: IssueList, v: Record<string, any>): void {
  if (!set(v.server)) out.error('WH-VAULT-01', 'spec.vault.server', v.server, 'vault.server is missing', 'set the Vault address, e.g. "https://vault.example.com:8200"');
  if (!set(v.path)) out.error('WH-VAULT-02', 'spec.vault.path', v.path, 'vault.path is missing', 'set the PKI signing path, e.g. "pki/sign/example-dot-com"');
  if (dotDot(v.path)) out.error('WH-VAULT-03', 'spec.vault.path', v.path, `vault.path ${show(v.path)} has a ".." segment`, 'write the path without ".."');
  if (set(v.caBundle) && !hasCertificate(v.caBundle)) {
    out.error('WH-VAULT-04', 'spec.vault.caBundle', v.caBundle, 'vault.caBundle holds no PEM certificate', 'set it to the PEM (base64 in YAML) of the CA that signs Vault');
  }
  if (set(v.caBundle) && v.caBundleSecretRef != null) {
    out.error('WH-VAULT-05', 'spec.vault.caBundle', '(PEM bundle)', 'vault sets both caBundle and caBundleSecretRef', 'keep one of them');
  }
  if (v.clientCertSecretRef != null && v.clientKeySecretRef == null) {
    out.error('WH-VAULT-06', 'spec.vault.clientKeySecretRef', undefined, 'vault.clientCertSecretRef is set without clientKeySecretRef', 'set clientKeySecretRef to the key of the client certificate');
  }
  if (v.clientKeySecretRef != null && v.clientCertSecretRef == null) {
    out.error('WH-VAULT-07', 'spec.vault.clientCertSecretRef', undefined, 'vault.clientKeySecretRef is set without clientCertSecretRef', 'set clientCertSecretRef to the client certificate');
  }
  const auth = obj(v.auth) ?? {};
  const methods = ['tokenSecretRef', 'appRole', 'kubernetes', 'clientCertificate', 'aws'];
  if (!methods.some((m) => auth[m] != null)) {
    out.error('WH-VAULT-08', 'spec.vault.auth', v.auth, 'vault.auth configures no authentication method', `set one of ${methods.join(', ')}`);
  }
  const role = obj(auth.appRole);
  if (role) {
    if (!set(role.roleId)) out.error('WH-VAULT-09', 'spec.vault.auth.appRole.roleId', role.roleId, 'appRole.roleId is missing', 'set the AppRole role ID');
    if (!set(obj(role.secretRef)?.name)) out.error('WH-VAULT-10', 'spec.vault.auth.appRole.secretRef.name', obj(role.secretRef)?.name, 'appRole.secretRef.name is missing', 'name the Secret holding the secret ID');
    if (dotDot(role.path)) out.error('WH-VAULT-11', 'spec.vault.auth.appRole.path', role.path, `appRole.path ${show(role.path)} has a ".." segment`, 'write the path without ".."');
  }
  const cc = obj(auth.clientCertificate);
  if (cc && dotDot(cc.mountPath)) {
    out.error('WH-VAULT-12', 'spec.vault.auth.clientCertificate.mountPath', cc.mountPath, `clientCertificate.mountPath ${show(cc.mountPath)} has a ".." segment`, 'write the path without ".."');
  }
  const k8s = obj(auth.kubernetes);
  if (k8s) {
    if (!set(k8s.role)) out.error('WH-VAULT-13', 'spec.vault.auth.kubernetes.role', k8s.role, 'kubernetes.role is missing', 'set the Vault role to log in as');
    if (dotDot(k8s.mountPath)) out.error('WH-VAULT-14', 'spec.vault.auth.kubernetes.mountPath', k8s.mountPath, `kubernetes.mountPath ${show(k8s.mountPath)} has a ".." segment`, 'write the path without ".."');
    const hasSecret = set(obj(k8s.secretRef)?.name);
    const hasSa = k8s.serviceAccountRef != null;
    if (!hasSecret && !hasSa) out.error('WH-VAULT-15', 'spec.vault.auth.kubernetes', k8s, 'kubernetes auth sets neither secretRef nor serviceAccountRef', 'set serviceAccountRef (a bound token)');
    if (hasSecret && hasSa) out.error('WH-VAULT-16', 'spec.vault.auth.kubernetes', k8s, 'kubernetes auth sets both secretRef and serviceAccountRef', 'keep one of them, preferably serviceAccountRef');
    if (hasSa && !set(obj(k8s.serviceAccountRef)?.name)) {
      out.error('WH-VAULT-17', 'spec.vault.auth.kubernetes.serviceAccountRef.name', undefined, 'kubernetes.serviceAccountRef.name is missing', 'name the ServiceAccount');
    }
  }
  const aws = obj(auth.aws);
  if (aws) {
    if (!set(aws.role)) out.error('WH-VAULT-18', 'spec.vault.auth.aws.role', aws.role, 'aws.role is missing', 'set the Vault role to log in as');
    if (dotDot(aws.mountPath)) out.error('WH-VAULT-19', 'spec.vault.auth.aws.mountPath', aws.mountPath, `aws.mountPath ${show(aws.mountPath)} has a ".." segment`, 'write the path without ".."');
    if (aws.serviceAccountRef != null) {
      if (!set(obj(aws.serviceAccountRef)?.name)) out.error('WH-VAULT-20', 'spec.vault.auth.aws.serviceAccountRef.name', undefined, 'aws.serviceAccountRef.name is missing', 'name the ServiceAccount');
      if (!set(aws.iamRoleArn)) out.error('WH-VAULT-21', 'spec.vault.auth.aws.iamRoleArn', aws.iamRoleArn, 'aws.iamRoleArn is missing, and IRSA through serviceAccountRef needs it', 'set the ARN of the IAM role');
    }
  }
}

function validateVenafi(out: IssueList, v: Record<string, any>): void {
  if (!set(v.zone)) out.error('WH-VEN-01', 'spec.venafi.zone', v.zone, 'venafi.zone is missing', 'set the Venafi zone (policy folder)');
  const kinds = ['tpp', 'cloud', 'ngts'].filter((k) => v[k] != null);
  if (kinds.length === 0) out.error('WH-VEN-02', 'spec.venafi', v, 'venafi configures none of tpp, cloud and ngts', 'set exactly one of them');
  if (kinds.length > 1) out.error('WH-VEN-03', 'spec.venafi', v, `venafi configures ${kinds.join(' and ')}`, 'keep exactly one of them');
  const tpp = obj(v.tpp);
  if (tpp) {
    if (!set(tpp.url)) out.error('WH-VEN-04', 'spec.venafi.tpp.url', tpp.url, 'venafi.tpp.url is missing', 'set the TPP server URL');
    if (set(tpp.caBundle) && tpp.caBundleSecretRef != null) {
      out.error('WH-VEN-05', 'spec.venafi.tpp', tpp, 'venafi.tpp sets both caBundle and caBundleSecretRef', 'keep one of them');
    }
  }
  const ngts = obj(v.ngts);
  if (ngts) {
    if (!set(ngts.tsgID)) out.error('WH-VEN-06', 'spec.venafi.ngts.tsgID', ngts.tsgID, 'venafi.ngts.tsgID is missing', 'set the tenant service group ID');
    if (!set(obj(ngts.credentialsRef)?.name)) out.error('WH-VEN-07', 'spec.venafi.ngts.credentialsRef.name', undefined, 'venafi.ngts.credentialsRef.name is missing', 'name the Secret holding the credentials');
  }
}
