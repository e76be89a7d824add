import { Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRuleOptions, AlertSeverity } from './alert-options';
import { CertificateFact, CertificateGraph, PrivateCaFact } from '../graph/certificate-graph';
import { PrometheusRuleSpecGroups } from '../imports/monitoring.coreos.com';
import {
  AlertDefinition,
  alertEnabled,
  alertRuleResource,
  checkAlertOverrides,
  checkRuleMetadata,
  checkThresholdOrder,
  effectiveForSeconds,
  exactSelector,
  renderAlertRules,
  thresholdSeconds,
} from './private/alert-rules';
import { goDuration, humanSeconds } from '../private/duration';
import { fail } from '../private/errors';
import { checkDnsLabel } from '../private/names';
import { renewalOverdueThreshold } from '../private/renewal-thresholds';
import { warn } from '../private/warn';

const RENEWAL_OVERDUE = 'CertManagerCertificateRenewalOverdue';
const EXPIRY_WARNING = 'CertManagerCertificateExpiryWarning';
const EXPIRY_CRITICAL = 'CertManagerCertificateExpiryCritical';
const PRIVATE_CA_EXPIRY = 'CertManagerPrivateCaExpiringBeforeLeaves';
/** cert-manager's default certificate lifetime, assumed for the leaves of a private CA that has none in the app. */
const DEFAULT_LEAF_DURATION_SECONDS = 90 * 86400;

/** Props of {@link CertManagerAlerts}. */
export interface CertManagerAlertsProps extends AlertRuleOptions {
  /**
   * Name of the PrometheusRule.
   *
   * @default "cert-manager-alerts"
   */
  readonly name?: string;

  /**
   * Namespace of the cert-manager install, for the "absent" alert.
   *
   * @default "cert-manager"
   */
  readonly certManagerNamespace?: string;

  /**
   * The `job` label Prometheus gives the controller's targets. The ServiceMonitor and PodMonitor
   * of {@link CertManager} set it from `app.kubernetes.io/name`, which is `cert-manager`.
   *
   * @default "cert-manager"
   */
  readonly controllerJob?: string;

  /**
   * How long past its renewal time a certificate may stay unrenewed before
   * CertManagerCertificateRenewalOverdue fires.
   *
   * @default Duration.hours(1)
   */
  readonly renewalGracePeriod?: Duration;

  /**
   * Time left below which a certificate that is past its renewal time raises a warning
   * (CertManagerCertificateExpiryWarning).
   *
   * @default Duration.days(14)
   */
  readonly expiryWarningThreshold?: Duration;

  /**
   * Time left below which a certificate that is past its renewal time raises a critical alert
   * (CertManagerCertificateExpiryCritical). Shorter than the warning threshold.
   *
   * @default Duration.hours(48)
   */
  readonly expiryCriticalThreshold?: Duration;

  /**
   * Share of ACME requests answered with a 5xx status above which CertManagerAcmeErrors fires.
   *
   * @default 0.1
   */
  readonly acmeErrorRatio?: number;

  /**
   * How far the controller's clock may be from Prometheus's before CertManagerClockSkew fires.
   * cert-manager decides when to renew, and a CA issuer stamps `notBefore`, by the controller's
   * clock: a clock running ahead issues certificates clients reject as not yet valid, one running
   * behind renews late. Nodes synchronised with NTP are within milliseconds of each other.
   *
   * @default Duration.seconds(30)
   */
  readonly clockSkewThreshold?: Duration;
}

/**
 * Alert rules for cert-manager and every certificate it manages, as a PrometheusRule.
 *
 * Certificates are judged against their own renewal time, not a fixed calendar: a certificate
 * past `status.renewalTime` and still not renewed is overdue, whatever its lifetime. The expiry
 * floors (14 days warning, 48 hours critical) fire only for certificates that are already past
 * their renewal time, so short-lived certificates that renew on schedule never trigger them, and
 * never for a certificate that has not been issued yet (expiry timestamp 0).
 *
 * Alerts: CertManagerCertificateRenewalOverdue, CertManagerCertificateExpiryWarning,
 * CertManagerCertificateExpiryCritical, CertManagerCertificateNotReady,
 * CertManagerIssuerNotReady, CertManagerClusterIssuerNotReady, CertManagerControllerSyncErrors,
 * CertManagerAcmeRateLimited, CertManagerAcmeErrors, CertManagerAbsent, CertManagerClockSkew, and
 * CertManagerPrivateCaExpiringBeforeLeaves.
 *
 * Rules derived from the app's certificates (rule group `cert-manager-derived`, written when the
 * app is synthesized, so certificates declared after this construct count too):
 * - a certificate that renews so late in its life that the shared renewal-overdue threshold
 *   (grace period plus `for`) would leave it less than half of its renewal window gets a
 *   CertManagerCertificateRenewalOverdue rule of its own that fires at the latest halfway through
 *   that window (grace and `for` a quarter of its renewBefore each, by default), and the shared
 *   rule leaves it out;
 * - every {@link PrivateCa} gets a CertManagerPrivateCaExpiringBeforeLeaves rule, firing when its CA
 *   certificate has less time left than the longest lifetime of the certificates it signs.
 *
 * @example
 * new CertManagerAlerts(chart, 'Alerts', { labels: { release: 'kube-prometheus-stack' } });
 */
export class CertManagerAlerts extends Construct {
  /**
   * Names of the alerts this construct emits (after `enabled: false` overrides).
   * CertManagerPrivateCaExpiringBeforeLeaves is emitted once per {@link PrivateCa} of the app, so
   * not at all in an app without one.
   */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: CertManagerAlertsProps = {}) {
    super(scope, id);
    const cmNamespace = props.certManagerNamespace ?? 'cert-manager';
    checkRuleMetadata(this, props);
    checkDnsLabel(this, 'certManagerNamespace', cmNamespace);

    const grace = thresholdSeconds(this, 'renewalGracePeriod', props.renewalGracePeriod ?? Duration.hours(1));
    const warnAt = thresholdSeconds(this, 'expiryWarningThreshold', props.expiryWarningThreshold ?? Duration.days(14));
    const critAt = thresholdSeconds(this, 'expiryCriticalThreshold', props.expiryCriticalThreshold ?? Duration.hours(48));
    checkThresholdOrder(this, 'expiryWarningThreshold', warnAt, 'expiryCriticalThreshold', critAt);
    const ratio = props.acmeErrorRatio ?? 0.1;
    if (!(ratio > 0 && ratio < 1)) {
      fail(this, `acmeErrorRatio ${ratio} must be between 0 and 1 (exclusive); use a fraction, e.g. 0.1 for 10%`);
    }
    const job = props.controllerJob ?? 'cert-manager';
    const skew = thresholdSeconds(this, 'clockSkewThreshold', props.clockSkewThreshold ?? Duration.seconds(30));
    // The controller reports its clock at scrape time; timestamp() is when Prometheus scraped it.
    const clock = `certmanager_clock_time_seconds_gauge{job="${job}"}`;

    // A certificate that is not yet due for renewal is healthy whatever its time left.
    const notYetDue = 'unless on (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > time())';
    const timeLeft = 'max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds > 0) - time()';
    const definitions: AlertDefinition[] = [
      {
        alert: RENEWAL_OVERDUE,
        expr: `time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > 0) > ${grace}`,
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is overdue for renewal.',
        description: 'The certificate passed its renewal time more than '
          + `${humanSeconds(grace)} ago and cert-manager has not renewed it. Check the Certificate's events and its latest CertificateRequest.`,
      },
      {
        alert: EXPIRY_WARNING,
        expr: `(${timeLeft} < ${warnAt}) ${notYetDue}`,
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than ${humanSeconds(warnAt)}.`,
        description: 'The certificate is past its renewal time and has not been renewed. Check the Certificate\'s events, its '
          + 'latest CertificateRequest and its issuer.',
      },
      {
        alert: EXPIRY_CRITICAL,
        expr: `(${timeLeft} < ${critAt}) ${notYetDue}`,
        for: Duration.minutes(5),
        severity: AlertSeverity.CRITICAL,
        summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than ${humanSeconds(critAt)}.`,
        description: 'The certificate is past its renewal time and has not been renewed; TLS breaks when it expires.',
      },
      {
        alert: 'CertManagerCertificateNotReady',
        expr: 'max by (namespace, name) (certmanager_certificate_ready_status{condition!="True"}) == 1',
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is not Ready.',
        description: 'The Certificate has not been Ready for 15 minutes: its Secret may be missing, stale or not match the spec.',
      },
      {
        alert: 'CertManagerIssuerNotReady',
        expr: 'max by (namespace, name) (certmanager_issuer_ready_status{condition!="True"}) == 1',
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: 'Issuer {{ $labels.namespace }}/{{ $labels.name }} is not Ready.',
        description: 'Certificates of this Issuer cannot be issued or renewed until it is Ready (ACME account, credentials, CA Secret).',
      },
      {
        alert: 'CertManagerClusterIssuerNotReady',
        expr: 'max by (name) (certmanager_clusterissuer_ready_status{condition!="True"}) == 1',
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: 'ClusterIssuer {{ $labels.name }} is not Ready.',
        description: 'Certificates of this ClusterIssuer cannot be issued or renewed until it is Ready. Its Secrets are read from '
          + "cert-manager's cluster-resource namespace.",
      },
      {
        alert: 'CertManagerControllerSyncErrors',
        expr: 'sum by (controller) (rate(certmanager_controller_sync_error_count[10m])) > 0',
        for: Duration.minutes(30),
        severity: AlertSeverity.WARNING,
        summary: 'cert-manager controller {{ $labels.controller }} keeps failing to sync.',
        description: 'The controller has reported sync errors for 30 minutes; see the cert-manager controller logs.',
      },
      {
        alert: 'CertManagerAcmeRateLimited',
        expr: 'sum by (host) (increase(certmanager_http_acme_client_request_count{status="429"}[15m])) > 0',
        for: Duration.minutes(1),
        severity: AlertSeverity.CRITICAL,
        summary: 'The ACME server {{ $labels.host }} is rate-limiting cert-manager.',
        description: 'Requests answered with HTTP 429: new certificates and renewals for the affected names are blocked until '
          + 'the limit resets (for Let\'s Encrypt, up to a week). Stop whatever re-issues certificates in a loop.',
      },
      {
        alert: 'CertManagerAcmeErrors',
        expr: 'sum by (host) (rate(certmanager_http_acme_client_request_count{status=~"5.."}[10m])) '
          + `/ sum by (host) (rate(certmanager_http_acme_client_request_count[10m])) > ${ratio}`,
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: `The ACME server {{ $labels.host }} answers more than ${Math.round(ratio * 100)}% of requests with a server error.`,
        description: 'The ACME server returns server errors; issuance and renewals are delayed until it recovers.',
      },
      {
        alert: 'CertManagerAbsent',
        expr: `absent(up{job="${job}", namespace="${cmNamespace}"} == 1)`,
        for: Duration.minutes(10),
        severity: AlertSeverity.CRITICAL,
        summary: 'cert-manager is not being scraped.',
        description: `No healthy scrape target of job ${job} in namespace ${cmNamespace} for 10 minutes: cert-manager is down or `
          + 'not scraped, so no certificate is renewed or watched.',
      },
      {
        alert: 'CertManagerClockSkew',
        expr: `abs(${clock} - timestamp(${clock})) > ${skew}`,
        for: Duration.minutes(10),
        severity: AlertSeverity.WARNING,
        summary: 'The clock of cert-manager {{ $labels.instance }} is off by more than '
          + `${humanSeconds(skew)}.`,
        description: 'The controller\'s clock differs from Prometheus\'s by more than '
          + `${humanSeconds(skew)} for 10 minutes. cert-manager decides when to renew by this clock and CA issuers stamp `
          + '`notBefore` with it: ahead, new certificates are not yet valid for clients; behind, renewals start late. Fix time '
          + 'synchronisation (NTP/chrony) on the node running the controller.',
      },
    ];

    checkAlertOverrides(this, props, [...definitions.map((d) => d.alert), PRIVATE_CA_EXPIRY]);
    const caFor = props.alerts?.[PRIVATE_CA_EXPIRY]?.for;
    if (caFor !== undefined) goDuration(this, `alerts.${PRIVATE_CA_EXPIRY}.for`, caFor);
    warnAboutLateFloors(this, props, definitions, { [EXPIRY_WARNING]: ['expiryWarningThreshold', warnAt], [EXPIRY_CRITICAL]: ['expiryCriticalThreshold', critAt] });

    // Rendered once now so that bad overrides fail here; the manifest is rendered at synth.
    const rules = renderAlertRules(this, definitions, props);
    this.alertNames = [...rules.map((r) => r.alert), ...(alertEnabled(props, PRIVATE_CA_EXPIRY) ? [PRIVATE_CA_EXPIRY] : [])];

    const overdue = definitions.find((d) => d.alert === RENEWAL_OVERDUE)!;
    const overdueFor = effectiveForSeconds(props, RENEWAL_OVERDUE, overdue.for);
    const graph = CertificateGraph.of(this);
    graph.addAlertThresholds({
      scope: this,
      alertNames: this.alertNames,
      renewalGraceSeconds: grace,
      renewalOverdueForSeconds: overdueFor,
      perCertificate: true,
    });

    const groups = (): PrometheusRuleSpecGroups[] => {
      const late = alertEnabled(props, RENEWAL_OVERDUE) ? lateRenewals(graph.certificates, grace, overdueFor) : [];
      const shared = late.length === 0 ? definitions : definitions.map((d) => d.alert !== RENEWAL_OVERDUE ? d : {
        ...d,
        expr: `(${d.expr}) unless on (namespace, name) (${late.map(({ cert }) => renewalSeries(cert)).join(' or ')})`,
      });
      const cas = alertEnabled(props, PRIVATE_CA_EXPIRY) ? sortedPrivateCas(graph.privateCas) : [];
      const derived = [
        ...late.map(({ cert, graceSeconds, forSeconds }) => lateRenewalDefinition(overdue, cert, graceSeconds, forSeconds, grace, overdueFor)),
        ...cas.map((ca) => privateCaDefinition(ca, graph.certificatesSignedBy(ca))),
      ];
      return [
        { name: 'cert-manager', rules: renderAlertRules(this, shared, props) },
        ...(derived.length > 0 ? [{ name: 'cert-manager-derived', rules: renderAlertRules(this, derived, props) }] : []),
      ];
    };
    alertRuleResource(this, props.name ?? 'cert-manager-alerts', props, Lazy.any({ produce: groups }));
  }
}

const byNamespaceAndName = (a: CertificateFact, b: CertificateFact) =>
  a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

/** `certmanager_certificate_renewal_timestamp_seconds{namespace="…",name="…"}` of one certificate. */
function renewalSeries(cert: CertificateFact): string {
  return `certmanager_certificate_renewal_timestamp_seconds${exactSelector({ namespace: cert.namespace, name: cert.name })}`;
}

/**
 * The certificates that need a renewal-overdue rule of their own (see renewalOverdueThreshold),
 * once each, sorted by namespace and name so the output does not depend on declaration order.
 */
function lateRenewals(certificates: readonly CertificateFact[], grace: number, forSeconds: number) {
  const seen = new Set<string>();
  return [...certificates].sort(byNamespaceAndName).flatMap((cert) => {
    const key = `${cert.namespace}/${cert.name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const t = renewalOverdueThreshold(cert.renewBeforeSeconds, grace, forSeconds);
    return t.derived ? [{ cert, graceSeconds: t.graceSeconds, forSeconds: t.forSeconds }] : [];
  });
}

function lateRenewalDefinition(
  shared: AlertDefinition, cert: CertificateFact, graceSeconds: number, forSeconds: number, sharedGrace: number, sharedFor: number,
): AlertDefinition {
  return {
    ...shared,
    expr: `time() - max by (namespace, name) (${renewalSeries(cert)} > 0) > ${graceSeconds}`,
    for: Duration.seconds(forSeconds),
    fixedFor: true,
    description: `The certificate passed its renewal time more than ${humanSeconds(graceSeconds)} ago and cert-manager has not `
      + `renewed it. It renews only ${humanSeconds(cert.renewBeforeSeconds)} before expiry, so this rule fires halfway through that `
      + `window instead of after the shared ${humanSeconds(sharedGrace)} grace period and ${humanSeconds(sharedFor)} wait. Check the `
      + 'Certificate\'s events and its latest CertificateRequest.',
  };
}

function sortedPrivateCas(cas: readonly PrivateCaFact[]): PrivateCaFact[] {
  return [...cas].sort((a, b) => byNamespaceAndName(a.certificate, b.certificate));
}

/**
 * CertManagerPrivateCaExpiringBeforeLeaves for one private CA: its CA certificate has less time
 * left than the longest lifetime of the certificates it signs, so cert-manager cuts newly issued
 * leaves short to the CA's expiry and every leaf fails with the CA. The CA is normally renewed
 * `renewBefore` (a year by default) before expiry, well before this, so the alert means its
 * renewal is stuck. Leaves are the app's certificates whose issuer is the CA's issuer, created
 * here or referenced by kind and name; a CA without any in the app is held to cert-manager's
 * default 90-day lifetime. A CA certificate that was never issued reports 0 and is left out.
 */
function privateCaDefinition(ca: PrivateCaFact, leaves: readonly CertificateFact[]): AlertDefinition {
  const longest = leaves.length > 0 ? Math.max(...leaves.map((c) => c.durationSeconds)) : DEFAULT_LEAF_DURATION_SECONDS;
  const lifetime = leaves.length === 0
    ? `no certificate of this app uses it, so cert-manager's default lifetime of ${humanSeconds(longest)} is assumed`
    : leaves.length === 1
      ? `the one certificate of this app it signs lasts ${humanSeconds(longest)}`
      : `the longest-lived of the ${leaves.length} certificates of this app it signs lasts ${humanSeconds(longest)}`;
  const series = `certmanager_certificate_expiration_timestamp_seconds${exactSelector({ namespace: ca.certificate.namespace, name: ca.certificate.name })}`;
  return {
    alert: PRIVATE_CA_EXPIRY,
    expr: `max by (namespace, name) (${series} > 0) - time() < ${longest}`,
    for: Duration.minutes(15),
    severity: AlertSeverity.CRITICAL,
    summary: `The CA certificate {{ $labels.namespace }}/{{ $labels.name }} of private CA ${ca.issuer.issuerName} expires before `
      + 'the certificates it signs can be renewed.',
    description: `The CA certificate has less than ${humanSeconds(longest)} left: ${lifetime}. cert-manager now cuts new `
      + 'certificates short to the CA\'s expiry, and every certificate it signed stops validating when the CA expires. It '
      + `should have been renewed ${humanSeconds(ca.certificate.renewBeforeSeconds)} before expiry: check the CA Certificate's `
      + 'events and its latest CertificateRequest.' + rotationNote(ca),
  };
}

/**
 * During a root rotation (CaRotation) the CA has two trusted roots; the rule judges the one that
 * signs, and says which other root is only distributed: that root signs nothing new, and while it
 * exists cert-manager keeps renewing it.
 */
function rotationNote(ca: PrivateCaFact): string {
  const others = (ca.trustedRoots ?? []).filter((r) => r !== ca.certificate);
  return others.length === 0 ? ''
    : ` A root rotation is in progress: this rule follows the signing root ${ca.certificate.name}; `
      + `${others.map((r) => r.name).join(', ')} is only distributed in bundles and is not judged here.`;
}

/**
 * Warns about an expiry floor that can never fire while the certificate is still valid.
 *
 * The bad input "a floor that can never fire before renewal" comes from calendar
 * thresholds. Our floors apply only once a certificate is past its renewal time, so by
 * construction no floor fires before renewal, and a floor longer than a certificate's
 * renewBefore simply starts counting at the renewal time. What can still go wrong is a floor that
 * fires only after expiry: its condition first holds `floor` before expiry and must then hold for
 * the alert's `for`, so a floor not longer than its `for` fires only once the certificate has
 * expired. That is allowed (the alert still fires, late) but almost surely a mistake, so it is
 * reported with the fix. A certificate whose renewBefore is not longer than a floor's `for` meets
 * the same fate for that floor; its own renewal-overdue rule (see renewalOverdueThreshold) fires
 * well before, so it is not reported.
 */
function warnAboutLateFloors(
  scope: Construct, props: CertManagerAlertsProps, definitions: AlertDefinition[], floors: Record<string, [string, number]>,
): void {
  for (const [alert, [prop, floor]] of Object.entries(floors)) {
    if (!alertEnabled(props, alert)) continue;
    const forSeconds = effectiveForSeconds(props, alert, definitions.find((d) => d.alert === alert)!.for);
    if (floor <= forSeconds) {
      warn(scope, `${prop} is ${humanSeconds(floor)}, not longer than ${alert}'s for (${humanSeconds(forSeconds)}), so the alert can `
        + `only fire after the certificate has expired; raise ${prop} above ${humanSeconds(forSeconds)} or shorten `
        + `alerts.${alert}.for`);
    }
  }
}
