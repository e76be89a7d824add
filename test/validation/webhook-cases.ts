/**
 * One case per rule of cert-manager v1.21's admission webhook for Certificate, Issuer and
 * ClusterIssuer (ids as in docs/webhook-validation.md): a spec that breaks the rule, where the
 * finding must point, and how the library's constructs handle it. webhook-rules.test.ts runs every
 * case; webhook-table.test.ts checks the docs table lists exactly these ids.
 */
import { TEST_CA_PEM } from '../fixtures/test-ca';

export interface WebhookCase {
  readonly kind: 'Certificate' | 'Issuer';
  /** The whole spec, breaking the rule (or, for `none`, the input the webhook lets through). */
  readonly spec: Record<string, any>;
  /** Field path of the finding. */
  readonly path?: string;
  /** What the message must say. */
  readonly message?: RegExp;
  /** Feature gates for the case. */
  readonly featureGates?: Record<string, boolean>;
  /** The webhook has no such rule in v1.21 (documented so the table is complete): nothing is reported. */
  readonly none?: string;
  /** How the constructs handle it, for the docs table. */
  readonly api: string;
}

export const CERT_BASE = { secretName: 'web-tls', issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, dnsNames: ['web.example.com'] };
const cert = (patch: Record<string, any>) => ({ ...CERT_BASE, ...patch });
export const ACME_BASE = { server: 'https://acme.example.com/dir', privateKeySecretRef: { name: 'acct' }, solvers: [] };
const acme = (patch: Record<string, any>) => ({ acme: { ...ACME_BASE, ...patch } });
const solver = (s: Record<string, any>) => acme({ solvers: [s] });
const http = (h: Record<string, any>) => solver({ http01: h });
const dns = (d: Record<string, any>) => solver({ dns01: d });
const S = 'spec.acme.solvers[0]';
const D = `${S}.dns01`;
const ref = { name: 'creds', key: 'token' };
const VAULT_BASE = { server: 'https://vault.example.com:8200', path: 'pki/sign/web', auth: { tokenSecretRef: { name: 'vault', key: 'token' } } };
const vault = (patch: Record<string, any>) => ({ vault: { ...VAULT_BASE, ...patch } });
const vauth = (auth: Record<string, any>) => vault({ auth });
const VENAFI_BASE = { zone: 'Certificates\\Web', cloud: { apiTokenSecretRef: { name: 'venafi' } } };
const venafi = (patch: Record<string, any>) => ({ venafi: { ...VENAFI_BASE, ...patch } });
const azure = (patch: Record<string, any>) => dns({ azureDNS: { subscriptionID: 'sub', resourceGroupName: 'rg', ...patch } });

/** How the constructs handle a field they render from typed props. */
const CHECKED = (prop: string) => `Certificate \`${prop}\`: checked at construction`;
const ISSUER = (prop: string) => `IssuerConfig / ${prop}: checked when the issuer is declared`;
const NOT_IN_API = (field: string) => `not in the API (\`${field}\` cannot be set); reported by the manifest validation`;

export const WEBHOOK_CASES: Record<string, WebhookCase> = {
  // Certificate
  'WH-CERT-01': { kind: 'Certificate', spec: cert({ secretName: '' }), path: 'spec.secretName', message: /secretName is missing/, api: 'impossible by construction: secretName defaults to the Certificate name' },
  'WH-CERT-02': { kind: 'Certificate', spec: cert({ secretName: 'Web_TLS' }), path: 'spec.secretName', message: /secretName "Web_TLS" is not a valid Secret name/, api: CHECKED('secretName') },
  'WH-CERT-03': { kind: 'Certificate', spec: cert({ issuerRef: { kind: 'Issuer' } }), path: 'spec.issuerRef.name', message: /issuerRef.name is missing/, api: 'impossible by construction: the issuerRef comes from an IIssuer, whose name is checked' },
  'WH-CERT-04': { kind: 'Certificate', spec: cert({ issuerRef: { name: 'ca', kind: 'clusterissuer' } }), path: 'spec.issuerRef.kind', message: /issuerRef.kind "clusterissuer" is not a cert-manager issuer kind/, api: 'impossible by construction: the kind comes from IssuerKind' },
  'WH-CERT-05': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web' }), featureGates: { LiteralCertificateSubject: false }, path: 'spec.literalSubject', message: /needs the LiteralCertificateSubject feature gate/, api: NOT_IN_API('literalSubject') },
  'WH-CERT-06': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web', commonName: 'web' }), path: 'spec.commonName', message: /commonName "web" is set together with literalSubject/, api: NOT_IN_API('literalSubject') },
  'WH-CERT-07': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web', subject: { organizations: ['Example'] } }), path: 'spec.subject', message: /subject sets organizations together with literalSubject/, api: NOT_IN_API('literalSubject') },
  'WH-CERT-08': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web,O' }), path: 'spec.literalSubject', message: /literalSubject "CN=web,O" is not an RFC 4514 distinguished name/, api: NOT_IN_API('literalSubject') },
  'WH-CERT-09': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web,O=Example' }), none: 'unreachable in v1.21: the parser refuses BER-encoded values ("=#", WH-CERT-08) first, so every CN is a string', api: NOT_IN_API('literalSubject') },
  'WH-CERT-10': { kind: 'Certificate', spec: cert({ literalSubject: 'CN=web,FOO=bar' }), path: 'spec.literalSubject', message: /unrecognised attribute type "FOO"/, api: NOT_IN_API('literalSubject') },
  'WH-CERT-11': { kind: 'Certificate', spec: { secretName: 'web-tls', issuerRef: { name: 'ca' } }, path: 'spec', message: /names no identity/, api: CHECKED('dnsNames / commonName / ipAddresses / uris / emailAddresses') },
  'WH-CERT-12': { kind: 'Certificate', spec: cert({ commonName: 'a'.repeat(65) }), path: 'spec.commonName', message: /is 65 bytes, over the X.509 limit of 64/, api: CHECKED('commonName') },
  'WH-CERT-13': { kind: 'Certificate', spec: cert({ ipAddresses: ['10.0.0.0/8'] }), path: 'spec.ipAddresses[0]', message: /ipAddresses\[0\] "10.0.0.0\/8" is not an IP address/, api: CHECKED('ipAddresses') },
  'WH-CERT-14': { kind: 'Certificate', spec: cert({ emailAddresses: ['ops-at-example.com'] }), path: 'spec.emailAddresses[0]', message: /"ops-at-example.com" is not an email address/, api: CHECKED('emailAddresses') },
  'WH-CERT-15': { kind: 'Certificate', spec: cert({ emailAddresses: ['Ops <ops@example.com>'] }), path: 'spec.emailAddresses[0]', message: /has more than the address itself/, api: CHECKED('emailAddresses') },
  'WH-CERT-16': { kind: 'Certificate', spec: cert({ otherNames: [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'web@example.com' }] }), path: 'spec.otherNames', message: /need the OtherNames feature gate/, api: NOT_IN_API('otherNames') },
  'WH-CERT-17': { kind: 'Certificate', spec: cert({ otherNames: [{ utf8Value: 'x' }] }), featureGates: { OtherNames: true }, path: 'spec.otherNames[0].oid', message: /otherNames\[0\].oid is missing/, api: NOT_IN_API('otherNames') },
  'WH-CERT-18': { kind: 'Certificate', spec: cert({ otherNames: [{ oid: '1.3.x', utf8Value: 'x' }] }), featureGates: { OtherNames: true }, path: 'spec.otherNames[0].oid', message: /"1.3.x" is not a dotted-decimal OID/, api: NOT_IN_API('otherNames') },
  'WH-CERT-19': { kind: 'Certificate', spec: cert({ otherNames: [{ oid: '1.3.6', utf8Value: '' }] }), featureGates: { OtherNames: true }, path: 'spec.otherNames[0].utf8Value', message: /utf8Value "" is not a non-empty UTF-8 string/, api: NOT_IN_API('otherNames') },
  'WH-CERT-20': { kind: 'Certificate', spec: cert({ privateKey: { algorithm: 'RSA', size: 1024 } }), path: 'spec.privateKey.size', message: /privateKey.size 1024 is outside 2048-8192 bits/, api: 'impossible by construction: PrivateKeyAlgorithm.rsa(size) checks the size' },
  'WH-CERT-21': { kind: 'Certificate', spec: cert({ privateKey: { algorithm: 'ECDSA', size: 512 } }), path: 'spec.privateKey.size', message: /privateKey.size 512 is not an ECDSA curve size/, api: 'impossible by construction: ECDSA keys are the constants ECDSA_P256/P384/P521' },
  'WH-CERT-22': { kind: 'Certificate', spec: cert({ privateKey: { algorithm: 'Ed25519', size: 4096 } }), none: 'the webhook ignores the size of an Ed25519 key', api: 'impossible by construction: PrivateKeyAlgorithm.ED25519 has no size' },
  'WH-CERT-23': { kind: 'Certificate', spec: cert({ privateKey: { algorithm: 'DSA' } }), path: 'spec.privateKey.algorithm', message: /privateKey.algorithm "DSA" is not a key algorithm/, api: 'impossible by construction: PrivateKeyAlgorithm constants' },
  'WH-CERT-24': { kind: 'Certificate', spec: cert({ privateKey: { algorithm: 'ECDSA' }, signatureAlgorithm: 'SHA256WithRSA' }), path: 'spec.signatureAlgorithm', message: /"SHA256WithRSA" does not fit the ECDSA key/, api: NOT_IN_API('signatureAlgorithm') },
  'WH-CERT-25': { kind: 'Certificate', spec: cert({ duration: '30m' }), path: 'spec.duration', message: /duration "30m" \(30 minutes\) is below cert-manager's minimum of 1 hour/, api: CHECKED('duration') },
  'WH-CERT-26': { kind: 'Certificate', spec: cert({ duration: '2160h', renewBefore: '720h', renewBeforePercentage: 30 }), path: 'spec.renewBefore', message: /renewBefore "720h" and renewBeforePercentage 30 are both set/, api: CHECKED('renewBefore / renewBeforePercentage') },
  'WH-CERT-27': { kind: 'Certificate', spec: cert({ renewBefore: '4m' }), path: 'spec.renewBefore', message: /renewBefore "4m" \(4 minutes\) is below cert-manager's minimum of 5 minutes/, api: CHECKED('renewBefore') },
  'WH-CERT-28': { kind: 'Certificate', spec: cert({ duration: '48h', renewBefore: '48h' }), path: 'spec.renewBefore', message: /renewBefore "48h" \(2 days\) is not shorter than duration "48h" \(2 days\)/, api: CHECKED('renewBefore') },
  'WH-CERT-29': { kind: 'Certificate', spec: cert({ duration: '1h', renewBeforePercentage: 95 }), path: 'spec.renewBeforePercentage', message: /renewBeforePercentage 95 of duration "1h" \(1 hour\) leaves a renewBefore under 5 minutes/, api: CHECKED('renewBeforePercentage') },
  'WH-CERT-30': { kind: 'Certificate', spec: cert({ duration: '24h', renewBeforePercentage: 0 }), path: 'spec.renewBeforePercentage', message: /renewBeforePercentage 0 does not leave a renewBefore shorter than duration "24h"/, api: CHECKED('renewBeforePercentage') },
  'WH-CERT-31': { kind: 'Certificate', spec: cert({ usages: ['server-auth'] }), path: 'spec.usages[0]', message: /usages\[0\] "server-auth" is not a key usage cert-manager knows/, api: 'impossible by construction: usages are KeyUsage constants' },
  'WH-CERT-32': { kind: 'Certificate', spec: cert({ revisionHistoryLimit: 0 }), path: 'spec.revisionHistoryLimit', message: /revisionHistoryLimit 0 is below 1/, api: CHECKED('revisionHistoryLimit') },
  'WH-CERT-33': { kind: 'Certificate', spec: cert({ secretTemplate: { labels: { team: 'web platform' } } }), path: 'spec.secretTemplate.labels["team"]', message: /label "team" has the invalid value "web platform"/, api: CHECKED('secretLabels') },
  'WH-CERT-34': { kind: 'Certificate', spec: cert({ secretTemplate: { annotations: { 'cert-manager.io/issuer-name': 'x' } } }), path: 'spec.secretTemplate.annotations["cert-manager.io/issuer-name"]', message: /annotation "cert-manager.io\/issuer-name" is in cert-manager's own cert-manager.io\/ group/, api: CHECKED('secretAnnotations') },
  'WH-CERT-35': { kind: 'Certificate', spec: cert({ secretTemplate: { annotations: { 'bad key': 'x' } } }), path: 'spec.secretTemplate.annotations["bad key"]', message: /annotation key "bad key" is invalid/, api: CHECKED('secretAnnotations') },
  'WH-CERT-36': { kind: 'Certificate', spec: cert({ isCA: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }), path: 'spec.nameConstraints', message: /need the NameConstraints feature gate/, api: 'Certificate `nameConstraints`: a warning at construction names the gate (the cluster sets it)' },
  'WH-CERT-37': { kind: 'Certificate', spec: cert({ nameConstraints: { permitted: { dnsDomains: ['example.com'] } } }), featureGates: { NameConstraints: true }, path: 'spec.nameConstraints', message: /nameConstraints are set but isCA is false/, api: CHECKED('nameConstraints / isCa') },
  'WH-CERT-38': { kind: 'Certificate', spec: cert({ isCA: true, nameConstraints: { critical: true } }), featureGates: { NameConstraints: true }, path: 'spec.nameConstraints', message: /set neither permitted nor excluded/, api: CHECKED('nameConstraints') },
  'WH-CERT-39': { kind: 'Certificate', spec: cert({ additionalOutputFormats: [{ type: 'DER' }, { type: 'DER' }] }), path: 'spec.additionalOutputFormats[1].type', message: /lists "DER" twice/, api: CHECKED('additionalOutputFormats') },
  'WH-CERT-40': { kind: 'Certificate', spec: cert({ keystores: { jks: { create: true, password: 'x', passwordSecretRef: { name: 'p', key: 'k' } } } }), path: 'spec.keystores.jks', message: /JKS keystore sets both password and passwordSecretRef/, api: 'impossible by construction: Keystore takes a passwordSecret only' },
  'WH-CERT-41': { kind: 'Certificate', spec: cert({ keystores: { jks: { create: true } } }), path: 'spec.keystores.jks', message: /JKS keystore sets neither password nor passwordSecretRef/, api: 'impossible by construction: Keystore requires passwordSecret' },
  'WH-CERT-42': { kind: 'Certificate', spec: cert({ keystores: { jks: { create: true, password: '' } } }), path: 'spec.keystores.jks.password', message: /JKS keystore password is ""/, api: 'impossible by construction: Keystore takes a passwordSecret only' },
  'WH-CERT-43': { kind: 'Certificate', spec: cert({ keystores: { pkcs12: { create: true, password: 'x', passwordSecretRef: { name: 'p', key: 'k' } } } }), path: 'spec.keystores.pkcs12', message: /PKCS#12 keystore sets both/, api: 'impossible by construction: Keystore takes a passwordSecret only' },
  'WH-CERT-44': { kind: 'Certificate', spec: cert({ keystores: { pkcs12: { create: true } } }), path: 'spec.keystores.pkcs12', message: /PKCS#12 keystore sets neither/, api: 'impossible by construction: Keystore requires passwordSecret' },
  'WH-CERT-45': { kind: 'Certificate', spec: cert({ keystores: { pkcs12: { create: true, password: '' } } }), path: 'spec.keystores.pkcs12.password', message: /PKCS#12 keystore password is ""/, api: 'impossible by construction: Keystore takes a passwordSecret only' },
  'WH-CERT-46': { kind: 'Certificate', spec: cert({ renewal: { policy: 'Never' } }), path: 'spec.renewal.policy', message: /renewal.policy "Never" is not a renewal policy/, api: NOT_IN_API('renewal') },
  'WH-CERT-47': { kind: 'Certificate', spec: cert({ renewal: { policy: 'Disabled', windows: [{ cron: '0 2 * * *', windowDuration: '2h' }] } }), path: 'spec.renewal.windows', message: /windows are set but renewal.policy is "Disabled"/, api: NOT_IN_API('renewal') },
  'WH-CERT-48': { kind: 'Certificate', spec: cert({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * *' }] } }), path: 'spec.renewal.windows[0].windowDuration', message: /windowDuration is missing/, api: NOT_IN_API('renewal') },
  'WH-CERT-49': { kind: 'Certificate', spec: cert({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 2 * * *', windowDuration: '2h', timezone: 'Mars/Olympus' }] } }), path: 'spec.renewal.windows[0].timezone', message: /"Mars\/Olympus" is not an IANA time zone/, api: NOT_IN_API('renewal') },
  'WH-CERT-50': { kind: 'Certificate', spec: cert({ renewal: { policy: 'RenewBefore', windows: [{ cron: '0 25 * * *', windowDuration: '2h' }] } }), path: 'spec.renewal.windows[0].cron', message: /cron "0 25 \* \* \*" is not a cron schedule: "25" is outside 0-23/, api: NOT_IN_API('renewal') },

  // Issuer and ClusterIssuer: type
  'WH-ISS-01': { kind: 'Issuer', spec: { ...acme({}), ca: { secretName: 'ca' } }, path: 'spec.ca', message: /configures acme and ca; an issuer has one type/, api: 'impossible by construction: IssuerConfig factories make one type' },
  'WH-ISS-02': { kind: 'Issuer', spec: {}, path: 'spec', message: /configures no issuer type/, api: 'impossible by construction: `config` is required' },
  // ACME
  'WH-ACME-01': { kind: 'Issuer', spec: acme({ caBundle: Buffer.from(TEST_CA_PEM).toString('base64'), skipTLSVerify: true }), path: 'spec.acme.caBundle', message: /sets both caBundle and skipTLSVerify/, api: ISSUER('acme caBundle / skipTlsVerify') },
  'WH-ACME-02': { kind: 'Issuer', spec: acme({ caBundle: Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64') }), path: 'spec.acme.caBundle', message: /holds no PEM certificate/, api: ISSUER('acme caBundle') },
  'WH-ACME-03': { kind: 'Issuer', spec: acme({ privateKeySecretRef: { name: '' } }), path: 'spec.acme.privateKeySecretRef.name', message: /privateKeySecretRef.name is missing/, api: 'impossible by construction: accountKeySecretName defaults to the issuer name' },
  'WH-ACME-04': { kind: 'Issuer', spec: acme({ server: '' }), path: 'spec.acme.server', message: /acme.server is missing/, api: 'impossible by construction: `server` is a required AcmeServer' },
  'WH-ACME-05': { kind: 'Issuer', spec: acme({ externalAccountBinding: { keySecretRef: ref } }), path: 'spec.acme.externalAccountBinding.keyID', message: /keyID is missing/, api: ISSUER('acme eabKeyId / eabKeySecret') },
  'WH-ACME-06': { kind: 'Issuer', spec: acme({ externalAccountBinding: { keyID: 'kid', keySecretRef: { name: 'eab' } } }), path: 'spec.acme.externalAccountBinding.keySecretRef.key', message: /keySecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-ACME-07': { kind: 'Issuer', spec: acme({ externalAccountBinding: { keyID: 'kid', keySecretRef: ref, keyAlgorithm: 'HS256' } }), path: 'spec.acme.externalAccountBinding.keyAlgorithm', message: /keyAlgorithm "HS256" is deprecated and ignored/, api: 'impossible by construction: the API has no keyAlgorithm' },
  'WH-ACME-08': { kind: 'Issuer', spec: solver({ http01: { ingress: {} }, dns01: { webhook: { groupName: 'g', solverName: 's' } } }), path: S, message: /configures both http01 and dns01/, api: 'impossible by construction: AcmeSolver factories make one type' },
  'WH-ACME-09': { kind: 'Issuer', spec: solver({ selector: {} }), path: S, message: /configures neither http01 nor dns01/, api: 'impossible by construction: AcmeSolver factories make one type' },
  'WH-ACME-10': { kind: 'Issuer', spec: solver({ http01: { ingress: {} }, waitInsteadOfSelfCheck: '-30s' }), path: `${S}.waitInsteadOfSelfCheck`, message: /waitInsteadOfSelfCheck "-30s" is negative/, api: NOT_IN_API('waitInsteadOfSelfCheck') },
  'WH-HTTP-01': { kind: 'Issuer', spec: http({}), path: `${S}.http01`, message: /sets neither ingress nor gatewayHTTPRoute/, api: 'impossible by construction: http01Ingress / http01GatewayHttpRoute' },
  'WH-HTTP-02': { kind: 'Issuer', spec: http({ ingress: {}, gatewayHTTPRoute: { parentRefs: [{ name: 'gw' }] } }), path: `${S}.http01`, message: /sets both ingress and gatewayHTTPRoute/, api: 'impossible by construction: http01Ingress / http01GatewayHttpRoute' },
  'WH-HTTP-03': { kind: 'Issuer', spec: http({ ingress: { ingressClassName: 'nginx', class: 'nginx' } }), path: `${S}.http01.ingress`, message: /sets class and ingressClassName/, api: ISSUER('AcmeSolver.http01Ingress') },
  'WH-HTTP-04': { kind: 'Issuer', spec: http({ ingress: { ingressClassName: 'azure/application-gateway' } }), path: `${S}.http01.ingress.ingressClassName`, message: /"azure\/application-gateway" is not a valid IngressClass name/, api: ISSUER('AcmeSolver.http01Ingress ingressClassName') },
  'WH-HTTP-05': { kind: 'Issuer', spec: http({ ingress: { serviceType: 'LoadBalancer' } }), path: `${S}.http01.ingress.serviceType`, message: /serviceType "LoadBalancer" is not allowed/, api: 'impossible by construction: serviceType is an enum of ClusterIP and NodePort' },
  'WH-HTTP-06': { kind: 'Issuer', spec: http({ gatewayHTTPRoute: { serviceType: 'LoadBalancer', parentRefs: [{ name: 'gw' }] } }), path: `${S}.http01.gatewayHTTPRoute.serviceType`, message: /serviceType "LoadBalancer" is not allowed/, api: 'impossible by construction: serviceType is an enum of ClusterIP and NodePort' },
  'WH-HTTP-07': { kind: 'Issuer', spec: http({ gatewayHTTPRoute: { parentRefs: [{ kind: 'Gateway', name: '' }] } }), path: `${S}.http01.gatewayHTTPRoute.parentRefs[0].name`, message: /parentRefs\[0\] \(kind "Gateway"\) has no name/, api: ISSUER('http01GatewayHttpRoute parentRefs') },
  'WH-HTTP-08': { kind: 'Issuer', spec: http({ gatewayHTTPRoute: { parentRefs: [{ name: 'gw' }] } }), none: 'the CRD defaults kind to Gateway before admission, so a parentRef always has a kind when the webhook reads it', api: 'impossible by construction: the CRD default applies' },
  // DNS-01
  'WH-DNS-01': { kind: 'Issuer', spec: dns({ cnameStrategy: 'Always', webhook: { groupName: 'g', solverName: 's' } }), path: `${D}.cnameStrategy`, message: /cnameStrategy "Always" is not a CNAME strategy/, api: 'impossible by construction: cnameStrategy is an enum' },
  'WH-DNS-02': { kind: 'Issuer', spec: dns({ cloudflare: { apiTokenSecretRef: ref }, route53: {} }), path: `${D}.route53`, message: /configures route53 as well as cloudflare/, api: 'impossible by construction: one Dns01Provider per solver' },
  'WH-DNS-03': { kind: 'Issuer', spec: dns({}), path: D, message: /configures no DNS provider/, api: 'impossible by construction: AcmeSolver.dns01 takes a provider' },
  'WH-DNS-AKAMAI-01': { kind: 'Issuer', spec: dns({ akamai: { serviceConsumerDomain: 'akamai.example', accessTokenSecretRef: ref, clientSecretSecretRef: ref, clientTokenSecretRef: { name: 'x' } } }), path: `${D}.akamai.clientTokenSecretRef.key`, message: /clientTokenSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-AKAMAI-02': { kind: 'Issuer', spec: dns({ akamai: { serviceConsumerDomain: '', accessTokenSecretRef: ref, clientSecretSecretRef: ref, clientTokenSecretRef: ref } }), path: `${D}.akamai.serviceConsumerDomain`, message: /serviceConsumerDomain is missing/, api: ISSUER('Dns01Provider.akamai') },
  'WH-DNS-AZ-01': { kind: 'Issuer', spec: azure({ clientID: 'app' }), path: `${D}.azureDNS.tenantID`, message: /azureDNS.tenantID is missing; a service principal needs/, api: 'impossible by construction: AzureDnsCredentials.servicePrincipal requires all three' },
  'WH-DNS-AZ-02': { kind: 'Issuer', spec: azure({ clientID: 'app', tenantID: 't', clientSecretSecretRef: { name: 'sp' } }), path: `${D}.azureDNS.clientSecretSecretRef.key`, message: /clientSecretSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-AZ-03': { kind: 'Issuer', spec: azure({ clientID: 'app', tenantID: 't', clientSecretSecretRef: ref, managedIdentity: { clientID: 'mi' } }), path: `${D}.azureDNS.managedIdentity`, message: /sets a managed identity and service principal credentials/, api: 'impossible by construction: AzureDnsCredentials factories make one kind' },
  'WH-DNS-AZ-04': { kind: 'Issuer', spec: azure({ managedIdentity: { clientID: 'mi', resourceID: '/subscriptions/x' } }), path: `${D}.azureDNS.managedIdentity`, message: /sets both clientID and resourceID/, api: ISSUER('AzureDnsCredentials.managedIdentity') },
  'WH-DNS-AZ-05': { kind: 'Issuer', spec: azure({ managedIdentity: { tenantID: 't', resourceID: '/subscriptions/x' } }), path: `${D}.azureDNS.managedIdentity`, message: /sets both tenantID and resourceID/, api: ISSUER('AzureDnsCredentials.managedIdentity / workloadIdentity') },
  'WH-DNS-AZ-06': { kind: 'Issuer', spec: azure({ managedIdentity: { tenantID: 't' } }), path: `${D}.azureDNS.managedIdentity.clientID`, message: /tenantID is set without clientID/, api: ISSUER('AzureDnsCredentials.workloadIdentity') },
  'WH-DNS-AZ-07': { kind: 'Issuer', spec: azure({ subscriptionID: '' }), path: `${D}.azureDNS.subscriptionID`, message: /subscriptionID is missing/, api: ISSUER('Dns01Provider.azureDns') },
  'WH-DNS-AZ-08': { kind: 'Issuer', spec: azure({ resourceGroupName: '' }), path: `${D}.azureDNS.resourceGroupName`, message: /resourceGroupName is missing/, api: ISSUER('Dns01Provider.azureDns') },
  'WH-DNS-AZ-09': { kind: 'Issuer', spec: azure({ environment: 'AzureMoonCloud' }), path: `${D}.azureDNS.environment`, message: /"AzureMoonCloud" is not an Azure cloud/, api: 'impossible by construction: environment is an enum' },
  'WH-DNS-GCP-01': { kind: 'Issuer', spec: dns({ cloudDNS: { project: 'p', serviceAccountSecretRef: { name: 'gcp' } } }), path: `${D}.cloudDNS.serviceAccountSecretRef.key`, message: /serviceAccountSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-GCP-02': { kind: 'Issuer', spec: dns({ cloudDNS: { project: '' } }), path: `${D}.cloudDNS.project`, message: /cloudDNS.project is missing/, api: ISSUER('Dns01Provider.cloudDns') },
  'WH-DNS-CF-01': { kind: 'Issuer', spec: dns({ cloudflare: { apiTokenSecretRef: { name: 'cf' } } }), path: `${D}.cloudflare.apiTokenSecretRef.key`, message: /apiTokenSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-CF-02': { kind: 'Issuer', spec: dns({ cloudflare: { email: 'a@example.com', apiKeySecretRef: ref, apiTokenSecretRef: ref } }), path: `${D}.cloudflare`, message: /sets both apiKeySecretRef and apiTokenSecretRef/, api: 'impossible by construction: cloudflare / cloudflareApiKey are separate factories' },
  'WH-DNS-CF-03': { kind: 'Issuer', spec: dns({ cloudflare: { email: 'a@example.com' } }), path: `${D}.cloudflare`, message: /sets neither apiKeySecretRef nor apiTokenSecretRef/, api: 'impossible by construction: each factory requires its credential' },
  'WH-DNS-CF-04': { kind: 'Issuer', spec: dns({ cloudflare: { apiKeySecretRef: ref } }), path: `${D}.cloudflare.email`, message: /cloudflare.email is missing, and a global API key needs it/, api: ISSUER('Dns01Provider.cloudflareApiKey email') },
  'WH-DNS-R53-01': { kind: 'Issuer', spec: dns({ route53: { accessKeyID: 'AKIA', accessKeyIDSecretRef: ref } }), path: `${D}.route53`, message: /sets both accessKeyID and accessKeyIDSecretRef/, api: 'impossible by construction: Route53Credentials.accessKey takes the key ID from a Secret only' },
  'WH-DNS-R53-02': { kind: 'Issuer', spec: dns({ route53: { accessKeyIDSecretRef: { name: 'aws' } } }), path: `${D}.route53.accessKeyIDSecretRef.key`, message: /accessKeyIDSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-ACMEDNS-01': { kind: 'Issuer', spec: dns({ acmeDNS: { host: 'https://acme-dns.example.com', accountSecretRef: { key: 'acct.json' } } }), path: `${D}.acmeDNS.accountSecretRef.name`, message: /accountSecretRef.name is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-ACMEDNS-02': { kind: 'Issuer', spec: dns({ acmeDNS: { host: '', accountSecretRef: ref } }), path: `${D}.acmeDNS.host`, message: /acmeDNS.host is missing/, api: ISSUER('Dns01Provider.acmeDns host') },
  'WH-DNS-ACMEDNS-03': { kind: 'Issuer', spec: dns({ acmeDNS: { host: 'https://acme-dns.example.com', accountSecretRef: ref } }), none: 'added after v1.21: the v1.21.1 CRD has no acmeDNS.caBundle', api: 'not in v1.21 (no such field)' },
  'WH-DNS-DO-01': { kind: 'Issuer', spec: dns({ digitalocean: { tokenSecretRef: { name: 'do' } } }), path: `${D}.digitalocean.tokenSecretRef.key`, message: /tokenSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-RFC-01': { kind: 'Issuer', spec: dns({ rfc2136: { nameserver: '' } }), path: `${D}.rfc2136.nameserver`, message: /rfc2136.nameserver is missing/, api: ISSUER('Dns01Provider.rfc2136 nameserver') },
  'WH-DNS-RFC-02': { kind: 'Issuer', spec: dns({ rfc2136: { nameserver: '2001:db8::1' } }), path: `${D}.rfc2136.nameserver`, message: /"2001:db8::1" is not host\[:port\]: an IPv6 address must be enclosed in brackets/, api: ISSUER('Dns01Provider.rfc2136 nameserver') },
  'WH-DNS-RFC-03': { kind: 'Issuer', spec: dns({ rfc2136: { nameserver: '10.0.0.53', tsigAlgorithm: 'HMACSHA3' } }), path: `${D}.rfc2136.tsigAlgorithm`, message: /tsigAlgorithm "HMACSHA3" is not supported/, api: 'impossible by construction: tsigAlgorithm is an enum' },
  'WH-DNS-RFC-04': { kind: 'Issuer', spec: dns({ rfc2136: { nameserver: '10.0.0.53', tsigKeyName: 'k', tsigSecretSecretRef: { name: 'tsig' } } }), path: `${D}.rfc2136.tsigSecretSecretRef.key`, message: /tsigSecretSecretRef.key is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-DNS-RFC-05': { kind: 'Issuer', spec: dns({ rfc2136: { nameserver: '10.0.0.53', tsigSecretSecretRef: ref } }), path: `${D}.rfc2136.tsigKeyName`, message: /TSIG secret is set without tsigKeyName/, api: ISSUER('Dns01Provider.rfc2136 tsig') },
  'WH-DNS-WH-01': { kind: 'Issuer', spec: dns({ webhook: { groupName: 'acme.example.com', solverName: '' } }), path: `${D}.webhook.solverName`, message: /webhook.solverName is missing/, api: ISSUER('Dns01Provider.webhook solverName') },
  // CA and SelfSigned
  'WH-CA-01': { kind: 'Issuer', spec: { ca: { secretName: '' } }, path: 'spec.ca.secretName', message: /ca.secretName is missing/, api: ISSUER('IssuerConfig.ca secretName') },
  'WH-CA-02': { kind: 'Issuer', spec: { ca: { secretName: 'ca', ocspServers: [''] } }, path: 'spec.ca.ocspServers[0]', message: /ca.ocspServers\[0\] is empty/, api: ISSUER('IssuerConfig.ca ocspServers (any URL is checked)') },
  'WH-CA-03': { kind: 'Issuer', spec: { ca: { secretName: 'ca', issuingCertificateURLs: [''] } }, path: 'spec.ca.issuingCertificateURLs[0]', message: /issuingCertificateURLs\[0\] is empty/, api: ISSUER('IssuerConfig.ca issuingCertificateUrls') },
  'WH-SS-00': { kind: 'Issuer', spec: { selfSigned: { crlDistributionPoints: [''] } }, none: 'the webhook has no rules for selfSigned', api: 'IssuerConfig.selfSigned: crlDistributionPoints checked beyond the webhook' },
  // Vault
  'WH-VAULT-01': { kind: 'Issuer', spec: vault({ server: '' }), path: 'spec.vault.server', message: /vault.server is missing/, api: ISSUER('IssuerConfig.vault server') },
  'WH-VAULT-02': { kind: 'Issuer', spec: vault({ path: '' }), path: 'spec.vault.path', message: /vault.path is missing/, api: ISSUER('IssuerConfig.vault path') },
  'WH-VAULT-03': { kind: 'Issuer', spec: vault({ path: 'pki/../sys/sign/web' }), path: 'spec.vault.path', message: /vault.path "pki\/..\/sys\/sign\/web" has a ".." segment/, api: ISSUER('IssuerConfig.vault path') },
  'WH-VAULT-04': { kind: 'Issuer', spec: vault({ caBundle: Buffer.from('not a certificate').toString('base64') }), path: 'spec.vault.caBundle', message: /vault.caBundle holds no PEM certificate/, api: ISSUER('IssuerConfig.vault caBundle') },
  'WH-VAULT-05': { kind: 'Issuer', spec: vault({ caBundle: Buffer.from(TEST_CA_PEM).toString('base64'), caBundleSecretRef: ref }), path: 'spec.vault.caBundle', message: /sets both caBundle and caBundleSecretRef/, api: 'impossible by construction: the API takes a PEM caBundle only' },
  'WH-VAULT-06': { kind: 'Issuer', spec: vault({ clientCertSecretRef: ref }), path: 'spec.vault.clientKeySecretRef', message: /clientCertSecretRef is set without clientKeySecretRef/, api: ISSUER('IssuerConfig.vault clientCertificateSecret / clientKeySecret') },
  'WH-VAULT-07': { kind: 'Issuer', spec: vault({ clientKeySecretRef: ref }), path: 'spec.vault.clientCertSecretRef', message: /clientKeySecretRef is set without clientCertSecretRef/, api: ISSUER('IssuerConfig.vault clientCertificateSecret / clientKeySecret') },
  'WH-VAULT-08': { kind: 'Issuer', spec: vault({ auth: {} }), path: 'spec.vault.auth', message: /configures no authentication method/, api: 'impossible by construction: `auth` is a required VaultAuth' },
  'WH-VAULT-09': { kind: 'Issuer', spec: vauth({ appRole: { path: 'approle', roleId: '', secretRef: ref } }), path: 'spec.vault.auth.appRole.roleId', message: /appRole.roleId is missing/, api: ISSUER('VaultAuth.appRole roleId') },
  'WH-VAULT-10': { kind: 'Issuer', spec: vauth({ appRole: { path: 'approle', roleId: 'r', secretRef: { key: 'secret-id' } } }), path: 'spec.vault.auth.appRole.secretRef.name', message: /appRole.secretRef.name is missing/, api: 'impossible by construction: SecretKeySelector requires name and key' },
  'WH-VAULT-11': { kind: 'Issuer', spec: vauth({ appRole: { path: '../approle', roleId: 'r', secretRef: ref } }), path: 'spec.vault.auth.appRole.path', message: /appRole.path "..\/approle" has a ".." segment/, api: ISSUER('VaultAuth.appRole path') },
  'WH-VAULT-12': { kind: 'Issuer', spec: vauth({ clientCertificate: { mountPath: '/v1/auth/../cert' } }), path: 'spec.vault.auth.clientCertificate.mountPath', message: /clientCertificate.mountPath "\/v1\/auth\/..\/cert" has a ".." segment/, api: ISSUER('VaultAuth.clientCertificate mountPath') },
  'WH-VAULT-13': { kind: 'Issuer', spec: vauth({ kubernetes: { role: '', serviceAccountRef: { name: 'sa' } } }), path: 'spec.vault.auth.kubernetes.role', message: /kubernetes.role is missing/, api: ISSUER('VaultAuth.kubernetesServiceAccount / kubernetesSecret role') },
  'WH-VAULT-14': { kind: 'Issuer', spec: vauth({ kubernetes: { role: 'r', mountPath: '/v1/auth/../k8s', serviceAccountRef: { name: 'sa' } } }), path: 'spec.vault.auth.kubernetes.mountPath', message: /kubernetes.mountPath "\/v1\/auth\/..\/k8s" has a ".." segment/, api: ISSUER('VaultAuth kubernetes mountPath') },
  'WH-VAULT-15': { kind: 'Issuer', spec: vauth({ kubernetes: { role: 'r' } }), path: 'spec.vault.auth.kubernetes', message: /sets neither secretRef nor serviceAccountRef/, api: 'impossible by construction: kubernetesServiceAccount / kubernetesSecret factories' },
  'WH-VAULT-16': { kind: 'Issuer', spec: vauth({ kubernetes: { role: 'r', secretRef: ref, serviceAccountRef: { name: 'sa' } } }), path: 'spec.vault.auth.kubernetes', message: /sets both secretRef and serviceAccountRef/, api: 'impossible by construction: kubernetesServiceAccount / kubernetesSecret factories' },
  'WH-VAULT-17': { kind: 'Issuer', spec: vauth({ kubernetes: { role: 'r', serviceAccountRef: {} } }), path: 'spec.vault.auth.kubernetes.serviceAccountRef.name', message: /serviceAccountRef.name is missing/, api: ISSUER('VaultAuth.kubernetesServiceAccount serviceAccountName') },
  'WH-VAULT-18': { kind: 'Issuer', spec: vauth({ aws: { role: '' } }), path: 'spec.vault.auth.aws.role', message: /aws.role is missing/, api: ISSUER('VaultAuth.aws role') },
  'WH-VAULT-19': { kind: 'Issuer', spec: vauth({ aws: { role: 'r', mountPath: '/v1/auth/../aws' } }), path: 'spec.vault.auth.aws.mountPath', message: /aws.mountPath "\/v1\/auth\/..\/aws" has a ".." segment/, api: ISSUER('VaultAuth.aws mountPath') },
  'WH-VAULT-20': { kind: 'Issuer', spec: vauth({ aws: { role: 'r', iamRoleArn: 'arn:aws:iam::1:role/x', serviceAccountRef: {} } }), path: 'spec.vault.auth.aws.serviceAccountRef.name', message: /aws.serviceAccountRef.name is missing/, api: ISSUER('VaultAuth.aws serviceAccountName') },
  'WH-VAULT-21': { kind: 'Issuer', spec: vauth({ aws: { role: 'r', serviceAccountRef: { name: 'sa' } } }), path: 'spec.vault.auth.aws.iamRoleArn', message: /aws.iamRoleArn is missing, and IRSA/, api: ISSUER('VaultAuth.aws serviceAccountName / iamRoleArn') },
  // Venafi
  'WH-VEN-01': { kind: 'Issuer', spec: venafi({ zone: '' }), path: 'spec.venafi.zone', message: /venafi.zone is missing/, api: ISSUER('IssuerConfig.venafiTpp / venafiCloud zone') },
  'WH-VEN-02': { kind: 'Issuer', spec: { venafi: { zone: 'z' } }, path: 'spec.venafi', message: /configures none of tpp, cloud and ngts/, api: 'impossible by construction: IssuerConfig.venafiTpp / venafiCloud each make one connection' },
  'WH-VEN-03': { kind: 'Issuer', spec: venafi({ tpp: { url: 'https://tpp.example.com', credentialsRef: { name: 'tpp' } } }), path: 'spec.venafi', message: /configures tpp and cloud/, api: 'impossible by construction: IssuerConfig.venafiTpp / venafiCloud each make one connection' },
  'WH-VEN-04': { kind: 'Issuer', spec: { venafi: { zone: 'z', tpp: { url: '', credentialsRef: { name: 'tpp' } } } }, path: 'spec.venafi.tpp.url', message: /venafi.tpp.url is missing/, api: ISSUER('IssuerConfig.venafiTpp url') },
  'WH-VEN-05': { kind: 'Issuer', spec: { venafi: { zone: 'z', tpp: { url: 'https://tpp.example.com', credentialsRef: { name: 'tpp' }, caBundle: 'Zm9v', caBundleSecretRef: ref } } }, path: 'spec.venafi.tpp', message: /sets both caBundle and caBundleSecretRef/, api: ISSUER('IssuerConfig.venafiTpp caBundle / caBundleSecret') },
  'WH-VEN-06': { kind: 'Issuer', spec: { venafi: { zone: 'z', ngts: { tsgID: '', credentialsRef: { name: 'n' } } } }, path: 'spec.venafi.ngts.tsgID', message: /ngts.tsgID is missing/, api: NOT_IN_API('venafi') },
  'WH-VEN-07': { kind: 'Issuer', spec: { venafi: { zone: 'z', ngts: { tsgID: 't', credentialsRef: {} } } }, path: 'spec.venafi.ngts.credentialsRef.name', message: /ngts.credentialsRef.name is missing/, api: NOT_IN_API('venafi') },
};
