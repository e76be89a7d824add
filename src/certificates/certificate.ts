import { ApiObject, Chart, Duration, Lazy, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  AdditionalOutputFormat, CertificateSubject, KeyUsage, Keystore, NameConstraintItems, NameConstraints,
  PrivateKeyEncoding, PrivateKeyRotationPolicy, TerminateIngressOptions,
} from './certificate-options';
import { MountOptions, ReloadOnRotationOptions, RotationReload } from './reload';
import { CertificateGraph, CertificateSource, ReloadMode } from '../graph/certificate-graph';
import * as cm from '../imports/cert-manager.io';
import { toJson_CertificateSpec } from '../imports/cert-manager.io';
import { IIssuer } from '../issuers/issuer-ref';
import { PrivateKeyAlgorithm } from '../issuers/private-key-algorithm';
import {
  checkCommonName, checkDurations, checkIssuer, checkKeyForIssuer, checkRevisionHistoryLimit,
} from './private/certificate-validation';
import { fail } from '../private/errors';
import { warn } from '../private/warn';
import { validateCertificateSpec } from '../validation/certificate-spec';
import { reportIssues } from '../validation/report-issues';
import { terminateListener } from './private/gateway-tls';
import { terminateIngress } from './private/ingress-tls';
import { checkAnnotations, checkLabels } from '../private/metadata';
import { checkDnsLabel, checkEmail, checkSecretKey, checkSubdomain } from '../private/names';
import { checkCidr, checkDnsName, checkIpAddress, checkUri } from '../private/san';
import { mountSecret, wireReload } from './private/workload-wiring';
import { plainObject } from '../private/plain-object';

/**
 * Props of {@link Certificate}.
 */
export interface CertificateProps {
  /**
   * The issuer that signs the certificate: an `Issuer` in the same namespace, a `ClusterIssuer`,
   * or a reference from `Issuer.fromIssuerName` / `ClusterIssuer.fromClusterIssuerName`.
   */
  readonly issuer: IIssuer;

  /**
   * Name of the Certificate object (an RFC 1123 subdomain).
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * Namespace of the Certificate and of the Secret it writes. Workloads that mount the Secret
   * must run in this namespace.
   *
   * @default - the chart's namespace; required when the chart has none
   */
  readonly namespace?: string;

  /**
   * Name of the Secret cert-manager writes the key and certificate to (`tls.key`, `tls.crt`,
   * `ca.crt`).
   *
   * @default - the Certificate's name
   */
  readonly secretName?: string;

  /**
   * Common name (CN) of the subject, at most 64 characters. TLS clients ignore it when the
   * certificate has SANs, so prefer `dnsNames`.
   *
   * @default - none
   */
  readonly commonName?: string;

  /**
   * DNS names (SANs), lowercase; a wildcard only as the first label (`*.example.com`).
   *
   * @default - none
   */
  readonly dnsNames?: string[];

  /**
   * IP address SANs.
   *
   * @default - none
   */
  readonly ipAddresses?: string[];

  /**
   * URI SANs, e.g. SPIFFE IDs.
   *
   * @default - none
   */
  readonly uris?: string[];

  /**
   * Email address SANs.
   *
   * @default - none
   */
  readonly emailAddresses?: string[];

  /**
   * Subject fields other than the common name.
   *
   * @default - none
   */
  readonly subject?: CertificateSubject;

  /**
   * Requested lifetime (at least one hour). ACME issuers such as Let's Encrypt ignore it and
   * choose the lifetime themselves.
   *
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;

  /**
   * How long before expiry cert-manager renews the certificate: at least five minutes and
   * shorter than the duration. Cannot be combined with `renewBeforePercentage`.
   *
   * @default - a third of the issued certificate's actual lifetime (cert-manager's default),
   * which follows the lifetime the issuer really grants
   */
  readonly renewBefore?: Duration;

  /**
   * Like `renewBefore`, as a whole percentage (1-99) of the issued certificate's lifetime; it
   * scales when an ACME CA shortens lifetimes. Cannot be combined with `renewBefore`.
   *
   * @default - see `renewBefore`
   */
  readonly renewBeforePercentage?: number;

  /**
   * Algorithm and size of the private key.
   *
   * @default PrivateKeyAlgorithm.ECDSA_P256
   */
  readonly privateKey?: PrivateKeyAlgorithm;

  /**
   * Encoding of the private key in `tls.key`.
   *
   * @default - PKCS#1, cert-manager's default
   */
  readonly privateKeyEncoding?: PrivateKeyEncoding;

  /**
   * Whether a renewal generates a new private key.
   *
   * @default PrivateKeyRotationPolicy.ALWAYS
   */
  readonly privateKeyRotationPolicy?: PrivateKeyRotationPolicy;

  /**
   * Key usages and extended key usages to request.
   *
   * @default - `digital signature` and `key encipherment` (cert-manager's default); with
   * `isCa`, `cert sign` is added by cert-manager
   */
  readonly usages?: KeyUsage[];

  /**
   * Request a CA certificate, which can sign other certificates.
   *
   * @default false
   */
  readonly isCa?: boolean;

  /**
   * Labels cert-manager puts on the certificate Secret.
   *
   * @default - none
   */
  readonly secretLabels?: { [key: string]: string };

  /**
   * Annotations cert-manager puts on the certificate Secret.
   *
   * @default - none (plus `reloader.stakater.com/match` when a workload reloads through
   * Reloader's search/match pair)
   */
  readonly secretAnnotations?: { [key: string]: string };

  /**
   * Keystores to write into the Secret next to the PEM files (at most one of each format).
   *
   * @default - none
   */
  readonly keystores?: Keystore[];

  /**
   * Extra output formats to write into the Secret.
   *
   * @default - none
   */
  readonly additionalOutputFormats?: AdditionalOutputFormat[];

  /**
   * How many CertificateRequests to keep per Certificate (at least 1).
   *
   * @default - cert-manager's default, 1
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Name constraints of a CA certificate (needs `isCa` and the `NameConstraints` feature gate).
   *
   * @default - none
   */
  readonly nameConstraints?: NameConstraints;

  /**
   * Labels on the Certificate object. ACME solvers with `matchLabels` select on them.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Annotations on the Certificate object.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

const MATCH_ANNOTATION = 'reloader.stakater.com/match';

/**
 * A cert-manager `Certificate`: a key pair and an X.509 certificate kept valid in a Secret.
 *
 * Checks at construction what cert-manager's webhook would refuse (no name to certify, lifetime
 * and renewal window, key sizes, malformed SANs) and what it would accept but never work (a
 * namespaced Issuer from another namespace, two certificates writing one Secret).
 *
 * The Certificate is also where its consumers are wired: `reloadOnRotation` makes a workload
 * restart when the Secret is renewed, and `mount` mounts the Secret as a directory and does the
 * same.
 *
 * @see https://cert-manager.io/docs/usage/certificate/
 *
 * @example
 * const cert = new Certificate(chart, 'ApiTls', {
 *   name: 'api-tls',
 *   namespace: 'api',
 *   issuer: letsEncrypt,
 *   dnsNames: ['api.example.com'],
 * });
 * cert.mount(deployment, { path: '/etc/tls' });
 */
export class Certificate extends Construct {
  /** Name of the Certificate object. */
  public readonly certificateName: string;

  /** Namespace of the Certificate and its Secret. */
  public readonly namespace: string;

  /** Name of the Secret cert-manager writes. */
  public readonly secretName: string;

  /** The issuer that signs the certificate. */
  public readonly issuer: IIssuer;

  /** Common name, if set. */
  public readonly commonName?: string;

  /** DNS SANs, in the order given. */
  public readonly dnsNames: string[];

  /** IP address SANs. */
  public readonly ipAddresses: string[];

  /** Requested lifetime (cert-manager's 90-day default when unset). */
  public readonly duration: Duration;

  /**
   * Effective time before expiry at which cert-manager renews, computed from the requested
   * lifetime (a third of it by default).
   */
  public readonly renewBefore: Duration;

  /** Whether the certificate is a CA. */
  public readonly isCa: boolean;

  private readonly secretAnnotations: Record<string, string>;
  private mounts = 0;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const name = props.name ?? Names.toDnsLabel(this);
    checkSubdomain(this, 'name', name);
    const namespace = props.namespace ?? Chart.of(this).namespace
      ?? fail(this, 'namespace is not set and the chart has no namespace; set namespace on the Certificate or the Chart');
    checkDnsLabel(this, 'namespace', namespace);
    const secretName = props.secretName ?? name;
    checkSubdomain(this, 'secretName', secretName);
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'annotations', props.annotations);
    checkLabels(this, 'secretLabels', props.secretLabels);
    checkAnnotations(this, 'secretAnnotations', props.secretAnnotations);

    const issuer = checkIssuer(this, props.issuer, namespace);
    const sans = checkNames(this, props);
    const isCa = props.isCa ?? false;
    if (isCa && issuer.isAcme) {
      fail(this, `isCa is true but issuer "${issuer.issuerName}" is an ACME issuer, and ACME CAs never issue CA certificates; `
        + 'use a PrivateCa or a CA issuer for a CA certificate');
    }

    const durations = checkDurations(this, props, issuer);
    const subjectFields = Object.entries(props.subject ?? {}).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
    if (issuer.isAcme && subjectFields.length > 0) {
      warn(this, `subject sets ${subjectFields.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')} but issuer `
        + `"${issuer.issuerName}" is an ACME issuer, and public ACME CAs such as Let's Encrypt drop every subject field but the `
        + 'names; remove subject, or use a private CA where the subject must appear in the certificate');
    }
    const key = props.privateKey ?? PrivateKeyAlgorithm.ECDSA_P256;
    checkKeyForIssuer(this, key, issuer);
    const usages = unique(this, 'usages', props.usages ?? []);
    const formats = unique(this, 'additionalOutputFormats', props.additionalOutputFormats ?? []);
    const keystores = renderKeystores(this, props.keystores ?? [], namespace);
    const limit = props.revisionHistoryLimit;
    checkRevisionHistoryLimit(this, limit);
    if (props.nameConstraints && !isCa) {
      fail(this, 'nameConstraints are set but isCa is false; name constraints only apply to CA certificates; set isCa: true '
        + 'or remove nameConstraints');
    }

    this.certificateName = name;
    this.namespace = namespace;
    this.secretName = secretName;
    this.issuer = issuer;
    this.commonName = props.commonName;
    this.dnsNames = sans.dnsNames;
    this.ipAddresses = sans.ipAddresses;
    this.duration = durations.durationValue;
    this.renewBefore = Duration.seconds(durations.renewBeforeSeconds);
    this.isCa = isCa;
    this.secretAnnotations = { ...props.secretAnnotations };
    const secretLabels = props.secretLabels;

    const spec: cm.CertificateSpec = {
      secretName,
      issuerRef: issuer.issuerRef,
      commonName: props.commonName,
      dnsNames: nonEmpty(sans.dnsNames),
      ipAddresses: nonEmpty(sans.ipAddresses),
      uris: nonEmpty(sans.uris),
      emailAddresses: nonEmpty(sans.emailAddresses),
      subject: renderSubject(props.subject),
      isCa: isCa || undefined,
      duration: durations.duration,
      renewBefore: durations.renewBefore,
      renewBeforePercentage: props.renewBeforePercentage,
      privateKey: {
        algorithm: key.algorithm as cm.CertificateSpecPrivateKeyAlgorithm,
        size: key.size,
        encoding: props.privateKeyEncoding as string as cm.CertificateSpecPrivateKeyEncoding | undefined,
        rotationPolicy: (props.privateKeyRotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS) as string as cm.CertificateSpecPrivateKeyRotationPolicy,
      },
      usages: nonEmpty(usages as string[] as cm.CertificateSpecUsages[]),
      keystores,
      additionalOutputFormats: nonEmpty(formats.map((type) => ({ type: type as string as cm.CertificateSpecAdditionalOutputFormatsType }))),
      revisionHistoryLimit: limit,
      nameConstraints: props.nameConstraints ? renderNameConstraints(this, props.nameConstraints) : undefined,
      secretTemplate: Lazy.any({
        produce: () => {
          const annotations = Object.keys(this.secretAnnotations).length > 0 ? this.secretAnnotations : undefined;
          return annotations || secretLabels ? { labels: secretLabels, annotations } : undefined;
        },
      }),
    };
    // cert-manager's webhook rules hold here, where the values enter. Feature gates are set on the
    // cluster's cert-manager, so a gated field is a warning here rather than the webhook's error.
    // Mapped to the manifest form once: the values are plain (checked above), so the object writes
    // this mapping as it is, and only the Secret template, which `mount` may still extend, renders late.
    const mappedSpec = toJson_CertificateSpec({ ...spec, secretTemplate: {} });
    const manifestSpec = { ...mappedSpec, secretTemplate: { labels: secretLabels, annotations: props.secretAnnotations } };
    reportIssues(this, validateCertificateSpec(manifestSpec, { featureGates: { NameConstraints: true, OtherNames: true } }), certificateProp);
    if (props.nameConstraints) {
      warn(this, 'nameConstraints are set; cert-manager\'s webhook refuses them unless its NameConstraints feature gate is on '
        + '(off by default); turn it on for the webhook and controller, e.g. CertManager featureGates: { NameConstraints: true }');
    }
    plainObject(this, 'Resource', cm.Certificate.GVK.apiVersion, cm.Certificate.GVK.kind, {
      metadata: { name, namespace, labels: props.labels, annotations: props.annotations },
      spec: { ...mappedSpec, secretTemplate: spec.secretTemplate },
    });

    CertificateGraph.of(this).addCertificate({
      scope: this,
      source: CertificateSource.CERTIFICATE,
      name,
      namespace,
      secretName,
      commonName: props.commonName,
      dnsNames: sans.dnsNames,
      ipAddresses: sans.ipAddresses,
      uris: sans.uris,
      emailAddresses: sans.emailAddresses,
      issuer,
      isCa,
      durationSeconds: this.duration.toSeconds(),
      durationSet: props.duration !== undefined,
      renewBeforeSeconds: durations.renewBeforeSeconds,
      labels: { ...props.labels },
    });
  }

  /**
   * Makes `workload` restart when cert-manager renews this certificate, so it never keeps
   * serving the old one.
   *
   * By default adds the Secret to the workload's `secret.reloader.stakater.com/reload`
   * annotation (on the Deployment, StatefulSet or DaemonSet itself, not its pod template),
   * merged with the names already there. `RotationReload.reloaderSearch()` uses Reloader's
   * search/match pair instead; `RotationReload.selfManaged(reason)` records that the workload
   * reloads the files by itself and changes nothing.
   *
   * @param workload a cdk8s-plus Deployment, StatefulSet or DaemonSet, or a raw ApiObject of those kinds
   */
  public reloadOnRotation(workload: IConstruct, options: ReloadOnRotationOptions = {}): void {
    this.wire(workload, options);
  }

  /**
   * Mounts the certificate Secret into a container of `workload` as a read-only directory
   * (`tls.crt`, `tls.key`, `ca.crt`; never with subPath, whose files are never updated) and
   * wires the reload on rotation in the same step.
   *
   * A cdk8s-plus workload is changed through its API now. A raw ApiObject gets the volume and
   * mount each time it renders, after its own JSON patches (so it renders once per synthesis,
   * when it is written); which container, whether the volume name is free and whether the
   * Secret is also mounted with subPath are then checked at synth time, before anything is
   * written.
   *
   * @param workload a cdk8s-plus Deployment, StatefulSet or DaemonSet, or a raw ApiObject of those kinds
   */
  public mount(workload: IConstruct, options: MountOptions): void {
    this.mounts += 1;
    mountSecret(this, `Mount${this.mounts}`, workload, this.namespace, this.secretName, options);
    this.wire(workload, options);
  }

  private wire(workload: IConstruct, options: ReloadOnRotationOptions): void {
    const reload = options.reload ?? RotationReload.reloaderAnnotation();
    const target = wireReload(this, workload, this.namespace, this.secretName, reload);
    if (reload._mode === ReloadMode.RELOADER_SEARCH) this.secretAnnotations[MATCH_ANNOTATION] = 'true';
    CertificateGraph.of(this).addConsumer({
      scope: workload,
      kind: target.kind,
      name: target.name,
      namespace: this.namespace,
      secretName: this.secretName,
      reload: reload._mode,
      reason: reload.reason,
    });
  }

  /**
   * Makes `ingress` terminate TLS with this certificate: adds one `spec.tls` entry whose
   * `secretName` is this certificate's Secret and whose `hosts` are its DNS names (or
   * `options.hosts`), so the two cannot drift apart. Calling it again with the same hosts changes
   * nothing.
   *
   * Fails when the Ingress is in another namespace (an Ingress only reads Secrets of its own),
   * when the certificate has no DNS names, when a host is not covered by them, when an entry
   * this wiring added serves one of the hosts with another Secret, or when the Ingress is
   * annotated for the ingress-shim. At synth time, fails when another TLS entry serves one of the
   * hosts with another Secret or has this Secret too, and warns about rule hosts no TLS entry
   * covers. A raw ApiObject gets the entry when it renders (unless it has the same entry already),
   * after the JSON patches added before this call and before those added after it.
   *
   * @param ingress a cdk8s-plus Ingress or a `networking.k8s.io/v1` Ingress ApiObject
   */
  public terminateIngress(ingress: IConstruct, options: TerminateIngressOptions = {}): void {
    const hosts = terminateIngress(this, ingress, this, options.hosts);
    if (hosts === undefined) return;
    const o = ApiObject.of(ingress);
    CertificateGraph.of(this).addServedHosts({
      scope: ingress, kind: 'Ingress', name: o.name, namespace: this.namespace, hosts, secretName: this.secretName,
    });
  }

  /**
   * Makes listener `listenerName` of `gateway` terminate TLS with this certificate: sets its
   * `tls` to mode Terminate with this certificate's Secret as the only `certificateRefs` entry,
   * keeping `tls.options`. Calling it again changes nothing.
   *
   * Fails when the listener does not exist, its protocol is not HTTPS or TLS, it passes TLS
   * through, it already references other certificates, its hostname is not covered by the DNS
   * names (a wildcard hostname needs the same wildcard), the Gateway is in another namespace (that
   * would need a ReferenceGrant), or the gateway-shim would issue for the listener too (the Gateway is
   * annotated for it and the listener has a hostname).
   *
   * @param gateway the imported `Gateway` or any `gateway.networking.k8s.io` Gateway ApiObject
   * @param listenerName name of the listener in `spec.listeners`
   */
  public terminateGatewayListener(gateway: IConstruct, listenerName: string): void {
    const hosts = terminateListener(this, gateway, this, listenerName);
    if (hosts === undefined) return;
    const o = ApiObject.of(gateway);
    CertificateGraph.of(this).addServedHosts({
      scope: gateway, kind: 'Gateway', name: o.name, namespace: this.namespace, listener: listenerName, hosts, secretName: this.secretName,
    });
  }
}

interface Names4 {
  readonly dnsNames: string[];
  readonly ipAddresses: string[];
  readonly uris: string[];
  readonly emailAddresses: string[];
}

function checkNames(scope: Construct, props: CertificateProps): Names4 {
  const dnsNames = unique(scope, 'dnsNames', props.dnsNames ?? []);
  const ipAddresses = unique(scope, 'ipAddresses', props.ipAddresses ?? []);
  const uris = unique(scope, 'uris', props.uris ?? []);
  const emailAddresses = unique(scope, 'emailAddresses', props.emailAddresses ?? []);
  dnsNames.forEach((n, i) => checkDnsName(scope, `dnsNames[${i}]`, n));
  ipAddresses.forEach((ip, i) => checkIpAddress(scope, `ipAddresses[${i}]`, ip));
  uris.forEach((u, i) => checkUri(scope, `uris[${i}]`, u));
  emailAddresses.forEach((e, i) => checkEmail(scope, `emailAddresses[${i}]`, e));
  const cn = props.commonName;
  checkCommonName(scope, cn);
  if (cn === undefined && dnsNames.length + ipAddresses.length + uris.length + emailAddresses.length === 0) {
    fail(scope, 'the certificate names nothing: set dnsNames (or ipAddresses, uris, emailAddresses, or commonName), '
      + 'for example dnsNames: ["app.example.com"]');
  }
  return { dnsNames, ipAddresses, uris, emailAddresses };
}

function unique<T>(scope: Construct, prop: string, values: T[]): T[] {
  const seen = new Set<T>();
  for (const v of values) {
    if (seen.has(v)) fail(scope, `${prop} lists "${v}" twice; list each value once`);
    seen.add(v);
  }
  return [...values];
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}

function renderSubject(s: CertificateSubject | undefined): cm.CertificateSpecSubject | undefined {
  if (!s) return undefined;
  const subject: cm.CertificateSpecSubject = {
    organizations: s.organizations,
    organizationalUnits: s.organizationalUnits,
    countries: s.countries,
    provinces: s.provinces,
    localities: s.localities,
    streetAddresses: s.streetAddresses,
    postalCodes: s.postalCodes,
    serialNumber: s.serialNumber,
  };
  return Object.values(subject).some((v) => v !== undefined) ? subject : undefined;
}

function renderKeystores(scope: Construct, keystores: Keystore[], namespace: string): cm.CertificateSpecKeystores | undefined {
  if (keystores.length === 0) return undefined;
  const out: { jks?: cm.CertificateSpecKeystoresJks; pkcs12?: cm.CertificateSpecKeystoresPkcs12 } = {};
  for (const [i, ks] of keystores.entries()) {
    const prop = `keystores[${i}]`;
    if (!(ks instanceof Keystore)) fail(scope, `${prop} is not a Keystore; use Keystore.pkcs12(...) or Keystore.jks(...)`);
    const ref = ks.passwordSecret;
    if (!ref) fail(scope, `${prop}.passwordSecret is missing; reference the Secret key that holds the keystore password`);
    checkSubdomain(scope, `${prop}.passwordSecret.name`, ref.name);
    checkSecretKey(scope, `${prop}.passwordSecret.key`, ref.key);
    if (ref.namespace !== undefined && ref.namespace !== namespace) {
      fail(scope, `${prop}.passwordSecret is in namespace "${ref.namespace}" but cert-manager reads it from the Certificate's `
        + `namespace "${namespace}"; create the password Secret in "${namespace}"`);
    }
    const passwordSecretRef = { name: ref.name, key: ref.key };
    if (ks.format === 'jks') {
      if (out.jks) fail(scope, `${prop} is a second JKS keystore; a Secret holds one keystore per format; keep one`);
      out.jks = { create: true, passwordSecretRef, alias: ks.alias };
    } else {
      if (out.pkcs12) fail(scope, `${prop} is a second PKCS#12 keystore; a Secret holds one keystore per format; keep one`);
      out.pkcs12 = { create: true, passwordSecretRef, profile: ks.profile as string as cm.CertificateSpecKeystoresPkcs12Profile };
    }
  }
  return out;
}

function renderNameConstraints(scope: Construct, nc: NameConstraints): cm.CertificateSpecNameConstraints {
  const items = (prop: string, i: NameConstraintItems | undefined) => {
    if (!i) return undefined;
    (i.dnsDomains ?? []).forEach((d, n) => checkDnsName(scope, `${prop}.dnsDomains[${n}]`, d.replace(/^\./, '')));
    (i.ipRanges ?? []).forEach((r, n) => checkCidr(scope, `${prop}.ipRanges[${n}]`, r));
    return { dnsDomains: i.dnsDomains, ipRanges: i.ipRanges, emailAddresses: i.emailAddresses, uriDomains: i.uriDomains };
  };
  if (!nc.permitted && !nc.excluded) {
    fail(scope, 'nameConstraints has neither permitted nor excluded names; set at least one of them');
  }
  return { critical: nc.critical, permitted: items('nameConstraints.permitted', nc.permitted), excluded: items('nameConstraints.excluded', nc.excluded) };
}

/** The Certificate prop a manifest field of its spec comes from, for error messages. */
function certificateProp(path: string): string {
  const field = path.replace(/^spec\.?/, '');
  const props: Array<[RegExp, string]> = [
    [/^issuerRef\b/, 'issuer'], [/^isCA\b/, 'isCa'], [/^privateKey\.(algorithm|size)\b/, 'privateKey'],
    [/^privateKey\.encoding\b/, 'privateKeyEncoding'], [/^privateKey\.rotationPolicy\b/, 'privateKeyRotationPolicy'],
    [/^secretTemplate\.labels/, 'secretLabels'], [/^secretTemplate\.annotations/, 'secretAnnotations'],
    [/^keystores\b/, 'keystores'], [/^additionalOutputFormats\b/, 'additionalOutputFormats'],
  ];
  for (const [pattern, prop] of props) if (pattern.test(field)) return prop;
  return field === '' ? 'the Certificate\'s names' : field;
}
