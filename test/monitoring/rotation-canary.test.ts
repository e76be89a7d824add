import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import {
  AcmeServer, AcmeSolver, CanaryServingPath, CertificateChecks, CertificateProbes, ClusterIssuer, DeploymentEnvironment,
  Dns01Provider, IssuerConfig, RotationCanary, RotationCanaryProps, RotationReload,
} from '../../src';
import { Gateway } from '../../src/imports/gateway.networking.k8s.io';
import { Manifests, synth } from '../harness/manifests';
import { checkRules, expectedAlert, PromtoolTestCase, testRules } from '../harness/promtool';
import { captureStderr } from '../harness/stderr';

const NAME = 'cert-manager-canary';
const NS = 'cert-manager';
const HOST = 'canary.example.com';
const STALLED = 'CertManagerCanaryRotationStalled';
const STALE = 'CertManagerCanaryServedStale';
const ISSUANCE = 'CertManagerCanaryIssuanceFailing';
const PROBE_FAILED = 'CertManagerCanaryProbeFailed';

function caIssuer(chart: Chart): ClusterIssuer {
  return new ClusterIssuer(chart, 'Internal', { name: 'internal-ca', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
}

function acmeIssuer(chart: Chart, server = AcmeServer.LETS_ENCRYPT_STAGING, solvers = [AcmeSolver.http01Ingress()]): ClusterIssuer {
  return new ClusterIssuer(chart, 'Acme', { name: 'letsencrypt', config: IssuerConfig.acme({ server, solvers }) });
}

const ingressPath = CanaryServingPath.ingress({ ingressClassName: 'nginx' });

/** A canary on a CA issuer served through an nginx Ingress, with `props` on top; synthesized. */
function canary(props: Partial<RotationCanaryProps> = {}, build?: (chart: Chart) => Partial<RotationCanaryProps>) {
  const chart = Testing.chart();
  const { result, printed } = captureStderr(() => {
    const extra = build?.(chart) ?? {};
    const construct = new RotationCanary(chart, 'Canary', {
      issuer: caIssuer(chart), host: HOST, servingPath: ingressPath, module: 'tls_insecure', ...props, ...extra,
    });
    return { construct, m: synth(chart) };
  });
  return { ...result, printed };
}

/** The error a canary with these props fails with. */
function failure(props: Partial<RotationCanaryProps>, build?: (chart: Chart) => Partial<RotationCanaryProps>): string {
  const chart = Testing.chart();
  try {
    captureStderr(() => new RotationCanary(chart, 'Canary', {
      issuer: caIssuer(chart), host: HOST, servingPath: ingressPath, module: 'tls_insecure', ...props, ...build?.(chart),
    }));
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the canary to fail');
}

const rule = (m: Manifests, alert: string) => m.get('PrometheusRule', NAME).spec.groups[0].rules.find((r: any) => r.alert === alert);

describe('RotationCanary defaults (CA issuer, Ingress)', () => {
  const { m, construct, printed } = canary({ module: undefined });

  test('a 1-hour certificate renewed every 20 minutes for the host and the workload\'s in-cluster name', () => {
    const cert = m.get('Certificate', NAME, NS);
    expect(cert.spec).toMatchObject({
      secretName: `${NAME}-tls`,
      dnsNames: [HOST, `${NAME}.${NS}.svc`],
      duration: '1h',
      renewBefore: '40m',
      issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { rotationPolicy: 'Always' },
    });
    expect(construct.certificate.secretName).toBe(`${NAME}-tls`);
    expect(construct.certificatesPerWeek).toBe(504);
  });

  test('an Ingress of the given class terminates TLS for the host with the canary Secret and routes to the workload', () => {
    const ingress = m.get('Ingress', NAME, NS);
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: HOST, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: NAME, port: { number: 8080 } } } }] } }],
      tls: [{ hosts: [HOST], secretName: `${NAME}-tls` }],
    });
  });

  test('the workload mounts the Secret as a directory, restarts through Reloader on renewal and serves it on 8443', () => {
    const deployment = m.get('Deployment', NAME, NS);
    expect(deployment.metadata?.annotations).toEqual({ 'secret.reloader.stakater.com/reload': `${NAME}-tls` });
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.image).toBe('docker.io/nginxinc/nginx-unprivileged:1.27.5-alpine@sha256:65e3e85dbaed8ba248841d9d58a899b6197106c23cb0ff1a132b7bfe0547e4c0');
    expect(container.volumeMounts).toContainEqual({ name: `tls-${NAME}-tls`, mountPath: '/etc/tls', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: `tls-${NAME}-tls`, secret: { secretName: `${NAME}-tls` } });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 101 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const conf = m.get('ConfigMap', `${NAME}-nginx`, NS).data['default.conf'];
    expect(conf).toContain('listen 8443 ssl;');
    expect(conf).toContain('ssl_certificate /etc/tls/tls.crt;');
    expect(conf).toContain('ssl_certificate_key /etc/tls/tls.key;');
    expect(m.get('Service', NAME, NS).spec.ports).toEqual([
      { name: 'http', port: 8080, targetPort: 'http' },
      { name: 'https', port: 8443, targetPort: 'https' },
    ]);
  });

  test('one Probe of the host through the Ingress and of the workload, labelled with the certificate and the path', () => {
    const probe = m.get('Probe', NAME, NS);
    expect(probe.spec).toEqual({
      jobName: NAME,
      prober: { url: 'prometheus-blackbox-exporter.monitoring.svc:9115' },
      module: 'http_2xx',
      interval: '1m',
      targets: {
        staticConfig: {
          static: [`https://${HOST}`, `https://${NAME}.${NS}.svc:8443`],
          labels: { cert_namespace: NS, cert_name: NAME },
          relabelingConfigs: [
            { sourceLabels: ['__param_target'], regex: 'https://canary\\.example\\.com', targetLabel: 'canary_path', replacement: 'ingress' },
            { sourceLabels: ['__param_target'], regex: `https://${NAME}\\.${NS}\\.svc:8443`, targetLabel: 'canary_path', replacement: 'workload' },
          ],
        },
      },
    });
    expect(construct.probeTargets).toEqual([`https://${HOST}`, `https://${NAME}.${NS}.svc:8443`]);
  });

  test('the Probe is the default child, for escape hatches', () => {
    expect(ApiObject.of(construct).kind).toBe('Probe');
    expect(ApiObject.of(construct).name).toBe(NAME);
  });

  test('warns that the default module verifies a certificate of a private CA', () => {
    expect(printed).toContain('[WARNING] [test/Canary] module "http_2xx" verifies certificates, and issuer "internal-ca" is not a '
      + 'publicly trusted CA, so the probe would report no certificate and CertManagerCanaryProbeFailed would fire; add a module');
  });

  test('the check pack\'s churn warning (CM-DUR2) is suppressed on the canary certificate, with the reason', () => {
    const chart = Testing.chart();
    captureStderr(() => new RotationCanary(chart, 'Canary', { issuer: caIssuer(chart), host: HOST, servingPath: ingressPath }));
    const churn = CertificateChecks.run(chart).filter((f) => f.ruleId === 'CM-DUR2');
    expect(churn).toHaveLength(1);
    expect(churn[0]).toMatchObject({
      path: 'test/Canary/Certificate',
      suppressedReason: 'a rotation canary renews often on purpose: every renewal proves the rotation path',
    });
  });

  test('served-certificate probes of the same app leave the canary host to the canary', () => {
    const chart = Testing.chart();
    const out = captureStderr(() => {
      new CertificateProbes(chart, 'Probes', { module: 'tls_served' });
      new RotationCanary(chart, 'Canary', { issuer: caIssuer(chart), host: HOST, servingPath: ingressPath, module: 'tls_served' });
      return synth(chart);
    });
    expect(out.result.get('Probe', 'cert-manager-served-certificates').spec.targets.staticConfig.static).toEqual([]);
    expect(out.printed).not.toContain(HOST);
  });

  test('four alerts in one PrometheusRule that promtool accepts', () => {
    expect(construct.alertNames).toEqual([STALLED, STALE, ISSUANCE, PROBE_FAILED]);
    expect(rule(m, STALLED).expr).toBe(`min by (instance, canary_path, cert_namespace, cert_name) (probe_ssl_earliest_cert_expiry{job="${NAME}"}) - time() < 1800`);
    expect(rule(m, STALLED).labels).toEqual({ severity: 'critical' });
    expect(rule(m, STALE).for).toBe('10m');
    expect(rule(m, STALLED).annotations.runbook_url).toMatch(/runbooks\.md#certmanagercanaryrotationstalled$/);
    expect(checkRules(m.objects)).toContain('SUCCESS');
  });
});

describe('RotationCanary alerts (promtool)', () => {
  const { m } = canary();
  const series = (metric: string, labels: Record<string, string>, values: string) =>
    ({ series: `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`, values });
  const target = (path: string) => ({
    instance: path === 'ingress' ? `https://${HOST}` : `https://${NAME}.${NS}.svc:8443`,
    canary_path: path,
    cert_namespace: NS,
    cert_name: NAME,
  });
  const served = (path: string, values: string) => series('probe_ssl_earliest_cert_expiry', { job: NAME, ...target(path) }, values);
  const stored = (values: string) => series('certmanager_certificate_expiration_timestamp_seconds',
    { namespace: NS, name: NAME, issuer_name: 'internal-ca', issuer_kind: 'ClusterIssuer', issuer_group: 'cert-manager.io' }, values);
  // Issued at 0 for an hour, renewed every 20 minutes: the expiry moves 20 minutes on at each renewal.
  const ROTATING = '3600x19 4800x19 6000x19 7200x19';
  const expected = (alert: string, labels: Record<string, string>) => expectedAlert(rule(m, alert), labels);

  const cases: Array<[string, PromtoolTestCase]> = [
    ['rotation stalled: fires once the served certificate is past its renewal time by the grace period, not while it rotates', {
      interval: '1m',
      input_series: [served('ingress', ROTATING), served('workload', '3600x79')],
      alert_rule_test: [
        // renewal due at 20m, grace 10m: condition from 31m, for 5m
        { eval_time: '33m', alertname: STALLED, exp_alerts: [] },
        { eval_time: '37m', alertname: STALLED, exp_alerts: [expected(STALLED, target('workload'))] },
      ],
    }],
    ['served stale: fires when served and stored differ longer than the grace period, in either direction', {
      interval: '1m',
      input_series: [
        stored(ROTATING),
        // the workload picks the renewal up 5 minutes late each time: within the grace period
        served('workload', '3600x24 4800x19 6000x19 7200x14'),
        // the Ingress keeps the first certificate
        served('ingress', '3600x79'),
      ],
      alert_rule_test: [
        { eval_time: '29m', alertname: STALE, exp_alerts: [] },
        { eval_time: '31m', alertname: STALE, exp_alerts: [expected(STALE, target('ingress'))] },
      ],
    }],
    ['served stale: a controller serving its default certificate (later expiry than the stored one) fires too', {
      interval: '1m',
      input_series: [stored(ROTATING), served('ingress', '31536000x79'), served('workload', ROTATING)],
      alert_rule_test: [
        { eval_time: '9m', alertname: STALE, exp_alerts: [] },
        { eval_time: '11m', alertname: STALE, exp_alerts: [expected(STALE, target('ingress'))] },
      ],
    }],
    ['issuance failing: not Ready for 10 minutes, or past the renewal time by the grace period', {
      interval: '1m',
      input_series: [
        series('certmanager_certificate_ready_status', { namespace: NS, name: NAME, condition: 'False' }, '0x9 1x60'),
        series('certmanager_certificate_ready_status', { namespace: NS, name: NAME, condition: 'True' }, '1x9 0x60'),
        series('certmanager_certificate_renewal_timestamp_seconds', { namespace: NS, name: NAME }, '1200x19 2400x19 3600x30'),
        // another certificate is none of the canary's business
        series('certmanager_certificate_ready_status', { namespace: 'web', name: 'api', condition: 'False' }, '1x70'),
      ],
      alert_rule_test: [
        { eval_time: '18m', alertname: ISSUANCE, exp_alerts: [] },
        { eval_time: '21m', alertname: ISSUANCE, exp_alerts: [expected(ISSUANCE, { namespace: NS, name: NAME })] },
      ],
    }],
    ['issuance failing: a renewal that never happens, though the certificate stays Ready', {
      interval: '1m',
      input_series: [
        series('certmanager_certificate_ready_status', { namespace: NS, name: NAME, condition: 'True' }, '1x60'),
        series('certmanager_certificate_renewal_timestamp_seconds', { namespace: NS, name: NAME }, '1200x60'),
      ],
      alert_rule_test: [
        // due at 20m, grace 10m: condition from 31m, for 10m
        { eval_time: '39m', alertname: ISSUANCE, exp_alerts: [] },
        { eval_time: '42m', alertname: ISSUANCE, exp_alerts: [expected(ISSUANCE, { namespace: NS, name: NAME })] },
      ],
    }],
    ['probe failed: a target that answers no certificate for 15 minutes', {
      interval: '1m',
      input_series: [
        series('up', { job: NAME, ...target('ingress') }, '1x30'),
        series('up', { job: NAME, ...target('workload') }, '1x30'),
        served('ingress', ROTATING),
      ],
      alert_rule_test: [
        { eval_time: '10m', alertname: PROBE_FAILED, exp_alerts: [] },
        { eval_time: '20m', alertname: PROBE_FAILED, exp_alerts: [expected(PROBE_FAILED, target('workload'))] },
      ],
    }],
  ];

  test.each(cases)('promtool: %s', (_, testCase) => {
    expect(testRules(m.objects, [testCase])).toContain('SUCCESS');
  }, 30_000);

  test('a healthy canary keeps every alert quiet', () => {
    expect(testRules(m.objects, [{
      interval: '1m',
      input_series: [
        stored(ROTATING), served('ingress', ROTATING), served('workload', '3600x20 4800x19 6000x19 7200x18'),
        series('up', { job: NAME, ...target('ingress') }, '1x79'),
        series('up', { job: NAME, ...target('workload') }, '1x79'),
        series('certmanager_certificate_ready_status', { namespace: NS, name: NAME, condition: 'True' }, '1x79'),
        series('certmanager_certificate_renewal_timestamp_seconds', { namespace: NS, name: NAME }, '1200x19 2400x19 3600x19 4800x19'),
      ],
      alert_rule_test: [STALLED, STALE, ISSUANCE, PROBE_FAILED].map((alertname) => ({ eval_time: '79m', alertname, exp_alerts: [] })),
    }])).toContain('SUCCESS');
  }, 30_000);

  test('promtool fails when a quiet alert is expected to fire (the cases can fail)', () => {
    expect(() => testRules(m.objects, [{
      interval: '1m',
      input_series: [served('ingress', ROTATING)],
      alert_rule_test: [{ eval_time: '70m', alertname: STALLED, exp_alerts: [expected(STALLED, target('ingress'))] }],
    }])).toThrow(/promtool test rules failed/);
  });
});

describe('RotationCanary through a Gateway', () => {
  const listeners = [{ name: 'https', hostname: 'www.example.com', port: 443, protocol: 'HTTPS' }];
  const { m } = canary({}, (chart) => ({
    servingPath: CanaryServingPath.gatewayListener({
      gateway: new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace: NS }, spec: { gatewayClassName: 'cilium', listeners } }),
    }),
  }));

  test('adds an HTTPS listener for the host terminating TLS with the canary Secret, keeping the others', () => {
    expect(m.get('Gateway', 'public', NS).spec.listeners).toEqual([
      ...listeners,
      {
        name: 'rotation-canary',
        hostname: HOST,
        port: 443,
        protocol: 'HTTPS',
        tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: `${NAME}-tls` }] },
      },
    ]);
  });

  test('an HTTPRoute on that listener routes the host to the workload; the probe path is "gateway"; no Ingress', () => {
    expect(m.get('HTTPRoute', NAME, NS).spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: NS, sectionName: 'rotation-canary' }],
      hostnames: [HOST],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: NAME, port: 8080 }] }],
    });
    expect(m.get('Probe', NAME, NS).spec.targets.staticConfig.relabelingConfigs[0].replacement).toBe('gateway');
    expect(m.all('Ingress')).toEqual([]);
  });

  test('listener name and port are configurable', () => {
    const { m: custom } = canary({}, (chart) => ({
      servingPath: CanaryServingPath.gatewayListener({
        gateway: new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace: NS }, spec: { gatewayClassName: 'cilium', listeners } }),
        listenerName: 'canary',
        port: 8443,
      }),
    }));
    expect(custom.get('Gateway', 'public', NS).spec.listeners[1]).toMatchObject({ name: 'canary', port: 8443, hostname: HOST });
    expect(custom.get('HTTPRoute', NAME, NS).spec.parentRefs[0].sectionName).toBe('canary');
  });

  test.each([
    ['a listener of that name exists', { listenerName: 'https' }, 'Gateway "public" already has a listener named "https"; the canary adds its own listener, so set servingPath.listenerName to an unused name'],
    ['the port is not a port', { port: 70000 }, 'servingPath.port 70000 is not a port number; use 1-65535, e.g. 443'],
  ])('fails when %s', (_, options, message) => {
    expect(failure({}, (chart) => ({
      servingPath: CanaryServingPath.gatewayListener({
        gateway: new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace: NS }, spec: { gatewayClassName: 'cilium', listeners } }),
        ...options,
      }),
    }))).toBe(`[test/Canary] ${message}`);
  });

  test('fails when the gateway is not a Gateway', () => {
    expect(failure({}, (chart) => ({
      servingPath: CanaryServingPath.gatewayListener({
        gateway: new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: NS } }),
      }),
    }))).toBe('[test/Canary] servingPath.gateway is a Service (test/Svc); pass the gateway.networking.k8s.io Gateway your '
      + 'production traffic goes through');
  });

  test('fails when the Gateway is in another namespace than the canary Secret', () => {
    expect(failure({}, (chart) => ({
      servingPath: CanaryServingPath.gatewayListener({
        gateway: new Gateway(chart, 'Gw', { metadata: { name: 'public', namespace: 'gateways' }, spec: { gatewayClassName: 'cilium', listeners } }),
      }),
    }))).toBe('[test/Canary] Gateway "public" (test/Gw) is in namespace "gateways" but the canary is in "cert-manager", and a '
      + 'listener reads only Secrets of its own namespace; set the canary\'s namespace to "gateways"');
  });
});

describe('RotationCanary with ACME', () => {
  test('staging: the CA decides the lifetime (90 days assumed), renewed daily, 7 certificates a week, only the host', () => {
    const { m, construct } = canary({}, (chart) => ({ issuer: acmeIssuer(chart) }));
    const cert = m.get('Certificate', NAME, NS);
    expect(cert.spec.duration).toBeUndefined();
    expect(cert.spec.renewBefore).toBe('2136h');
    // renewal due a day after notBefore; alerts 30 minutes later (the ACME grace period)
    expect(m.get('PrometheusRule', NAME, NS).spec.groups[0].rules[0].expr).toMatch(/ < 7687800$/);
    expect(cert.spec.dnsNames).toEqual([HOST]);
    expect(construct.certificatesPerWeek).toBe(7);
  });

  test('on the staging issuer in an app marked production: the staging-in-production error is suppressed for the canary only', () => {
    const chart = Testing.chart();
    const findings = captureStderr(() => {
      CertificateChecks.markEnvironment(chart, DeploymentEnvironment.PRODUCTION);
      new RotationCanary(chart, 'Canary', { issuer: acmeIssuer(chart), host: HOST, servingPath: ingressPath, module: 'tls_served', workload: false, backendServiceName: 'echo' });
      return CertificateChecks.run(chart);
    }).result;
    expect(findings.filter((f) => f.suppressedReason === undefined)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'CM-ENV1')).toHaveLength(1);
    expect(findings.find((f) => f.ruleId === 'CM-ENV1')!.suppressedReason).toBe('a rotation canary serves no client: on a staging ACME server it proves the ACME path '
      + 'without spending production rate limits');
  });

  test('a declared lifetime and interval: renewBefore is their difference', () => {
    const { m } = canary({ duration: Duration.days(6), renewalInterval: Duration.hours(12) }, (chart) => ({ issuer: acmeIssuer(chart) }));
    expect(m.get('Certificate', NAME, NS).spec.renewBefore).toBe('132h');
  });

  test('fails on Let\'s Encrypt production, printing the arithmetic and the alternatives', () => {
    expect(failure({}, (chart) => ({ issuer: acmeIssuer(chart, AcmeServer.LETS_ENCRYPT) }))).toBe(
      '[test/Canary] issuer "letsencrypt" is Let\'s Encrypt production: the canary gets a new certificate every 23 hours '
      + '(renewalInterval less Let\'s Encrypt\'s 1-hour backdating of notBefore), 8 a week for the same name, against Let\'s '
      + 'Encrypt\'s weekly limits of 5 certificates per exact set of names and 50 per registered domain, so it would be '
      + 'rate-limited within days and could block renewals of your real certificates of the same domain; point the canary at '
      + 'the Let\'s Encrypt staging issuer (same solvers, much higher limits) or a private CA, or set '
      + 'allowLetsEncryptProduction: true with a renewalInterval of at least 35 hours');
  });

  test('Let\'s Encrypt production when allowed: prints the arithmetic, and that it will be rate-limited', () => {
    const { printed } = canary({ allowLetsEncryptProduction: true }, (chart) => ({ issuer: acmeIssuer(chart, AcmeServer.LETS_ENCRYPT) }));
    expect(printed).toContain('[WARNING] [test/Canary] issuer "letsencrypt" is Let\'s Encrypt production (allowed by '
      + 'allowLetsEncryptProduction): the canary gets a new certificate every 23 hours');
    expect(printed).toContain('8 a week for the same name');
    expect(printed).toContain('it will be rate-limited; set renewalInterval to at least 35 hours');
  });

  test('Let\'s Encrypt production allowed with a renewal interval within the weekly limit: the arithmetic without the rate-limit warning', () => {
    const { printed } = canary({ allowLetsEncryptProduction: true, renewalInterval: Duration.hours(35) },
      (chart) => ({ issuer: acmeIssuer(chart, AcmeServer.LETS_ENCRYPT) }));
    expect(printed).toContain('every 34 hours');
    expect(printed).toContain('5 a week for the same name');
    expect(printed).not.toContain('it will be rate-limited');
  });

  test('fails when no solver of the issuer covers the host', () => {
    const solvers = [AcmeSolver.dns01(Dns01Provider.route53(), { dnsZones: ['example.org'] })];
    expect(failure({}, (chart) => ({ issuer: acmeIssuer(chart, AcmeServer.LETS_ENCRYPT_STAGING, solvers) }))).toBe(
      '[test/Canary] host "canary.example.com" is not covered by any solver of ACME issuer "letsencrypt" (its solvers cover: '
      + 'DNS-01 zone example.org), so cert-manager could never prove it; use a host in a zone a solver covers, or add a solver for it');
  });

  test('fails on a renewal interval shorter than 2 hours, which the CA\'s backdating would turn into a renewal loop', () => {
    expect(failure({ renewalInterval: Duration.minutes(90) }, (chart) => ({ issuer: acmeIssuer(chart) })))
      .toMatch(/^\[test\/Canary\] renewalInterval is 90 minutes with ACME issuer "letsencrypt": ACME CAs backdate notBefore .*set renewalInterval to at least Duration.hours\(2\)/);
  });

  test('an issuer referenced by name only: a warning that its facts are unknown', () => {
    const { printed } = canary({}, (chart) => ({ issuer: ClusterIssuer.fromClusterIssuerName(chart, 'Ref', 'corp-ca') }));
    expect(printed).toContain('[WARNING] [test/Canary] issuer "corp-ca" is referenced by name only, so the canary cannot check that '
      + 'it can issue for "canary.example.com"');
  });
});

describe('RotationCanary options', () => {
  test('name, namespace, lifetime, interval, grace, probing, image, reload and alert options', () => {
    const { m, printed, construct } = canary({
      name: 'canary',
      namespace: 'edge',
      duration: Duration.hours(2),
      renewalInterval: Duration.minutes(30),
      gracePeriod: Duration.minutes(15),
      probeInterval: Duration.seconds(30),
      proberAddress: 'blackbox.monitoring.svc:9115',
      image: 'registry.example.com/nginx-unprivileged:1.27',
      reload: RotationReload.reloaderSearch(),
      labels: { release: 'kube-prometheus-stack' },
      alerts: { [PROBE_FAILED]: { enabled: false } },
    });
    expect(m.get('Certificate', 'canary', 'edge').spec).toMatchObject({ duration: '2h', renewBefore: '1h30m', secretName: 'canary-tls' });
    expect(m.get('Probe', 'canary', 'edge').spec).toMatchObject({ prober: { url: 'blackbox.monitoring.svc:9115' }, interval: '30s', module: 'tls_insecure' });
    expect(m.get('Probe', 'canary', 'edge').metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(m.get('PrometheusRule', 'canary', 'edge').metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(m.get('Deployment', 'canary', 'edge').metadata?.annotations).toEqual({ 'reloader.stakater.com/search': 'true' });
    expect(m.get('Deployment', 'canary', 'edge').spec.template.spec.containers[0].image).toBe('registry.example.com/nginx-unprivileged:1.27');
    expect(construct.alertNames).toEqual([STALLED, STALE, ISSUANCE]);
    const stalled = m.get('PrometheusRule', 'canary', 'edge').spec.groups[0].rules.find((r: any) => r.alert === STALLED);
    expect(stalled.expr).toMatch(/< 4500$/);
    expect(construct.certificatesPerWeek).toBe(336);
    expect(printed).toContain('[WARNING] [test/Canary] image "registry.example.com/nginx-unprivileged:1.27" is not pinned by digest');
  });

  test('without the workload: the serving path routes to the given Service, only the host is probed and certified', () => {
    const { m, construct } = canary({ workload: false, backendServiceName: 'echo', backendServicePort: 5678 });
    expect(m.all('Deployment')).toEqual([]);
    expect(m.get('Ingress', NAME, NS).spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'echo', port: { number: 5678 } } });
    expect(m.get('Certificate', NAME, NS).spec.dnsNames).toEqual([HOST]);
    expect(construct.probeTargets).toEqual([`https://${HOST}`]);
  });

  test('Ingress annotations land on the canary Ingress', () => {
    const { m } = canary({ servingPath: CanaryServingPath.ingress({ ingressClassName: 'internal', annotations: { 'example.com/tier': 'edge' } }) });
    expect(m.get('Ingress', NAME, NS).metadata?.annotations).toEqual({ 'example.com/tier': 'edge' });
    expect(m.get('Ingress', NAME, NS).spec.ingressClassName).toBe('internal');
  });

  test.each<[string, Partial<RotationCanaryProps>, string]>([
    ['the duration is below 1 hour', { duration: Duration.minutes(30) },
      'duration is 30 minutes, below cert-manager\'s minimum of 1 hour; set duration to at least Duration.hours(1)'],
    ['the renewal interval leaves less than 5 minutes to renew', { renewalInterval: Duration.minutes(58) },
      'renewalInterval 58 minutes leaves a renewal window (duration 1 hour minus renewalInterval) of 2 minutes, below cert-manager\'s '
      + 'minimum renewBefore of 5 minutes; set renewalInterval to at most 55 minutes, or a longer duration'],
    ['the renewal interval is shorter than the probe interval', { renewalInterval: Duration.minutes(2), probeInterval: Duration.minutes(5) },
      'renewalInterval 2 minutes is shorter than probeInterval 5 minutes, so certificates would rotate between two probes and the '
      + 'probe could not follow them; set renewalInterval to at least 5 minutes or probe more often'],
    ['the grace period is shorter than the probe interval', { gracePeriod: Duration.seconds(30) },
      'gracePeriod 30 seconds is shorter than probeInterval 1 minute, so a renewed certificate could not be seen on the wire within '
      + 'it; set gracePeriod to at least the probe interval'],
    ['the grace period is not shorter than the renewal window', { gracePeriod: Duration.minutes(40) },
      'gracePeriod 40 minutes is not shorter than the renewal window (duration minus renewalInterval, 40 minutes), so '
      + 'CertManagerCanaryRotationStalled could only fire once the served certificate has expired; shorten gracePeriod or renewalInterval'],
    ['the prober address is missing', { proberAddress: '' },
      'proberAddress "" is not host:port; give the blackbox exporter\'s Service address and port without a scheme or path, e.g. '
      + '"prometheus-blackbox-exporter.monitoring.svc:9115"'],
    ['the prober address has a scheme', { proberAddress: 'http://blackbox:9115' }, 'proberAddress "http://blackbox:9115" is not host:port'],
    ['the host is a wildcard', { host: '*.example.com' },
      'host "*.example.com" is not a DNS name the canary can be served and probed under; use one concrete lowercase name without '
      + 'wildcard, scheme or port, e.g. "canary.example.com"'],
    ['the host is a URL', { host: 'https://canary.example.com' }, 'host "https://canary.example.com" is not a DNS name'],
    ['the workload is off and there is no backend', { workload: false },
      'workload is false and backendServiceName is not set, so the Ingress or HTTPRoute has nothing to route to; name a Service in '
      + 'the canary\'s namespace, or keep the workload'],
    ['a backend is set with the workload on', { backendServiceName: 'echo' },
      'backendServiceName and backendServicePort are set but workload is on, and the serving path routes to the canary workload; drop '
      + 'them, or set workload: false'],
    ['the name cannot name a Service', { name: '1canary' }, 'name "1canary" is not usable for the canary\'s Service and Secret'],
    ['an alert override names no canary alert', { alerts: { CertManagerCanaryStale: { enabled: false } } },
      'alerts has an override for "CertManagerCanaryStale", which is not an alert of this construct'],
    ['the module is a URL', { module: 'http://x/probe' }, 'module "http://x/probe" contains a space, quote or URL character'],
    ['the image has whitespace', { image: 'nginx latest' }, 'image "nginx latest" contains whitespace'],
    ['an image is set without the workload', { workload: false, backendServiceName: 'echo', image: 'nginx@sha256:' + 'a'.repeat(64) },
      'image is set but workload is false, so no pod runs it; drop image, or keep the workload'],
    ['the backend port is not a port', { workload: false, backendServiceName: 'echo', backendServicePort: 0 },
      'backendServicePort 0 is not a port number; use 1-65535'],
    ['the ingress class is empty', { servingPath: CanaryServingPath.ingress({ ingressClassName: '' }) }, 'servingPath.ingressClassName'],
  ])('fails when %s', (_, props, message) => {
    expect(failure(props)).toContain(`[test/Canary] ${message}`);
  });

  test('fails when the issuer is missing, naming the fix', () => {
    expect(failure({ issuer: undefined as any })).toMatch(/^\[test\/Canary\] issuer is missing; pass the issuer whose path the canary should prove/);
  });

  test.each<[string, (chart: Chart) => Partial<RotationCanaryProps>]>([
    ['a bad duration', () => ({ duration: Duration.minutes(10) })],
    ['a Gateway with the listener taken', (chart) => ({
      servingPath: CanaryServingPath.gatewayListener({
        gateway: new Gateway(chart, 'Gw', { metadata: { name: 'gw', namespace: NS }, spec: { gatewayClassName: 'x', listeners: [{ name: 'rotation-canary', port: 443, protocol: 'HTTPS' }] } }),
      }),
    })],
  ])('a bad input produces no object: %s', (_, build) => {
    const chart = Testing.chart();
    const issuer = caIssuer(chart);
    const extra = build(chart);
    expect(() => new RotationCanary(chart, 'Canary', { issuer, host: HOST, servingPath: ingressPath, ...extra })).toThrow(/^\[test\/Canary\] /);
    expect(chart.node.tryFindChild('Canary')?.node.findAll().filter((c) => c instanceof ApiObject)).toEqual([]);
  });
});

test('every canary alert, and the clock-skew alert, has a runbook section', () => {
  const runbooks = readFileSync(join(__dirname, '..', '..', 'docs', 'runbooks.md'), 'utf8');
  const sections = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((x) => x[1]));
  const alerts = [STALLED, STALE, ISSUANCE, PROBE_FAILED, 'CertManagerClockSkew'];
  expect(alerts.filter((a) => !sections.has(a.toLowerCase()))).toEqual([]);
});
