import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Certificate, CertificateProbes, CertificateProbesProps, CertificateProps, ClusterIssuer, IssuerConfig } from '../../src';
import { CertificateGraph } from '../../src/graph/certificate-graph';
import { Manifests, synth } from '../harness/manifests';
import { checkRules, expectedAlert, PromtoolTestCase, testRules } from '../harness/promtool';
import { captureStderr } from '../harness/stderr';

const STALE = 'CertManagerServedCertificateStale';
const PROBE_FAILED = 'CertManagerServedCertificateProbeFailed';
const JOB = 'cert-manager-served-certificates';

function cert(chart: Chart, name: string, props: Partial<CertificateProps> = {}) {
  const issuer = (chart.node.tryFindChild('Internal') as ClusterIssuer | undefined)
    ?? new ClusterIssuer(chart, 'Internal', { name: 'internal', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
  return new Certificate(chart, name, { name, namespace: 'web', secretName: `${name}-tls`, issuer, dnsNames: [`${name}.example.com`], ...props });
}

/** Hosts served with a Secret, as the Ingress wiring records them (a plain Ingress stands in for the wiring). */
function served(chart: Chart, name: string, hosts: string[], secretName: string) {
  const scope = new k8s.KubeIngress(chart, `Ingress-${name}`, { metadata: { name, namespace: 'web' } });
  CertificateGraph.of(chart).addServedHosts({ scope, kind: 'Ingress', name, namespace: 'web', hosts, secretName });
}

/** The probes first, the certificates and Ingresses after them: targets are read at synth. */
function probesFirst(build: (chart: Chart, probes: CertificateProbes) => void, props: CertificateProbesProps = {}) {
  const chart = Testing.chart();
  const probes = new CertificateProbes(chart, 'Probes', props);
  build(chart, probes);
  const { result: m, printed } = captureStderr(() => synth(chart));
  return { chart, probes, m, printed };
}

const probe = (m: Manifests, name = JOB) => m.get('Probe', name);
const rule = (m: Manifests, alert: string, name = JOB) =>
  m.get('PrometheusRule', name).spec.groups[0].rules.find((r: any) => r.alert === alert);

/**
 * What Prometheus does with the Probe's relabelings for one target: the operator sets
 * `__param_target` (and `instance`) to the target first, then the relabelings run in order;
 * regexes are anchored; labels starting with `__` are dropped afterwards.
 */
function relabel(m: Manifests, target: string): Record<string, string> {
  const labels: Record<string, string> = { __param_target: target, instance: target };
  for (const r of probe(m).spec.targets.staticConfig.relabelingConfigs) {
    const value = (r.sourceLabels as string[]).map((l) => labels[l] ?? '').join(';');
    const match = new RegExp(`^(?:${r.regex})$`).exec(value);
    if (match) labels[r.targetLabel] = (r.replacement as string).replace(/\$\{(\d)\}/g, (_, i) => match[Number(i)]);
  }
  return Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('__')));
}

describe('CertificateProbes defaults', () => {
  const { m, probes, printed } = probesFirst((chart, p) => {
    served(chart, 'shop', ['shop.example.com', 'www.shop.example.com'], 'shop-tls');
    cert(chart, 'shop', { dnsNames: ['shop.example.com', 'www.shop.example.com'] });
    p.addCertificate(cert(chart, 'api'));
  });

  test('one Probe for the blackbox exporter of the prometheus-blackbox-exporter chart, module http_2xx, every minute', () => {
    const p = probe(m);
    expect(p.metadata).toEqual({ name: JOB, namespace: 'cert-manager' });
    expect(p.spec).toMatchObject({
      jobName: JOB,
      prober: { url: 'prometheus-blackbox-exporter.monitoring.svc:9115' },
      module: 'http_2xx',
      interval: '1m',
    });
    expect(probes.probeName).toBe(JOB);
    expect(printed).toBe('');
  });

  test('targets are every served host and every added certificate\'s host, sorted, though declared after the probes', () => {
    expect(probe(m).spec.targets.staticConfig.static).toEqual(['https://api.example.com', 'https://shop.example.com', 'https://www.shop.example.com']);
  });

  test('each target\'s results carry the certificate that should be served there', () => {
    expect(relabel(m, 'https://www.shop.example.com')).toEqual({
      instance: 'https://www.shop.example.com', cert_namespace: 'web', cert_name: 'shop', secret_name: 'shop-tls',
    });
    expect(relabel(m, 'https://api.example.com')).toMatchObject({ cert_name: 'api', secret_name: 'api-tls' });
    // the dots are literal: a look-alike host gets no certificate labels
    expect(relabel(m, 'https://apixexample.com')).toEqual({ instance: 'https://apixexample.com' });
  });

  test('a PrometheusRule with both alerts, each with summary, description, runbook and severity', () => {
    expect(probes.alertNames).toEqual([STALE, PROBE_FAILED]);
    const pr = m.get('PrometheusRule', JOB, 'cert-manager');
    expect(pr.spec.groups.map((g: any) => g.name)).toEqual(['cert-manager-served-certificates']);
    for (const r of pr.spec.groups[0].rules) {
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(r.labels).toEqual({ severity: 'warning' });
    }
    expect(rule(m, STALE).for).toBe('30m');
    expect(rule(m, STALE).expr).toContain(`probe_ssl_earliest_cert_expiry{job="${JOB}"}) + 300) < on (cert_namespace, cert_name) group_left ()`);
    expect(rule(m, PROBE_FAILED).for).toBe('15m');
    expect(checkRules(m.objects)).toContain('SUCCESS');
  });
});

describe('CertificateProbes alerts (promtool)', () => {
  const { m } = probesFirst((chart, p) => p.addCertificate(cert(chart, 'api')));
  const target = (instance: string, name: string) =>
    `{job="${JOB}",instance="${instance}",namespace="cert-manager",cert_namespace="web",cert_name="${name}",secret_name="${name}-tls"}`;
  const stored = (name: string, values: string) => ({
    series: `certmanager_certificate_expiration_timestamp_seconds{namespace="web",name="${name}",issuer_name="internal",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"}`,
    values,
  });
  const OLD = 5_000_000;
  const NEW = 9_000_000;

  const cases: Array<[string, PromtoolTestCase]> = [
    ['stale: fires when the served certificate expires earlier than the stored one for the grace period', {
      interval: '1m',
      input_series: [
        // renewed at t=10m; both hosts it is served under keep serving the old certificate
        stored('api', `${OLD}x10 ${NEW}x80`),
        { series: `probe_ssl_earliest_cert_expiry${target('https://api.example.com', 'api')}`, values: `${OLD}x90` },
        { series: `probe_ssl_earliest_cert_expiry${target('https://api.example.com:8443', 'api')}`, values: `${OLD}x90` },
        // reloaded at t=20m, within the grace period
        stored('web', `${OLD}x10 ${NEW}x80`),
        { series: `probe_ssl_earliest_cert_expiry${target('https://web.example.com', 'web')}`, values: `${OLD}x20 ${NEW}x70` },
        // within the tolerance (60 s earlier)
        stored('near', `${NEW}x90`),
        { series: `probe_ssl_earliest_cert_expiry${target('https://near.example.com', 'near')}`, values: `${NEW - 60}x90` },
        // never issued: nothing stored to compare with
        stored('new', '0x90'),
        { series: `probe_ssl_earliest_cert_expiry${target('https://new.example.com', 'new')}`, values: `${OLD}x90` },
      ],
      alert_rule_test: [
        { eval_time: '35m', alertname: STALE, exp_alerts: [] },
        {
          eval_time: '45m',
          alertname: STALE,
          exp_alerts: ['https://api.example.com', 'https://api.example.com:8443'].map((instance) =>
            expectedAlert(rule(m, STALE), { cert_namespace: 'web', cert_name: 'api', secret_name: 'api-tls', instance })),
        },
      ],
    }],
    ['probe failed: fires when a probed host reports no certificate, also when the exporter is unreachable', {
      interval: '1m',
      input_series: [
        { series: `up${target('https://api.example.com', 'api')}`, values: '1x40' },
        { series: `probe_ssl_earliest_cert_expiry${target('https://api.example.com', 'api')}`, values: `${NEW}x40` },
        // handshake fails: the scrape works, no certificate
        { series: `up${target('https://down.example.com', 'down')}`, values: '1x40' },
        // the exporter itself cannot be scraped
        { series: `up${target('https://gone.example.com', 'gone')}`, values: '0x40' },
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: PROBE_FAILED, exp_alerts: [] },
        {
          eval_time: '20m',
          alertname: PROBE_FAILED,
          exp_alerts: ['down', 'gone'].map((n) => expectedAlert(rule(m, PROBE_FAILED), {
            cert_namespace: 'web', cert_name: n, secret_name: `${n}-tls`, instance: `https://${n}.example.com`,
          })),
        },
      ],
    }],
  ];

  test.each(cases)('%s', (_, testCase) => {
    expect(testRules(m.objects, [testCase])).toContain('SUCCESS');
  }, 30_000);
});

describe('what cannot be probed', () => {
  test('a certificate served only under a wildcard host prints a warning with the fix', () => {
    const { m, printed } = probesFirst((chart) => {
      cert(chart, 'wild', { dnsNames: ['*.apps.example.com'] });
      served(chart, 'apps', ['*.apps.example.com'], 'wild-tls');
      cert(chart, 'api');
      served(chart, 'api', ['api.example.com'], 'api-tls');
    });
    expect(probe(m).spec.targets.staticConfig.static).toEqual(['https://api.example.com']);
    expect(printed).toBe('[WARNING] [test/Probes] certificate "web/wild" is served only under *.apps.example.com by Ingress "web/apps" '
      + '(test/Ingress-apps), which cannot be probed; probe a concrete host it serves with addCertificate(certificate, { hosts: '
      + '[\'app.example.com\'] })\n');
  });

  test('no warning when the wildcard certificate is probed under a concrete host', () => {
    const { m, printed } = probesFirst((chart, p) => {
      const wild = cert(chart, 'wild', { dnsNames: ['*.apps.example.com'] });
      served(chart, 'apps', ['*.apps.example.com'], 'wild-tls');
      p.addCertificate(wild, { hosts: ['shop.apps.example.com', 'admin.apps.example.com:8443'] });
    });
    expect(probe(m).spec.targets.staticConfig.static).toEqual(['https://admin.apps.example.com:8443', 'https://shop.apps.example.com']);
    expect(relabel(m, 'https://admin.apps.example.com:8443')).toMatchObject({ cert_name: 'wild' });
    expect(printed).toBe('');
  });

  test('hosts served from a Secret no certificate of the app writes, conflicting certificates, and an empty Probe are warned about', () => {
    const external = probesFirst((chart) => served(chart, 'legacy', ['legacy.example.com'], 'legacy-tls'));
    expect(external.printed).toContain('[WARNING] [test/Probes] Ingress "web/legacy" (test/Ingress-legacy) serves Secret "legacy-tls", '
      + 'which no certificate of this app writes, so there is no stored certificate to compare with and its hosts are not probed; '
      + 'declare a Certificate in this app that writes it to probe them');
    expect(external.printed).toContain('[WARNING] [test/Probes] there is no host to probe');
    expect(probe(external.m).spec.targets.staticConfig).toEqual({ static: [], relabelingConfigs: [] });

    const conflict = probesFirst((chart, p) => {
      p.addCertificate(cert(chart, 'api'));
      cert(chart, 'other', { dnsNames: ['api.example.com'] });
      served(chart, 'api', ['api.example.com'], 'other-tls');
    });
    expect(conflict.printed).toBe('[WARNING] [test/Probes] https://api.example.com is served with Certificate "web/api" and, by Ingress '
      + '"web/api" (test/Ingress-api), with "web/other"; only the first is compared; serve each host with one certificate\n');
    expect(relabel(conflict.m, 'https://api.example.com')).toMatchObject({ cert_name: 'api' });
  });

  test.each<[string, (chart: Chart) => [Certificate, string[] | undefined]]>([
    ['a certificate without DNS names', (chart) => [cert(chart, 'ip', { dnsNames: [], ipAddresses: ['10.0.0.1'] }), undefined]],
    ['a certificate with only wildcard names', (chart) => [cert(chart, 'wild', { dnsNames: ['*.example.com'] }), undefined]],
    ['empty hosts', (chart) => [cert(chart, 'api'), []]],
    ['a wildcard host', (chart) => [cert(chart, 'api'), ['*.example.com']]],
    ['a URL instead of a host', (chart) => [cert(chart, 'api'), ['https://api.example.com']]],
  ])('addCertificate fails for %s', (what, build) => {
    const chart = Testing.chart();
    const probes = new CertificateProbes(chart, 'Probes');
    const [c, hosts] = build(chart);
    const messages: Record<string, RegExp> = {
      'a certificate without DNS names': /^\[test\/Probes\] Certificate "web\/ip" \(test\/ip\) has no DNS names, so there is no host to probe; pass the concrete names/,
      'a certificate with only wildcard names': /^\[test\/Probes\] Certificate "web\/wild" \(test\/wild\) has only wildcard DNS names \(\*\.example\.com\), so there is no host to probe/,
      'empty hosts': /^\[test\/Probes\] hosts for Certificate "web\/api" \(test\/api\) is empty; list the names it is served under/,
      'a wildcard host': /^\[test\/Probes\] hosts contains the wildcard "\*\.example\.com", which cannot be probed; list a concrete name it is served under, e\.g\. "www\.example\.com"/,
      'a URL instead of a host': /^\[test\/Probes\] hosts contains "https:\/\/api\.example\.com", which is not a DNS name with an optional port/,
    };
    expect(() => probes.addCertificate(c, hosts === undefined ? undefined : { hosts })).toThrow(messages[what]);
  });
});

describe('CertificateProbes options', () => {
  test('name, namespace, labels on both objects, prober, module, interval, tolerance, grace period and overrides', () => {
    const { m, probes } = probesFirst((chart, p) => p.addCertificate(cert(chart, 'api')), {
      name: 'served-tls',
      namespace: 'monitoring',
      labels: { release: 'kube-prometheus-stack' },
      proberAddress: 'blackbox.monitoring.svc.cluster.local:19115',
      module: 'tls_served',
      interval: Duration.seconds(30),
      tolerance: Duration.hours(1),
      gracePeriod: Duration.hours(2),
      warningSeverityLabel: 'P3',
      alerts: { [PROBE_FAILED]: { enabled: false } },
    });
    const p = m.get('Probe', 'served-tls', 'monitoring');
    expect(p.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(p.spec).toMatchObject({ jobName: 'served-tls', prober: { url: 'blackbox.monitoring.svc.cluster.local:19115' }, module: 'tls_served', interval: '30s' });
    expect(m.get('PrometheusRule', 'served-tls', 'monitoring').metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(probes.alertNames).toEqual([STALE]);
    expect(rule(m, STALE, 'served-tls')).toMatchObject({ for: '2h', labels: { severity: 'P3' } });
    expect(rule(m, STALE, 'served-tls').expr).toContain('probe_ssl_earliest_cert_expiry{job="served-tls"}) + 3600)');
  });

  test('with every alert disabled there is no PrometheusRule, only the Probe', () => {
    const { m } = probesFirst((chart, p) => p.addCertificate(cert(chart, 'api')), {
      alerts: { [STALE]: { enabled: false }, [PROBE_FAILED]: { enabled: false } },
    });
    expect(m.all('PrometheusRule')).toEqual([]);
    expect(m.all('Probe')).toHaveLength(1);
  });

  test.each([
    [{ proberAddress: 'http://blackbox:9115' }, '[test/Probes] proberAddress "http://blackbox:9115" is not host:port; give the blackbox '
      + 'exporter\'s Service address and port without a scheme or path, e.g. "prometheus-blackbox-exporter.monitoring.svc:9115"'],
    [{ proberAddress: 'blackbox.monitoring.svc' }, '[test/Probes] proberAddress "blackbox.monitoring.svc" is not host:port'],
    [{ proberAddress: 'blackbox:99999' }, '[test/Probes] proberAddress "blackbox:99999" is not host:port'],
    [{ labels: { release: '' } }, '[test/Probes] labels["release"] is empty; kube-prometheus-stack matches the label\'s value'],
    [{ module: 'http 2xx' }, '[test/Probes] module "http 2xx" contains a space, quote or URL character'],
    [{ module: '' }, '[test/Probes] module is ""; set it to a non-empty value'],
    [{ interval: Duration.seconds(0) }, '[test/Probes] interval 0 seconds must be a positive whole number of seconds'],
    [{ tolerance: Duration.millis(1500) }, '[test/Probes] tolerance 1 second 500 millis must be a positive whole number of seconds'],
    [{ gracePeriod: Duration.hours(1), alerts: { [STALE]: { for: Duration.hours(2) } } },
      '[test/Probes] gracePeriod and alerts.CertManagerServedCertificateStale.for are both set and mean the same thing; keep gracePeriod'],
    [{ alerts: { CertManagerServedCertificateExpiry: {} } }, '[test/Probes] alerts has an override for "CertManagerServedCertificateExpiry"'],
    [{ name: 'Served' }, '[test/Probes] name "Served" is not a valid Kubernetes object name'],
  ] as Array<[CertificateProbesProps, string]>)('fails: %j', (props, message) => {
    expect(() => new CertificateProbes(Testing.chart(), 'Probes', props)).toThrow(message);
  });
});

test('every alert has a runbook section', () => {
  const runbooks = readFileSync(join(__dirname, '..', '..', 'docs', 'runbooks.md'), 'utf8');
  const sections = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((x) => x[1]));
  expect([STALE, PROBE_FAILED].filter((a) => !sections.has(a.toLowerCase()))).toEqual([]);
});
