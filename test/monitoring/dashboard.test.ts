import { ApiObject, Testing } from 'cdk8s';
import { CertManagerDashboard, CertManagerDashboardProps } from '../../src';
import { synth } from '../harness/manifests';
import { metricNames, unknownMetrics } from '../harness/promql';
import { checkRules } from '../harness/promtool';
import { captureStderr } from '../harness/stderr';
import { KubeObject } from '../harness/validate';

/** The metrics the cert-manager v1.21.1 controller exposes (series names; counters carry no `_total`). */
const CERT_MANAGER_METRICS = [
  'certmanager_certificate_ready_status',
  'certmanager_certificate_expiration_timestamp_seconds',
  'certmanager_certificate_not_after_timestamp_seconds',
  'certmanager_certificate_not_before_timestamp_seconds',
  'certmanager_certificate_renewal_timestamp_seconds',
  'certmanager_certificate_challenge_status',
  'certmanager_issuer_ready_status',
  'certmanager_clusterissuer_ready_status',
  'certmanager_http_acme_client_request_count',
  'certmanager_http_acme_client_request_duration_seconds',
  'certmanager_controller_sync_call_count',
  'certmanager_controller_sync_error_count',
  'certmanager_clock_time_seconds_gauge',
];

interface Target { expr: string; refId: string; datasource: { type: string; uid: string } }
interface Panel { id: number; type: string; title: string; targets: Target[]; datasource: { uid: string }; options: { sortBy?: unknown } }
interface Variable { name: string; type: string; query: unknown }
interface Dashboard { uid: string; title: string; panels: Panel[]; templating: { list: Variable[] } }

function dashboard(props: CertManagerDashboardProps = {}) {
  const chart = Testing.chart();
  const construct = new CertManagerDashboard(chart, 'Dashboard', props);
  const m = synth(chart);
  const name = props.name ?? 'cert-manager-dashboard';
  const cm = m.get('ConfigMap', name);
  const text = cm.data[`${name}.json`] as string;
  return { construct, m, cm, text, model: JSON.parse(text) as Dashboard };
}

const DEFAULT = dashboard();
const exprs = (model: Dashboard) => model.panels.flatMap((p) => p.targets.map((t) => ({ panel: p, target: t })));

/** The panels' expressions as recording rules of a PrometheusRule-shaped object, for `promtool check rules`. */
function asRecordingRules(model: Dashboard): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'dashboard-queries', namespace: 'test' },
    spec: {
      groups: [{
        name: 'dashboard',
        rules: exprs(model).map(({ panel, target }) => ({ record: `dashboard:panel_${panel.id}:${target.refId}`, expr: target.expr })),
      }],
    },
  };
}

describe('CertManagerDashboard model', () => {
  test('one ConfigMap with one data key of pretty-printed JSON', () => {
    expect(DEFAULT.m.labels()).toEqual(['ConfigMap cert-manager/cert-manager-dashboard']);
    expect(Object.keys(DEFAULT.cm.data)).toEqual(['cert-manager-dashboard.json']);
    expect(DEFAULT.text).toContain('\n  "panels": [\n');
    expect(DEFAULT.model.title).toBe('cert-manager');
  });

  test('deterministic: same text on every synthesis, keys sorted, no timestamps', () => {
    expect(dashboard().text).toBe(DEFAULT.text);
    const sortedAt = (value: unknown): boolean => Array.isArray(value) ? value.every(sortedAt)
      : value !== null && typeof value === 'object'
        ? Object.keys(value).join() === Object.keys(value).sort().join() && Object.values(value).every(sortedAt)
        : true;
    expect(sortedAt(DEFAULT.model)).toBe(true);
    expect(DEFAULT.text).not.toMatch(/\d{4}-\d{2}-\d{2}T|"(created|updated|iteration)"/);
  });

  test('the uid derives from the name, within Grafana\'s 40 characters', () => {
    expect(DEFAULT.model.uid).toBe('cert-manager-dashboard');
    expect(DEFAULT.construct.dashboardUid).toBe('cert-manager-dashboard');
    const long = 'certificates.platform-team.example-company.internal';
    const a = dashboard({ name: long }).model.uid;
    expect(a).toHaveLength(40);
    expect(a).toMatch(/^certificates-platform-team-exam-[0-9a-f]{8}$/);
    expect(dashboard({ name: long }).model.uid).toBe(a);
    expect(dashboard({ name: `${long}2` }).model.uid).not.toBe(a);
  });

  test('the panels the dashboard promises', () => {
    expect(DEFAULT.model.panels.map((p) => `${p.type}: ${p.title}`)).toEqual([
      'stat: Certificates',
      'stat: Certificates not Ready',
      'stat: Certificates past renewal time',
      'stat: Issuers and ClusterIssuers not Ready',
      'table: Certificates by time to expiry',
      'table: Certificates not Ready',
      'table: Certificates past their renewal time',
      'timeseries: Controller sync errors',
      'timeseries: ACME requests by status',
      'timeseries: ACME rate-limited responses (HTTP 429)',
      'table: Issuers',
      'table: ClusterIssuers',
    ]);
    expect(DEFAULT.model.panels.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const expiry = DEFAULT.model.panels.find((p) => p.title === 'Certificates by time to expiry')!;
    expect(expiry.targets[0].expr).toMatch(/^sort\(/);
    expect(expiry.options.sortBy).toEqual([{ displayName: 'Time to expiry', desc: false }]);
    const acme = DEFAULT.model.panels.find((p) => p.title === 'ACME rate-limited responses (HTTP 429)')!;
    expect(acme.targets[0].expr).toContain('status="429"');
  });

  test('every query reads only metrics cert-manager v1.21.1 exposes', () => {
    const all = exprs(DEFAULT.model);
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const { panel, target } of all) {
      expect(metricNames(target.expr).length).toBeGreaterThan(0);
      expect({ panel: panel.title, unknown: unknownMetrics(target.expr, CERT_MANAGER_METRICS) }).toEqual({ panel: panel.title, unknown: [] });
    }
    const namespaces = DEFAULT.model.templating.list.find((v) => v.name === 'namespace')!;
    const query = (namespaces.query as { query: string }).query;
    expect(query).toMatch(/^label_values\((\w+), namespace\)$/);
    expect(CERT_MANAGER_METRICS).toContain(/^label_values\((\w+),/.exec(query)![1]);
  });

  test('every query is valid PromQL (promtool check rules on them as recording rules)', () => {
    const rules = asRecordingRules(DEFAULT.model);
    expect(checkRules([rules])).toContain(`SUCCESS: ${exprs(DEFAULT.model).length} rules found`);
  });

  test('promtool rejects a broken panel query (the check can fail)', () => {
    const broken = JSON.parse(DEFAULT.text) as Dashboard;
    broken.panels[0].targets[0].expr = 'count(max by (namespace (certmanager_certificate_ready_status)';
    expect(() => checkRules([asRecordingRules(broken)])).toThrow(/promtool check rules failed/);
  });

  test('default data source: a `datasource` variable of type prometheus that every panel uses', () => {
    const variable = DEFAULT.model.templating.list.find((v) => v.name === 'datasource')!;
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const { panel, target } of exprs(DEFAULT.model)) {
      expect(panel.datasource.uid).toBe('${datasource}');
      expect(target.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  test('a fixed data source uid replaces the variable', () => {
    const { model } = dashboard({ datasourceUid: 'prometheus-main' });
    expect(model.templating.list.map((v) => v.name)).toEqual(['namespace']);
    for (const { target } of exprs(model)) expect(target.datasource).toEqual({ type: 'prometheus', uid: 'prometheus-main' });
    expect(JSON.stringify(model)).not.toContain('${datasource}');
  });
});

describe('CertManagerDashboard options', () => {
  test('defaults: namespace, sidecar label, no folder annotation', () => {
    const cm = DEFAULT.cm;
    expect(cm.metadata).toMatchObject({ name: 'cert-manager-dashboard', namespace: 'cert-manager', labels: { grafana_dashboard: '1' } });
    expect(cm.metadata?.annotations).toBeUndefined();
  });

  test('the ConfigMap is the default child (escape hatch)', () => {
    expect(ApiObject.of(DEFAULT.construct).kind).toBe('ConfigMap');
  });

  test('namespace, name, title, labels, sidecar label and folder', () => {
    const { m, model } = dashboard({
      namespace: 'monitoring',
      name: 'tls',
      title: 'TLS certificates',
      labels: { team: 'platform' },
      dashboardLabelKey: 'grafana.example.com/dashboard',
      dashboardLabelValue: 'true',
      folder: 'Platform / TLS',
      folderAnnotationKey: 'k8s-sidecar-target-directory',
    });
    const cm = m.get('ConfigMap', 'tls', 'monitoring') as KubeObject & { data: Record<string, string> };
    expect(cm.metadata?.labels).toEqual({ 'team': 'platform', 'grafana.example.com/dashboard': 'true' });
    expect(cm.metadata?.annotations).toEqual({ 'k8s-sidecar-target-directory': 'Platform / TLS' });
    expect(Object.keys(cm.data)).toEqual(['tls.json']);
    expect(model).toMatchObject({ uid: 'tls', title: 'TLS certificates' });
  });

  test('the folder annotation key defaults to grafana_folder', () => {
    expect(dashboard({ folder: 'TLS' }).cm.metadata?.annotations).toEqual({ grafana_folder: 'TLS' });
  });

  test('a folder annotation key without a folder is allowed but warned about', () => {
    const { result, printed } = captureStderr(() => dashboard({ folderAnnotationKey: 'grafana_folder' }));
    expect(result.cm.metadata?.annotations).toBeUndefined();
    expect(printed).toContain('[WARNING] [test/Dashboard] folderAnnotationKey is set but folder is not');
  });

  test.each([
    [{ dashboardLabelValue: '' }, '[test/Dashboard] dashboardLabelValue is empty; the Grafana sidecar selects ConfigMaps by grafana_dashboard\'s value'],
    [{ dashboardLabelValue: 'yes please' }, '[test/Dashboard] dashboardLabelValue["grafana_dashboard"] has an invalid value "yes please"'],
    [{ dashboardLabelKey: 'grafana dashboard' }, '[test/Dashboard] dashboardLabelKey has an invalid key "grafana dashboard"'],
    [{ labels: { 'bad key!': 'x' } }, '[test/Dashboard] labels has an invalid key "bad key!"'],
    [{ labels: { grafana_dashboard: '0' } }, '[test/Dashboard] labels sets "grafana_dashboard", which is the dashboard label; set dashboardLabelKey and dashboardLabelValue instead'],
    [{ namespace: 'Monitoring' }, '[test/Dashboard] namespace "Monitoring" is not a valid namespace name'],
    [{ name: 'Cert_Manager' }, '[test/Dashboard] name "Cert_Manager" is not a valid Kubernetes object name'],
    [{ folderAnnotationKey: 'bad/key/x', folder: 'TLS' }, '[test/Dashboard] folderAnnotationKey has an invalid key "bad/key/x"'],
    [{ folder: ' ' }, '[test/Dashboard] folder is " "; set it to a non-empty value'],
    [{ datasourceUid: '' }, '[test/Dashboard] datasourceUid is ""; set it to a non-empty value'],
  ] as Array<[CertManagerDashboardProps, string]>)('fails: %j', (props, message) => {
    expect(() => new CertManagerDashboard(Testing.chart(), 'Dashboard', props)).toThrow(message);
  });
});
