import { ApiObject, Duration } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  PrometheusRule,
  toJson_PrometheusRuleProps,
  PrometheusRuleSpecGroups,
  PrometheusRuleSpecGroupsRules,
  PrometheusRuleSpecGroupsRulesExpr,
} from '../../imports/monitoring.coreos.com';
import { goDuration, humanSeconds } from '../../private/duration';
import { fail } from '../../private/errors';
import { checkLabels } from '../../private/metadata';
import { checkDnsLabel } from '../../private/names';
import { typedObject } from '../../private/plain-object';
import { AlertRuleOptions, AlertSeverity } from '../alert-options';

/** One alert as a construct defines it, before per-alert overrides. */
export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  readonly for: Duration;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly description: string;
  /**
   * The `for` was derived from the alert's effective `for` already (per-certificate rules), so a
   * `for` override must not replace it.
   */
  readonly fixedFor?: boolean;
}

/** A named rule group of alert definitions. */
export interface AlertGroup {
  readonly name: string;
  readonly definitions: AlertDefinition[];
}

/** A rendered alerting rule (always named, unlike a recording rule). */
export type AlertRule = PrometheusRuleSpecGroupsRules & { readonly alert: string };

const DEFAULT_RUNBOOK_URL_BASE = 'https://github.com/cdk8s-cert-manager/cdk8s-cert-manager/blob/main/docs/runbooks.md#';

/**
 * Checks the namespace and labels of a PrometheusRule. Label values must be non-empty:
 * kube-prometheus-stack selects rules by the value of its `release` label.
 */
export function checkRuleMetadata(scope: IConstruct, options: AlertRuleOptions): void {
  checkDnsLabel(scope, 'namespace', options.namespace ?? 'cert-manager');
  checkLabels(scope, 'labels', options.labels);
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    if (value === '') fail(scope, `labels["${key}"] is empty; kube-prometheus-stack matches the label's value, so set it (e.g. release: "kube-prometheus-stack")`);
  }
}

/** Fails on an override whose name is not one of `known`. */
export function checkAlertOverrides(scope: IConstruct, options: AlertRuleOptions, known: string[]): void {
  for (const name of Object.keys(options.alerts ?? {})) {
    if (!known.includes(name)) {
      fail(scope, `alerts has an override for "${name}", which is not an alert of this construct; name one of its alerts: ${known.join(', ')}`);
    }
  }
}

/**
 * Renders alert definitions as rules: drops alerts overridden with `enabled: false`, applies the
 * `for` and severity overrides, maps severities to the configured label values and adds the
 * `summary`, `description` and `runbook_url` annotations.
 */
export function renderAlertRules(scope: IConstruct, definitions: AlertDefinition[], options: AlertRuleOptions): AlertRule[] {
  const overrides = options.alerts ?? {};
  const severityLabel: Record<string, string> = {
    [AlertSeverity.WARNING]: options.warningSeverityLabel ?? 'warning',
    [AlertSeverity.CRITICAL]: options.criticalSeverityLabel ?? 'critical',
  };
  const runbook = options.runbookUrlBase ?? DEFAULT_RUNBOOK_URL_BASE;
  return definitions
    .filter((d) => overrides[d.alert]?.enabled ?? true)
    .map((d) => {
      const o = overrides[d.alert] ?? {};
      return {
        alert: d.alert,
        expr: PrometheusRuleSpecGroupsRulesExpr.fromString(d.expr),
        for: goDuration(scope, `alerts.${d.alert}.for`, d.fixedFor ? d.for : o.for ?? d.for),
        labels: { severity: severityLabel[o.severity ?? d.severity] },
        annotations: {
          summary: d.summary,
          description: d.description,
          runbook_url: `${runbook}${d.alert.toLowerCase()}`,
        },
      };
    });
}

/** Emits the PrometheusRule (child id `Resource` unless `id` says otherwise) holding the given groups. */
export function alertRuleResource(
  scope: Construct, name: string, options: AlertRuleOptions, groups: PrometheusRuleSpecGroups[], id = 'Resource',
): ApiObject {
  return typedObject(scope, id, PrometheusRule.GVK, toJson_PrometheusRuleProps, {
    metadata: { name, namespace: options.namespace ?? 'cert-manager', labels: options.labels },
    spec: { groups },
  });
}

/** A threshold in whole, positive seconds, as PromQL needs it (Prometheus 2.42 has no `7d` literal in expressions). */
export function thresholdSeconds(scope: IConstruct, prop: string, d: Duration): number {
  const s = d.toMilliseconds() / 1000;
  if (!Number.isInteger(s) || s <= 0) fail(scope, `${prop} ${d.toHumanString()} must be a positive whole number of seconds; use e.g. Duration.seconds(30)`);
  return s;
}

/** Fails unless the critical threshold is the shorter one. */
export function checkThresholdOrder(scope: IConstruct, warningProp: string, warning: number, criticalProp: string, critical: number): void {
  if (critical >= warning) {
    fail(scope, `${criticalProp} (${humanSeconds(critical)}) must be shorter than ${warningProp} (${humanSeconds(warning)}), as `
      + `the critical alert is the later, more urgent one; lower ${criticalProp} or raise ${warningProp}`);
  }
}

/** The `for` of an alert after overrides, in seconds. */
export function effectiveForSeconds(options: AlertRuleOptions, alert: string, defaultFor: Duration): number {
  return (options.alerts?.[alert]?.for ?? defaultFor).toSeconds();
}

/** Whether an alert is emitted (not overridden with `enabled: false`). */
export function alertEnabled(options: AlertRuleOptions, alert: string): boolean {
  return options.alerts?.[alert]?.enabled ?? true;
}

/** A PromQL selector matching exactly one label value per key: `{namespace="web",name="api"}`. */
export function exactSelector(labels: Record<string, string>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
}
