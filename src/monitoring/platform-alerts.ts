import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRuleOptions, AlertSeverity } from './alert-options';
import {
  AlertDefinition,
  AlertGroup,
  alertRuleResource,
  checkAlertOverrides,
  checkRuleMetadata,
  checkThresholdOrder,
  renderAlertRules,
  thresholdSeconds,
} from './private/alert-rules';
import { CertificateGraph } from '../graph/certificate-graph';
import { humanSeconds } from '../private/duration';
import { fail } from '../private/errors';
import { checkNonEmpty } from '../private/names';
import { warn } from '../private/warn';

/** Props of {@link PlatformCertificateAlerts}. */
export interface PlatformCertificateAlertsProps extends AlertRuleOptions {
  /**
   * Name of the PrometheusRule.
   *
   * @default "platform-certificate-alerts"
   */
  readonly name?: string;

  /**
   * Alert on client certificates presented to the Kubernetes API server that are about to expire
   * (`apiserver_client_certificate_expiration_seconds`): kubelets, controllers, and kubeconfigs
   * of people and CI jobs.
   *
   * @default false
   */
  readonly kubernetesClientCertificates?: boolean;

  /**
   * Alert on kubelet client and serving certificates that are about to expire
   * (`kubelet_certificate_manager_client_ttl_seconds`, `kubelet_certificate_manager_server_ttl_seconds`).
   *
   * @default false
   */
  readonly kubeletCertificates?: boolean;

  /**
   * Alert on the Istio root certificate and workload certificates that are about to expire, and on
   * workloads whose certificate signing requests keep failing.
   *
   * @default false
   */
  readonly istio?: boolean;

  /**
   * Alert on the Linkerd identity issuer certificate and proxy certificates that are about to
   * expire, and on proxies whose certificate refreshes keep failing.
   *
   * @default false
   */
  readonly linkerd?: boolean;

  /**
   * The `job` label of the API server's scrape targets. The kubelet exposes
   * `apiserver_client_certificate_expiration_seconds` too, so the alert selects the API server's job.
   *
   * @default "apiserver"
   */
  readonly apiserverJob?: string;

  /**
   * Time left below which a long-lived certificate raises a warning: Kubernetes client
   * certificates, kubelet certificates, the Istio root and the Linkerd identity issuer.
   *
   * @default Duration.days(7)
   */
  readonly expiryWarningThreshold?: Duration;

  /**
   * Time left below which a long-lived certificate raises a critical alert. Shorter than
   * `expiryWarningThreshold`.
   *
   * @default Duration.hours(24)
   */
  readonly expiryCriticalThreshold?: Duration;

  /**
   * Time left below which an Istio or Linkerd workload certificate raises a warning. Both meshes
   * issue 24-hour certificates by default and rotate them with 12 hours (Istio) or about 7 hours
   * (Linkerd) left; with shorter certificates (istio-csr issues 1-hour ones by default) lower it
   * below the rotation point.
   *
   * @default Duration.hours(6)
   */
  readonly workloadExpiryWarningThreshold?: Duration;

  /**
   * Time left below which an Istio or Linkerd workload certificate raises a critical alert.
   * Shorter than `workloadExpiryWarningThreshold`.
   *
   * @default Duration.hours(1)
   */
  readonly workloadExpiryCriticalThreshold?: Duration;
}

const LAYER_PROPS = 'kubernetesClientCertificates, kubeletCertificates, istio or linkerd';

/**
 * Opt-in alert rules for the certificates of the platform around cert-manager, as one
 * PrometheusRule with one rule group per enabled layer.
 *
 * - `kubernetesClientCertificates`: KubernetesClientCertificateExpiryWarning / Critical.
 * - `kubeletCertificates`: KubeletClientCertificateExpiryWarning / Critical,
 *   KubeletServerCertificateExpiryWarning / Critical.
 * - `istio`: IstioRootCertificateExpiryWarning / Critical, IstioWorkloadCertificateExpiryWarning /
 *   Critical, IstioCertificateSigningFailures.
 * - `linkerd`: LinkerdIssuerCertificateExpiryWarning / Critical,
 *   LinkerdWorkloadCertificateExpiryWarning / Critical, LinkerdCertificateRefreshFailures.
 *
 * Every layer is off by default and at least one must be on. Labels, runbook URLs, severity names
 * and per-alert overrides work as in {@link CertManagerAlerts}.
 *
 * @example
 * new PlatformCertificateAlerts(chart, 'PlatformAlerts', {
 *   kubeletCertificates: true,
 *   istio: true,
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 */
export class PlatformCertificateAlerts extends Construct {
  /** Names of the alerts this construct emits (enabled layers, after `enabled: false` overrides). */
  public readonly alertNames: string[];

  constructor(scope: Construct, id: string, props: PlatformCertificateAlertsProps = {}) {
    super(scope, id);
    CertificateGraph.of(this); // joins the app's graph, which turns the check pack on
    checkRuleMetadata(this, props);
    const enabled: Record<string, boolean> = {
      'kubernetes-client-certificates': props.kubernetesClientCertificates ?? false,
      'kubelet-certificates': props.kubeletCertificates ?? false,
      'istio-certificates': props.istio ?? false,
      'linkerd-certificates': props.linkerd ?? false,
    };
    if (!Object.values(enabled).some((on) => on)) {
      fail(this, `no alert layer is enabled; set at least one of ${LAYER_PROPS} to true`);
    }
    const job = props.apiserverJob ?? 'apiserver';
    checkNonEmpty(this, 'apiserverJob', job);
    if (/["\\\n]/.test(job)) {
      fail(this, `apiserverJob "${job}" contains a quote, backslash or newline, which cannot stand in a PromQL label value; use the job name as Prometheus shows it`);
    }

    const warnAt = thresholdSeconds(this, 'expiryWarningThreshold', props.expiryWarningThreshold ?? Duration.days(7));
    const critAt = thresholdSeconds(this, 'expiryCriticalThreshold', props.expiryCriticalThreshold ?? Duration.hours(24));
    checkThresholdOrder(this, 'expiryWarningThreshold', warnAt, 'expiryCriticalThreshold', critAt);
    const workloadWarnAt = thresholdSeconds(this, 'workloadExpiryWarningThreshold', props.workloadExpiryWarningThreshold ?? Duration.hours(6));
    const workloadCritAt = thresholdSeconds(this, 'workloadExpiryCriticalThreshold', props.workloadExpiryCriticalThreshold ?? Duration.hours(1));
    checkThresholdOrder(this, 'workloadExpiryWarningThreshold', workloadWarnAt, 'workloadExpiryCriticalThreshold', workloadCritAt);

    const groups = layers(job, { warnAt, critAt, workloadWarnAt, workloadCritAt });
    checkAlertOverrides(this, props, groups.flatMap((g) => g.definitions.map((d) => d.alert)));
    warnAboutDisabledLayers(this, props, groups, enabled);

    const rendered = groups
      .filter((g) => enabled[g.name])
      .map((g) => ({ name: g.name, rules: renderAlertRules(this, g.definitions, props) }));
    this.alertNames = rendered.flatMap((g) => g.rules.map((r) => r.alert));
    alertRuleResource(this, props.name ?? 'platform-certificate-alerts', props, rendered.filter((g) => g.rules.length > 0));
  }
}

/** Overrides and props that only a disabled layer reads do nothing: say so, without failing. */
function warnAboutDisabledLayers(
  scope: Construct,
  props: PlatformCertificateAlertsProps,
  groups: AlertGroup[],
  enabled: Record<string, boolean>,
): void {
  for (const name of Object.keys(props.alerts ?? {})) {
    const group = groups.find((g) => g.definitions.some((d) => d.alert === name));
    if (group && !enabled[group.name]) {
      warn(scope, `alerts has an override for ${name}, but its layer (${group.name}) is not enabled, so the override has no effect; `
        + 'enable the layer, or remove the override');
    }
  }
  if (props.apiserverJob !== undefined && !enabled['kubernetes-client-certificates']) {
    warn(scope, 'apiserverJob is set but kubernetesClientCertificates is not enabled, so it has no effect; set kubernetesClientCertificates '
      + 'to true, or remove apiserverJob');
  }
  const workloadSet = props.workloadExpiryWarningThreshold !== undefined || props.workloadExpiryCriticalThreshold !== undefined;
  if (workloadSet && !enabled['istio-certificates'] && !enabled['linkerd-certificates']) {
    warn(scope, 'workload expiry thresholds are set but neither istio nor linkerd is enabled, so they have no effect; enable istio or '
      + 'linkerd, or remove the thresholds');
  }
}

interface Thresholds {
  readonly warnAt: number;
  readonly critAt: number;
  readonly workloadWarnAt: number;
  readonly workloadCritAt: number;
}

/** A warning and a critical alert on the same expression, `below(threshold)`, differing only in threshold. */
function expiryPair(
  alertPrefix: string,
  below: (threshold: number) => string,
  warnAt: number,
  critAt: number,
  text: (threshold: string) => { summary: string; description: string },
): AlertDefinition[] {
  return [
    { alert: `${alertPrefix}ExpiryWarning`, threshold: warnAt, severity: AlertSeverity.WARNING, for: Duration.minutes(15) },
    { alert: `${alertPrefix}ExpiryCritical`, threshold: critAt, severity: AlertSeverity.CRITICAL, for: Duration.minutes(5) },
  ].map((a) => ({
    alert: a.alert,
    expr: below(a.threshold),
    for: a.for,
    severity: a.severity,
    ...text(humanSeconds(a.threshold)),
  }));
}

/** Every layer's rule group, enabled or not (so overrides can be checked against all of them). */
function layers(job: string, t: Thresholds): AlertGroup[] {
  const histogram = 'apiserver_client_certificate_expiration_seconds';
  return [
    {
      name: 'kubernetes-client-certificates',
      definitions: expiryPair(
        'KubernetesClientCertificate',
        // The 1st percentile of the remaining lifetime of the client certificates that requests
        // presented over the last 5 minutes: at least 1% of requests used a certificate this close
        // to expiry. histogram_quantile interpolates within buckets, so a threshold on a bucket
        // boundary (1, 2, 4 or 7 days, 30 days) is exact and others are approximate.
        (threshold) => `histogram_quantile(0.01, sum by (job, le) (rate(${histogram}_bucket{job="${job}"}[5m]))) < ${threshold} `
          + `and on (job) ${histogram}_count{job="${job}"} > 0`,
        t.warnAt,
        t.critAt,
        (left) => ({
          summary: `A client certificate used to authenticate to the Kubernetes API server (job {{ $labels.job }}) expires in less than ${left}.`,
          description: `At least 1% of the requests in the last 5 minutes authenticated with a client certificate that has less than ${left} `
            + 'left. When it expires, that client (a kubelet, a controller, a kubeconfig) is locked out of the API server.',
        }),
      ),
    },
    {
      name: 'kubelet-certificates',
      definitions: [
        ...expiryPair(
          'KubeletClientCertificate',
          (threshold) => `min by (node, instance) (kubelet_certificate_manager_client_ttl_seconds) < ${threshold}`,
          t.warnAt,
          t.critAt,
          (left) => ({
            summary: `The kubelet client certificate on {{ $labels.node }} ({{ $labels.instance }}) expires in less than ${left}.`,
            description: 'The kubelet authenticates to the API server with this certificate and has not rotated it; when it expires '
              + 'the node stops reporting and goes NotReady.',
          }),
        ),
        ...expiryPair(
          'KubeletServerCertificate',
          (threshold) => `min by (node, instance) (kubelet_certificate_manager_server_ttl_seconds) < ${threshold}`,
          t.warnAt,
          t.critAt,
          (left) => ({
            summary: `The kubelet serving certificate on {{ $labels.node }} ({{ $labels.instance }}) expires in less than ${left}.`,
            description: 'The kubelet serves its API (logs, exec, metrics) with this certificate and has not rotated it; when it expires, '
              + 'kubectl logs/exec and metrics scraping of this node fail.',
          }),
        ),
      ],
    },
    {
      name: 'istio-certificates',
      definitions: [
        ...expiryPair(
          'IstioRootCertificate',
          // 0 means istiod has not recorded a root yet.
          (threshold) => `min by (namespace) (citadel_server_root_cert_expiry_timestamp > 0) - time() < ${threshold}`,
          t.warnAt,
          t.critAt,
          (left) => ({
            summary: `The Istio root certificate of istiod in namespace {{ $labels.namespace }} expires in less than ${left}.`,
            description: 'Every workload certificate in the mesh chains to this root; when it expires, mTLS between workloads fails '
              + 'mesh-wide. Rotate the root before then.',
          }),
        ),
        ...expiryPair(
          'IstioWorkloadCertificate',
          (threshold) => `min by (namespace, pod) (istio_agent_cert_expiry_seconds{resource_name="default"}) < ${threshold}`,
          t.workloadWarnAt,
          t.workloadCritAt,
          (left) => ({
            summary: `The Istio workload certificate of pod {{ $labels.namespace }}/{{ $labels.pod }} expires in less than ${left}.`,
            description: 'The Istio agent has not rotated the workload certificate; when it expires, the pod\'s mTLS connections fail.',
          }),
        ),
        {
          alert: 'IstioCertificateSigningFailures',
          expr: 'sum by (namespace, pod) (increase(istio_agent_num_failed_outgoing_requests{request_type="csr"}[10m])) > 0',
          for: Duration.minutes(15),
          severity: AlertSeverity.WARNING,
          summary: 'The Istio agent of pod {{ $labels.namespace }}/{{ $labels.pod }} keeps failing to get its certificate signed.',
          description: 'Certificate signing requests to the mesh CA (istiod, istio-csr or another CA) have failed for 15 minutes; '
            + 'the workload certificate is not rotated until they succeed.',
        },
      ],
    },
    {
      name: 'linkerd-certificates',
      definitions: [
        ...expiryPair(
          'LinkerdIssuerCertificate',
          (threshold) => `min by (namespace) (issuer_cert_ttl_seconds) < ${threshold}`,
          t.warnAt,
          t.critAt,
          (left) => ({
            summary: `The Linkerd identity issuer certificate in namespace {{ $labels.namespace }} expires in less than ${left}.`,
            description: 'The identity controller signs every proxy certificate with this issuer; once it expires, no proxy gets a new '
              + 'certificate and meshed traffic fails as proxy certificates run out.',
          }),
        ),
        ...expiryPair(
          'LinkerdWorkloadCertificate',
          // 0 means the proxy has not received a certificate yet.
          (threshold) => `min by (namespace, pod) (control_identity_cert_expiration_timestamp_seconds > 0) - time() < ${threshold}`,
          t.workloadWarnAt,
          t.workloadCritAt,
          (left) => ({
            summary: `The Linkerd proxy certificate of pod {{ $labels.namespace }}/{{ $labels.pod }} expires in less than ${left}.`,
            description: 'The proxy has not refreshed its identity certificate; when it expires, the pod\'s meshed connections fail.',
          }),
        ),
        {
          alert: 'LinkerdCertificateRefreshFailures',
          expr: 'sum by (namespace, pod) (increase(control_identity_cert_refreshes_total{result="error"}[10m])) > 0',
          for: Duration.minutes(15),
          severity: AlertSeverity.WARNING,
          summary: 'The Linkerd proxy of pod {{ $labels.namespace }}/{{ $labels.pod }} keeps failing to refresh its certificate.',
          description: 'Identity certificate refreshes have failed for 15 minutes; the proxy keeps its current certificate until '
            + 'it expires.',
        },
      ],
    },
  ];
}
