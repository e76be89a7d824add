import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  AlertSeverity, CertManagerAlerts, CertManagerAlertsProps, Certificate, CertificateChecks, CertificateProps, ClusterIssuer,
  IssuerConfig, PrivateCa,
} from '../../src';
import { CertificateGraph, CertificateSource } from '../../src/graph/certificate-graph';
import { Manifests, synth } from '../harness/manifests';
import { expectedAlert, RenderedAlertRule, testRules } from '../harness/promtool';
import { captureStderr } from '../harness/stderr';

const DAY = 86400;
const OVERDUE = 'CertManagerCertificateRenewalOverdue';
const CA_EXPIRY = 'CertManagerPrivateCaExpiringBeforeLeaves';

/**
 * The alerts are created first and the certificates after them, as users may: everything derived
 * from the certificates must still be there at synth.
 */
function alertsFirst(build: (chart: Chart) => void, props: CertManagerAlertsProps = {}) {
  const chart = Testing.chart();
  const alerts = new CertManagerAlerts(chart, 'Alerts', props);
  build(chart);
  return { alerts, chart, m: synth(chart) };
}

function issuer(chart: Chart) {
  return new ClusterIssuer(chart, 'Internal', { name: 'internal', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
}

function cert(chart: Chart, name: string, props: Partial<CertificateProps> = {}) {
  return new Certificate(chart, name, { name, namespace: 'web', issuer: props.issuer ?? issuer(chart), dnsNames: [`${name}.example.com`], ...props });
}

/** A short-lived certificate renewed 1 hour before expiry and a 90-day one, declared after the alerts. */
function shortAndLong(chart: Chart) {
  const internal = issuer(chart);
  cert(chart, 'short', { issuer: internal, duration: Duration.hours(3), renewBefore: Duration.hours(1) });
  cert(chart, 'long', { issuer: internal });
}

const groups = (m: Manifests) => m.get('PrometheusRule', 'cert-manager-alerts').spec.groups as Array<{ name: string; rules: any[] }>;
const group = (m: Manifests, name: string) => groups(m).find((g) => g.name === name);
const rulesOf = (m: Manifests, groupName: string, alert: string): RenderedAlertRule[] & any[] =>
  (group(m, groupName)?.rules ?? []).filter((r) => r.alert === alert);

function cmSeries(metric: string, namespace: string, name: string, values: string) {
  return { series: `${metric}{namespace="${namespace}",name="${name}",issuer_name="internal",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"}`, values };
}

describe('per-certificate renewal-overdue rules', () => {
  const { m } = alertsFirst(shortAndLong);

  test('a certificate renewed late in its life gets a rule of its own, though declared after the alerts', () => {
    expect(groups(m).map((g) => g.name)).toEqual(['cert-manager', 'cert-manager-derived']);
    const [own] = rulesOf(m, 'cert-manager-derived', OVERDUE);
    // renewBefore 1h: fire by 30 minutes past the renewal time, 15 minutes grace and 15 minutes for.
    expect(own.expr).toBe('time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{namespace="web",name="short"} > 0) > 900');
    expect(own.for).toBe('15m');
    expect(own.labels).toEqual({ severity: 'warning' });
    expect(own.annotations.description).toContain('It renews only 1 hour before expiry, so this rule fires halfway through that window');
    expect(own.annotations.runbook_url).toMatch(/#certmanagercertificaterenewaloverdue$/);
  });

  test('the shared rule leaves that certificate out, and keeps the 90-day one', () => {
    const [shared] = rulesOf(m, 'cert-manager', OVERDUE);
    expect(shared.expr).toBe('(time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > 0) > 3600) '
      + 'unless on (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{namespace="web",name="short"})');
    expect(shared.for).toBe('15m');
  });

  test('promtool: the late certificate is reported once, halfway through its window; the others after the shared grace period', () => {
    const [own] = rulesOf(m, 'cert-manager-derived', OVERDUE);
    const [shared] = rulesOf(m, 'cert-manager', OVERDUE);
    const renewal = 'certmanager_certificate_renewal_timestamp_seconds';
    expect(testRules(m.objects, [{
      interval: '1m',
      input_series: [
        // both due at t=600s and never renewed
        cmSeries(renewal, 'web', 'short', '600x200'),
        cmSeries(renewal, 'web', 'long', '600x200'),
        // renewed on time
        cmSeries(renewal, 'web', 'fine', '600x19 100000x180'),
      ],
      alert_rule_test: [
        // short: condition from 25m (600s + 900s), fires from 40m
        { eval_time: '35m', alertname: OVERDUE, exp_alerts: [] },
        { eval_time: '45m', alertname: OVERDUE, exp_alerts: [expectedAlert(own, { namespace: 'web', name: 'short' })] },
        // long: condition from 70m, fires from 85m; short is still reported once, by its own rule
        {
          eval_time: '90m',
          alertname: OVERDUE,
          exp_alerts: [expectedAlert(shared, { namespace: 'web', name: 'long' }), expectedAlert(own, { namespace: 'web', name: 'short' })],
        },
      ],
    }])).toContain('SUCCESS');
  }, 30_000);

  test('no late certificate: no derived group, and the shared rule is unchanged', () => {
    const { m: plain } = alertsFirst((chart) => cert(chart, 'long'));
    expect(groups(plain).map((g) => g.name)).toEqual(['cert-manager']);
    expect(rulesOf(plain, 'cert-manager', OVERDUE)[0].expr)
      .toBe('time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds > 0) > 3600');
  });

  test('the switch follows the grace period: kept while grace plus for fits half of renewBefore', () => {
    // renewBefore 1h: 15m + 15m fits 30m; 16m + 15m does not.
    const fits = alertsFirst(shortAndLong, { renewalGracePeriod: Duration.minutes(15) }).m;
    expect(group(fits, 'cert-manager-derived')).toBeUndefined();
    const late = alertsFirst(shortAndLong, { renewalGracePeriod: Duration.minutes(16) }).m;
    expect(rulesOf(late, 'cert-manager-derived', OVERDUE)).toHaveLength(1);
  });

  test('overrides: severity applies, a shorter for is kept, a longer one is capped', () => {
    const short = alertsFirst(shortAndLong, { alerts: { [OVERDUE]: { severity: AlertSeverity.CRITICAL, for: Duration.minutes(5) } } }).m;
    const [own] = rulesOf(short, 'cert-manager-derived', OVERDUE);
    expect(own).toMatchObject({ for: '5m', labels: { severity: 'critical' } });
    expect(own.expr).toMatch(/ > 1500$/);
    const long = alertsFirst(shortAndLong, { alerts: { [OVERDUE]: { for: Duration.hours(2) } } }).m;
    expect(rulesOf(long, 'cert-manager-derived', OVERDUE)[0]).toMatchObject({ for: '15m' });
    expect(rulesOf(long, 'cert-manager', OVERDUE)[0].for).toBe('2h');
  });

  test('disabling the renewal-overdue alert disables the derived rules too', () => {
    const { m: off } = alertsFirst(shortAndLong, { alerts: { [OVERDUE]: { enabled: false } } });
    expect(group(off, 'cert-manager-derived')).toBeUndefined();
    expect(groups(off).flatMap((g) => g.rules).filter((r) => r.alert === OVERDUE)).toEqual([]);
  });
});

describe('thresholds in the certificate graph (check CM-MON1)', () => {
  test('the alerts record their thresholds', () => {
    const { alerts, chart } = alertsFirst(() => undefined, {
      renewalGracePeriod: Duration.hours(2),
      alerts: { [OVERDUE]: { for: Duration.minutes(20) } },
    });
    expect(CertificateGraph.of(chart).alertThresholds).toEqual([{
      scope: alerts,
      alertNames: alerts.alertNames,
      renewalGraceSeconds: 7200,
      renewalOverdueForSeconds: 1200,
      perCertificate: true,
    }]);
  });

  test('a certificate covered by its own rule is not reported; one that renews too close to expiry for any rule is', () => {
    const { chart } = alertsFirst((c) => {
      cert(c, 'short', { duration: Duration.hours(1), renewBefore: Duration.minutes(5) });
    });
    expect(CertificateChecks.run(chart.node.root).filter((f) => f.ruleId === 'CM-MON1')).toEqual([]);

    // a certificate made by the ingress-shim that renews 80 seconds before expiry: even its own
    // rule (1 minute grace, 20 seconds for) fires only at expiry
    const graph = CertificateGraph.of(chart);
    const scope = new k8s.KubeIngress(chart, 'Shop', { metadata: { name: 'shop', namespace: 'web' } });
    graph.addCertificate({
      scope,
      source: CertificateSource.INGRESS_SHIM,
      name: 'shop-tls',
      namespace: 'web',
      secretName: 'shop-tls',
      dnsNames: ['shop.example.com'],
      ipAddresses: [],
      uris: [],
      emailAddresses: [],
      issuer: graph.issuers[0],
      isCa: false,
      durationSeconds: 3600,
      durationSet: true,
      renewBeforeSeconds: 80,
      labels: {},
    });
    const found = CertificateChecks.run(chart.node.root).filter((f) => f.ruleId === 'CM-MON1');
    expect(found.map((f) => f.path)).toEqual(['test/Shop']);
    expect(found[0].message).toContain('renews 80 seconds before expiry, but the alerts at test/Alerts report an overdue renewal only after 80 seconds '
      + '(grace period plus for, derived for this certificate)');
  });
});

describe('expiry floors that can only fire after expiry', () => {
  test('a floor not longer than its alert\'s for prints a warning with the fix', () => {
    const { printed } = captureStderr(() => new CertManagerAlerts(Testing.chart(), 'Alerts', { expiryCriticalThreshold: Duration.minutes(5) }));
    expect(printed).toContain('[WARNING] [test/Alerts] expiryCriticalThreshold is 5 minutes, not longer than CertManagerCertificateExpiryCritical\'s '
      + 'for (5 minutes), so the alert can only fire after the certificate has expired; raise expiryCriticalThreshold above 5 minutes or '
      + 'shorten alerts.CertManagerCertificateExpiryCritical.for');
  });

  test('the overridden for counts, and a disabled alert is not judged', () => {
    const longFor = captureStderr(() => new CertManagerAlerts(Testing.chart(), 'Alerts', {
      alerts: { CertManagerCertificateExpiryWarning: { for: Duration.days(14) } },
    })).printed;
    expect(longFor).toContain('expiryWarningThreshold is 14 days, not longer than CertManagerCertificateExpiryWarning\'s for (14 days)');
    const quiet = captureStderr(() => {
      new CertManagerAlerts(Testing.chart(), 'Shorter', {
        expiryCriticalThreshold: Duration.minutes(5), alerts: { CertManagerCertificateExpiryCritical: { for: Duration.minutes(2) } },
      });
      new CertManagerAlerts(Testing.chart(), 'Off', {
        expiryCriticalThreshold: Duration.minutes(5), alerts: { CertManagerCertificateExpiryCritical: { enabled: false } },
      });
      new CertManagerAlerts(Testing.chart(), 'Defaults');
    }).printed;
    expect(quiet).toBe('');
  });
});

describe('private CA expiry', () => {
  /** Two private CAs declared after the alerts: one signing a 30-day and a 60-day certificate, one unused. */
  function twoCas(props: CertManagerAlertsProps = {}) {
    return alertsFirst((chart) => {
      const ca = new PrivateCa(chart, 'Internal', { name: 'internal-ca' });
      cert(chart, 'api', { issuer: ca.issuer, duration: Duration.days(30) });
      // the same ClusterIssuer referenced by name counts as the CA's issuer
      cert(chart, 'db', { issuer: ClusterIssuer.fromClusterIssuerName(chart, 'ByName', 'internal-ca'), duration: Duration.days(60) });
      new PrivateCa(chart, 'Spare', { name: 'spare-ca' });
    }, props);
  }
  const { alerts, m } = twoCas();

  test('one critical rule per PrivateCa, on its CA certificate, against its longest-lived certificate', () => {
    const rules = rulesOf(m, 'cert-manager-derived', CA_EXPIRY);
    expect(rules.map((r) => r.expr)).toEqual([
      `max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{namespace="cert-manager",name="internal-ca-root"} > 0) - time() < ${60 * DAY}`,
      `max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{namespace="cert-manager",name="spare-ca-root"} > 0) - time() < ${90 * DAY}`,
    ]);
    expect(rules[0]).toMatchObject({ for: '15m', labels: { severity: 'critical' } });
    expect(rules[0].annotations.summary).toBe('The CA certificate {{ $labels.namespace }}/{{ $labels.name }} of private CA internal-ca expires '
      + 'before the certificates it signs can be renewed.');
    expect(rules[0].annotations.description).toContain('the longest-lived of the 2 certificates of this app it signs lasts 60 days');
    expect(rules[1].annotations.description).toContain('no certificate of this app uses it, so cert-manager\'s default lifetime of 90 days is assumed');
    expect(alerts.alertNames).toContain(CA_EXPIRY);
  });

  test('promtool: fires once the CA has less time left than its longest certificate, never before first issuance', () => {
    const [rule] = rulesOf(m, 'cert-manager-derived', CA_EXPIRY);
    const expiry = 'certmanager_certificate_expiration_timestamp_seconds';
    expect(testRules(m.objects, [{
      interval: '1m',
      input_series: [
        // 61 days left, then the CA is re-created (0, not issued), then a CA with 50 days left
        { series: `${expiry}{namespace="cert-manager",name="internal-ca-root",issuer_name="internal-ca-selfsigned",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"}`, values: `${61 * DAY}x30 0x30 ${50 * DAY}x60` },
        // another CA certificate of the same name in another namespace is not this CA
        { series: `${expiry}{namespace="other",name="internal-ca-root",issuer_name="x",issuer_kind="Issuer",issuer_group="cert-manager.io"}`, values: `${DAY}x120` },
      ],
      alert_rule_test: [
        { eval_time: '20m', alertname: CA_EXPIRY, exp_alerts: [] },
        { eval_time: '50m', alertname: CA_EXPIRY, exp_alerts: [] },
        { eval_time: '70m', alertname: CA_EXPIRY, exp_alerts: [] },
        { eval_time: '80m', alertname: CA_EXPIRY, exp_alerts: [expectedAlert(rule, { namespace: 'cert-manager', name: 'internal-ca-root' })] },
      ],
    }])).toContain('SUCCESS');
  }, 30_000);

  test('a CA with one certificate names its lifetime', () => {
    const { m: one } = alertsFirst((chart) => {
      const ca = new PrivateCa(chart, 'Internal', { name: 'internal-ca' });
      cert(chart, 'api', { issuer: ca.issuer, duration: Duration.days(30) });
    });
    const [rule] = rulesOf(one, 'cert-manager-derived', CA_EXPIRY);
    expect(rule.expr).toMatch(new RegExp(` < ${30 * DAY}$`));
    expect(rule.annotations.description).toContain('less than 30 days left: the one certificate of this app it signs lasts 30 days.');
  });

  test('disabled: no rule, and not among the alert names', () => {
    const off = twoCas({ alerts: { [CA_EXPIRY]: { enabled: false } } });
    expect(rulesOf(off.m, 'cert-manager-derived', CA_EXPIRY)).toEqual([]);
    expect(off.alerts.alertNames).not.toContain(CA_EXPIRY);
  });

  test('fails on an override for that is not whole seconds', () => {
    expect(() => new CertManagerAlerts(Testing.chart(), 'Alerts', { alerts: { [CA_EXPIRY]: { for: Duration.millis(1500) } } }))
      .toThrow('[test/Alerts] alerts.CertManagerPrivateCaExpiringBeforeLeaves.for is 1 second 500 millis, which is not a whole number of seconds');
  });
});

test('every derived alert has a runbook section', () => {
  const runbooks = readFileSync(join(__dirname, '..', '..', 'docs', 'runbooks.md'), 'utf8');
  const sections = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((x) => x[1]));
  expect([OVERDUE, CA_EXPIRY].filter((a) => !sections.has(a.toLowerCase()))).toEqual([]);
});
