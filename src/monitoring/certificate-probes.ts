import { Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AlertRuleOptions, AlertSeverity } from './alert-options';
import { Certificate } from '../certificates/certificate';
import { CertificateGraph } from '../graph/certificate-graph';
import { Probe, ProbeSpecTargetsStaticConfigRelabelingConfigs, toJson_ProbeProps } from '../imports/monitoring.coreos.com';
import {
  AlertDefinition,
  alertRuleResource,
  checkAlertOverrides,
  checkRuleMetadata,
  renderAlertRules,
  thresholdSeconds,
} from './private/alert-rules';
import { checkProberAddress, DEFAULT_PROBER, isCanaryCertificate, isDnsName, isPort, literal } from './private/blackbox';
import { goDuration, humanSeconds } from '../private/duration';
import { fail } from '../private/errors';
import { checkNonEmpty, checkSubdomain } from '../private/names';
import { typedObject } from '../private/plain-object';
import { warn } from '../private/warn';

/** Options of {@link CertificateProbes.addCertificate}. */
export interface CertificateProbeOptions {
  /**
   * Hosts the certificate is served under, each a DNS name with an optional port
   * (`api.example.com`, `api.example.com:8443`); each is probed as `https://<host>`.
   * Wildcards cannot be probed: list concrete names.
   *
   * @default - the certificate's DNS names, wildcards left out
   */
  readonly hosts?: string[];
}

/**
 * Props of {@link CertificateProbes}.
 *
 * `namespace` and `labels` apply to the Probe as well as the PrometheusRule: kube-prometheus-stack
 * selects Probes by the same `release` label.
 */
export interface CertificateProbesProps extends AlertRuleOptions {
  /**
   * Name of the Probe and of the PrometheusRule, and the `job` label of the probe results.
   *
   * @default "cert-manager-served-certificates"
   */
  readonly name?: string;

  /**
   * Address of the blackbox exporter, as `host:port` without a scheme. The default is the
   * Service of the prometheus-blackbox-exporter Helm chart installed as release
   * `prometheus-blackbox-exporter` in namespace `monitoring` (the chart serves port 9115; with
   * another release name the Service is `<release>-prometheus-blackbox-exporter`).
   *
   * @default "prometheus-blackbox-exporter.monitoring.svc:9115"
   */
  readonly proberAddress?: string;

  /**
   * The blackbox exporter module that probes each host. It must use the `http` prober, since
   * targets are `https://` URLs. The chart's default configuration has only `http_2xx`, which
   * verifies the certificate: a host whose certificate has expired or is signed by a private CA
   * then reports no certificate (CertManagerServedCertificateProbeFailed fires). A module with
   * `tls_config.insecure_skip_verify: true` and `follow_redirects: false` reports the
   * certificate of the host itself in every case; see the README.
   *
   * @default "http_2xx"
   */
  readonly module?: string;

  /**
   * How often each host is probed.
   *
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;

  /**
   * How much earlier than the stored certificate the served one may expire before it counts as
   * stale. A renewed certificate expires later than the one it replaces by about the time
   * between the two issuances, so any real staleness is far above the default.
   *
   * @default Duration.minutes(5)
   */
  readonly tolerance?: Duration;

  /**
   * How long the served certificate may stay stale before CertManagerServedCertificateStale
   * fires (the alert's `for`): the time your ingress controller, gateway or workload needs to
   * load a renewed Secret, including a rolling restart. Same as
   * `alerts.CertManagerServedCertificateStale.for`; set only one of them.
   *
   * @default Duration.minutes(30)
   */
  readonly gracePeriod?: Duration;
}

const STALE = 'CertManagerServedCertificateStale';
const PROBE_FAILED = 'CertManagerServedCertificateProbeFailed';
/** Carries `namespace;name;secret` from a target's own relabeling to the three shared ones. */
const TMP_LABEL = '__tmp_certificate';

/** One probed URL and the certificate that should be served there. */
interface Target {
  readonly url: string;
  readonly namespace: string;
  readonly name: string;
  readonly secretName: string;
}

/** The targets of one synthesis, and what could not be probed (printed as warnings). */
interface Plan {
  readonly targets: Target[];
  readonly warnings: string[];
}

/**
 * Checks the served certificates against the stored ones: a blackbox-exporter Probe
 * (monitoring.coreos.com/v1) for every host the app serves a certificate under, and alerts when
 * the certificate on the wire expires earlier than the one cert-manager holds.
 *
 * Hosts come from the Ingress and Gateway wiring recorded in the certificate graph (a host
 * served with a Secret that a certificate of this app writes), read when the app is synthesized,
 * so Ingresses declared after this construct count too, and from {@link addCertificate}. One
 * Probe holds every host as a static target (`https://<host>`, sorted); relabelings give each
 * target's results the labels `cert_namespace`, `cert_name` and `secret_name` of the certificate
 * that should be served there. Wildcard hosts cannot be probed and are left out; a certificate
 * served only under wildcards prints a warning at synth, as do hosts served from a Secret no
 * certificate of the app writes. A {@link RotationCanary}'s hosts are left out: it probes them
 * itself.
 *
 * Alerts (one PrometheusRule, child `Rules`):
 * - CertManagerServedCertificateStale: `probe_ssl_earliest_cert_expiry` of a host is earlier than
 *   `certmanager_certificate_expiration_timestamp_seconds` of its certificate by more than
 *   `tolerance`, for `gracePeriod`. Serial numbers are not compared: the blackbox exporter gives
 *   them in hex and other exporters in decimal, which PromQL cannot join.
 *   `probe_ssl_earliest_cert_expiry` is the earliest expiry of the whole served chain, so a
 *   served intermediate that expires before the stored certificate fires it too.
 * - CertManagerServedCertificateProbeFailed: a probed host has reported no certificate for 15
 *   minutes (unreachable, not TLS, a failed handshake, or a module unknown to the exporter), so
 *   served and stored cannot be compared.
 *
 * @example
 * const probes = new CertificateProbes(chart, 'Probes', { labels: { release: 'kube-prometheus-stack' } });
 * probes.addCertificate(apiCertificate);
 */
export class CertificateProbes extends Construct {
  /** Names of the alerts this construct emits (after `enabled: false` overrides). */
  public readonly alertNames: string[];

  /** Name of the Probe, the PrometheusRule and the probe results' `job` label. */
  public readonly probeName: string;

  private readonly explicit: Target[] = [];

  constructor(scope: Construct, id: string, props: CertificateProbesProps = {}) {
    super(scope, id);
    checkRuleMetadata(this, props);
    const name = props.name ?? 'cert-manager-served-certificates';
    checkSubdomain(this, 'name', name);
    this.probeName = name;
    const prober = props.proberAddress ?? DEFAULT_PROBER;
    checkProberAddress(this, prober);
    const module = props.module ?? 'http_2xx';
    checkNonEmpty(this, 'module', module);
    if (/[\s"'&?#/]/.test(module)) {
      fail(this, `module "${module}" contains a space, quote or URL character; use the module's name as written in the blackbox `
        + 'exporter\'s configuration, e.g. "http_2xx"');
    }
    const interval = props.interval ?? Duration.minutes(1);
    thresholdSeconds(this, 'interval', interval);
    const tolerance = thresholdSeconds(this, 'tolerance', props.tolerance ?? Duration.minutes(5));
    if (props.gracePeriod !== undefined && props.alerts?.[STALE]?.for !== undefined) {
      fail(this, `gracePeriod and alerts.${STALE}.for are both set and mean the same thing; keep gracePeriod`);
    }
    const grace = props.gracePeriod ?? Duration.minutes(30);
    goDuration(this, 'gracePeriod', grace);

    const definitions = alertDefinitions(name, tolerance, grace);
    checkAlertOverrides(this, props, definitions.map((d) => d.alert));
    const rules = renderAlertRules(this, definitions, props);
    this.alertNames = rules.map((r) => r.alert);

    const graph = CertificateGraph.of(this);
    const plan = () => planTargets(this.explicit, graph);
    typedObject(this, 'Resource', Probe.GVK, toJson_ProbeProps, {
      metadata: { name, namespace: props.namespace ?? 'cert-manager', labels: props.labels },
      spec: {
        jobName: name,
        prober: { url: prober },
        module,
        interval: goDuration(this, 'interval', interval),
        targets: {
          staticConfig: {
            static: Lazy.any({ produce: () => plan().targets.map((t) => t.url) }),
            relabelingConfigs: Lazy.any({ produce: () => relabelings(plan().targets) }),
          },
        },
      },
    });
    if (rules.length > 0) {
      alertRuleResource(this, name, props, [{ name: 'cert-manager-served-certificates', rules }], 'Rules');
    }
    // Validations run at least once per synthesis (cdk8s may run them more than once): each
    // warning is printed once.
    const printed = new Set<string>();
    this.node.addValidation({
      validate: () => {
        for (const message of plan().warnings.filter((w) => !printed.has(w))) {
          printed.add(message);
          warn(this, message);
        }
        return [];
      },
    });
  }

  /**
   * Probes the hosts `certificate` is served under, besides those the Ingress and Gateway
   * wiring records: for a certificate served by a workload itself (a LoadBalancer Service, a
   * pod terminating TLS) or behind a wildcard host.
   *
   * Fails when there is no host to probe: `hosts` is empty or lists a wildcard or an invalid
   * name, or it is not given and the certificate has no DNS name besides wildcards.
   *
   * @param certificate the certificate that should be served
   * @param options the hosts to probe
   */
  public addCertificate(certificate: Certificate, options: CertificateProbeOptions = {}): void {
    const what = `Certificate "${certificate.namespace}/${certificate.certificateName}" (${certificate.node.path})`;
    let hosts: string[];
    if (options.hosts !== undefined) {
      if (options.hosts.length === 0) {
        fail(this, `hosts for ${what} is empty; list the names it is served under, or leave hosts out to probe its DNS names`);
      }
      for (const host of options.hosts) checkHost(this, host);
      hosts = options.hosts;
    } else {
      hosts = certificate.dnsNames.filter((h) => !h.startsWith('*.'));
      if (hosts.length === 0) {
        const names = certificate.dnsNames.length > 0 ? `only wildcard DNS names (${certificate.dnsNames.join(', ')})` : 'no DNS names';
        fail(this, `${what} has ${names}, so there is no host to probe; pass the concrete names it is served under, e.g. `
          + 'addCertificate(certificate, { hosts: [\'app.example.com\'] })');
      }
    }
    for (const host of hosts) {
      this.explicit.push({
        url: `https://${host}`,
        namespace: certificate.namespace,
        name: certificate.certificateName,
        secretName: certificate.secretName,
      });
    }
  }
}

/** A host to probe: a lowercase DNS name, optionally with a port; never a wildcard. */
function checkHost(scope: Construct, host: string): void {
  if (host.startsWith('*.')) {
    fail(scope, `hosts contains the wildcard "${host}", which cannot be probed; list a concrete name it is served under, e.g. `
      + `"www.${host.slice(2)}"`);
  }
  const colon = host.lastIndexOf(':');
  const name = colon > 0 ? host.slice(0, colon) : host;
  const port = colon > 0 ? host.slice(colon + 1) : undefined;
  if (!isDnsName(name) || (port !== undefined && !isPort(port))) {
    fail(scope, `hosts contains "${host}", which is not a DNS name with an optional port; use a lowercase name such as `
      + '"api.example.com" or "api.example.com:8443", without a scheme or path');
  }
}

/**
 * The targets to probe: the hosts of addCertificate first (an explicit choice wins a conflict),
 * then every concrete host of the served-hosts facts whose Secret a certificate of the app
 * writes; each URL once, sorted. Everything left out is explained in `warnings`.
 */
function planTargets(explicit: readonly Target[], graph: CertificateGraph): Plan {
  const warnings: string[] = [];
  const byUrl = new Map<string, Target>();
  const add = (t: Target, source: string) => {
    const existing = byUrl.get(t.url);
    if (existing === undefined) {
      byUrl.set(t.url, t);
    } else if (existing.namespace !== t.namespace || existing.name !== t.name) {
      warnings.push(`${t.url} is served with Certificate "${existing.namespace}/${existing.name}" and, by ${source}, with `
        + `"${t.namespace}/${t.name}"; only the first is compared; serve each host with one certificate`);
    }
  };
  for (const t of explicit) add(t, 'addCertificate');

  const unprobed = new Map<string, { cert: string; where: string[] }>();
  for (const fact of graph.servedHosts) {
    const where = `${fact.kind} "${fact.namespace}/${fact.name}"${fact.listener ? ` listener ${fact.listener}` : ''} (${fact.scope.node.path})`;
    const cert = graph.certificateForSecret(fact.namespace, fact.secretName);
    if (cert && isCanaryCertificate(cert.labels)) continue;
    if (!cert) {
      warnings.push(`${where} serves Secret "${fact.secretName}", which no certificate of this app writes, so there is no stored `
        + 'certificate to compare with and its hosts are not probed; declare a Certificate in this app that writes it to probe them');
      continue;
    }
    const key = `${cert.namespace}/${cert.name}`;
    const concrete = fact.hosts.filter((h) => !h.startsWith('*.'));
    for (const host of concrete) {
      add({ url: `https://${host}`, namespace: cert.namespace, name: cert.name, secretName: cert.secretName }, where);
    }
    if (concrete.length < fact.hosts.length || fact.hosts.length === 0) {
      const skipped = fact.hosts.length === 0 ? 'without a hostname' : `under ${fact.hosts.filter((h) => h.startsWith('*.')).join(', ')}`;
      const entry = unprobed.get(key) ?? { cert: key, where: [] };
      entry.where.push(`${skipped} by ${where}`);
      unprobed.set(key, entry);
    }
  }
  const targets = [...byUrl.values()].sort((a, b) => a.url.localeCompare(b.url));
  for (const { cert, where } of unprobed.values()) {
    if (targets.some((t) => `${t.namespace}/${t.name}` === cert)) continue;
    warnings.push(`certificate "${cert}" is served only ${where.join(' and ')}, which cannot be probed; probe a concrete host it `
      + 'serves with addCertificate(certificate, { hosts: [\'app.example.com\'] })');
  }
  if (targets.length === 0) {
    warnings.push('there is no host to probe: no Ingress or Gateway of this app serves a certificate of this app under a concrete '
      + 'host, and addCertificate was not called, so the Probe has no targets; call addCertificate with the hosts to probe');
  }
  return { targets, warnings };
}

/**
 * Labels every target's results with its certificate: one relabeling per target writes
 * `namespace;name;secret` to a temporary label (dropped after relabeling, like every `__` label),
 * and three shared ones split it into `cert_namespace`, `cert_name` and `secret_name`. The
 * operator sets `__param_target` to the target before these run.
 */
function relabelings(targets: Target[]): ProbeSpecTargetsStaticConfigRelabelingConfigs[] {
  if (targets.length === 0) return [];
  return [
    ...targets.map((t) => ({
      sourceLabels: ['__param_target'],
      regex: literal(t.url),
      targetLabel: TMP_LABEL,
      replacement: `${t.namespace};${t.name};${t.secretName}`,
    })),
    ...['cert_namespace', 'cert_name', 'secret_name'].map((label, i) => ({
      sourceLabels: [TMP_LABEL],
      regex: '([^;]+);([^;]+);([^;]+)',
      targetLabel: label,
      replacement: `\${${i + 1}}`,
    })),
  ];
}

function alertDefinitions(job: string, tolerance: number, grace: Duration): AlertDefinition[] {
  const byTarget = 'cert_namespace, cert_name, secret_name, instance';
  const served = `min by (${byTarget}) (probe_ssl_earliest_cert_expiry{job="${job}"})`;
  // The stored certificate's expiry, under the label names the probe results carry. A
  // certificate that was never issued reports 0, which no served expiry is below.
  const stored = 'label_replace(label_replace(max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds), '
    + '"cert_namespace", "$1", "namespace", "(.*)"), "cert_name", "$1", "name", "(.*)")';
  return [
    {
      alert: STALE,
      expr: `(${served} + ${tolerance}) < on (cert_namespace, cert_name) group_left () ${stored}`,
      for: grace,
      severity: AlertSeverity.WARNING,
      summary: '{{ $labels.instance }} serves a certificate that expires before the one cert-manager holds for '
        + '{{ $labels.cert_namespace }}/{{ $labels.cert_name }}.',
      description: `The certificate served at {{ $labels.instance }} expires more than ${humanSeconds(tolerance)} before the one in `
        + 'Secret {{ $labels.cert_namespace }}/{{ $labels.secret_name }}: whatever terminates TLS for this host (ingress controller, '
        + 'gateway, workload) has not loaded the renewed certificate, and keeps serving the old one until it expires.',
    },
    {
      alert: PROBE_FAILED,
      expr: `max by (${byTarget}) (up{job="${job}"}) unless on (instance) probe_ssl_earliest_cert_expiry{job="${job}"}`,
      for: Duration.minutes(15),
      severity: AlertSeverity.WARNING,
      summary: 'The certificate served at {{ $labels.instance }} cannot be read.',
      description: 'The blackbox exporter reports no TLS certificate for this host, so the served certificate of '
        + '{{ $labels.cert_namespace }}/{{ $labels.cert_name }} cannot be compared with the stored one: the host is unreachable from '
        + 'the exporter, does not speak TLS, fails the TLS handshake (an expired certificate, or one the module does not trust), '
        + 'or the exporter does not know the module.',
    },
  ];
}
