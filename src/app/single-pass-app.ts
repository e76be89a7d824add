import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { failValidation } from '../private/errors';
import { RenderPhase } from '../private/render-phase';

/** Digits of the dependency-depth prefix of a file name (`0002-web.k8s.yaml`). */
const DEPTH_DIGITS = 4;

/**
 * A cdk8s `App` that synthesizes every chart in one pass and names its files after each chart and
 * its dependency depth.
 *
 * **One pass.** cdk8s's `App.synth()` renders each chart with `Chart.toJson()`, which resolves
 * the dependencies of the whole app and runs every validation of the whole app again, once per
 * chart (cdk8s-core issue 1053). An app with many charts therefore costs charts × constructs.
 * `SinglePassApp` runs the validations once, resolves the dependencies once (the same rules as
 * cdk8s), and then renders each chart's objects in dependency order through cdk8s's public
 * `DependencyGraph`. Each chart's file content is byte-identical to what `App` writes. A chart
 * that overrides `toJson()` is still rendered through its own `toJson()`, so its override applies
 * (at cdk8s's cost for that chart). When cdk8s renders charts without revalidating the app, this
 * class can be replaced by `App` again; only the file names differ.
 *
 * **One render.** Each object renders once per synthesis. The validations of this library that
 * read manifests (the check pack, the Ingress, Gateway and workload wiring) run after the objects
 * are rendered and read those renders, instead of rendering the objects themselves during the
 * validation pass; their errors are reported together with the other validations', before
 * anything is written.
 *
 * **Stable names.** `App` numbers the files of an app whose charts depend on each other by their
 * position in the topological order (`0004-shop.k8s.yaml`), so adding one chart renames every
 * later file. `SinglePassApp` prefixes each file with the chart's dependency depth instead: 0 for
 * a chart that depends on no other chart, otherwise one more than the deepest chart it depends on
 * (`0003-shop.k8s.yaml` after a stack's CRDs, install, issuers). A name depends only on the chart
 * and the charts it depends on, so adding or removing an unrelated chart renames nothing, and
 * applying the files in name order still applies every chart after the charts it depends on.
 *
 * **Output types.** `YamlOutputType.FILE_PER_CHART` (the default) writes
 * `<depth>-<chart>.k8s.yaml`; `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE` writes
 * `<depth>-<chart>/<Kind>.<name>.k8s.yaml`, one file per object. `FILE_PER_APP` and
 * `FILE_PER_RESOURCE` drop the chart from the file name, so they have no stable per-chart layout:
 * the constructor refuses them; use cdk8s's `App` for those.
 *
 * Nothing is written when the app fails: validation errors, a dependency cycle and two charts
 * (or two objects of one chart) that would write the same file all fail before the first file.
 *
 * @example
 * const app = new SinglePassApp();
 * const certs = new CertManagerStack(app, 'cert-manager', { acmeEmail: 'platform@example.com' });
 * const web = new Chart(app, 'web', { namespace: 'web' });
 * certs.addDependent(web);
 * app.synth(); // dist/0000-cert-manager-crds.k8s.yaml … dist/0003-web.k8s.yaml
 */
export class SinglePassApp extends App {
  /**
   * The dependency depth of a chart: 0 when it depends on no other chart, otherwise one more than
   * the deepest chart it depends on. Dependencies cdk8s infers (a nested chart, an object that
   * depends on an object of another chart) count once the app has resolved them, during `synth()`.
   */
  public static depthOf(chart: Chart): number {
    return depths([chart]).get(chart)!;
  }

  /**
   * The name a chart's output gets: `<depth>-<chart>`, the file name without its extension
   * (`0003-web` for `0003-web.k8s.yaml`) or the folder name with one folder per chart. Call it
   * during synthesis (from a `Lazy`) when the chart's dependencies may still be inferred.
   */
  public static outputNameOf(chart: Chart): string {
    return outputName(chart, SinglePassApp.depthOf(chart));
  }

  private readonly writeMetadata: boolean;

  constructor(props: AppProps = {}) {
    super(props);
    const type = this.yamlOutputType;
    if (type !== YamlOutputType.FILE_PER_CHART && type !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
      throw new Error(`SinglePassApp: yamlOutputType is ${YamlOutputType[type] ?? String(type)}, which does not name files after `
        + 'charts, so it has no stable per-chart layout; use YamlOutputType.FILE_PER_CHART (the default) or '
        + 'YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, or cdk8s\'s App for this output type');
    }
    this.writeMetadata = props.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
    RenderPhase.enable(this);
  }

  /**
   * Validates the app once, resolves its dependencies once and writes every chart to `outdir`
   * under its stable name. Writes nothing when any of that fails.
   */
  public synth(): void {
    const files = this.render();
    mkdirSync(this.outdir, { recursive: true });
    for (const [file, content] of files) {
      mkdirSync(join(this.outdir, file, '..'), { recursive: true });
      writeFileSync(join(this.outdir, file), content, { encoding: 'utf8' });
    }
    if (this.writeMetadata) {
      const resources: { [name: string]: { path: string } } = {};
      for (const chart of this.orderedCharts()) {
        for (const obj of chartObjects(chart)) resources[obj.name] = { path: obj.node.path };
      }
      writeFileSync(join(this.outdir, 'construct-metadata.json'), JSON.stringify({ version: '1.0.0', resources }));
    }
  }

  /**
   * Validates the app once, resolves its dependencies once, and returns every file `synth()`
   * would write (path relative to `outdir` → content), in apply order, without writing anything.
   */
  public synthFiles(): { [file: string]: string } {
    return Object.fromEntries(this.render());
  }

  /**
   * Validates the app once, resolves its dependencies once, and returns the manifests of every
   * chart in apply order as one YAML stream (each chart's objects as `synth()` writes them).
   */
  public synthYaml(): string {
    return Yaml.stringify(...this.renderCharts(false).flatMap((c) => c.manifests));
  }

  /**
   * The whole synthesis except writing: validates once, resolves the dependencies once, renders
   * each object once, then runs the validations that read manifests (the check pack, the Ingress
   * and Gateway wiring) on those renders. Returns the charts in apply order with their output name
   * and manifests; throws with every error, so nothing is written. `perObject` renders every
   * chart's objects one by one, as cdk8s writes one file per object, also for a chart that
   * overrides `toJson()`.
   */
  private renderCharts(perObject: boolean): RenderedChart[] {
    const phase = RenderPhase.start(this);
    try {
      const all = this.node.findAll();
      const errors = validationErrors(all);
      if (errors.length > 0) {
        // The objects may not render after a failed validation; the deferred checks render what they read.
        try {
          errors.push(...phase.runDeferred());
        } catch {
          // A check that cannot read an object the validations already refused: report those.
        }
        failValidation(errors);
      }
      resolveDependencies(all);
      const charts = this.orderedCharts(all);
      const depth = depths(charts);
      const rendered = charts.map((chart) => renderChart(chart, outputName(chart, depth.get(chart)!), phase, perObject));
      const deferred = phase.runDeferred();
      if (deferred.length > 0) failValidation(deferred);
      return rendered;
    } finally {
      phase.end(this);
    }
  }

  /** Renders every file in memory: the whole synthesis except writing. */
  private render(): Map<string, string> {
    const files = new Map<string, string>();
    const writers = new Map<string, IConstruct>();
    const claim = (file: string, writer: IConstruct, fix: string) => {
      const other = writers.get(file);
      if (other) {
        throw new Error(`SinglePassApp: "${file}" would be written by both "${other.node.path}" and "${writer.node.path}"; ${fix}`);
      }
      writers.set(file, writer);
    };
    const chartFix = 'give one of the charts a different id (file names are the chart\'s DNS label), or make it depend on '
      + 'another chart so its depth differs';
    const ext = this.outputFileExtension;
    const perChart = this.yamlOutputType === YamlOutputType.FILE_PER_CHART;
    for (const { chart, name, manifests, objects } of this.renderCharts(!perChart)) {
      if (perChart) {
        claim(name + ext, chart, chartFix);
        files.set(name + ext, Yaml.stringify(...manifests));
      } else {
        // As cdk8s writes this output type: each object rendered on its own, without the chart's toJson().
        claim(name, chart, chartFix);
        for (const [i, obj] of objects!.entries()) {
          const file = `${name}/${`${obj.kind}.${obj.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '')}${ext}`;
          claim(file, obj, 'files are named <kind>.<name> in the chart\'s folder: rename one of the objects, or move it to '
            + 'another chart');
          files.set(file, Yaml.stringify(manifests[i]));
        }
      }
    }
    return files;
  }

  /** The charts in apply order: by dependency depth, then by file name. */
  private orderedCharts(all: IConstruct[] = this.node.findAll()): Chart[] {
    const charts = all.filter((c): c is Chart => c instanceof Chart);
    const depth = depths(charts);
    const key = (c: Chart) => outputName(c, depth.get(c)!);
    return charts.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}

function outputName(chart: Chart, depth: number): string {
  return `${String(depth).padStart(DEPTH_DIGITS, '0')}-${Names.toDnsLabel(chart)}`;
}

/** Runs every construct's validations once; returns their errors as cdk8s's `App` lists them. */
function validationErrors(all: IConstruct[]): string[] {
  const errors: string[] = [];
  for (const child of all) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  return errors;
}

/**
 * Turns the dependencies cdk8s infers into explicit ones, with the same rules as cdk8s's `App`:
 * a chart depends on the charts nested in it; a construct that depends on a construct of another
 * chart makes its chart depend on that chart; and every object under a depending construct depends
 * on every object under its dependency, within their own charts.
 */
function resolveDependencies(all: IConstruct[]): void {
  for (const parent of all) {
    if (!(parent instanceof Chart)) continue;
    for (const child of parent.node.children) {
      if (child instanceof Chart) parent.node.addDependency(child);
    }
  }
  for (const [source, target] of dependencyPairs(all)) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
  }
  const objectsUnder = new Map<IConstruct, ApiObject[]>();
  const objects = (scope: IConstruct): ApiObject[] => {
    let found = objectsUnder.get(scope);
    if (!found) {
      const chart = Chart.of(scope);
      found = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
      objectsUnder.set(scope, found);
    }
    return found;
  };
  for (const [source, target] of dependencyPairs(all)) {
    const targets = objects(target);
    if (targets.length === 0) continue;
    for (const s of objects(source)) {
      for (const t of targets) if (s !== t) s.node.addDependency(t);
    }
  }
}

function dependencyPairs(all: IConstruct[]): Array<[IConstruct, IConstruct]> {
  const pairs: Array<[IConstruct, IConstruct]> = [];
  for (const child of all) for (const dep of child.node.dependencies) pairs.push([child, dep]);
  return pairs;
}

/** The API objects a chart writes, in dependency order, as cdk8s's `App` orders them. */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}

/** A chart as rendered: its output name, its manifests and, when rendered object by object, its objects. */
interface RenderedChart {
  readonly chart: Chart;
  readonly name: string;
  readonly manifests: any[];
  /** The objects of `manifests`, in the same order; undefined when the chart rendered through its own `toJson()`. */
  readonly objects?: ApiObject[];
}

/**
 * A chart's manifests: through its own `toJson()` when it overrides it (unless `perObject`), else
 * each object rendered directly, once, and recorded for the deferred checks.
 */
function renderChart(chart: Chart, name: string, phase: RenderPhase, perObject: boolean): RenderedChart {
  if (!perObject && chart.toJson !== Chart.prototype.toJson) return { chart, name, manifests: Object.values(chart.toJson()) };
  const objects = chartObjects(chart);
  return { chart, name, objects, manifests: objects.map((obj) => phase.rendered(obj, obj.toJson())) };
}

/** Dependency depth of `charts` and every chart they depend on; fails on a cycle, naming it. */
function depths(charts: Chart[]): Map<Chart, number> {
  const depth = new Map<Chart, number>();
  const visit = (chart: Chart, trail: Chart[]): number => {
    const known = depth.get(chart);
    if (known !== undefined) return known;
    if (trail.includes(chart)) {
      const cycle = [...trail.slice(trail.indexOf(chart)), chart].map((c) => `"${c.node.path}"`).join(' -> ');
      throw new Error(`SinglePassApp: the charts depend on each other in a cycle: ${cycle}; remove one of these dependencies `
        + '(addDependency, addDependent, or an object that depends on an object of the other chart)');
    }
    let d = 0;
    for (const dep of chart.node.dependencies) {
      const target = dep instanceof Chart ? dep : undefined;
      if (target && target !== chart) d = Math.max(d, visit(target, [...trail, chart]) + 1);
    }
    depth.set(chart, d);
    return d;
  };
  for (const chart of charts) visit(chart, []);
  return depth;
}
