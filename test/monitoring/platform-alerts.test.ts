import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Duration, Testing } from 'cdk8s';
import { AlertSeverity, CertManagerAlerts, PlatformCertificateAlerts, PlatformCertificateAlertsProps } from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { checkRules, expectedAlert, PromtoolTestCase, RenderedAlertRule, testRules } from '../harness/promtool';
import { captureStderr } from '../harness/stderr';

const ALL_LAYERS: PlatformCertificateAlertsProps = { kubernetesClientCertificates: true, kubeletCertificates: true, istio: true, linkerd: true };

function platformAlerts(props: PlatformCertificateAlertsProps = ALL_LAYERS) {
  const chart = Testing.chart();
  const construct = new PlatformCertificateAlerts(chart, 'Platform', props);
  return { construct, m: synth(chart) };
}

const groups = (m: Manifests) => m.all('PrometheusRule').flatMap((p) => p.spec.groups) as Array<{ name: string; rules: RenderedAlertRule[] }>;

function rule(m: Manifests, alert: string): RenderedAlertRule & { expr: string; for: string } {
  const found = groups(m).flatMap((g) => g.rules).find((r) => r.alert === alert);
  if (!found) throw new Error(`no alert ${alert}`);
  return found as any;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const WEEK = 7 * DAY;

const { construct: ALL, m: ALL_M } = platformAlerts();
const fires = (alert: string, labels: Record<string, string>) => expectedAlert(rule(ALL_M, alert), labels);

/** `n + 1` samples of the same value, for values promtool's `axN` notation cannot expand (`+Inf`). */
const repeat = (value: string, n: number) => Array(n + 1).fill(value).join(' ');

/**
 * The API server's client certificate histogram for one job: `requests` are
 * [seconds left on the presented certificate, requests per minute]. Buckets as the API server has
 * them (a subset), cumulative counters growing by the requests per minute that fall in them.
 */
function clientCertificateHistogram(job: string, requests: Array<[number, number]>) {
  const labels = `job="${job}",instance="10.0.0.1:6443"`;
  const atOrBelow = (le: number) => requests.filter(([left]) => left <= le).reduce((sum, [, perMinute]) => sum + perMinute, 0);
  const buckets: Array<[string, number]> = [0, DAY, 2 * DAY, 4 * DAY, WEEK, 30 * DAY, 360 * DAY]
    .map((le) => [String(le), atOrBelow(le)] as [string, number]);
  buckets.push(['+Inf', atOrBelow(Infinity)]);
  return [
    ...buckets.map(([le, perMinute]) => ({ series: `apiserver_client_certificate_expiration_seconds_bucket{${labels},le="${le}"}`, values: `0+${perMinute}x60` })),
    { series: `apiserver_client_certificate_expiration_seconds_count{${labels}}`, values: `0+${atOrBelow(Infinity)}x60` },
  ];
}

const kubelet = (metric: string, node: string, values: string) =>
  ({ series: `${metric}{job="kubelet",node="${node}",instance="${node}:10250",metrics_path="/metrics"}`, values });
const pod = (metric: string, namespace: string, name: string, extra: string, values: string) =>
  ({ series: `${metric}{namespace="${namespace}",pod="${name}",job="mesh"${extra}}`, values });

/**
 * Each case: the alerts fire at the expected time with the expected labels and annotations. promtool
 * compares the complete list of firing alerts at every evaluation, so every series that should stay
 * quiet (healthy, unused, filtered out) fails the case if it fires.
 */
const cases: Array<[string, PromtoolTestCase]> = [
  ['Kubernetes client certificates: 5% of requests present a certificate with 3 days left; the kubelet\'s own histogram is ignored', {
    interval: '1m',
    input_series: [
      ...clientCertificateHistogram('apiserver', [[3 * DAY, 5], [300 * DAY, 95]]),
      // the kubelet exposes the same histogram; its short-lived client certificates are not the API server's concern
      ...clientCertificateHistogram('kubelet', [[HOUR, 10]]),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'KubernetesClientCertificateExpiryWarning', exp_alerts: [] },
      { eval_time: '30m', alertname: 'KubernetesClientCertificateExpiryWarning', exp_alerts: [fires('KubernetesClientCertificateExpiryWarning', { job: 'apiserver' })] },
      { eval_time: '30m', alertname: 'KubernetesClientCertificateExpiryCritical', exp_alerts: [] },
    ],
  }],
  ['Kubernetes client certificates: 5% of requests present a certificate with 12 hours left', {
    interval: '1m',
    input_series: clientCertificateHistogram('apiserver', [[12 * HOUR, 5], [300 * DAY, 95]]),
    alert_rule_test: [
      { eval_time: '3m', alertname: 'KubernetesClientCertificateExpiryCritical', exp_alerts: [] },
      { eval_time: '10m', alertname: 'KubernetesClientCertificateExpiryCritical', exp_alerts: [fires('KubernetesClientCertificateExpiryCritical', { job: 'apiserver' })] },
      { eval_time: '20m', alertname: 'KubernetesClientCertificateExpiryWarning', exp_alerts: [fires('KubernetesClientCertificateExpiryWarning', { job: 'apiserver' })] },
    ],
  }],
  ['Kubernetes client certificates: healthy certificates (below 1% of requests near expiry) stay quiet', {
    interval: '1m',
    input_series: clientCertificateHistogram('apiserver', [[3 * DAY, 0.5], [300 * DAY, 99.5]]),
    alert_rule_test: [
      { eval_time: '30m', alertname: 'KubernetesClientCertificateExpiryWarning', exp_alerts: [] },
      { eval_time: '30m', alertname: 'KubernetesClientCertificateExpiryCritical', exp_alerts: [] },
    ],
  }],
  ['kubelet client and serving certificates', {
    interval: '1m',
    input_series: [
      // crosses 7 days left at 30m
      kubelet('kubelet_certificate_manager_client_ttl_seconds', 'node-a', `${WEEK + 30 * MINUTE}-60x60`),
      // no client certificate in use: +Inf
      kubelet('kubelet_certificate_manager_client_ttl_seconds', 'node-b', repeat('+Inf', 60)),
      kubelet('kubelet_certificate_manager_client_ttl_seconds', 'node-c', `${12 * HOUR}-60x60`),
      kubelet('kubelet_certificate_manager_client_ttl_seconds', 'node-d', `${300 * DAY}-60x60`),
      kubelet('kubelet_certificate_manager_server_ttl_seconds', 'node-a', `${20 * HOUR}-60x60`),
      kubelet('kubelet_certificate_manager_server_ttl_seconds', 'node-b', `${300 * DAY}-60x60`),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'KubeletClientCertificateExpiryWarning', exp_alerts: [] },
      { eval_time: '40m', alertname: 'KubeletClientCertificateExpiryWarning', exp_alerts: [fires('KubeletClientCertificateExpiryWarning', { node: 'node-c', instance: 'node-c:10250' })] },
      {
        eval_time: '50m',
        alertname: 'KubeletClientCertificateExpiryWarning',
        exp_alerts: [
          fires('KubeletClientCertificateExpiryWarning', { node: 'node-a', instance: 'node-a:10250' }),
          fires('KubeletClientCertificateExpiryWarning', { node: 'node-c', instance: 'node-c:10250' }),
        ],
      },
      { eval_time: '50m', alertname: 'KubeletClientCertificateExpiryCritical', exp_alerts: [fires('KubeletClientCertificateExpiryCritical', { node: 'node-c', instance: 'node-c:10250' })] },
      { eval_time: '50m', alertname: 'KubeletServerCertificateExpiryWarning', exp_alerts: [fires('KubeletServerCertificateExpiryWarning', { node: 'node-a', instance: 'node-a:10250' })] },
      { eval_time: '50m', alertname: 'KubeletServerCertificateExpiryCritical', exp_alerts: [fires('KubeletServerCertificateExpiryCritical', { node: 'node-a', instance: 'node-a:10250' })] },
    ],
  }],
  ['Istio root certificate: one alert per istiod namespace, none before the root is recorded', {
    interval: '1m',
    input_series: [
      pod('citadel_server_root_cert_expiry_timestamp', 'istio-system', 'istiod-1', '', `${6 * DAY}x60`),
      pod('citadel_server_root_cert_expiry_timestamp', 'istio-system', 'istiod-2', '', `${6 * DAY}x60`),
      pod('citadel_server_root_cert_expiry_timestamp', 'istio-old', 'istiod-1', '', `${20 * HOUR}x60`),
      pod('citadel_server_root_cert_expiry_timestamp', 'istio-canary', 'istiod-1', '', '0x60'),
      pod('citadel_server_root_cert_expiry_timestamp', 'istio-healthy', 'istiod-1', '', `${3650 * DAY}x60`),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'IstioRootCertificateExpiryWarning', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'IstioRootCertificateExpiryWarning',
        exp_alerts: [fires('IstioRootCertificateExpiryWarning', { namespace: 'istio-old' }), fires('IstioRootCertificateExpiryWarning', { namespace: 'istio-system' })],
      },
      { eval_time: '20m', alertname: 'IstioRootCertificateExpiryCritical', exp_alerts: [fires('IstioRootCertificateExpiryCritical', { namespace: 'istio-old' })] },
    ],
  }],
  ['Istio workload certificates: only the workload certificate (resource "default") counts', {
    interval: '1m',
    input_series: [
      pod('istio_agent_cert_expiry_seconds', 'web', 'api-1', ',resource_name="default"', `${5 * HOUR}-60x60`),
      pod('istio_agent_cert_expiry_seconds', 'web', 'api-1', ',resource_name="ROOTCA"', '100x60'),
      pod('istio_agent_cert_expiry_seconds', 'web', 'api-2', ',resource_name="default"', `${20 * HOUR}-60x60`),
      pod('istio_agent_cert_expiry_seconds', 'web', 'api-3', ',resource_name="default"', `${30 * MINUTE}-60x60`),
    ],
    alert_rule_test: [
      { eval_time: '2m', alertname: 'IstioWorkloadCertificateExpiryCritical', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'IstioWorkloadCertificateExpiryWarning',
        exp_alerts: [fires('IstioWorkloadCertificateExpiryWarning', { namespace: 'web', pod: 'api-1' }), fires('IstioWorkloadCertificateExpiryWarning', { namespace: 'web', pod: 'api-3' })],
      },
      { eval_time: '20m', alertname: 'IstioWorkloadCertificateExpiryCritical', exp_alerts: [fires('IstioWorkloadCertificateExpiryCritical', { namespace: 'web', pod: 'api-3' })] },
    ],
  }],
  ['Istio CSR failures that persist fire; a single failure and token-exchange failures do not', {
    interval: '1m',
    input_series: [
      pod('istio_agent_num_failed_outgoing_requests', 'web', 'api-1', ',request_type="csr"', '0+1x60'),
      pod('istio_agent_num_failed_outgoing_requests', 'web', 'api-2', ',request_type="token_exchange"', '0+1x60'),
      pod('istio_agent_num_failed_outgoing_requests', 'web', 'api-3', ',request_type="csr"', '0x5 1x55'),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'IstioCertificateSigningFailures', exp_alerts: [] },
      { eval_time: '25m', alertname: 'IstioCertificateSigningFailures', exp_alerts: [fires('IstioCertificateSigningFailures', { namespace: 'web', pod: 'api-1' })] },
    ],
  }],
  ['Linkerd identity issuer certificate', {
    interval: '1m',
    input_series: [
      pod('issuer_cert_ttl_seconds', 'linkerd', 'linkerd-identity-1', '', `${5 * DAY}-60x60`),
      // already expired: the TTL goes negative
      pod('issuer_cert_ttl_seconds', 'linkerd-expired', 'linkerd-identity-1', '', '-600-60x60'),
      pod('issuer_cert_ttl_seconds', 'linkerd-healthy', 'linkerd-identity-1', '', `${300 * DAY}-60x60`),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'LinkerdIssuerCertificateExpiryWarning', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'LinkerdIssuerCertificateExpiryWarning',
        exp_alerts: [fires('LinkerdIssuerCertificateExpiryWarning', { namespace: 'linkerd' }), fires('LinkerdIssuerCertificateExpiryWarning', { namespace: 'linkerd-expired' })],
      },
      { eval_time: '20m', alertname: 'LinkerdIssuerCertificateExpiryCritical', exp_alerts: [fires('LinkerdIssuerCertificateExpiryCritical', { namespace: 'linkerd-expired' })] },
    ],
  }],
  ['Linkerd proxy certificates: none for a proxy without a certificate yet', {
    interval: '1m',
    input_series: [
      pod('control_identity_cert_expiration_timestamp_seconds', 'web', 'api-1', '', `${4 * HOUR}x60`),
      pod('control_identity_cert_expiration_timestamp_seconds', 'web', 'api-2', '', '0x60'),
      pod('control_identity_cert_expiration_timestamp_seconds', 'web', 'api-3', '', `${DAY}x60`),
      pod('control_identity_cert_expiration_timestamp_seconds', 'web', 'api-4', '', `${30 * MINUTE}x60`),
    ],
    alert_rule_test: [
      { eval_time: '2m', alertname: 'LinkerdWorkloadCertificateExpiryCritical', exp_alerts: [] },
      {
        eval_time: '20m',
        alertname: 'LinkerdWorkloadCertificateExpiryWarning',
        exp_alerts: [fires('LinkerdWorkloadCertificateExpiryWarning', { namespace: 'web', pod: 'api-1' }), fires('LinkerdWorkloadCertificateExpiryWarning', { namespace: 'web', pod: 'api-4' })],
      },
      { eval_time: '20m', alertname: 'LinkerdWorkloadCertificateExpiryCritical', exp_alerts: [fires('LinkerdWorkloadCertificateExpiryCritical', { namespace: 'web', pod: 'api-4' })] },
    ],
  }],
  ['Linkerd refresh errors that persist fire; successful refreshes and a single error do not', {
    interval: '1m',
    input_series: [
      pod('control_identity_cert_refreshes_total', 'web', 'api-1', ',result="error"', '0+1x60'),
      pod('control_identity_cert_refreshes_total', 'web', 'api-1', ',result="ok"', '0+1x60'),
      pod('control_identity_cert_refreshes_total', 'web', 'api-2', ',result="ok"', '0+1x60'),
      pod('control_identity_cert_refreshes_total', 'web', 'api-3', ',result="error"', '0x5 1x55'),
    ],
    alert_rule_test: [
      { eval_time: '10m', alertname: 'LinkerdCertificateRefreshFailures', exp_alerts: [] },
      { eval_time: '25m', alertname: 'LinkerdCertificateRefreshFailures', exp_alerts: [fires('LinkerdCertificateRefreshFailures', { namespace: 'web', pod: 'api-1' })] },
    ],
  }],
];

describe('PlatformCertificateAlerts rules', () => {
  test('promtool check rules passes', () => {
    expect(checkRules(ALL_M.objects)).toContain('SUCCESS: 16 rules found');
  });

  test('one group per layer; every alert has summary, description, runbook_url and severity', () => {
    expect(groups(ALL_M).map((g) => g.name)).toEqual(['kubernetes-client-certificates', 'kubelet-certificates', 'istio-certificates', 'linkerd-certificates']);
    expect(ALL.alertNames).toHaveLength(16);
    for (const alert of ALL.alertNames) {
      const r = rule(ALL_M, alert);
      expect(Object.keys(r.annotations!).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(r.annotations!.runbook_url).toBe(`https://github.com/cdk8s-cert-manager/cdk8s-cert-manager/blob/main/docs/runbooks.md#${alert.toLowerCase()}`);
      expect(r.labels!.severity).toBe(alert.endsWith('Critical') ? 'critical' : 'warning');
    }
  });

  test('thresholds are written in seconds (Prometheus 2.42 rejects 7d in expressions)', () => {
    expect(rule(ALL_M, 'KubeletClientCertificateExpiryWarning').expr).toBe('min by (node, instance) (kubelet_certificate_manager_client_ttl_seconds) < 604800');
    expect(rule(ALL_M, 'IstioWorkloadCertificateExpiryCritical').expr).toContain('< 3600');
    for (const alert of ALL.alertNames) expect(rule(ALL_M, alert).expr).not.toMatch(/\d[smhdwy]\b(?!\])/);
  });

  test('every alert has a promtool case in which it fires', () => {
    const firing = new Set(cases.flatMap(([, c]) => (c.alert_rule_test ?? []).filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname)));
    expect([...firing].sort()).toEqual([...ALL.alertNames].sort());
  });

  test('every alert, and CertManagerAlerts\' too, has a runbook section', () => {
    const runbooks = readFileSync(join(__dirname, '..', '..', 'docs', 'runbooks.md'), 'utf8');
    const sections = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]));
    const chart = Testing.chart();
    const alerts = [...ALL.alertNames, ...new CertManagerAlerts(chart, 'CertManager').alertNames];
    expect(alerts.filter((a) => !sections.has(a.toLowerCase()))).toEqual([]);
  });

  test.each(cases)('promtool: %s', (_, testCase) => {
    expect(testRules(ALL_M.objects, [testCase])).toContain('SUCCESS');
  }, 30_000);

  test('promtool fails when an alert is expected where it stays quiet (the cases can fail)', () => {
    expect(() => testRules(ALL_M.objects, [{
      interval: '1m',
      input_series: [kubelet('kubelet_certificate_manager_client_ttl_seconds', 'node-b', repeat('+Inf', 60))],
      alert_rule_test: [{ eval_time: '50m', alertname: 'KubeletClientCertificateExpiryWarning', exp_alerts: [fires('KubeletClientCertificateExpiryWarning', { node: 'node-b', instance: 'node-b:10250' })] }],
    }])).toThrow(/promtool test rules failed/);
  });
});

describe('PlatformCertificateAlerts options', () => {
  test('defaults: name, namespace, no labels, only the enabled layers', () => {
    const { construct, m } = platformAlerts({ istio: true });
    const pr = m.get('PrometheusRule', 'platform-certificate-alerts', 'cert-manager');
    expect(pr.metadata?.labels).toBeUndefined();
    expect(groups(m).map((g) => g.name)).toEqual(['istio-certificates']);
    expect(construct.alertNames).toEqual([
      'IstioRootCertificateExpiryWarning', 'IstioRootCertificateExpiryCritical',
      'IstioWorkloadCertificateExpiryWarning', 'IstioWorkloadCertificateExpiryCritical', 'IstioCertificateSigningFailures',
    ]);
    expect(rule(m, 'IstioRootCertificateExpiryWarning')).toMatchObject({ for: '15m', labels: { severity: 'warning' } });
    expect(rule(m, 'IstioRootCertificateExpiryCritical')).toMatchObject({ for: '5m', labels: { severity: 'critical' } });
    expect(rule(m, 'IstioRootCertificateExpiryWarning').expr).toContain(`< ${WEEK}`);
    expect(rule(m, 'IstioRootCertificateExpiryCritical').expr).toContain(`< ${DAY}`);
    expect(rule(m, 'IstioWorkloadCertificateExpiryWarning').expr).toContain(`< ${6 * HOUR}`);
  });

  test('the PrometheusRule is the default child (escape hatch)', () => {
    const chart = Testing.chart();
    const construct = new PlatformCertificateAlerts(chart, 'Platform', { linkerd: true });
    expect(ApiObject.of(construct).kind).toBe('PrometheusRule');
  });

  test('labels, severities, runbooks, thresholds, job and overrides', () => {
    const { construct, m } = platformAlerts({
      ...ALL_LAYERS,
      namespace: 'monitoring',
      name: 'platform-certs',
      labels: { release: 'kube-prometheus-stack' },
      runbookUrlBase: 'https://runbooks.example.com/tls/',
      warningSeverityLabel: 'P3',
      criticalSeverityLabel: 'P1',
      apiserverJob: 'kube-apiserver',
      expiryWarningThreshold: Duration.days(30),
      expiryCriticalThreshold: Duration.days(2),
      workloadExpiryWarningThreshold: Duration.minutes(20),
      workloadExpiryCriticalThreshold: Duration.minutes(10),
      alerts: {
        IstioCertificateSigningFailures: { enabled: false },
        LinkerdIssuerCertificateExpiryWarning: { for: Duration.hours(1), severity: AlertSeverity.CRITICAL },
      },
    });
    const pr = m.get('PrometheusRule', 'platform-certs', 'monitoring');
    expect(pr.metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(construct.alertNames).not.toContain('IstioCertificateSigningFailures');
    expect(construct.alertNames).toHaveLength(15);
    expect(rule(m, 'LinkerdIssuerCertificateExpiryWarning')).toMatchObject({ for: '1h', labels: { severity: 'P1' } });
    expect(rule(m, 'KubeletClientCertificateExpiryWarning').labels!.severity).toBe('P3');
    expect(rule(m, 'KubeletClientCertificateExpiryCritical').labels!.severity).toBe('P1');
    expect(rule(m, 'IstioRootCertificateExpiryWarning').annotations!.runbook_url).toBe('https://runbooks.example.com/tls/istiorootcertificateexpirywarning');
    expect(rule(m, 'KubernetesClientCertificateExpiryWarning').expr).toBe(
      'histogram_quantile(0.01, sum by (job, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="kube-apiserver"}[5m]))) < 2592000 '
      + 'and on (job) apiserver_client_certificate_expiration_seconds_count{job="kube-apiserver"} > 0');
    expect(rule(m, 'KubernetesClientCertificateExpiryCritical').expr).toContain('< 172800');
    expect(rule(m, 'KubernetesClientCertificateExpiryWarning').annotations!.summary).toContain('expires in less than 30 days');
    expect(rule(m, 'LinkerdWorkloadCertificateExpiryWarning').expr).toContain('< 1200');
    expect(rule(m, 'LinkerdWorkloadCertificateExpiryCritical').expr).toContain('< 600');
    expect(rule(m, 'LinkerdWorkloadCertificateExpiryCritical').annotations!.summary).toContain('expires in less than 10 minutes');
    expect(checkRules(m.objects)).toContain('SUCCESS');
  });

  test('an override for an alert of a disabled layer is allowed but warned about', () => {
    const { result: { construct }, printed } = captureStderr(() => platformAlerts({
      kubeletCertificates: true, alerts: { LinkerdCertificateRefreshFailures: { enabled: false } }, apiserverJob: 'apiserver',
    }));
    expect(construct.alertNames).toHaveLength(4);
    expect(printed).toContain('[WARNING] [test/Platform] alerts has an override for LinkerdCertificateRefreshFailures, but its layer (linkerd-certificates) is not enabled');
    expect(printed).toContain('[WARNING] [test/Platform] apiserverJob is set but kubernetesClientCertificates is not enabled');
  });

  test.each([
    [{}, '[test/Platform] no alert layer is enabled; set at least one of kubernetesClientCertificates, kubeletCertificates, istio or linkerd to true'],
    [{ kubeletCertificates: false, istio: false }, '[test/Platform] no alert layer is enabled'],
    [{ istio: true, expiryWarningThreshold: Duration.hours(12) },
      '[test/Platform] expiryCriticalThreshold (1 day) must be shorter than expiryWarningThreshold (12 hours)'],
    [{ linkerd: true, workloadExpiryCriticalThreshold: Duration.hours(6) },
      '[test/Platform] workloadExpiryCriticalThreshold (6 hours) must be shorter than workloadExpiryWarningThreshold (6 hours)'],
    [{ istio: true, workloadExpiryWarningThreshold: Duration.millis(1500) },
      '[test/Platform] workloadExpiryWarningThreshold 1 second 500 millis must be a positive whole number of seconds'],
    [{ istio: true, labels: { release: '' } }, '[test/Platform] labels["release"] is empty; kube-prometheus-stack matches the label\'s value'],
    [{ istio: true, labels: { 'bad key!': 'x' } }, '[test/Platform] labels has an invalid key "bad key!"'],
    [{ istio: true, alerts: { IstioCertExpiry: { enabled: false } } },
      '[test/Platform] alerts has an override for "IstioCertExpiry", which is not an alert of this construct; name one of its alerts: KubernetesClientCertificateExpiryWarning'],
    [{ kubernetesClientCertificates: true, apiserverJob: 'api"server' }, '[test/Platform] apiserverJob "api"server" contains a quote'],
    [{ kubernetesClientCertificates: true, apiserverJob: '' }, '[test/Platform] apiserverJob is ""; set it to a non-empty value'],
    [{ istio: true, namespace: 'Monitoring' }, '[test/Platform] namespace "Monitoring" is not a valid namespace name'],
  ] as Array<[PlatformCertificateAlertsProps, string]>)('fails: %j', (props, message) => {
    expect(() => new PlatformCertificateAlerts(Testing.chart(), 'Platform', props)).toThrow(message);
  });
});
