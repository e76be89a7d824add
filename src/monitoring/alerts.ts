import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRuleOptions, AlertSeverity } from './alert-options';
import {
  AlertDefinition,
  alertRuleResource,
  checkAlertOverrides,
  checkRuleMetadata,
  checkThresholdOrder,
  humanSeconds,
  renderAlertRules,
  thresholdSeconds,
} from '../private/alert-rules';
import { fail } from '../private/errors';
import { checkDnsLabel } from '../private/names';

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
 * CertManagerAcmeRateLimited, CertManagerAcmeErrors, CertManagerAbsent.
 *
 * @example
 * new CertManagerAlerts(chart, 'Alerts', { labels: { release: 'kube-prometheus-stack' } });
 */
export class CertManagerAlerts extends Construct {
  /** Names of the alerts this construct emits (after `enabled: false` overrides). */
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
      fail(this, `acmeErrorRatio ${ratio} must be between 0 and 1 (exclusive), e.g. 0.1 for 10%`);
    }
    const job = props.controllerJob ?? 'cert-manager';

    // A certificate that is not yet due for renewal is healthy whatever its time left.
    const notYetDue = 'unless on (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > time())';
    const timeLeft = 'max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds > 0) - time()';
    const definitions: AlertDefinition[] = [
      {
        alert: 'CertManagerCertificateRenewalOverdue',
        expr: `time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > 0) > ${grace}`,
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} is overdue for renewal.',
        description: 'The certificate passed its renewal time more than '
          + `${humanSeconds(grace)} ago and cert-manager has not renewed it. Check the Certificate's events and its latest CertificateRequest.`,
      },
      {
        alert: 'CertManagerCertificateExpiryWarning',
        expr: `(${timeLeft} < ${warnAt}) ${notYetDue}`,
        for: Duration.minutes(15),
        severity: AlertSeverity.WARNING,
        summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than ${humanSeconds(warnAt)}.`,
        description: 'The certificate is past its renewal time and has not been renewed. Check the Certificate\'s events, its '
          + 'latest CertificateRequest and its issuer.',
      },
      {
        alert: 'CertManagerCertificateExpiryCritical',
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
    ];

    checkAlertOverrides(this, props, definitions.map((d) => d.alert));
    const rules = renderAlertRules(this, definitions, props);
    this.alertNames = rules.map((r) => r.alert);
    alertRuleResource(this, props.name ?? 'cert-manager-alerts', props, [{ name: 'cert-manager', rules }]);
  }
}
