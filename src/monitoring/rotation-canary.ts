import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AlertRuleOptions, AlertSeverity } from './alert-options';
import { Certificate } from '../certificates/certificate';
import { RotationReload } from '../certificates/reload';
import { CertificateChecks } from '../checks/certificate-checks';
import { Probe } from '../imports/monitoring.coreos.com';
import { AcmeServer } from '../issuers/acme-server';
import type { AcmeSolverDescription } from '../issuers/acme-solver-description';
import type { IIssuer } from '../issuers/issuer-ref';
import {
  AlertDefinition,
  alertRuleResource,
  checkAlertOverrides,
  checkRuleMetadata,
  exactSelector,
  renderAlertRules,
  thresholdSeconds,
} from './private/alert-rules';
import { CANARY_LABELS, checkProberAddress, DEFAULT_PROBER, isDnsName, isPort, literal } from './private/blackbox';
import { goDuration, humanSeconds } from '../private/duration';
import { fail } from '../private/errors';
import { checkAnnotations } from '../private/metadata';
import { checkDnsLabel, checkNonEmpty, checkSubdomain } from '../private/names';
import { warn } from '../private/warn';

/** Options of {@link CanaryServingPath.ingress}. */
export interface CanaryIngressOptions {
  /** IngressClass of your production Ingresses: the controller that must serve renewed certificates. */
  readonly ingressClassName: string;

  /**
   * Annotations on the canary's Ingress, such as those your production Ingresses carry for the
   * same controller.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Options of {@link CanaryServingPath.gatewayListener}. */
export interface CanaryGatewayOptions {
  /**
   * The Gateway your production traffic goes through (the imported `Gateway` class or any
   * `gateway.networking.k8s.io` Gateway ApiObject of this app), in the canary's namespace: a
   * listener reads only Secrets of its own namespace without a ReferenceGrant.
   */
  readonly gateway: IConstruct;

  /**
   * Name of the HTTPS listener the canary adds to the Gateway.
   *
   * @default "rotation-canary"
   */
  readonly listenerName?: string;

  /**
   * Port of that listener.
   *
   * @default 443
   */
  readonly port?: number;
}

/**
 * Where the canary's certificate is served: through the same ingress controller or Gateway as
 * production, so a renewal has to pass every link production depends on.
 */
export class CanaryServingPath {
  /**
   * An Ingress of the given class terminating TLS with the canary's Secret for the canary host.
   */
  public static ingress(options: CanaryIngressOptions): CanaryServingPath {
    return new CanaryServingPath('ingress', options, undefined);
  }

  /**
   * A listener for the canary host added to an existing Gateway, terminating TLS with the
   * canary's Secret, and an HTTPRoute attached to it.
   */
  public static gatewayListener(options: CanaryGatewayOptions): CanaryServingPath {
    return new CanaryServingPath('gateway', undefined, options);
  }

  private constructor(
    /** `ingress` or `gateway`: the `canary_path` label of the probe through it. */
    public readonly kind: string,
    /** @internal */
    public readonly _ingress: CanaryIngressOptions | undefined,
    /** @internal */
    public readonly _gateway: CanaryGatewayOptions | undefined,
  ) {}
}

/**
 * Options of a {@link RotationCanary}, everything but the issuer (what `CertManagerStack` takes).
 *
 * `namespace` (default `cert-manager`) is the namespace of every object of the canary: its
 * Certificate and Secret, Ingress or HTTPRoute, workload, Probe and PrometheusRule.
 */
export interface RotationCanaryOptions extends AlertRuleOptions {
  /**
   * The DNS name the canary is served and probed under, e.g. `canary.example.com`. It must reach
   * your ingress controller or Gateway from the blackbox exporter, and for an ACME issuer be a
   * name one of its solvers can prove.
   */
  readonly host: string;

  /** The ingress controller or Gateway production certificates are served through. */
  readonly servingPath: CanaryServingPath;

  /**
   * Name of the canary's objects (Certificate, Ingress or HTTPRoute, Deployment, Service, Probe,
   * PrometheusRule) and the probe results' `job` label; the Secret is `<name>-tls`.
   *
   * @default "cert-manager-canary"
   */
  readonly name?: string;

  /**
   * Lifetime of the canary certificate. For an ACME issuer the CA decides the lifetime and
   * cert-manager does not ask for one: set the lifetime the CA really issues, which the canary
   * needs to renew it on schedule.
   *
   * @default - 1 hour (cert-manager's shortest); 90 days for an ACME issuer (Let's Encrypt's)
   */
  readonly duration?: Duration;

  /**
   * How long after issuance the canary certificate is renewed: `renewBefore` is
   * `duration - renewalInterval`. Every renewal exercises issuance, the Secret update, the reload
   * and the serving path.
   *
   * @default - 20 minutes; 1 day for an ACME issuer
   */
  readonly renewalInterval?: Duration;

  /**
   * How long a renewed certificate may take to appear on the wire (issuance, the kubelet's Secret
   * refresh, a rolling restart, the controller's reload) before the alerts fire. ACME issuance
   * waits for the challenge (DNS-01 for propagation), so ACME issuers get longer.
   *
   * @default - 10 minutes; 30 minutes for an ACME issuer
   */
  readonly gracePeriod?: Duration;

  /**
   * Address of the blackbox exporter, `host:port` without a scheme.
   *
   * @default "prometheus-blackbox-exporter.monitoring.svc:9115"
   */
  readonly proberAddress?: string;

  /**
   * The blackbox exporter module probing the canary. It must use the `http` prober and should
   * skip verification (`tls_config.insecure_skip_verify: true`): the canary needs the served
   * certificate, not trust, and a private CA, a staging CA or the workload's in-cluster name fail
   * verification.
   *
   * @default "http_2xx"
   */
  readonly module?: string;

  /**
   * How often the canary is probed.
   *
   * @default Duration.minutes(1)
   */
  readonly probeInterval?: Duration;

  /**
   * Run a small canary workload that mounts the Secret with the reload wiring (the way your own
   * workloads terminate TLS) and serves it on port 8443; it is also the backend of the Ingress or
   * HTTPRoute, on port 8080.
   *
   * @default true
   */
  readonly workload?: boolean;

  /**
   * Image of the canary workload: an nginx that runs as user 101 and listens on unprivileged
   * ports, with its configuration mounted at `/etc/nginx/conf.d`. The default is NGINX's own
   * unprivileged image, pinned by the digest of its multi-architecture index; mirror it and set
   * your registry's reference for air-gapped clusters.
   *
   * @default "docker.io/nginxinc/nginx-unprivileged:1.27.5-alpine@sha256:65e3e85dbaed8ba248841d9d58a899b6197106c23cb0ff1a132b7bfe0547e4c0"
   */
  readonly image?: string;

  /**
   * How the canary workload picks up a renewed certificate: the same mechanism as your own
   * workloads, so the canary proves it.
   *
   * @default RotationReload.reloaderAnnotation()
   */
  readonly reload?: RotationReload;

  /**
   * The Service the Ingress or HTTPRoute routes to when `workload` is false.
   *
   * @default - the canary workload's Service; required when `workload` is false
   */
  readonly backendServiceName?: string;

  /**
   * Port of `backendServiceName`.
   *
   * @default 80
   */
  readonly backendServicePort?: number;

  /**
   * Allow a canary on Let's Encrypt production, whose weekly limits a canary exhausts quickly
   * (the refusal prints the arithmetic). Prefer the staging issuer or a private CA.
   *
   * @default false
   */
  readonly allowLetsEncryptProduction?: boolean;
}

/** Props of {@link RotationCanary}. */
export interface RotationCanaryProps extends RotationCanaryOptions {
  /**
   * The issuer whose path the canary proves: the one your production certificates use, or for
   * ACME its staging twin (same solvers, generous limits).
   */
  readonly issuer: IIssuer;
}

const STALLED = 'CertManagerCanaryRotationStalled';
const STALE = 'CertManagerCanaryServedStale';
const ISSUANCE = 'CertManagerCanaryIssuanceFailing';
const PROBE_FAILED = 'CertManagerCanaryProbeFailed';
const DEFAULT_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.27.5-alpine@sha256:65e3e85dbaed8ba248841d9d58a899b6197106c23cb0ff1a132b7bfe0547e4c0';
const WEEK = 7 * 86400;
/** Let's Encrypt backdates `notBefore` by an hour, so its certificates renew an hour earlier than their age suggests. */
const LETS_ENCRYPT_BACKDATE = 3600;
/** Let's Encrypt's weekly limits: certificates for one exact set of names, and per registered domain. */
const LE_EXACT_SET_PER_WEEK = 5;
const LE_REGISTERED_DOMAIN_PER_WEEK = 50;
/** Served and stored expiry of the same certificate are equal; a minute absorbs nothing but rounding. */
const SAME_CERTIFICATE_TOLERANCE = 60;
const HTTP_PORT = 8080;
const HTTPS_PORT = 8443;
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A rotation canary: a short-lived certificate renewed every few minutes through the same
 * issuer, Secret, reload wiring and ingress controller (or Gateway) as production, probed
 * continuously, so a broken link pages within the hour instead of when a 90-day certificate
 * expires.
 *
 * Creates, all in `namespace`:
 * - a {@link Certificate} for `host` (Secret `<name>-tls`), 1 hour long and renewed every 20
 *   minutes by default (with the workload, also for `<name>.<namespace>.svc` unless the issuer is
 *   ACME);
 * - the serving side: an Ingress of the given class, or a listener on your Gateway with an
 *   HTTPRoute, terminating TLS for `host` with the canary Secret;
 * - optionally (on by default) a Deployment, Service and ConfigMap running an unprivileged nginx
 *   (restricted Pod Security) that mounts the Secret with the reload wiring and serves it on
 *   port 8443;
 * - a blackbox-exporter Probe (the default child, `ApiObject.of(canary)`) of `https://<host>`
 *   (`canary_path` "ingress" or "gateway") and of the workload (`canary_path` "workload"),
 *   labelled `cert_namespace` and `cert_name`;
 * - a PrometheusRule (child `Rules`): CertManagerCanaryRotationStalled (the served certificate is
 *   older than the renewal interval plus the grace period), CertManagerCanaryServedStale (served
 *   and stored certificates differ for longer than the grace period),
 *   CertManagerCanaryIssuanceFailing (the canary certificate is not Ready, or past its renewal
 *   time by the grace period) and CertManagerCanaryProbeFailed.
 *
 * For an ACME issuer the canary proves the whole ACME path too (account, solver, DNS or HTTP
 * challenge, order), but the CA decides the lifetime, so renewals are spaced a day apart by
 * default; on Let's Encrypt production it is refused unless `allowLetsEncryptProduction` is set.
 *
 * @example
 * new RotationCanary(chart, 'Canary', {
 *   issuer: stack.privateCa!.issuer,
 *   host: 'canary.example.com',
 *   servingPath: CanaryServingPath.ingress({ ingressClassName: 'nginx' }),
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 */
export class RotationCanary extends Construct {
  /** The canary certificate. */
  public readonly certificate: Certificate;

  /** The host probed through the serving path. */
  public readonly host: string;

  /** URLs the Probe checks, the serving path's first. */
  public readonly probeTargets: string[];

  /** Name of the Probe, of the PrometheusRule and of the probe results' `job` label. */
  public readonly probeName: string;

  /** Names of the alerts this construct emits (after `enabled: false` overrides). */
  public readonly alertNames: string[];

  /** How many certificates the canary gets from its issuer per week. */
  public readonly certificatesPerWeek: number;

  constructor(scope: Construct, id: string, props: RotationCanaryProps) {
    super(scope, id);
    checkRuleMetadata(this, props);
    const namespace = props.namespace ?? 'cert-manager';
    const name = props.name ?? 'cert-manager-canary';
    checkSubdomain(this, 'name', name);
    if (!SERVICE_NAME.test(name) || name.length > 59) {
      fail(this, `name "${name}" is not usable for the canary's Service and Secret: use at most 59 lowercase letters, digits and `
        + '"-", starting with a letter, e.g. "cert-manager-canary"');
    }
    const host = props.host;
    if (typeof host !== 'string' || !isDnsName(host)) {
      fail(this, `host "${host}" is not a DNS name the canary can be served and probed under; use one concrete lowercase name `
        + 'without wildcard, scheme or port, e.g. "canary.example.com"');
    }
    const issuer = props.issuer;
    if (!issuer || typeof issuer.issuerName !== 'string') {
      fail(this, 'issuer is missing; pass the issuer whose path the canary should prove, e.g. a PrivateCa\'s issuer or '
        + 'the Let\'s Encrypt staging ClusterIssuer');
    }
    const serving = props.servingPath;
    if (!(serving instanceof CanaryServingPath)) {
      fail(this, 'servingPath is missing; use CanaryServingPath.ingress({ ingressClassName }) or '
        + 'CanaryServingPath.gatewayListener({ gateway })');
    }
    const acme = issuer.isAcme;
    const letsEncrypt = acme && issuer.acmeServer === AcmeServer.LETS_ENCRYPT.url;
    const workload = props.workload ?? true;

    // Lifetime, renewal window and probe timing.
    const lifetime = props.duration ?? (acme ? Duration.days(90) : Duration.hours(1));
    const interval = props.renewalInterval ?? (acme ? Duration.days(1) : Duration.minutes(20));
    const probeInterval = props.probeInterval ?? Duration.minutes(1);
    const grace = props.gracePeriod ?? (acme ? Duration.minutes(30) : Duration.minutes(10));
    const lifetimeS = thresholdSeconds(this, 'duration', lifetime);
    const intervalS = thresholdSeconds(this, 'renewalInterval', interval);
    const probeS = thresholdSeconds(this, 'probeInterval', probeInterval);
    const graceS = thresholdSeconds(this, 'gracePeriod', grace);
    if (lifetimeS < 3600) {
      fail(this, `duration is ${humanSeconds(lifetimeS)}, below cert-manager's minimum of 1 hour; set duration to at least `
        + 'Duration.hours(1)');
    }
    const renewBeforeS = lifetimeS - intervalS;
    if (renewBeforeS < 300) {
      fail(this, `renewalInterval ${humanSeconds(intervalS)} leaves a renewal window (duration ${humanSeconds(lifetimeS)} minus `
        + `renewalInterval) of ${humanSeconds(renewBeforeS)}, below cert-manager's minimum renewBefore of 5 minutes; set renewalInterval `
        + `to at most ${humanSeconds(lifetimeS - 300)}, or a longer duration`);
    }
    if (acme && intervalS < 2 * 3600) {
      fail(this, `renewalInterval is ${humanSeconds(intervalS)} with ACME issuer "${issuer.issuerName}": ACME CAs backdate `
        + 'notBefore (Let\'s Encrypt by 1 hour), so a renewal interval this short would renew each certificate as soon as it '
        + 'is issued; set renewalInterval to at least Duration.hours(2) (the default for ACME is 1 day)');
    }
    if (intervalS < probeS) {
      fail(this, `renewalInterval ${humanSeconds(intervalS)} is shorter than probeInterval ${humanSeconds(probeS)}, so `
        + 'certificates would rotate between two probes and the probe could not follow them; set renewalInterval to at least '
        + `${humanSeconds(probeS)} or probe more often`);
    }
    if (graceS < probeS) {
      fail(this, `gracePeriod ${humanSeconds(graceS)} is shorter than probeInterval ${humanSeconds(probeS)}, so a `
        + 'renewed certificate could not be seen on the wire within it; set gracePeriod to at least the probe interval');
    }
    if (graceS >= renewBeforeS) {
      fail(this, `gracePeriod ${humanSeconds(graceS)} is not shorter than the renewal window (duration minus renewalInterval, `
        + `${humanSeconds(renewBeforeS)}), so ${STALLED} could only fire once the served certificate has expired; shorten `
        + 'gracePeriod or renewalInterval');
    }
    const period = letsEncrypt ? intervalS - LETS_ENCRYPT_BACKDATE : intervalS;
    this.certificatesPerWeek = Math.ceil(WEEK / period);

    if (letsEncrypt) checkLetsEncryptBudget(this, issuer, props.allowLetsEncryptProduction ?? false, period, this.certificatesPerWeek);
    const labels = { ...CANARY_LABELS, 'app.kubernetes.io/instance': name };
    if (issuer.external) {
      warn(this, `issuer "${issuer.issuerName}" is referenced by name only, so the canary cannot check that it can issue for `
        + `"${host}" (whether it is ACME, which server, which solvers); declare the issuer in this app, or make sure yourself that `
        + 'it can issue for this host and is not Let\'s Encrypt production');
    } else if (acme && issuer.solverFor(host, labels) === undefined) {
      fail(this, `host "${host}" is not covered by any solver of ACME issuer "${issuer.issuerName}" (${solverNames(issuer)}), so `
        + 'cert-manager could never prove it; use a host in a zone a solver covers, or add a solver for it');
    }

    const port = props.backendServicePort ?? 80;
    if (workload && (props.backendServiceName !== undefined || props.backendServicePort !== undefined)) {
      fail(this, 'backendServiceName and backendServicePort are set but workload is on, and the serving path routes to the canary '
        + 'workload; drop them, or set workload: false');
    }
    if (!workload && props.backendServiceName === undefined) {
      fail(this, 'workload is false and backendServiceName is not set, so the Ingress or HTTPRoute has nothing to route to; name '
        + 'a Service in the canary\'s namespace, or keep the workload');
    }
    if (!workload) {
      if (!SERVICE_NAME.test(props.backendServiceName!)) {
        fail(this, `backendServiceName "${props.backendServiceName}" is not a Service name; use lowercase letters, digits and "-"`);
      }
      if (!Number.isInteger(port) || !isPort(String(port))) {
        fail(this, `backendServicePort ${port} is not a port number; use 1-65535`);
      }
    }
    const module = props.module ?? 'http_2xx';
    checkNonEmpty(this, 'module', module);
    if (/[\s"'&?#/]/.test(module)) {
      fail(this, `module "${module}" contains a space, quote or URL character; use the module's name as written in the blackbox `
        + 'exporter\'s configuration, e.g. "tls_served"');
    }
    const image = props.image ?? DEFAULT_IMAGE;
    if (workload) checkImage(this, image);
    else if (props.image !== undefined) fail(this, 'image is set but workload is false, so no pod runs it; drop image, or keep the workload');
    const prober = props.proberAddress ?? DEFAULT_PROBER;
    checkProberAddress(this, prober);

    // The serving path is checked before anything is created: a bad input adds no object.
    const gateway = serving._gateway ? checkGateway(this, namespace, serving._gateway) : undefined;
    if (serving._ingress) {
      checkSubdomain(this, 'servingPath.ingressClassName', serving._ingress.ingressClassName);
      checkAnnotations(this, 'servingPath.annotations', serving._ingress.annotations);
    }

    const svcName = `${name}.${namespace}.svc`;
    this.host = host;
    this.certificate = new Certificate(this, 'Certificate', {
      issuer,
      name,
      namespace,
      secretName: `${name}-tls`,
      dnsNames: workload && !acme ? [host, svcName] : [host],
      // An ACME CA chooses the lifetime itself.
      duration: acme ? undefined : lifetime,
      renewBefore: Duration.seconds(renewBeforeS),
      labels,
    });
    CertificateChecks.suppress(this.certificate, 'CM-DUR2', 'a rotation canary renews often on purpose: every renewal proves '
      + 'the rotation path');
    CertificateChecks.suppress(this.certificate, 'CM-ENV1', 'a rotation canary serves no client: on a staging ACME server it '
      + 'proves the ACME path without spending production rate limits');
    CertificateChecks.suppress(this.certificate, 'CM-CA2', 'a rotation canary serves only its prober, which reads the served '
      + 'certificate without checking the chain (its module skips verification), so its namespace needs no trust bundle');

    const backend = workload ? { name, port: HTTP_PORT } : { name: props.backendServiceName!, port };
    if (workload) this.addWorkload(name, namespace, labels, image, props);

    if (gateway) this.serveThroughGateway(name, namespace, host, backend, gateway);
    else this.serveThroughIngress(name, namespace, host, backend, serving._ingress!);

    const targets = [
      { url: `https://${host}`, path: serving.kind },
      ...(workload ? [{ url: `https://${svcName}:${HTTPS_PORT}`, path: 'workload' }] : []),
    ];
    this.probeTargets = targets.map((t) => t.url);
    this.probeName = name;
    new Probe(this, 'Resource', {
      metadata: { name, namespace, labels: props.labels },
      spec: {
        jobName: name,
        prober: { url: prober },
        module,
        interval: goDuration(this, 'probeInterval', probeInterval),
        targets: {
          staticConfig: {
            static: this.probeTargets,
            labels: { cert_namespace: namespace, cert_name: name },
            relabelingConfigs: targets.map((t) => ({
              sourceLabels: ['__param_target'], regex: literal(t.url), targetLabel: 'canary_path', replacement: t.path,
            })),
          },
        },
      },
    });
    if (module === 'http_2xx' && (workload || !acme || issuer.isStaging)) {
      warn(this, `module "http_2xx" verifies certificates, and ${workload && acme && !issuer.isStaging
        ? `the workload's name ${svcName} is not in the ACME certificate`
        : `issuer "${issuer.issuerName}" is not a publicly trusted CA`}, so the probe would report no certificate and `
        + `${PROBE_FAILED} would fire; add a module to the blackbox exporter with prober: http and tls_config: `
        + '{ insecure_skip_verify: true }, and set module to its name');
    }

    const definitions = alertDefinitions(name, namespace, renewBeforeS, graceS, grace);
    checkAlertOverrides(this, props, definitions.map((d) => d.alert));
    const rules = renderAlertRules(this, definitions, props);
    this.alertNames = rules.map((r) => r.alert);
    if (rules.length > 0) {
      alertRuleResource(this, name, { ...props, namespace }, [{ name: 'cert-manager-rotation-canary', rules }], 'Rules');
    }
  }

  /** The canary workload: nginx serving the mounted Secret on 8443, and plain HTTP on 8080 for the Ingress or HTTPRoute. */
  private addWorkload(name: string, namespace: string, labels: Record<string, string>, image: string, props: RotationCanaryProps): void {
    const tlsDir = '/etc/tls';
    const config = [
      'server {',
      `  listen ${HTTP_PORT};`,
      '  location / { return 200 "rotation canary\\n"; }',
      '}',
      'server {',
      `  listen ${HTTPS_PORT} ssl;`,
      `  ssl_certificate ${tlsDir}/tls.crt;`,
      `  ssl_certificate_key ${tlsDir}/tls.key;`,
      '  location / { return 200 "rotation canary\\n"; }',
      '}',
      '',
    ].join('\n');
    new ApiObject(this, 'Config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `${name}-nginx`, namespace, labels },
      data: { 'default.conf': config },
    });
    const deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'canary',
              image,
              ports: [{ name: 'http', containerPort: HTTP_PORT }, { name: 'https', containerPort: HTTPS_PORT }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 10 },
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
              },
              volumeMounts: [
                { name: 'config', mountPath: '/etc/nginx/conf.d', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'config', configMap: { name: `${name}-nginx` } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels },
      spec: {
        selector: labels,
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: 'http' },
          { name: 'https', port: HTTPS_PORT, targetPort: 'https' },
        ],
      },
    });
    this.certificate.mount(deployment, { path: tlsDir, reload: props.reload });
  }

  private serveThroughIngress(name: string, namespace: string, host: string, backend: { name: string; port: number },
    options: CanaryIngressOptions): void {
    const ingress = new ApiObject(this, 'Ingress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace, annotations: options.annotations },
      spec: {
        ingressClassName: options.ingressClassName,
        rules: [{
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: backend.name, port: { number: backend.port } } } }] },
        }],
      },
    });
    this.certificate.terminateIngress(ingress, { hosts: [host] });
  }

  private serveThroughGateway(name: string, namespace: string, host: string, backend: { name: string; port: number },
    gateway: CheckedGateway): void {
    const { apiObject, listenerName, port } = gateway;
    apiObject.addJsonPatch(JsonPatch.add('/spec/listeners/-', { name: listenerName, hostname: host, port, protocol: 'HTTPS' }));
    this.certificate.terminateGatewayListener(gateway.construct, listenerName);
    new ApiObject(this, 'Route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: apiObject.name, namespace, sectionName: listenerName }],
        hostnames: [host],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: backend.name, port: backend.port }] }],
      },
    });
  }
}

/** The Gateway of a gateway serving path, and the listener the canary adds to it. */
interface CheckedGateway {
  readonly construct: IConstruct;
  readonly apiObject: ApiObject;
  readonly listenerName: string;
  readonly port: number;
}

/**
 * Checks the Gateway can take the canary's listener: a Gateway of this app, in the canary's
 * namespace (a listener reads only Secrets of its own namespace without a ReferenceGrant), with
 * no listener of that name yet.
 */
function checkGateway(scope: IConstruct, namespace: string, options: CanaryGatewayOptions): CheckedGateway {
  const listenerName = options.listenerName ?? 'rotation-canary';
  checkDnsLabel(scope, 'servingPath.listenerName', listenerName);
  const port = options.port ?? 443;
  if (!Number.isInteger(port) || !isPort(String(port))) {
    fail(scope, `servingPath.port ${port} is not a port number; use 1-65535, e.g. 443`);
  }
  let apiObject: ApiObject | undefined;
  try {
    apiObject = options.gateway ? ApiObject.of(options.gateway) : undefined;
  } catch {
    apiObject = undefined;
  }
  if (!apiObject || apiObject.kind !== 'Gateway' || !apiObject.apiVersion.startsWith('gateway.networking.k8s.io/')) {
    fail(scope, `servingPath.gateway is ${apiObject ? `a ${apiObject.kind} (${apiObject.node.path})` : String(options.gateway?.node?.path)}; `
      + 'pass the gateway.networking.k8s.io Gateway your production traffic goes through');
  }
  const gatewayNamespace = apiObject.metadata.namespace;
  if (gatewayNamespace !== namespace) {
    fail(scope, `Gateway "${apiObject.name}" (${apiObject.node.path}) is in namespace "${gatewayNamespace ?? '(none)'}" but the canary `
      + `is in "${namespace}", and a listener reads only Secrets of its own namespace; set the canary's namespace to `
      + `"${gatewayNamespace ?? namespace}"`);
  }
  const listeners: any[] = apiObject.toJson()?.spec?.listeners ?? [];
  if (listeners.some((l) => l?.name === listenerName)) {
    fail(scope, `Gateway "${apiObject.name}" already has a listener named "${listenerName}"; the canary adds its own listener, so set `
      + 'servingPath.listenerName to an unused name');
  }
  return { construct: options.gateway, apiObject, listenerName, port };
}

/** An image reference without whitespace; a warning when it is not pinned by digest. */
function checkImage(scope: IConstruct, image: string): void {
  checkNonEmpty(scope, 'image', image);
  if (/\s/.test(image)) fail(scope, `image "${image}" contains whitespace; give an image reference such as "${DEFAULT_IMAGE}"`);
  if (!/@sha256:[a-f0-9]{64}$/.test(image)) {
    warn(scope, `image "${image}" is not pinned by digest, so the canary may run another build than the one you tested; append `
      + '"@sha256:<digest>"');
  }
}

function solverNames(issuer: IIssuer): string {
  const solvers = issuer.acmeSolvers;
  if (solvers.length === 0) return 'it has no solvers';
  const covers = (s: AcmeSolverDescription) => [...s.dnsNames, ...s.dnsZones.map((z) => `zone ${z}`)].join(', ') || 'every name';
  return `its solvers cover: ${solvers.map((s) => `${s.challengeType} ${covers(s)}`).join('; ')}`;
}

/** Refuses, or with `allowed` warns about, a canary on Let's Encrypt production, with the arithmetic. */
function checkLetsEncryptBudget(scope: IConstruct, issuer: IIssuer, allowed: boolean, periodS: number, perWeek: number): void {
  const arithmetic = `the canary gets a new certificate every ${humanSeconds(periodS)} (renewalInterval less Let's Encrypt's 1-hour `
    + `backdating of notBefore), ${perWeek} a week for the same name, against Let's Encrypt's weekly limits of `
    + `${LE_EXACT_SET_PER_WEEK} certificates per exact set of names and ${LE_REGISTERED_DOMAIN_PER_WEEK} per registered domain`;
  const minimum = humanSeconds(Math.ceil(WEEK / LE_EXACT_SET_PER_WEEK / 3600) * 3600 + LETS_ENCRYPT_BACKDATE);
  if (!allowed) {
    fail(scope, `issuer "${issuer.issuerName}" is Let's Encrypt production: ${arithmetic}, so it would be rate-limited within days `
      + 'and could block renewals of your real certificates of the same domain; point the canary at the Let\'s Encrypt staging '
      + 'issuer (same solvers, much higher limits) or a private CA, or set allowLetsEncryptProduction: true with a '
      + `renewalInterval of at least ${minimum}`);
  }
  warn(scope, `issuer "${issuer.issuerName}" is Let's Encrypt production (allowed by allowLetsEncryptProduction): ${arithmetic}`
    + (perWeek > LE_EXACT_SET_PER_WEEK
      ? `; it will be rate-limited; set renewalInterval to at least ${minimum}`
      : `; keep renewalInterval at ${minimum} or more to stay within them`));
}

function alertDefinitions(job: string, namespace: string, renewBefore: number, grace: number, graceDuration: Duration): AlertDefinition[] {
  const by = 'instance, canary_path, cert_namespace, cert_name';
  const served = `min by (${by}) (probe_ssl_earliest_cert_expiry{job="${job}"})`;
  const cert = exactSelector({ namespace, name: job });
  // The stored certificate's expiry under the probe results' label names; 0 before the first issuance.
  const stored = 'label_replace(label_replace(max by (namespace, name) '
    + `(certmanager_certificate_expiration_timestamp_seconds${cert} > 0), `
    + '"cert_namespace", "$1", "namespace", "(.*)"), "cert_name", "$1", "name", "(.*)")';
  const where = '{{ $labels.instance }} ({{ $labels.canary_path }})';
  return [
    {
      alert: STALLED,
      // Served expiry minus now below renewBefore minus grace: the served certificate is past
      // its renewal time (issuance plus renewalInterval) by more than the grace period.
      expr: `${served} - time() < ${renewBefore - grace}`,
      for: Duration.minutes(5),
      severity: AlertSeverity.CRITICAL,
      summary: `The rotation canary at ${where} still serves a certificate past its renewal time.`,
      description: `The certificate served at {{ $labels.instance }} is older than its renewal interval plus ${humanSeconds(grace)}: `
        + 'a link of the rotation path (issuer, Secret update, reload, ingress controller or Gateway) is broken, and the same '
        + 'link will fail your production certificates when they renew. Compare the serial at each layer (runbook).',
    },
    {
      alert: STALE,
      expr: `abs(${served} - on (cert_namespace, cert_name) group_left () ${stored}) > ${SAME_CERTIFICATE_TOLERANCE}`,
      for: graceDuration,
      severity: AlertSeverity.WARNING,
      summary: `The rotation canary at ${where} serves another certificate than the one in its Secret.`,
      description: `For ${humanSeconds(grace)}, the certificate served at {{ $labels.instance }} has not been the one cert-manager `
        + 'stored in Secret {{ $labels.cert_namespace }}/{{ $labels.cert_name }}-tls: the consumer on this path did not load '
        + 'the renewed Secret (no reload, a stale controller cache) or serves a default certificate.',
    },
    {
      alert: ISSUANCE,
      expr: `max by (namespace, name) (certmanager_certificate_ready_status{namespace="${namespace}",name="${job}",condition!="True"}) `
        + '== 1 or on (namespace, name) (time() - max by (namespace, name) '
        + `(certmanager_certificate_renewal_timestamp_seconds${cert} > 0) > ${grace})`,
      for: Duration.minutes(10),
      severity: AlertSeverity.WARNING,
      summary: 'The rotation canary certificate {{ $labels.namespace }}/{{ $labels.name }} cannot be issued.',
      description: 'The canary Certificate is not Ready, or is past its renewal time by more than '
        + `${humanSeconds(grace)}: its issuer is failing, and will fail your production certificates too. Check the Certificate's `
        + 'events and its latest CertificateRequest (and Order and Challenges for ACME).',
    },
    {
      alert: PROBE_FAILED,
      expr: `max by (${by}) (up{job="${job}"}) unless on (instance) probe_ssl_earliest_cert_expiry{job="${job}"}`,
      for: Duration.minutes(15),
      severity: AlertSeverity.WARNING,
      summary: `The rotation canary at ${where} cannot be read.`,
      description: 'The blackbox exporter reports no TLS certificate for this canary target, so rotation cannot be followed: '
        + 'the host is unreachable from the exporter or does not resolve, the handshake fails (the module verifies a '
        + 'certificate it does not trust), or the exporter does not know the module.',
    },
  ];
}
