import { isIP } from 'node:net';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  CheckedDurations, checkCommonName, checkDurations, checkIssuer, checkKeyForIssuer, checkRevisionHistoryLimit,
} from './certificate-validation';
import { CertificateGraph, CertificateSource } from '../../graph/certificate-graph';
import { IIssuer, IssuerKind } from '../../issuers/issuer-ref';
import { PrivateKeyAlgorithm } from '../../issuers/private-key-algorithm';
import { goDuration } from '../../private/duration';
import { fail } from '../../private/errors';
import { PrivateKeyRotationPolicy } from '../certificate-options';
import type { CertificateShimOptions } from '../shim-options';

/**
 * The annotations cert-manager's certificate shims read (v1.21; see `translateAnnotations` in
 * cert-manager's certificate-shim), in the order they are written.
 */
const ANNOTATION = {
  clusterIssuer: 'cert-manager.io/cluster-issuer',
  issuer: 'cert-manager.io/issuer',
  issuerKind: 'cert-manager.io/issuer-kind',
  issuerGroup: 'cert-manager.io/issuer-group',
  commonName: 'cert-manager.io/common-name',
  duration: 'cert-manager.io/duration',
  renewBefore: 'cert-manager.io/renew-before',
  keyAlgorithm: 'cert-manager.io/private-key-algorithm',
  keySize: 'cert-manager.io/private-key-size',
  rotationPolicy: 'cert-manager.io/private-key-rotation-policy',
  revisionHistoryLimit: 'cert-manager.io/revision-history-limit',
};

/** Checked shim settings: the annotations to write and what the created Certificates will be. */
export interface ShimSettings {
  readonly issuer: IIssuer;
  readonly commonName?: string;
  readonly durations: CheckedDurations;
  readonly durationSet: boolean;
  readonly annotations: Record<string, string>;
}

/**
 * Checks the shim options as a Certificate's would be checked, and renders them as annotations.
 * `subject` is the annotated kind (`Ingress`, `Gateway`), which sets the Certificate's namespace.
 */
export function shimSettings(scope: IConstruct, options: CertificateShimOptions, namespace: string, subject: string): ShimSettings {
  if (!options) fail(scope, 'options are missing; pass at least { issuer }');
  const issuer = checkIssuer(scope, options.issuer, namespace, subject);
  checkCommonName(scope, options.commonName);
  const durations = checkDurations(scope, options, issuer);
  const key = options.privateKey ?? PrivateKeyAlgorithm.ECDSA_P256;
  checkKeyForIssuer(scope, key, issuer);
  checkRevisionHistoryLimit(scope, options.revisionHistoryLimit);
  const rotation = options.privateKeyRotationPolicy ?? PrivateKeyRotationPolicy.ALWAYS;
  const entries: Array<[string, string | undefined]> = [
    [issuer.kind === IssuerKind.CLUSTER_ISSUER ? ANNOTATION.clusterIssuer : ANNOTATION.issuer, issuer.issuerName],
    // An external issuer is named by the issuer annotation plus its kind and group.
    [ANNOTATION.issuerKind, issuer.kind.isCertManager ? undefined : issuer.kind.kind],
    [ANNOTATION.issuerGroup, issuer.kind.isCertManager ? undefined : issuer.kind.group],
    [ANNOTATION.commonName, options.commonName],
    [ANNOTATION.duration, durations.duration],
    [ANNOTATION.renewBefore, options.renewBefore && goDuration(scope, 'renewBefore', options.renewBefore)],
    [ANNOTATION.keyAlgorithm, key.algorithm],
    [ANNOTATION.keySize, key.size === undefined ? undefined : String(key.size)],
    [ANNOTATION.rotationPolicy, rotation],
    [ANNOTATION.revisionHistoryLimit, options.revisionHistoryLimit === undefined ? undefined : String(options.revisionHistoryLimit)],
  ];
  const annotations: Record<string, string> = {};
  for (const [k, v] of entries) if (v !== undefined) annotations[k] = v;
  return { issuer, commonName: options.commonName, durations, durationSet: options.duration !== undefined, annotations };
}

/**
 * Writes the shim annotations onto `apiObject`. They hold for every Certificate the shim creates
 * for the object, so a second call must ask for exactly the same settings.
 */
export function applyShimAnnotations(scope: IConstruct, apiObject: ApiObject, settings: ShimSettings): void {
  const current: Record<string, string> = apiObject.metadata.toJson().annotations ?? {};
  const annotated = current[ANNOTATION.clusterIssuer] !== undefined || current[ANNOTATION.issuer] !== undefined;
  // Report a value already there before a missing one: it names what the first call chose.
  const keys = Object.values(ANNOTATION).sort((a, b) => Number(current[b] !== undefined) - Number(current[a] !== undefined));
  for (const key of keys) {
    const have = current[key];
    const want = settings.annotations[key];
    if (have !== want && (have !== undefined || annotated)) {
      fail(scope, `${apiObject.kind} "${apiObject.name}" is already annotated ${key}: ${have === undefined ? 'nothing' : `"${have}"`}, but this asks for `
        + `${want === undefined ? 'no such annotation' : `"${want}"`}; the shim annotations apply to every certificate of the `
        + `${apiObject.kind}; pass the same issuer and settings in every call`);
    }
  }
  for (const [key, value] of Object.entries(settings.annotations)) apiObject.metadata.addAnnotation(key, value);
}

/**
 * Records the Certificate a shim creates for Secret `secretName` (it names the Certificate after
 * the Secret and copies the annotated object's labels). Host names that parse as IP addresses go
 * to the IP SANs, as the shim does.
 */
export function recordShimCertificate(scope: IConstruct, source: CertificateSource, apiObject: ApiObject, namespace: string,
  secretName: string, hosts: readonly string[], settings: ShimSettings): void {
  const graph = CertificateGraph.of(scope);
  const writer = graph.certificateForSecret(namespace, secretName);
  if (writer && writer.source === CertificateSource.CERTIFICATE) {
    fail(scope, `${apiObject.kind} "${apiObject.name}" uses Secret "${secretName}", which Certificate ${writer.scope.node.path} `
      + `writes; cert-manager's ${source} would create a second Certificate for it, and the two would overwrite each other; `
      + 'use either the shim or the Certificate for this Secret, not both');
  }
  graph.addCertificate({
    scope,
    source,
    name: secretName,
    namespace,
    secretName,
    commonName: settings.commonName,
    dnsNames: hosts.filter((h) => isIP(h) === 0),
    ipAddresses: hosts.filter((h) => isIP(h) !== 0),
    uris: [],
    emailAddresses: [],
    issuer: settings.issuer,
    isCa: false,
    durationSeconds: settings.durations.durationValue.toSeconds(),
    durationSet: settings.durationSet,
    renewBeforeSeconds: settings.durations.renewBeforeSeconds,
    labels: { ...apiObject.metadata.toJson().labels },
  });
}
