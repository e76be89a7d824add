import { App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SinglePassApp } from '../../app/single-pass-app';
import { fail } from '../../private/errors';
import type { CertManagerStack } from '../../stack/cert-manager-stack';

/** What a GitOps tool deploys: one unit per chart, in the order of the chart dependencies. */
export interface DeployedCharts {
  /** The app's SinglePassApp (its output names are stable, so the tool's paths are too). */
  readonly app: SinglePassApp;
  /** The stack's stage charts, then the user's charts. */
  readonly charts: Chart[];
  /** The CRD chart (never pruned, applied server-side). */
  readonly crdsChart: Chart;
  /** The install chart (its readiness gates the charts after it). */
  readonly installChart: Chart;
}

/**
 * The charts a GitOps tool deploys for `stack` plus `userCharts`, checked: the app must be a
 * SinglePassApp (stable output names), each chart listed once, none of them the chart holding the
 * GitOps objects, and no two with the same object name.
 */
export function deployedCharts(scope: IConstruct, what: string, stack: CertManagerStack, userCharts: Chart[] = []): DeployedCharts {
  const app = scope.node.root as App;
  if (!(app instanceof SinglePassApp)) {
    fail(scope, `${what} needs the app to be a SinglePassApp, whose output names stay the same when charts are added, so `
      + `the paths it points at stay valid; the app is a ${app.constructor.name}; create it with new SinglePassApp()`);
  }
  const stages = [stack.crdsChart, stack.installChart, stack.issuersChart, ...(stack.monitoringChart ? [stack.monitoringChart] : [])];
  const charts = [...stages];
  for (const chart of userCharts) {
    if (!(chart instanceof Chart)) fail(scope, `charts holds ${String(chart)}, which is not a Chart; pass your Chart objects`);
    if (charts.includes(chart)) {
      fail(scope, `charts lists "${chart.node.path}" ${stages.includes(chart) ? 'which is a stage chart of the stack, deployed anyway' : 'twice'}; `
        + 'list each of your own charts once');
    }
    charts.push(chart);
  }
  const own = Chart.of(scope);
  if (charts.includes(own)) {
    fail(scope, `${what} is in "${own.node.path}", one of the charts it deploys, so it would deploy itself; put it in a chart `
      + 'of its own (new Chart(app, \'gitops\'))');
  }
  const byName = new Map<string, Chart>();
  for (const chart of charts) {
    const name = Names.toDnsLabel(chart);
    const other = byName.get(name);
    if (other) {
      fail(scope, `"${other.node.path}" and "${chart.node.path}" would both be deployed as "${name}"; give one of the charts `
        + 'a different id');
    }
    byName.set(name, chart);
  }
  return { app, charts, crdsChart: stack.crdsChart, installChart: stack.installChart };
}

/** True when the app writes one folder per chart (else one file per chart). */
export function folderPerChart(app: SinglePassApp): boolean {
  return app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE;
}

/**
 * Checks the repository folder the app's output is committed to: relative, with `/` separators,
 * no `..`, no trailing `/`, e.g. `clusters/production`, or `.` for the root. Returns it without a
 * leading `./`.
 */
export function checkRepoPath(scope: IConstruct, prop: string, path: string): string {
  const clean = path === './' ? '.' : path.replace(/^\.\//, '');
  const segments = clean.split('/');
  if (path.startsWith('/') || path.includes('\\') || /\s/.test(path)
    || (clean !== '.' && segments.some((s) => s === '' || s === '.' || s === '..'))) {
    fail(scope, `${prop} "${path}" is not a folder of the repository; use the path from the repository root to the folder `
      + 'the synthesized output is committed to, with "/" separators and no "..", e.g. "clusters/production"');
  }
  return clean;
}

/** The repository path of a chart's output folder (one folder per chart). */
export function chartFolder(base: string, chart: Chart): string {
  const name = SinglePassApp.outputNameOf(chart);
  return base === '.' ? name : `${base}/${name}`;
}

/**
 * The object names (chart DNS labels) of the charts `chart` depends on, in `charts` order. Called
 * during synthesis, once the app has resolved its dependencies; fails when one of them is not
 * deployed by `scope`.
 */
export function dependencyNames(scope: IConstruct, chart: Chart, charts: Chart[]): string[] {
  const deps = chart.node.dependencies.filter((d): d is Chart => d instanceof Chart && d !== chart);
  for (const dep of deps) {
    if (!charts.includes(dep)) {
      fail(scope, `"${chart.node.path}" depends on the chart "${dep.node.path}", which is not deployed with it, so it would `
        + `wait for it forever; add "${dep.node.path}" to charts`);
    }
  }
  return charts.filter((c) => deps.includes(c)).map((c) => Names.toDnsLabel(c));
}
