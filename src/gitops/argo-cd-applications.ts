import { ApiObject, Chart, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { SinglePassApp } from '../app/single-pass-app';
import { Application } from '../imports/argoproj.io';
import { fail } from '../private/errors';
import { checkDnsLabel, checkNonEmpty, checkSubdomain } from '../private/names';
import type { CertManagerStack } from '../stack/cert-manager-stack';
import { chartFolder, checkRepoPath, deployedCharts, dependencyNames, folderPerChart } from './private/deployed-charts';

const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** Props of {@link ArgoCdApplications}. */
export interface ArgoCdApplicationsProps {
  /** The stack whose stage charts are deployed, one Application each. */
  readonly stack: CertManagerStack;

  /**
   * Your own charts, one Application each, in the sync wave after the stack's charts they depend
   * on (`stack.addDependent(chart)`).
   *
   * @default - only the stack's charts
   */
  readonly charts?: Chart[];

  /** URL of the Git repository the synthesized output is committed to. */
  readonly repoUrl: string;

  /**
   * The folder of the repository the synthesized output (the app's `outdir`) is committed to,
   * from the repository root, e.g. `clusters/production`.
   */
  readonly path: string;

  /**
   * Branch, tag or commit Argo CD deploys.
   *
   * @default "HEAD"
   */
  readonly targetRevision?: string;

  /**
   * Argo CD project of the Applications.
   *
   * @default "default"
   */
  readonly project?: string;

  /**
   * Namespace of the Applications (where Argo CD runs).
   *
   * @default "argocd"
   */
  readonly namespace?: string;

  /**
   * API server the objects are deployed to.
   *
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;

  /**
   * Sync automatically, pruning removed objects (never the CRDs) and reverting drift.
   *
   * @default true
   */
  readonly automated?: boolean;
}

/**
 * One Argo CD `Application` per chart of a {@link CertManagerStack} and of your own charts, each
 * in the sync wave of its chart's dependency depth (CRDs 0, install 1, issuers 2, monitoring and
 * your charts 3), for an app-of-apps: the parent Application syncs them wave by wave.
 *
 * Needs a {@link SinglePassApp}, whose output names stay the same when charts are added. With one
 * file per chart each Application reads `path` and includes only its chart's file; with one
 * folder per chart it reads its chart's folder. The CRD Application syncs server-side and never
 * prunes. Argo CD waits for an Application of one wave to be healthy before the next only when
 * its `argocd-cm` has a health check for `argoproj.io/Application` (see the README's GitOps
 * section).
 *
 * Put it in a chart of its own and point the parent Application at that chart's output.
 *
 * @example
 * const app = new SinglePassApp();
 * const certs = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com' });
 * const web = new Chart(app, 'web', { namespace: 'web' });
 * certs.addDependent(web);
 * new ArgoCdApplications(new Chart(app, 'argocd'), 'Applications', {
 *   stack: certs,
 *   charts: [web],
 *   repoUrl: 'https://github.com/example/platform.git',
 *   path: 'clusters/production',
 * });
 */
export class ArgoCdApplications extends Construct {
  /** The Applications, one per deployed chart: the stack's stages first, then your charts. */
  public readonly applications: ApiObject[];

  private readonly byChart = new Map<Chart, ApiObject>();

  constructor(scope: Construct, id: string, props: ArgoCdApplicationsProps) {
    super(scope, id);
    const deployed = deployedCharts(this, 'ArgoCdApplications', props.stack, props.charts);
    const base = checkRepoPath(this, 'path', props.path);
    checkNonEmpty(this, 'repoUrl', props.repoUrl);
    const targetRevision = props.targetRevision ?? 'HEAD';
    checkNonEmpty(this, 'targetRevision', targetRevision);
    const project = props.project ?? 'default';
    checkSubdomain(this, 'project', project);
    const namespace = props.namespace ?? 'argocd';
    checkDnsLabel(this, 'namespace', namespace);
    const server = props.destinationServer ?? 'https://kubernetes.default.svc';
    checkNonEmpty(this, 'destinationServer', server);
    const automated = props.automated ?? true;
    const folders = folderPerChart(deployed.app);
    const ext = deployed.app.outputFileExtension;

    this.applications = deployed.charts.map((chart) => {
      const name = Names.toDnsLabel(chart);
      const crds = chart === deployed.crdsChart;
      // Rendered when the chart's output name and depth are known: during synthesis.
      const source = () => {
        const folder = chartFolder(base, chart);
        if (folders) return { repoUrl: props.repoUrl, targetRevision, path: folder };
        const file = folder.split('/').pop()!;
        return { repoUrl: props.repoUrl, targetRevision, path: base, directory: { include: `${file}${ext}` } };
      };
      const spec = Lazy.any({
        produce: () => {
          dependencyNames(this, chart, deployed.charts); // every chart it depends on is deployed too
          return Application.manifest({
            metadata: { name, namespace },
            spec: {
              project,
              source: source(),
              destination: { server },
              syncPolicy: {
                automated: automated ? { prune: !crds, selfHeal: true } : undefined,
                syncOptions: crds ? ['ServerSideApply=true'] : undefined,
              },
            },
          }).spec;
        },
      });
      const obj = new ApiObject(this, name, {
        apiVersion: Application.GVK.apiVersion,
        kind: Application.GVK.kind,
        metadata: {
          name,
          namespace,
          annotations: { [SYNC_WAVE]: Lazy.any({ produce: () => String(SinglePassApp.depthOf(chart)) }) as unknown as string },
        },
        spec,
      });
      this.byChart.set(chart, obj);
      return obj;
    });
  }

  /** The Application that deploys `chart`. */
  public applicationOf(chart: Chart): ApiObject {
    const obj = this.byChart.get(chart);
    if (!obj) fail(this, `"${chart.node.path}" is not deployed by these Applications; add it to charts`);
    return obj;
  }
}
