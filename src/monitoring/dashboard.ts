import { Construct } from 'constructs';
import { fail } from '../private/errors';
import { grafanaUid, stableJson } from './private/grafana';
import { CertificateGraph } from '../graph/certificate-graph';
import { checkAnnotations, checkLabels } from '../private/metadata';
import { checkDnsLabel, checkNonEmpty, checkSubdomain } from '../private/names';
import { plainObject } from '../private/plain-object';
import { warn } from '../private/warn';

/** Props of {@link CertManagerDashboard}. */
export interface CertManagerDashboardProps {
  /**
   * Namespace of the ConfigMap. The Grafana sidecar must watch it (kube-prometheus-stack:
   * `grafana.sidecar.dashboards.searchNamespace`).
   *
   * @default "cert-manager"
   */
  readonly namespace?: string;

  /**
   * Name of the ConfigMap. The dashboard's uid and its data key (`<name>.json`) derive from it.
   *
   * @default "cert-manager-dashboard"
   */
  readonly name?: string;

  /**
   * Title of the dashboard in Grafana.
   *
   * @default "cert-manager"
   */
  readonly title?: string;

  /**
   * Extra labels on the ConfigMap, besides the dashboard label.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * Key of the label the Grafana sidecar looks for (kube-prometheus-stack:
   * `grafana.sidecar.dashboards.label`).
   *
   * @default "grafana_dashboard"
   */
  readonly dashboardLabelKey?: string;

  /**
   * Value of that label (kube-prometheus-stack: `grafana.sidecar.dashboards.labelValue`).
   *
   * @default "1"
   */
  readonly dashboardLabelValue?: string;

  /**
   * Grafana folder to put the dashboard in, written to the folder annotation.
   *
   * @default - no annotation: the sidecar's default folder
   */
  readonly folder?: string;

  /**
   * Key of the annotation the sidecar reads the folder from (kube-prometheus-stack:
   * `grafana.sidecar.dashboards.folderAnnotation`).
   *
   * @default "grafana_folder"
   */
  readonly folderAnnotationKey?: string;

  /**
   * Uid of the Prometheus data source every panel queries.
   *
   * @default - a dashboard variable `datasource` (type prometheus) lets viewers pick their Prometheus
   */
  readonly datasourceUid?: string;
}

/**
 * A Grafana dashboard for cert-manager, as a ConfigMap the Grafana sidecar (kube-prometheus-stack,
 * the Grafana Helm chart) loads.
 *
 * Panels: counts of certificates, not Ready, past their renewal time and not-Ready issuers;
 * certificates sorted by time to expiry; not-Ready certificates; certificates past their renewal
 * time; controller sync errors (failed issuance and renewal) over time; ACME requests by HTTP
 * status and rate-limited (429) responses over time; Issuer and ClusterIssuer readiness.
 * A `namespace` variable filters the namespaced panels.
 *
 * The JSON is deterministic (sorted keys, no timestamps, a uid derived from the name), so
 * re-synthesis changes nothing unless the props change.
 *
 * @example
 * new CertManagerDashboard(chart, 'Dashboard', { namespace: 'monitoring', folder: 'TLS' });
 */
export class CertManagerDashboard extends Construct {
  /** The dashboard's Grafana uid. */
  public readonly dashboardUid: string;

  constructor(scope: Construct, id: string, props: CertManagerDashboardProps = {}) {
    super(scope, id);
    CertificateGraph.of(this); // joins the app's graph, which turns the check pack on
    const namespace = props.namespace ?? 'cert-manager';
    const name = props.name ?? 'cert-manager-dashboard';
    const labelKey = props.dashboardLabelKey ?? 'grafana_dashboard';
    const labelValue = props.dashboardLabelValue ?? '1';
    const folderKey = props.folderAnnotationKey ?? 'grafana_folder';
    checkDnsLabel(this, 'namespace', namespace);
    checkSubdomain(this, 'name', name);
    checkNonEmpty(this, 'title', props.title ?? 'cert-manager');
    checkLabels(this, 'labels', props.labels);
    checkLabels(this, 'dashboardLabelKey', { [labelKey]: '' });
    if (labelValue === '') {
      fail(this, `dashboardLabelValue is empty; the Grafana sidecar selects ConfigMaps by ${labelKey}'s value, `
        + 'so set the value it looks for (kube-prometheus-stack: "1")');
    }
    checkLabels(this, 'dashboardLabelValue', { [labelKey]: labelValue });
    if (props.labels?.[labelKey] !== undefined) {
      fail(this, `labels sets "${labelKey}", which is the dashboard label; set dashboardLabelKey and dashboardLabelValue instead`);
    }
    checkAnnotations(this, 'folderAnnotationKey', { [folderKey]: '' });
    if (props.folder !== undefined) checkNonEmpty(this, 'folder', props.folder);
    if (props.folderAnnotationKey !== undefined && props.folder === undefined) {
      warn(this, 'folderAnnotationKey is set but folder is not, so no folder annotation is written; set folder, or remove folderAnnotationKey');
    }
    if (props.datasourceUid !== undefined) {
      checkNonEmpty(this, 'datasourceUid', props.datasourceUid);
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(props.datasourceUid)) {
        warn(this, `datasourceUid "${props.datasourceUid}" is not a usual Grafana uid (at most 40 letters, digits, "-" and "_"); `
          + 'check it against the data source\'s uid in Grafana');
      }
    }

    this.dashboardUid = grafanaUid(name);
    const json = stableJson(dashboardModel({
      uid: this.dashboardUid,
      title: props.title ?? 'cert-manager',
      datasourceUid: props.datasourceUid,
    }));

    plainObject(this, 'Resource', 'v1', 'ConfigMap', {
      metadata: {
        name,
        namespace,
        labels: { ...props.labels, [labelKey]: labelValue },
        annotations: props.folder === undefined ? undefined : { [folderKey]: props.folder },
      },
      data: { [`${name}.json`]: json },
    });
  }
}

interface ModelOptions {
  readonly uid: string;
  readonly title: string;
  readonly datasourceUid?: string;
}

interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const NS = 'namespace=~"$namespace"';

/** The Grafana dashboard model (schema version 39). */
function dashboardModel(options: ModelOptions): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: options.datasourceUid ?? '${datasource}' };
  const query = (expr: string, extra: Record<string, unknown> = {}) => ({ datasource, expr, refId: 'A', ...extra });
  const instant = (expr: string) => query(expr, { format: 'table', instant: true, range: false });
  const series = (expr: string, legendFormat: string) => query(expr, { legendFormat, range: true });

  const panels: Array<Record<string, unknown>> = [
    stat('Certificates', { x: 0, y: 0, w: 6, h: 4 }, 'blue',
      instant(`count(max by (namespace, name) (certmanager_certificate_ready_status{${NS}})) or vector(0)`)),
    stat('Certificates not Ready', { x: 6, y: 0, w: 6, h: 4 }, 'red',
      instant(`count(max by (namespace, name) (certmanager_certificate_ready_status{condition!="True", ${NS}}) == 1) or vector(0)`)),
    stat('Certificates past renewal time', { x: 12, y: 0, w: 6, h: 4 }, 'orange',
      instant(`count(time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${NS}} > 0) > 0) or vector(0)`)),
    stat('Issuers and ClusterIssuers not Ready', { x: 18, y: 0, w: 6, h: 4 }, 'red',
      instant(`(count(max by (namespace, name) (certmanager_issuer_ready_status{condition!="True", ${NS}}) == 1) or vector(0)) `
        + '+ (count(max by (name) (certmanager_clusterissuer_ready_status{condition!="True"}) == 1) or vector(0))')),
    table('Certificates by time to expiry', { x: 0, y: 4, w: 24, h: 10 },
      'Time left on every issued certificate, soonest first. Certificates never issued are left out.',
      instant(`sort(min by (namespace, name, issuer_kind, issuer_name) (certmanager_certificate_expiration_timestamp_seconds{${NS}} > 0) - time())`),
      valueColumn('Time to expiry', 'dtdurations', [['red', null], ['orange', 2 * 86400], ['green', 14 * 86400]], false)),
    table('Certificates not Ready', { x: 0, y: 14, w: 12, h: 8 },
      'Certificates whose Ready condition is False or Unknown.',
      instant(`max by (namespace, name, condition) (certmanager_certificate_ready_status{condition!="True", ${NS}} == 1)`),
      hiddenValue()),
    table('Certificates past their renewal time', { x: 12, y: 14, w: 12, h: 8 },
      'Certificates whose renewal time has passed, longest overdue first. A renewal that succeeds moves the renewal time forward.',
      instant(`sort_desc(time() - max by (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{${NS}} > 0) > 0)`),
      valueColumn('Overdue by', 'dtdurations', [['orange', null], ['red', 3600]], true)),
    timeseries('Controller sync errors', { x: 0, y: 22, w: 12, h: 8 }, 'ops',
      'Failed syncs per second by controller: failed issuance and renewal show in certificates-* controllers.',
      series('sum by (controller) (rate(certmanager_controller_sync_error_count[5m]))', '{{controller}}')),
    timeseries('ACME requests by status', { x: 12, y: 22, w: 12, h: 8 }, 'reqps',
      'Requests to ACME servers per second by HTTP status; 429 is rate limiting, 5xx an outage of the ACME server.',
      series('sum by (status) (rate(certmanager_http_acme_client_request_count[5m]))', '{{status}}')),
    timeseries('ACME rate-limited responses (HTTP 429)', { x: 0, y: 30, w: 8, h: 8 }, 'short',
      'HTTP 429 answers per hour by ACME server: new orders for the affected names fail until the limit resets.',
      series('sum by (host) (increase(certmanager_http_acme_client_request_count{status="429"}[1h]))', '{{host}}')),
    table('Issuers', { x: 8, y: 30, w: 8, h: 8 }, 'Readiness of every Issuer.',
      instant(`max by (namespace, name) (certmanager_issuer_ready_status{condition="True", ${NS}})`),
      readyColumn()),
    table('ClusterIssuers', { x: 16, y: 30, w: 8, h: 8 }, 'Readiness of every ClusterIssuer.',
      instant('max by (name) (certmanager_clusterissuer_ready_status{condition="True"})'),
      readyColumn()),
  ].map((panel, i) => ({ ...panel, id: i + 1 }));

  const variables: Array<Record<string, unknown>> = [];
  if (options.datasourceUid === undefined) {
    variables.push({
      current: {},
      hide: 0,
      includeAll: false,
      label: 'Data source',
      multi: false,
      name: 'datasource',
      options: [],
      query: 'prometheus',
      refresh: 1,
      regex: '',
      type: 'datasource',
    });
  }
  const namespaces = 'label_values(certmanager_certificate_ready_status, namespace)';
  variables.push({
    allValue: '.*',
    current: {},
    datasource,
    definition: namespaces,
    hide: 0,
    includeAll: true,
    label: 'Namespace',
    multi: true,
    name: 'namespace',
    options: [],
    query: { query: namespaces, refId: 'Namespaces' },
    refresh: 2,
    regex: '',
    sort: 1,
    type: 'query',
  });

  return {
    annotations: { list: [] },
    description: 'cert-manager certificates, issuers, renewals and ACME traffic',
    editable: true,
    graphTooltip: 1,
    links: [],
    panels,
    refresh: '1m',
    schemaVersion: 39,
    tags: ['cert-manager', 'tls'],
    templating: { list: variables },
    time: { from: 'now-24h', to: 'now' },
    timepicker: {},
    timezone: '',
    title: options.title,
    uid: options.uid,
    version: 1,
  };
}

type Threshold = [string, number | null];

function thresholds(steps: Threshold[]) {
  return { mode: 'absolute', steps: steps.map(([color, value]) => ({ color, value })) };
}

function stat(title: string, gridPos: GridPos, color: string, target: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'stat',
    title,
    gridPos,
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults: { color: { mode: 'fixed', fixedColor: color }, unit: 'none' }, overrides: [] },
    options: {
      colorMode: 'value',
      graphMode: 'none',
      justifyMode: 'center',
      textMode: 'value',
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
  };
}

interface TableColumns {
  readonly overrides: Array<Record<string, unknown>>;
  readonly exclude: Record<string, boolean>;
  readonly sortBy?: Array<{ displayName: string; desc: boolean }>;
}

function table(
  title: string,
  gridPos: GridPos,
  description: string,
  target: Record<string, unknown>,
  columns: TableColumns,
): Record<string, unknown> {
  return {
    type: 'table',
    title,
    description,
    gridPos,
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults: { custom: { align: 'auto', filterable: true } }, overrides: columns.overrides },
    options: { cellHeight: 'sm', showHeader: true, sortBy: columns.sortBy ?? [] },
    transformations: [{ id: 'organize', options: { excludeByName: { Time: true, ...columns.exclude }, indexByName: {}, renameByName: {} } }],
  };
}

/** The value column, renamed, with a unit, colored by thresholds, and the table sorted by it. */
function valueColumn(displayName: string, unit: string, steps: Threshold[], desc: boolean): TableColumns {
  return {
    exclude: {},
    sortBy: [{ displayName, desc }],
    overrides: [{
      matcher: { id: 'byName', options: 'Value' },
      properties: [
        { id: 'displayName', value: displayName },
        { id: 'unit', value: unit },
        { id: 'thresholds', value: thresholds(steps) },
        { id: 'custom.cellOptions', value: { type: 'color-text' } },
      ],
    }],
  };
}

/** The value column as Ready (1) or Not ready (0). */
function readyColumn(): TableColumns {
  return {
    exclude: {},
    overrides: [{
      matcher: { id: 'byName', options: 'Value' },
      properties: [
        { id: 'displayName', value: 'Ready' },
        {
          id: 'mappings',
          value: [{ type: 'value', options: { 0: { color: 'red', index: 1, text: 'Not ready' }, 1: { color: 'green', index: 0, text: 'Ready' } } }],
        },
        { id: 'custom.cellOptions', value: { type: 'color-text' } },
      ],
    }],
  };
}

/** A table whose value carries no information (always 1): only the labels show. */
function hiddenValue(): TableColumns {
  return { exclude: { Value: true }, overrides: [] };
}

function timeseries(title: string, gridPos: GridPos, unit: string, description: string, target: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'timeseries',
    title,
    description,
    gridPos,
    datasource: target.datasource,
    targets: [target],
    fieldConfig: { defaults: { custom: { drawStyle: 'line', fillOpacity: 10, lineWidth: 1, showPoints: 'never' }, unit }, overrides: [] },
    options: { legend: { calcs: [], displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}
