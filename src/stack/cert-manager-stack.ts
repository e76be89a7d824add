import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CertificateChecks, DeploymentEnvironment } from '../checks/certificate-checks';
import { CertificateGraph } from '../graph/certificate-graph';
import { CertManager, CertManagerProps } from '../install/cert-manager';
import { CertManagerCrds } from '../install/crds';
import { Reloader, ReloaderProps } from '../install/reloader';
import { AcmeServer } from '../issuers/acme-server';
import { AcmeSolver } from '../issuers/acme-solver';
import { ClusterIssuer } from '../issuers/cluster-issuer';
import { Dns01Provider } from '../issuers/dns01-provider';
import { IssuerConfig } from '../issuers/issuer-config';
import { IIssuer } from '../issuers/issuer-ref';
import { CertManagerAlerts, CertManagerAlertsProps } from '../monitoring/alerts';
import { CertificateProbes, CertificateProbesProps } from '../monitoring/certificate-probes';
import { CertManagerDashboard, CertManagerDashboardProps } from '../monitoring/dashboard';
import { RotationCanary, RotationCanaryOptions } from '../monitoring/rotation-canary';
import { PrivateCa, PrivateCaProps } from '../pki/private-ca';
import { fail } from '../private/errors';
import { checkEmail, checkSubdomain } from '../private/names';

/** The DNS-01 ClusterIssuer of a {@link CertManagerStack}. */
export interface StackDns01Options {
  /** The DNS provider holding the zones, e.g. `Dns01Provider.route53()`. */
  readonly provider: Dns01Provider;

  /** The zones the issuer proves names in (wildcards included), e.g. `["example.com"]`. */
  readonly dnsZones: string[];

  /**
   * Name of the ClusterIssuer.
   *
   * @default "letsencrypt-dns01"
   */
  readonly name?: string;
}

/** Argo CD annotations on the objects of a {@link CertManagerStack}. */
export interface ArgoCdOptions {
  /**
   * Annotate each stage with a sync wave (`argocd.argoproj.io/sync-wave`): CRDs -3, install -2,
   * issuers and monitoring -1, so one Argo CD Application syncs them in order and waits for each
   * wave to be healthy (the webhook ready) before the next. Your own charts stay in wave 0.
   *
   * @default true
   */
  readonly syncWaves?: boolean;

  /**
   * Add `SkipDryRunOnMissingResource=true` to the custom resources (issuers, certificates,
   * monitoring objects), so the first sync does not fail its dry run before their CRDs exist.
   *
   * @default true
   */
  readonly skipDryRunOnMissingResource?: boolean;

  /**
   * Apply the CRDs with server-side apply (`ServerSideApply=true`) and never prune them
   * (`Prune=false`): deleting a CRD deletes every Certificate and Issuer.
   *
   * @default true
   */
  readonly serverSideApplyCrds?: boolean;
}

/** Props of {@link CertManagerStack}. */
export interface CertManagerStackProps {
  /**
   * Contact email of the Let's Encrypt account (expiry and policy notices). Required when
   * `letsEncrypt` is on.
   *
   * @default - none
   */
  readonly acmeEmail?: string;

  /**
   * Create the `letsencrypt-staging` and `letsencrypt-production` ClusterIssuers (HTTP-01 through
   * an Ingress).
   *
   * @default true
   */
  readonly letsEncrypt?: boolean;

  /**
   * IngressClass of the HTTP-01 solver's temporary Ingresses.
   *
   * @default - the cluster's default IngressClass
   */
  readonly http01IngressClassName?: string;

  /**
   * A Let's Encrypt production ClusterIssuer that proves names over DNS-01, for wildcards and
   * hosts the internet cannot reach.
   *
   * @default - none
   */
  readonly dns01?: StackDns01Options;

  /**
   * Create a private CA for internal services (mTLS, databases).
   *
   * @default true
   */
  readonly privateCa?: boolean;

  /**
   * Configuration of the private CA.
   *
   * @default - PrivateCa defaults, named `internal-ca`
   */
  readonly privateCaOptions?: PrivateCaProps;

  /**
   * Configuration of the cert-manager install. The CRDs always go to their own chart, so
   * `installCrds` is ignored.
   *
   * @default - CertManager's production defaults, with a ServiceMonitor when monitoring is on
   */
  readonly install?: CertManagerProps;

  /**
   * Create the alert rules and the Grafana dashboard, and scrape cert-manager.
   *
   * @default true
   */
  readonly monitoring?: boolean;

  /**
   * Labels on the PrometheusRule, ServiceMonitor and PodMonitors, e.g. the `release` label
   * kube-prometheus-stack selects on.
   *
   * @default - none
   */
  readonly monitoringLabels?: { [key: string]: string };

  /**
   * Configuration of the alert rules.
   *
   * @default - CertManagerAlerts defaults, with `monitoringLabels`
   */
  readonly alerts?: CertManagerAlertsProps;

  /**
   * Configuration of the Grafana dashboard.
   *
   * @default - CertManagerDashboard defaults
   */
  readonly dashboard?: CertManagerDashboardProps;

  /**
   * Probe every host the app serves with a certificate through a blackbox exporter, and alert when
   * the certificate on the wire expires earlier than the one cert-manager stored
   * (see {@link CertificateProbes}). Needs a blackbox exporter with a TLS module.
   *
   * @default - no probes
   */
  readonly servedCertificateProbes?: CertificateProbesProps;

  /**
   * Add a {@link RotationCanary} to the monitoring chart: a short-lived certificate renewed every
   * 20 minutes through your ingress controller or Gateway, probed, with alerts when any link of
   * the rotation path breaks. Its namespace, labels and prober address default to the stack's.
   *
   * @default - no canary
   */
  readonly rotationCanary?: RotationCanaryOptions;

  /**
   * The issuer of the rotation canary.
   *
   * @default - the private CA's issuer; required when `privateCa` is false
   */
  readonly rotationCanaryIssuer?: IIssuer;

  /**
   * Install stakater Reloader, which restarts workloads wired with `Certificate.reloadOnRotation`
   * when their certificate is renewed. Turn off when the cluster already runs it.
   *
   * @default true
   */
  readonly reloader?: boolean;

  /**
   * Configuration of Reloader.
   *
   * @default - Reloader defaults
   */
  readonly reloaderOptions?: ReloaderProps;

  /**
   * Keep the synth-time check pack on for the whole app. It is on by default for every app with
   * a construct of this library; `false` turns it off with `CertificateChecks.disable`, and every
   * synthesis prints that the checks are off.
   *
   * @default true
   */
  readonly checks?: boolean;

  /**
   * Mark the whole app as deploying to this environment, for the checks that compare ACME
   * servers with it.
   *
   * @default - unmarked
   */
  readonly environment?: DeploymentEnvironment;

  /**
   * Argo CD annotations (sync waves, skip dry run, server-side CRDs).
   *
   * @default - none: for Flux, or plain `kubectl apply` of the files in name order
   */
  readonly argoCd?: ArgoCdOptions;
}

/** The Argo CD sync wave of each stage chart. */
const STAGES = { crds: '-3', install: '-2', issuers: '-1', monitoring: '-1' } as const;
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * The whole production setup in one construct, split into charts that apply in file-name order.
 *
 * Creates four charts next to itself (as siblings under the same parent, so their files are
 * named after them): `<id>-crds` (the CRDs), `<id>-install` (cert-manager, HA with
 * PodDisruptionBudgets and limits, a ServiceMonitor, Reloader), `<id>-issuers` (Let's Encrypt
 * staging and production, an optional DNS-01 issuer, the private CA) and `<id>-monitoring` (alert
 * rules and dashboard). Each depends on the one before, so `cdk8s synth` numbers the files in
 * apply order (`0000-…-crds.k8s.yaml`, `0001-…-install.k8s.yaml`, …). Make your own charts
 * apply after the issuers with `addDependent(chart)`.
 *
 * Every part can be switched off, and every part is reachable for further configuration.
 *
 * @example
 * const app = new App();
 * const certs = new CertManagerStack(app, 'cert-manager', {
 *   acmeEmail: 'platform@example.com',
 *   monitoringLabels: { release: 'kube-prometheus-stack' },
 * });
 * const web = new Chart(app, 'web', { namespace: 'web' });
 * certs.addDependent(web);
 */
export class CertManagerStack extends Construct {
  /** The chart of the CRDs (applied first). */
  public readonly crdsChart: Chart;
  /** The chart of the cert-manager install and Reloader. */
  public readonly installChart: Chart;
  /** The chart of the ClusterIssuers and the private CA. */
  public readonly issuersChart: Chart;
  /** The chart of the alert rules and the dashboard, when monitoring is on. */
  public readonly monitoringChart?: Chart;

  /** The CRDs. */
  public readonly crds: CertManagerCrds;
  /** The cert-manager install. */
  public readonly certManager: CertManager;
  /** Reloader, when on. */
  public readonly reloader?: Reloader;
  /** `letsencrypt-staging`, when Let's Encrypt is on. */
  public readonly letsEncryptStaging?: ClusterIssuer;
  /** `letsencrypt-production`, when Let's Encrypt is on. */
  public readonly letsEncryptProduction?: ClusterIssuer;
  /** The DNS-01 ClusterIssuer, when configured. */
  public readonly dns01Issuer?: ClusterIssuer;
  /** The private CA, when on. */
  public readonly privateCa?: PrivateCa;
  /** The alert rules, when monitoring is on. */
  public readonly alerts?: CertManagerAlerts;
  /** The Grafana dashboard, when monitoring is on. */
  public readonly dashboard?: CertManagerDashboard;
  /** The served-certificate probes, when `servedCertificateProbes` is set. */
  public readonly probes?: CertificateProbes;
  /** The rotation canary, when `rotationCanary` is set. */
  public readonly rotationCanary?: RotationCanary;

  constructor(scope: Construct, id: string, props: CertManagerStackProps = {}) {
    super(scope, id);
    CertificateGraph.of(this); // joins the app's graph, which turns the check pack on
    const letsEncrypt = props.letsEncrypt ?? true;
    const monitoring = props.monitoring ?? true;
    if (letsEncrypt || props.dns01) {
      if (props.acmeEmail === undefined) {
        fail(this, 'acmeEmail is not set; Let\'s Encrypt needs a contact address for expiry and policy notices; set acmeEmail, '
          + 'or letsEncrypt: false without dns01');
      }
      checkEmail(this, 'acmeEmail', props.acmeEmail);
    }
    if (props.install?.installCrds) {
      fail(this, 'install.installCrds is true, but the stack installs the CRDs in its own chart so they apply first; leave '
        + 'installCrds unset');
    }

    // Charts are siblings of this construct, so their files are named `<id>-<stage>`.
    const parent = this.node.scope!;
    this.crdsChart = new StageChart(parent, `${id}-crds`);
    this.installChart = new StageChart(parent, `${id}-install`);
    this.issuersChart = new StageChart(parent, `${id}-issuers`);
    this.installChart.addDependency(this.crdsChart);
    this.issuersChart.addDependency(this.installChart);

    this.crds = new CertManagerCrds(this.crdsChart, 'Crds');
    this.certManager = new CertManager(this.installChart, 'CertManager', {
      ...props.install,
      installCrds: false,
      serviceMonitor: props.install?.serviceMonitor ?? (monitoring ? { labels: props.monitoringLabels } : undefined),
    });
    if (props.reloader ?? true) {
      this.reloader = new Reloader(this.installChart, 'Reloader', props.reloaderOptions);
    }

    const clusterResourceNamespace = this.certManager.clusterResourceNamespace;
    if (letsEncrypt) {
      const solvers = [AcmeSolver.http01Ingress({ ingressClassName: props.http01IngressClassName })];
      this.letsEncryptStaging = new ClusterIssuer(this.issuersChart, 'LetsEncryptStaging', {
        name: 'letsencrypt-staging',
        clusterResourceNamespace,
        config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT_STAGING, email: props.acmeEmail!, solvers }),
      });
      this.letsEncryptProduction = new ClusterIssuer(this.issuersChart, 'LetsEncryptProduction', {
        name: 'letsencrypt-production',
        clusterResourceNamespace,
        config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: props.acmeEmail!, solvers }),
      });
    }
    if (props.dns01) {
      const name = props.dns01.name ?? 'letsencrypt-dns01';
      checkSubdomain(this, 'dns01.name', name);
      if (!props.dns01.dnsZones || props.dns01.dnsZones.length === 0) {
        fail(this, 'dns01.dnsZones is empty; list the zones the provider manages, e.g. ["example.com"]');
      }
      this.dns01Issuer = new ClusterIssuer(this.issuersChart, 'Dns01', {
        name,
        clusterResourceNamespace,
        config: IssuerConfig.acme({
          server: AcmeServer.LETS_ENCRYPT,
          email: props.acmeEmail!,
          solvers: [AcmeSolver.dns01(props.dns01.provider, { dnsZones: props.dns01.dnsZones })],
        }),
      });
    }
    if (props.privateCa ?? true) {
      this.privateCa = new PrivateCa(this.issuersChart, 'PrivateCa', {
        name: 'internal-ca',
        ...props.privateCaOptions,
        clusterResourceNamespace: props.privateCaOptions?.clusterResourceNamespace ?? clusterResourceNamespace,
      });
    }

    if (monitoring) {
      this.monitoringChart = new StageChart(parent, `${id}-monitoring`);
      this.monitoringChart.addDependency(this.issuersChart);
      this.alerts = new CertManagerAlerts(this.monitoringChart, 'Alerts', {
        namespace: this.certManager.namespace,
        certManagerNamespace: this.certManager.namespace,
        ...props.alerts,
        labels: props.alerts?.labels ?? props.monitoringLabels,
      });
      this.dashboard = new CertManagerDashboard(this.monitoringChart, 'Dashboard', {
        namespace: this.certManager.namespace,
        ...props.dashboard,
      });
      if (props.servedCertificateProbes) {
        this.probes = new CertificateProbes(this.monitoringChart, 'Probes', {
          namespace: this.certManager.namespace,
          ...props.servedCertificateProbes,
          labels: props.servedCertificateProbes.labels ?? props.monitoringLabels,
        });
      }
    } else if (props.servedCertificateProbes) {
      fail(this, 'servedCertificateProbes is set but monitoring is false; turn monitoring on, or drop the probes');
    }
    if (props.rotationCanary) this.rotationCanary = this.addRotationCanary(props);

    if (props.checks === false) CertificateChecks.disable(this.node.root, `turned off with the checks prop of CertManagerStack ${this.node.path}`);
    if (props.environment) CertificateChecks.markEnvironment(this.node.root, props.environment);
    const argoCd = props.argoCd;
    if (argoCd) {
      // Now, for output modes that render objects one by one, and again when each chart renders,
      // for objects added to the stage charts after the stack was created.
      this.annotateForArgoCd(argoCd);
      for (const chart of [this.crdsChart, this.installChart, this.issuersChart, this.monitoringChart]) {
        if (chart instanceof StageChart) (chart as StageChart).beforeRender = () => this.annotateForArgoCd(argoCd);
      }
    }
  }

  /**
   * Makes `charts` apply after the issuers (and so after the CRDs and the install): their files
   * are numbered after the stack's.
   */
  public addDependent(...charts: Chart[]): void {
    for (const chart of charts) {
      if (!(chart instanceof Chart)) fail(this, `addDependent got ${String(chart)}, which is not a Chart; pass your Chart objects`);
      chart.addDependency(this.issuersChart);
    }
  }

  private addRotationCanary(props: CertManagerStackProps): RotationCanary {
    const canary = props.rotationCanary!;
    const chart = this.monitoringChart
      ?? fail(this, 'rotationCanary is set but monitoring is false; turn monitoring on, or drop rotationCanary');
    const issuer = props.rotationCanaryIssuer ?? this.privateCa?.issuer
      ?? fail(this, 'rotationCanary is set but privateCa is false and rotationCanaryIssuer is not set; set rotationCanaryIssuer '
        + '(an issuer of your app, or ClusterIssuer.fromClusterIssuerName(scope, id, "letsencrypt-staging")), or keep the private CA');
    return new RotationCanary(chart, 'RotationCanary', {
      ...canary,
      namespace: canary.namespace ?? this.certManager.namespace,
      proberAddress: canary.proberAddress ?? props.servedCertificateProbes?.proberAddress,
      labels: canary.labels ?? props.monitoringLabels,
      issuer,
    });
  }

  private annotateForArgoCd(options: ArgoCdOptions): void {
    const stages: Array<[Chart | undefined, string]> = [
      [this.crdsChart, STAGES.crds], [this.installChart, STAGES.install],
      [this.issuersChart, STAGES.issuers], [this.monitoringChart, STAGES.monitoring],
    ];
    for (const [chart, wave] of stages) {
      if (!chart) continue;
      for (const obj of apiObjects(chart)) {
        if (options.syncWaves ?? true) obj.metadata.addAnnotation(SYNC_WAVE, wave);
        const syncOptions: string[] = [];
        if (chart === this.crdsChart && (options.serverSideApplyCrds ?? true)) syncOptions.push('ServerSideApply=true', 'Prune=false');
        if (isCustomResource(obj) && (options.skipDryRunOnMissingResource ?? true)) syncOptions.push('SkipDryRunOnMissingResource=true');
        if (syncOptions.length > 0) obj.metadata.addAnnotation(SYNC_OPTIONS, syncOptions.join(','));
      }
    }
  }
}

/** A stage chart: runs a hook before it renders its objects. */
class StageChart extends Chart {
  public beforeRender?: () => void;

  public toJson(): any[] {
    this.beforeRender?.();
    return super.toJson();
  }
}

function apiObjects(scope: IConstruct): ApiObject[] {
  return scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** Kinds from CRDs that the cluster may not know at the first dry run. */
function isCustomResource(obj: ApiObject): boolean {
  const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
  return group.endsWith('cert-manager.io') || group === 'monitoring.coreos.com';
}
