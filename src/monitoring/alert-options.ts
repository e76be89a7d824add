import { Duration } from 'cdk8s';

/** Severity of an alert. */
export enum AlertSeverity {
  /** Needs attention during working hours. */
  WARNING = 'warning',
  /** Needs attention now: TLS breaks soon. */
  CRITICAL = 'critical',
}

/** Per-alert overrides. */
export interface AlertOverride {
  /**
   * Emit this alert.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * How long the condition must hold before the alert fires.
   *
   * @default - the alert's own default (see the alert table in the README)
   */
  readonly for?: Duration;

  /**
   * Severity of the alert.
   *
   * @default - the alert's own default
   */
  readonly severity?: AlertSeverity;
}

/**
 * Options shared by the constructs that emit alert rules as a PrometheusRule
 * ({@link CertManagerAlerts}, {@link PlatformCertificateAlerts}, {@link CertificateProbes}).
 */
export interface AlertRuleOptions {
  /**
   * Namespace of the PrometheusRule.
   *
   * @default "cert-manager"
   */
  readonly namespace?: string;

  /**
   * Labels on the PrometheusRule. kube-prometheus-stack loads only rules labelled
   * `release: <its release name>`, so every value must be non-empty.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Base of every alert's `runbook_url` annotation; the alert name in lowercase is appended.
   *
   * @default "https://github.com/cdk8s-cert-manager/cdk8s-cert-manager/blob/main/docs/runbooks.md#"
   */
  readonly runbookUrlBase?: string;

  /**
   * Value of the `severity` label for warnings, for routing trees that use other names.
   *
   * @default "warning"
   */
  readonly warningSeverityLabel?: string;

  /**
   * Value of the `severity` label for critical alerts.
   *
   * @default "critical"
   */
  readonly criticalSeverityLabel?: string;

  /**
   * Overrides per alert, keyed by alert name (e.g. `CertManagerCertificateNotReady`).
   *
   * @default - every alert on, with its own `for` and severity
   */
  readonly alerts?: { [alertName: string]: AlertOverride };
}
