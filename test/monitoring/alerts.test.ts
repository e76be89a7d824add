import { Duration, Testing } from 'cdk8s';
import { AlertSeverity, CertManagerAlerts, CertManagerAlertsProps } from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { checkRules, PromtoolTestCase, testRules } from '../harness/promtool';

function alerts(props: CertManagerAlertsProps = {}): { construct: CertManagerAlerts; m: Manifests } {
  const chart = Testing.chart();
  const construct = new CertManagerAlerts(chart, 'Alerts', props);
  return { construct, m: synth(chart) };
}

const rule = (m: Manifests, alert: string) =>
  m.all('PrometheusRule').flatMap((p) => p.spec.groups[0].rules).find((r: any) => r.alert === alert);

const DAY = 86400;
const HOUR = 3600;

/**
 * Series in promtool's expanding notation: `a+bxN` is a, a+b, ... (N+1 samples).
 * Timestamps below are seconds since the test's start (time() is 0 at the first evaluation).
 */
function cert(name: string, metric: string, values: string) {
  return { series: `${metric}{namespace="web",name="${name}",issuer_name="le",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"}`, values };
}

const DEFAULT = alerts().m;

/** The alert as promtool should report it: labels, and the rule's annotations with $labels filled in. */
const expected = (alert: string, labels: Record<string, string>, severity = 'warning') => {
  const fill = (t: string) => t.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k) => labels[k]);
  const annotations = rule(DEFAULT, alert).annotations as Record<string, string>;
  return {
    exp_labels: { severity, ...labels },
    exp_annotations: Object.fromEntries(Object.entries(annotations).map(([k, v]) => [k, fill(v)])),
  };
};

describe('CertManagerAlerts rules', () => {
  const { m } = alerts();

  test('promtool check rules passes', () => {
    expect(checkRules(m.objects)).toContain('SUCCESS');
  });

  test('every alert has summary, description, runbook_url and severity', () => {
    const rules = m.get('PrometheusRule', 'cert-manager-alerts').spec.groups[0].rules;
    expect(rules).toHaveLength(11);
    for (const r of rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(r.annotations.runbook_url).toBe(`https://github.com/cdk8s-cert-manager/cdk8s-cert-manager/blob/main/docs/runbooks.md#${r.alert.toLowerCase()}`);
      expect(['warning', 'critical']).toContain(r.labels.severity);
    }
  });

  // Each case: the alert fires at the expected time with the expected labels, and stays quiet
  // where it should. promtool fails the test on any difference.
  const cases: Array<[string, PromtoolTestCase]> = [
    ['renewal overdue fires only after the grace period past the renewal time', {
      interval: '1m',
      input_series: [
        // renewal due at t=600s, never renewed
        cert('late', 'certmanager_certificate_renewal_timestamp_seconds', '600x200'),
        // renewed on time: its renewal time moves to the future at t=20m
        cert('fine', 'certmanager_certificate_renewal_timestamp_seconds', '600x19 100000x180'),
        // not issued yet: 0
        cert('new', 'certmanager_certificate_renewal_timestamp_seconds', '0x200'),
      ],
      alert_rule_test: [
        { eval_time: '60m', alertname: 'CertManagerCertificateRenewalOverdue', exp_alerts: [] },
        { eval_time: '90m', alertname: 'CertManagerCertificateRenewalOverdue', exp_alerts: [expected('CertManagerCertificateRenewalOverdue', { namespace: 'web', name: 'late' })] },
      ],
    }],
    ['expiry floors fire for a certificate past renewal, not for one renewing on schedule or never issued', {
      interval: '4m',
      input_series: [
        // expires 3 days after start, renewal was due long ago (t=1s)
        cert('stuck', 'certmanager_certificate_expiration_timestamp_seconds', `${3 * DAY}x400`),
        cert('stuck', 'certmanager_certificate_renewal_timestamp_seconds', '1x400'),
        // short-lived: expires after 1 day, renewal due at 16h: quiet until then, though it has
        // far less than 14 days left; it is never renewed here, so once expired it is critical
        cert('short', 'certmanager_certificate_expiration_timestamp_seconds', `${DAY}x400`),
        cert('short', 'certmanager_certificate_renewal_timestamp_seconds', `${16 * HOUR}x400`),
        // not issued yet
        cert('new', 'certmanager_certificate_expiration_timestamp_seconds', '0x400'),
      ],
      alert_rule_test: [
        { eval_time: '1h', alertname: 'CertManagerCertificateExpiryWarning', exp_alerts: [expected('CertManagerCertificateExpiryWarning', { namespace: 'web', name: 'stuck' })] },
        { eval_time: '1h', alertname: 'CertManagerCertificateExpiryCritical', exp_alerts: [] },
        { eval_time: '15h', alertname: 'CertManagerCertificateExpiryCritical', exp_alerts: [] },
        // at 26h: stuck has 46h left; short expired 2h ago, 10h after its missed renewal
        {
          eval_time: '26h',
          alertname: 'CertManagerCertificateExpiryCritical',
          exp_alerts: [
            expected('CertManagerCertificateExpiryCritical', { namespace: 'web', name: 'short' }, 'critical'),
            expected('CertManagerCertificateExpiryCritical', { namespace: 'web', name: 'stuck' }, 'critical'),
          ],
        },
      ],
    }],
    ['certificate not ready for 15 minutes', {
      interval: '1m',
      input_series: [
        { series: 'certmanager_certificate_ready_status{namespace="web",name="api",condition="False"}', values: '1x30' },
        { series: 'certmanager_certificate_ready_status{namespace="web",name="api",condition="True"}', values: '0x30' },
        { series: 'certmanager_certificate_ready_status{namespace="web",name="ok",condition="True"}', values: '1x30' },
        { series: 'certmanager_certificate_ready_status{namespace="web",name="ok",condition="False"}', values: '0x30' },
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: 'CertManagerCertificateNotReady', exp_alerts: [] },
        { eval_time: '20m', alertname: 'CertManagerCertificateNotReady', exp_alerts: [expected('CertManagerCertificateNotReady', { namespace: 'web', name: 'api' })] },
      ],
    }],
    ['issuer and cluster issuer not ready', {
      interval: '1m',
      input_series: [
        { series: 'certmanager_issuer_ready_status{namespace="web",name="ca",condition="Unknown"}', values: '1x30' },
        { series: 'certmanager_issuer_ready_status{namespace="web",name="ok",condition="True"}', values: '1x30' },
        { series: 'certmanager_clusterissuer_ready_status{name="letsencrypt",condition="False"}', values: '1x30' },
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: 'CertManagerIssuerNotReady', exp_alerts: [] },
        { eval_time: '20m', alertname: 'CertManagerIssuerNotReady', exp_alerts: [expected('CertManagerIssuerNotReady', { namespace: 'web', name: 'ca' })] },
        { eval_time: '20m', alertname: 'CertManagerClusterIssuerNotReady', exp_alerts: [expected('CertManagerClusterIssuerNotReady', { name: 'letsencrypt' })] },
      ],
    }],
    ['controller sync errors that persist', {
      interval: '1m',
      input_series: [
        { series: 'certmanager_controller_sync_error_count{controller="certificates-issuing"}', values: '0+1x60' },
        { series: 'certmanager_controller_sync_error_count{controller="orders"}', values: '5x60' },
      ],
      alert_rule_test: [
        { eval_time: '20m', alertname: 'CertManagerControllerSyncErrors', exp_alerts: [] },
        { eval_time: '45m', alertname: 'CertManagerControllerSyncErrors', exp_alerts: [expected('CertManagerControllerSyncErrors', { controller: 'certificates-issuing' })] },
      ],
    }],
    ['ACME rate limiting and error ratio', {
      interval: '1m',
      input_series: [
        { series: 'certmanager_http_acme_client_request_count{host="acme-v02.api.letsencrypt.org",status="429",method="POST",action="new_order",scheme="https"}', values: '0x10 1+1x30' },
        { series: 'certmanager_http_acme_client_request_count{host="acme-v02.api.letsencrypt.org",status="200",method="POST",action="new_order",scheme="https"}', values: '0+10x40' },
        { series: 'certmanager_http_acme_client_request_count{host="acme.zerossl.com",status="503",method="POST",action="new_order",scheme="https"}', values: '0+5x40' },
        { series: 'certmanager_http_acme_client_request_count{host="acme.zerossl.com",status="200",method="POST",action="new_order",scheme="https"}', values: '0+5x40' },
      ],
      alert_rule_test: [
        { eval_time: '5m', alertname: 'CertManagerAcmeRateLimited', exp_alerts: [] },
        { eval_time: '15m', alertname: 'CertManagerAcmeRateLimited', exp_alerts: [expected('CertManagerAcmeRateLimited', { host: 'acme-v02.api.letsencrypt.org' }, 'critical')] },
        { eval_time: '30m', alertname: 'CertManagerAcmeErrors', exp_alerts: [expected('CertManagerAcmeErrors', { host: 'acme.zerossl.com' })] },
      ],
    }],
    ['clock skew: the controller\'s clock against the scrape time, either way, beyond 30 seconds for 10 minutes', {
      interval: '1m',
      input_series: [
        // The gauge is the controller's clock when scraped; the sample's timestamp is the scrape time.
        { series: 'certmanager_clock_time_seconds_gauge{job="cert-manager",instance="10.0.0.1:9402"}', values: '0+60x40' },
        { series: 'certmanager_clock_time_seconds_gauge{job="cert-manager",instance="10.0.0.2:9402"}', values: '20+60x40' },
        { series: 'certmanager_clock_time_seconds_gauge{job="cert-manager",instance="10.0.0.3:9402"}', values: '120+60x40' },
        { series: 'certmanager_clock_time_seconds_gauge{job="cert-manager",instance="10.0.0.4:9402"}', values: '-45+60x40' },
        // the same skew on another job is not cert-manager's
        { series: 'certmanager_clock_time_seconds_gauge{job="other",instance="10.0.0.5:9402"}', values: '600+60x40' },
      ],
      alert_rule_test: [
        { eval_time: '5m', alertname: 'CertManagerClockSkew', exp_alerts: [] },
        {
          eval_time: '15m',
          alertname: 'CertManagerClockSkew',
          exp_alerts: [
            expected('CertManagerClockSkew', { job: 'cert-manager', instance: '10.0.0.3:9402' }),
            expected('CertManagerClockSkew', { job: 'cert-manager', instance: '10.0.0.4:9402' }),
          ],
        },
      ],
    }],
    ['cert-manager absent when its target is down or gone', {
      interval: '1m',
      input_series: [
        { series: 'up{job="cert-manager",namespace="cert-manager",instance="10.0.0.1:9402"}', values: '1x10 0x30' },
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: 'CertManagerAbsent', exp_alerts: [] },
        { eval_time: '25m', alertname: 'CertManagerAbsent', exp_alerts: [expected('CertManagerAbsent', {}, 'critical')] },
      ],
    }],
  ];

  test.each(cases)('promtool: %s', (_, testCase) => {
    expect(testRules(m.objects, [testCase])).toContain('SUCCESS');
  }, 30_000);

  test('promtool fails when an alert is expected where it stays quiet (the tests can fail)', () => {
    expect(() => testRules(m.objects, [{
      interval: '1m',
      input_series: [cert('fine', 'certmanager_certificate_renewal_timestamp_seconds', '999999x100')],
      alert_rule_test: [{ eval_time: '90m', alertname: 'CertManagerCertificateRenewalOverdue', exp_alerts: [expected('CertManagerCertificateRenewalOverdue', { namespace: 'web', name: 'fine' })] }],
    }])).toThrow(/promtool test rules failed/);
  });
});

describe('CertManagerAlerts options', () => {
  test('defaults: namespace, name, no labels', () => {
    const { construct, m } = alerts();
    const pr = m.get('PrometheusRule', 'cert-manager-alerts', 'cert-manager');
    expect(pr.metadata?.labels).toBeUndefined();
    expect(construct.alertNames).toContain('CertManagerAbsent');
    expect(rule(m, 'CertManagerAbsent').expr).toBe('absent(up{job="cert-manager", namespace="cert-manager"} == 1)');
    expect(rule(m, 'CertManagerClockSkew').expr).toBe('abs(certmanager_clock_time_seconds_gauge{job="cert-manager"} '
      + '- timestamp(certmanager_clock_time_seconds_gauge{job="cert-manager"})) > 30');
  });

  test('labels for kube-prometheus-stack, severities, runbooks, thresholds and overrides', () => {
    const { construct, m } = alerts({
      namespace: 'monitoring',
      name: 'certs',
      labels: { release: 'kube-prometheus-stack' },
      certManagerNamespace: 'pki',
      runbookUrlBase: 'https://runbooks.example.com/tls/',
      warningSeverityLabel: 'P3',
      criticalSeverityLabel: 'P1',
      renewalGracePeriod: Duration.hours(6),
      expiryWarningThreshold: Duration.days(7),
      expiryCriticalThreshold: Duration.hours(24),
      acmeErrorRatio: 0.25,
      clockSkewThreshold: Duration.minutes(2),
      alerts: {
        CertManagerControllerSyncErrors: { enabled: false },
        CertManagerCertificateNotReady: { for: Duration.hours(1), severity: AlertSeverity.CRITICAL },
      },
    });
    const pr = m.get('PrometheusRule', 'certs', 'monitoring');
    expect(pr.metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(construct.alertNames).not.toContain('CertManagerControllerSyncErrors');
    expect(rule(m, 'CertManagerCertificateNotReady')).toMatchObject({ for: '1h', labels: { severity: 'P1' } });
    expect(rule(m, 'CertManagerIssuerNotReady').labels.severity).toBe('P3');
    expect(rule(m, 'CertManagerAbsent').annotations.runbook_url).toBe('https://runbooks.example.com/tls/certmanagerabsent');
    expect(rule(m, 'CertManagerCertificateRenewalOverdue').expr).toContain('> 21600');
    expect(rule(m, 'CertManagerCertificateExpiryWarning').expr).toContain('< 604800');
    expect(rule(m, 'CertManagerCertificateExpiryCritical').expr).toContain('< 86400');
    expect(rule(m, 'CertManagerAcmeErrors').expr).toContain('> 0.25');
    expect(rule(m, 'CertManagerClockSkew').expr).toMatch(/\) > 120$/);
    expect(rule(m, 'CertManagerClockSkew').annotations.summary).toContain('more than 2 minutes');
    expect(rule(m, 'CertManagerAbsent').expr).toContain('namespace="pki"');
    expect(checkRules(m.objects)).toContain('SUCCESS');
  });

  test.each([
    [{ expiryWarningThreshold: Duration.hours(24), expiryCriticalThreshold: Duration.hours(48) },
      '[test/Alerts] expiryCriticalThreshold (2 days) must be shorter than expiryWarningThreshold (1 day)'],
    [{ labels: { release: '' } }, '[test/Alerts] labels["release"] is empty; kube-prometheus-stack matches the label\'s value'],
    [{ alerts: { CertManagerExpiry: { enabled: false } } }, '[test/Alerts] alerts has an override for "CertManagerExpiry", which is not an alert of this construct'],
    [{ acmeErrorRatio: 10 }, '[test/Alerts] acmeErrorRatio 10 must be between 0 and 1'],
    [{ renewalGracePeriod: Duration.millis(500) }, '[test/Alerts] renewalGracePeriod 500 millis must be a positive whole number of seconds'],
    [{ clockSkewThreshold: Duration.millis(0) }, '[test/Alerts] clockSkewThreshold 0 millis must be a positive whole number of seconds'],
    [{ namespace: 'Monitoring' }, '[test/Alerts] namespace "Monitoring" is not a valid namespace name'],
  ] as Array<[CertManagerAlertsProps, string]>)('fails: %j', (props, message) => {
    expect(() => new CertManagerAlerts(Testing.chart(), 'Alerts', props)).toThrow(message);
  });
});
