import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkPrivateKey } from './private-key-validation';
import { IIssuer, IssuerKind, IssuerScope } from '../../issuers/issuer-ref';
import { PrivateKeyAlgorithm } from '../../issuers/private-key-algorithm';
import { goDuration, humanSeconds } from '../../private/duration';
import { fail } from '../../private/errors';
import { warn } from '../../private/warn';

/**
 * Checks shared by everything that makes cert-manager issue a certificate: the `Certificate`
 * construct and the ingress- and gateway-shim annotations, which make cert-manager create one.
 */

/** cert-manager's default lifetime when `duration` is unset. */
export const DEFAULT_DURATION = Duration.days(90);
const MIN_DURATION_SECONDS = 3600;
const MIN_RENEW_BEFORE_SECONDS = 300;

/**
 * Checks the issuer can sign for `namespace`. `subject` is the object the user placed in that
 * namespace: the Certificate itself, or the Ingress or Gateway whose shim creates it there.
 */
export function checkIssuer(scope: IConstruct, issuer: IIssuer, namespace: string, subject = 'Certificate'): IIssuer {
  if (!issuer || typeof issuer.issuerName !== 'string') {
    fail(scope, 'issuer is missing; pass an Issuer, a ClusterIssuer, or a reference from ClusterIssuer.fromClusterIssuerName');
  }
  if (issuer.issuerScope === IssuerScope.NAMESPACE && issuer.namespace !== namespace) {
    const shim = subject === 'Certificate' ? '' : ` (cert-manager creates the Certificate in the ${subject}'s namespace)`;
    const kind = issuer.kind.kind;
    const an = /^[AEIOU]/.test(kind) ? 'an' : 'a';
    const clusterScoped = issuer.kind.isCertManager ? 'a ClusterIssuer' : 'a cluster-scoped issuer';
    fail(scope, `issuer is the namespaced ${kind} "${issuer.namespace}/${issuer.issuerName}" but the ${subject} is in namespace `
      + `"${namespace}"; ${an} ${kind} only signs Certificates in its own namespace${shim}; create the ${subject} in "${issuer.namespace}", `
      + `declare ${an} ${kind} in "${namespace}", or use ${clusterScoped}`);
  }
  return issuer;
}

/** The lifetime settings of a certificate, as the user gave them. */
export interface LifetimeInput {
  readonly duration?: Duration;
  readonly renewBefore?: Duration;
  readonly renewBeforePercentage?: number;
}

/** Checked lifetime settings, rendered for cert-manager. */
export interface CheckedDurations {
  readonly durationValue: Duration;
  readonly duration?: string;
  readonly renewBefore?: string;
  readonly renewBeforeSeconds: number;
}

/**
 * Checks lifetime and renewal window against cert-manager's limits, and warns when an ACME issuer
 * would ignore the requested duration, or a fixed renewBefore meets a lifetime the CA decides.
 */
export function checkDurations(scope: IConstruct, props: LifetimeInput, issuer: IIssuer): CheckedDurations {
  const checked = checkWindow(scope, props);
  if (props.duration !== undefined && issuer.isAcme) {
    warn(scope, `duration ${checked.duration} is ignored by ACME issuer "${issuer.issuerName}": the ACME CA chooses `
      + 'the lifetime (Let\'s Encrypt: 90 days, getting shorter); leave duration unset and use renewBeforePercentage if needed');
  }
  const max = issuer.maxCertificateDuration;
  if (max !== undefined && checked.durationValue.toSeconds() > max.toSeconds()) {
    const asked = props.duration === undefined ? `the default duration ${checked.durationValue.toHumanString()}` : `duration ${checked.duration}`;
    const most = goDuration(scope, 'maxCertificateDuration', max);
    fail(scope, `${asked} is longer than ${issuer.kind.kind} "${issuer.issuerName}" signs (at most ${most}), so every `
      + `request would be refused; set duration to at most ${most} (with renewBeforePercentage), `
      + 'or raise the CA\'s limit and the issuer\'s maxCertificateDuration with it');
  }
  if (props.renewBefore !== undefined && issuer.caDecidesLifetime && !issuer.isAcme) {
    warn(scope, `renewBefore ${checked.renewBefore} is fixed, but ${issuer.kind.kind} "${issuer.issuerName}" lets its CA decide the `
      + `lifetime, so the duration ${checked.duration ?? goDuration(scope, 'duration', DEFAULT_DURATION)} is only a request; when the CA grants `
      + 'a lifetime not longer than renewBefore, cert-manager renews after two thirds of it instead; use renewBeforePercentage, '
      + 'which follows the lifetime actually granted');
  }
  return checked;
}

function checkWindow(scope: IConstruct, props: LifetimeInput): CheckedDurations {
  const durationValue = props.duration ?? DEFAULT_DURATION;
  const duration = props.duration ? goDuration(scope, 'duration', props.duration) : undefined;
  const total = durationValue.toSeconds();
  const durationText = props.duration ? durationValue.toHumanString() : `${durationValue.toHumanString()}, cert-manager's default`;
  if (total < MIN_DURATION_SECONDS) {
    fail(scope, `duration is ${durationValue.toHumanString()}, below cert-manager's minimum of 1 hour; set a duration of `
      + 'at least Duration.hours(1)');
  }
  const pct = props.renewBeforePercentage;
  if (props.renewBefore !== undefined && pct !== undefined) {
    fail(scope, `renewBefore (${props.renewBefore.toHumanString()}) and renewBeforePercentage (${pct}) are both set; `
      + 'cert-manager accepts only one; keep one of them');
  }
  if (props.renewBefore !== undefined) {
    const renewBefore = goDuration(scope, 'renewBefore', props.renewBefore);
    const seconds = props.renewBefore.toSeconds();
    if (seconds < MIN_RENEW_BEFORE_SECONDS) {
      fail(scope, `renewBefore is ${props.renewBefore.toHumanString()}, below cert-manager's minimum of 5 minutes; `
        + 'set renewBefore to at least Duration.minutes(5)');
    }
    if (seconds >= total) {
      fail(scope, `renewBefore (${props.renewBefore.toHumanString()}) is not shorter than duration `
        + `(${durationText}), so cert-manager would renew the certificate as soon as it is issued, forever; `
        + 'set renewBefore well below duration, e.g. a third of it');
    }
    return { durationValue, duration, renewBefore, renewBeforeSeconds: seconds };
  }
  if (pct !== undefined) {
    if (!Number.isInteger(pct) || pct <= 0 || pct >= 100) {
      fail(scope, `renewBeforePercentage is ${pct}; use a whole number between 1 and 99, e.g. 33 to renew with a third `
        + 'of the lifetime left');
    }
    const seconds = Math.floor(total * pct / 100);
    if (seconds < MIN_RENEW_BEFORE_SECONDS) {
      fail(scope, `renewBeforePercentage ${pct} of duration ${durationText} is ${humanSeconds(seconds)}, below `
        + 'cert-manager\'s minimum renewBefore of 5 minutes; raise the percentage or the duration');
    }
    return { durationValue, duration, renewBeforeSeconds: seconds };
  }
  return { durationValue, duration, renewBeforeSeconds: Math.floor(total / 3) };
}

/** Checks the key size, and that an ACME issuer can sign the key at all. */
export function checkKeyForIssuer(scope: IConstruct, key: PrivateKeyAlgorithm, issuer: IIssuer): void {
  checkPrivateKey(scope, 'privateKey', key);
  if (key.algorithm === 'Ed25519' && issuer.isAcme) {
    fail(scope, `privateKey is Ed25519 but issuer "${issuer.issuerName}" is an ACME issuer; public ACME CAs such as Let's Encrypt `
      + 'do not sign Ed25519 keys; use PrivateKeyAlgorithm.ECDSA_P256 or RSA_2048');
  }
  if (key.algorithm === 'Ed25519' && AWS_PCA_KINDS.includes(issuer.kind)) {
    fail(scope, `privateKey is Ed25519 but issuer "${issuer.issuerName}" is an ${issuer.kind.kind}; AWS Private CA signs only RSA and `
      + 'ECDSA keys; use PrivateKeyAlgorithm.ECDSA_P256 or RSA_2048');
  }
}

/** The AWS Private CA issuer's kinds: AWS Private CA refuses Ed25519 subject keys. */
const AWS_PCA_KINDS = [IssuerKind.AWS_PCA_ISSUER, IssuerKind.AWS_PCA_CLUSTER_ISSUER];

/** Checks a CertificateRequest history limit (at least 1). */
export function checkRevisionHistoryLimit(scope: IConstruct, limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    fail(scope, `revisionHistoryLimit is ${limit}; cert-manager needs a whole number of at least 1; set it to 1 or more`);
  }
}

/** Checks a subject common name fits X.509's 64 characters. */
export function checkCommonName(scope: IConstruct, cn: string | undefined): void {
  if (cn !== undefined && (cn.trim() === '' || cn.length > 64)) {
    fail(scope, `commonName "${cn}" must be 1-64 characters (the X.509 limit); put longer names in dnsNames and shorten `
      + 'or drop the commonName');
  }
}
