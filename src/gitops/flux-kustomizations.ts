import { ApiObject, Chart, Duration, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecSourceRefKind } from '../imports/kustomize.toolkit.fluxcd.io';
import { positiveGoDuration } from '../private/duration';
import { fail } from '../private/errors';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import type { CertManagerStack } from '../stack/cert-manager-stack';
import { chartFolder, checkRepoPath, dependencyNames, deployedCharts, folderPerChart } from './private/deployed-charts';

/** Kind of the Flux source a {@link FluxKustomizations} reads the synthesized output from. */
export enum FluxSourceKind {
  /** A `GitRepository` (`flux bootstrap` creates one named `flux-system`). */
  GIT_REPOSITORY = 'GitRepository',
  /** An `OCIRepository`. */
  OCI_REPOSITORY = 'OCIRepository',
  /** A `Bucket`. */
  BUCKET = 'Bucket',
}

/** Props of {@link FluxKustomizations}. */
export interface FluxKustomizationsProps {
  /** The stack whose stage charts are deployed, one Kustomization each. */
  readonly stack: CertManagerStack;

  /**
   * Your own charts, one Kustomization each, after the stack's charts they depend on
   * (`stack.addDependent(chart)`).
   *
   * @default - only the stack's charts
   */
  readonly charts?: Chart[];

  /**
   * The folder of the source the synthesized output (the app's `outdir`) is committed to, from the
   * source's root, e.g. `clusters/production`. Each Kustomization reads its chart's folder in it.
   */
  readonly path: string;

  /**
   * Name of the Flux source.
   *
   * @default "flux-system" (what `flux bootstrap` creates)
   */
  readonly sourceName?: string;

  /**
   * Kind of the Flux source.
   *
   * @default FluxSourceKind.GIT_REPOSITORY
   */
  readonly sourceKind?: FluxSourceKind;

  /**
   * Namespace of the source, when it is not the Kustomizations' own.
   *
   * @default - the Kustomizations' namespace
   */
  readonly sourceNamespace?: string;

  /**
   * Namespace of the Kustomizations.
   *
   * @default "flux-system"
   */
  readonly namespace?: string;

  /**
   * How often Flux reconciles each Kustomization.
   *
   * @default Duration.minutes(10)
   */
  readonly interval?: Duration;

  /**
   * How long Flux waits for a stage to become ready before the reconciliation fails.
   *
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/**
 * One Flux `Kustomization` per chart of a {@link CertManagerStack} and of your own charts, so Flux
 * applies the stages in order and each only once the one before is ready.
 *
 * Needs a {@link SinglePassApp} that writes one folder per chart
 * (`yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`): each Kustomization reads
 * its chart's folder (`<path>/0001-cert-manager-install`), a name that stays the same when charts
 * are added. Each depends (`dependsOn`) on the Kustomizations of the charts its chart depends on.
 * The CRDs, issuers, monitoring and your charts `wait` for all their objects to be ready; the CRDs
 * are never pruned. The install checks the health of the cert-manager webhook Deployment
 * (`healthChecks`; Flux ignores them when `wait` is on): the issuers can only be admitted once the
 * webhook serves.
 *
 * Put it in a chart of its own; its folder is the one you point Flux at (`flux bootstrap --path`,
 * or a Kustomization of your own).
 *
 * @example
 * const app = new SinglePassApp({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
 * const certs = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com' });
 * const web = new Chart(app, 'web', { namespace: 'web' });
 * certs.addDependent(web);
 * new FluxKustomizations(new Chart(app, 'flux'), 'Kustomizations', {
 *   stack: certs,
 *   charts: [web],
 *   path: 'clusters/production',
 * });
 */
export class FluxKustomizations extends Construct {
  /** The Kustomizations, one per deployed chart: the stack's stages first, then your charts. */
  public readonly kustomizations: ApiObject[];

  private readonly byChart = new Map<Chart, ApiObject>();

  constructor(scope: Construct, id: string, props: FluxKustomizationsProps) {
    super(scope, id);
    const deployed = deployedCharts(this, 'FluxKustomizations', props.stack, props.charts);
    if (!folderPerChart(deployed.app)) {
      fail(this, 'FluxKustomizations reads one folder per chart, but the app writes one file per chart; create the app with '
        + 'new SinglePassApp({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE })');
    }
    const base = checkRepoPath(this, 'path', props.path);
    const namespace = props.namespace ?? 'flux-system';
    checkDnsLabel(this, 'namespace', namespace);
    const sourceName = props.sourceName ?? 'flux-system';
    checkSubdomain(this, 'sourceName', sourceName);
    if (props.sourceNamespace !== undefined) checkDnsLabel(this, 'sourceNamespace', props.sourceNamespace);
    const interval = positiveGoDuration(this, 'interval', props.interval ?? Duration.minutes(10));
    const timeout = positiveGoDuration(this, 'timeout', props.timeout ?? Duration.minutes(5));
    const webhook = props.stack.certManager.webhookDeployment;

    this.kustomizations = deployed.charts.map((chart) => {
      const name = Names.toDnsLabel(chart);
      const isInstall = chart === deployed.installChart;
      // Rendered when the chart's folder name and dependencies are known: during synthesis.
      const spec = Lazy.any({
        produce: () => {
          const dependsOn = dependencyNames(this, chart, deployed.charts);
          return Kustomization.manifest({
            metadata: { name, namespace },
            spec: {
              interval,
              timeout,
              path: `./${chartFolder(base, chart)}`,
              prune: chart !== deployed.crdsChart,
              sourceRef: {
                kind: (props.sourceKind ?? FluxSourceKind.GIT_REPOSITORY) as string as KustomizationSpecSourceRefKind,
                name: sourceName,
                namespace: props.sourceNamespace,
              },
              dependsOn: dependsOn.length > 0 ? dependsOn.map((n) => ({ name: n })) : undefined,
              wait: isInstall ? undefined : true,
              healthChecks: isInstall
                ? [{ apiVersion: webhook.apiVersion, kind: webhook.kind, name: webhook.name, namespace: webhook.metadata.namespace }]
                : undefined,
            },
          }).spec;
        },
      });
      const obj = new ApiObject(this, name, {
        apiVersion: Kustomization.GVK.apiVersion,
        kind: Kustomization.GVK.kind,
        metadata: { name, namespace },
        spec,
      });
      this.byChart.set(chart, obj);
      return obj;
    });
  }

  /** The Kustomization that deploys `chart`. */
  public kustomizationOf(chart: Chart): ApiObject {
    const obj = this.byChart.get(chart);
    if (!obj) fail(this, `"${chart.node.path}" is not deployed by these Kustomizations; add it to charts`);
    return obj;
  }
}
