/**
 * `npx projen bench`: the synthesis benchmark. Run from the repository root after compiling the
 * bench folder (the task does both); everything it times is compiled JavaScript run by `node`.
 *
 * For each N it synthesizes the library mode once to capture its output, checks that the plain and
 * floor modes write byte-identical files from that capture, then times every mode in a fresh
 * process per run (modes interleaved, so background load spreads over all of them), and finally
 * times the full-stack example. The figures go into BENCHMARK.md between the results markers.
 *
 * Options: --sizes 100,1000,10000  --runs 5  --modes library,library-stock,plain,plain-app,floor
 *          --large-runs 3 --large-modes library,plain,plain-app,floor   (for N >= 10,000)
 *          --helm <helm binary> --helm-chart <cert-manager chart folder> --helm-values <values file>
 *          --report BENCHMARK.md  --no-report  --from-results <results.json> (render again, measure nothing)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import type { ProcessMetrics } from './measure';

const MODES = ['library', 'library-stock', 'plain', 'plain-app', 'floor'] as const;
type Mode = typeof MODES[number];

/** What each mode is, for the report. */
const MODE_NAMES: Record<Mode, string> = {
  'library': 'library, SinglePassApp',
  'library-stock': 'library, cdk8s App',
  'plain': 'plain, cdk8s App',
  'plain-app': 'plain, SinglePassApp',
  'floor': 'floor',
};

/** The targets of the benchmark (report verdicts, never test assertions). */
const TARGET_LIBRARY_OVER_STOCK_PLAIN = 1.0;
const TARGET_LIBRARY_OVER_PLAIN_APP = 1.25;
const TARGET_10K_OVER_1K = 11;
const TARGET_PEAK_BYTES = 1024 ** 3;
const TARGET_FULL_STACK_OVER_HELM = 1.5;

interface Options {
  readonly sizes: number[];
  readonly runs: number;
  readonly report?: string;
  /** Render the report from an earlier run's results.json instead of measuring. */
  readonly fromResults?: string;
  readonly modes: Mode[];
  /** Runs and modes for N ≥ 10,000, when they differ (a shared machine: fewer runs of the slow modes). */
  readonly largeRuns: number;
  readonly largeModes: Mode[];
  /** `helm template` command line of the anchor users compare the full stack with, when given. */
  readonly helm?: string[];
}

/** One timed process. */
interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
  readonly synthMs?: number;
  readonly synthCpuMs?: number;
}

/** The medians of one configuration. */
interface Summary {
  readonly runs: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
  readonly synthMs?: number;
  readonly synthCpuMs?: number;
}

interface SizeResult {
  readonly n: number;
  readonly objects: number;
  readonly charts: number;
  readonly files: number;
  readonly identical: string;
  readonly modes: Partial<Record<Mode, Summary>>;
}

function parseArgs(argv: string[]): Options {
  let sizes = [100, 1000, 10000];
  let runs = 5;
  let report: string | undefined = 'BENCHMARK.md';
  let modes: Mode[] = [...MODES];
  let largeRuns: number | undefined;
  let largeModes: Mode[] | undefined;
  let helmBin: string | undefined;
  let helmChart: string | undefined;
  let helmValues: string | undefined;
  let fromResults: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--sizes': sizes = argv[++i].split(',').map(Number); break;
      case '--runs': runs = Number(argv[++i]); break;
      case '--report': report = argv[++i]; break;
      case '--no-report': report = undefined; break;
      case '--modes': modes = argv[++i].split(',') as Mode[]; break;
      case '--large-runs': largeRuns = Number(argv[++i]); break;
      case '--large-modes': largeModes = argv[++i].split(',') as Mode[]; break;
      case '--helm': helmBin = argv[++i]; break;
      case '--helm-chart': helmChart = argv[++i]; break;
      case '--helm-values': helmValues = argv[++i]; break;
      case '--from-results': fromResults = argv[++i]; break;
      default:
        throw new Error(`unknown option ${a}; use --sizes 100,1000,10000 --runs 5 --modes ${MODES.join(',')} --large-runs N `
          + '--large-modes MODES --helm <helm binary> --helm-chart <chart folder> --helm-values <values file> --report FILE | --no-report');
    }
  }
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. 100,1000');
  for (const n of [runs, largeRuns ?? runs]) if (!Number.isInteger(n) || n < 1) throw new Error('--runs and --large-runs take a whole number of at least 1');
  for (const list of [modes, largeModes ?? modes]) {
    const unknown = list.filter((m) => !MODES.includes(m));
    if (unknown.length > 0 || !list.includes('library')) throw new Error(`--modes and --large-modes take library plus any of ${MODES.join(', ')}`);
  }
  if (helmBin && !helmChart) throw new Error('--helm needs --helm-chart (and usually --helm-values)');
  const helm = helmBin
    ? [helmBin, 'template', 'cert-manager', helmChart!, '--namespace', 'cert-manager', ...(helmValues ? ['--values', helmValues] : [])]
    : undefined;
  return { sizes, runs, report, fromResults, modes, largeRuns: largeRuns ?? runs, largeModes: largeModes ?? modes, helm };
}

const root = process.cwd();
const compiled = resolve(__dirname, '..');
const appJs = join(compiled, 'bench', 'app.js');
const measureJs = join(compiled, 'bench', 'measure.js');

/** Runs `script` in a fresh node process and returns what it measured about itself. */
function timedProcess(script: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const metricsFile = join(cwd, `metrics-${process.hrtime.bigint()}.json`);
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['-r', measureJs, script, ...args], {
    cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env, BENCH_METRICS: metricsFile },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
  const m: ProcessMetrics = JSON.parse(readFileSync(metricsFile, 'utf8'));
  rmSync(metricsFile);
  return {
    wallMs, cpuMs: m.userMs + m.systemMs, maxRssKiB: m.maxRssKiB, synthMs: m.timing?.synthMs, synthCpuMs: m.timing?.synthCpuMs,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function summarize(runs: Run[]): Summary {
  const of = (f: (r: Run) => number | undefined) => {
    const v = runs.map(f).filter((x): x is number => x !== undefined);
    return v.length === runs.length ? median(v) : undefined;
  };
  return {
    runs: runs.length,
    wallMs: of((r) => r.wallMs)!,
    cpuMs: of((r) => r.cpuMs)!,
    maxRssKiB: of((r) => r.maxRssKiB)!,
    synthMs: of((r) => r.synthMs),
    synthCpuMs: of((r) => r.synthCpuMs),
  };
}

/** A folder's files by chart: the leading number (cdk8s's position or SinglePassApp's depth) dropped. */
function byChart(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).map((f) => [f.replace(/^\d{4}-/, ''), join(dir, f)]));
}

/** Compares two output folders chart by chart; returns what differs, or undefined. */
function compareDirs(a: string, b: string): string | undefined {
  const fa = byChart(a);
  const fb = byChart(b);
  const ka = [...fa.keys()].sort();
  const kb = [...fb.keys()].sort();
  if (ka.join('\n') !== kb.join('\n')) return `charts differ: [${ka.join(', ')}] vs [${kb.join(', ')}]`;
  const differing = ka.filter((f) => !readFileSync(fa.get(f)!).equals(readFileSync(fb.get(f)!)));
  return differing.length > 0 ? `contents differ: ${differing.join(', ')}` : undefined;
}

const modeInput = (mode: Mode, n: number, capture: string) => (mode.startsWith('library') ? String(n) : capture);

function benchSize(n: number, runs: number, modes: Mode[], work: string): SizeResult {
  const capture = join(work, `capture-${n}.json`);
  const out = (name: string) => join(work, `out-${n}-${name}`);
  log(`N=${n}: capture and byte-identity check`);
  timedProcess(appJs, ['library', String(n), out('library'), capture], work);
  const others = modes.filter((m) => m !== 'library');
  for (const m of others) timedProcess(appJs, [m, modeInput(m, n, capture), out(m)], work);
  const diffs = others.map((m) => [m, compareDirs(out('library'), out(m))] as const)
    .filter(([, d]) => d !== undefined).map(([m, d]) => `${m}: ${d}`);
  const identical = diffs.length === 0 ? 'yes' : `NO (${diffs.join('; ')})`;
  const files = readdirSync(out('library')).length;
  const captured = JSON.parse(readFileSync(capture, 'utf8'));
  const objects = captured.charts.reduce((s: number, c: any) => s + c.objects.length, 0);
  for (const m of modes) rmSync(out(m), { recursive: true, force: true });

  const byMode: Partial<Record<Mode, Run[]>> = {};
  for (let r = 0; r < runs; r++) {
    for (const mode of modes) {
      const dir = out(`${mode}-${r}`);
      const run = timedProcess(appJs, [mode, modeInput(mode, n, capture), dir], work);
      rmSync(dir, { recursive: true, force: true });
      (byMode[mode] ??= []).push(run);
      log(`N=${n} ${mode} run ${r + 1}/${runs}: wall ${fmtMs(run.wallMs)}, synth ${fmtMs(run.synthMs)}, cpu ${fmtMs(run.cpuMs)}, `
        + `maxRSS ${fmtMiB(run.maxRssKiB)}`);
    }
  }
  rmSync(capture);
  return {
    n,
    objects,
    charts: captured.charts.length,
    files,
    identical,
    modes: Object.fromEntries(modes.map((m) => [m, summarize(byMode[m]!)])),
  };
}

/** Times the full-stack example (examples/full-stack when it exists, else the bench's stand-in). */
function benchFullStack(runs: number, work: string): { app: string; summary: Summary } {
  const example = join(compiled, 'examples', 'full-stack', 'main.js');
  const script = existsSync(example) ? example : join(compiled, 'bench', 'full-stack.js');
  const app = existsSync(example) ? 'examples/full-stack' : 'bench/full-stack.ts (stand-in: examples/full-stack does not exist yet)';
  const results: Run[] = [];
  for (let r = 0; r <= runs; r++) {
    const dir = join(work, `full-stack-${r}`);
    const run = timedProcess(script, [], work, { CDK8S_OUTDIR: dir });
    rmSync(dir, { recursive: true, force: true });
    if (r > 0) results.push(run); // the first run warms the file cache
    log(`full stack run ${r}: wall ${fmtMs(run.wallMs)}, cpu ${fmtMs(run.cpuMs)}, maxRSS ${fmtMiB(run.maxRssKiB)}${r === 0 ? ' (warm-up)' : ''}`);
  }
  return { app, summary: summarize(results) };
}

/** Times the anchor users compare with: `helm template` of the cert-manager chart (after one warm-up). */
function benchHelm(command: string[] | undefined, runs: number, work: string): Summary | undefined {
  if (!command) return undefined;
  const results: Run[] = [];
  for (let r = 0; r <= runs; r++) {
    const cpuBefore = childCpuMs();
    const start = process.hrtime.bigint();
    const res = spawnSync(command[0], command.slice(1), { cwd: work, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 0) throw new Error(`${command.join(' ')} failed:\n${res.stderr}`);
    const cpuMs = childCpuMs() - cpuBefore;
    if (r > 0) results.push({ wallMs, cpuMs, maxRssKiB: 0 });
    log(`helm run ${r}: wall ${fmtMs(wallMs)}, cpu ${fmtMs(cpuMs)}${r === 0 ? ' (warm-up)' : ''}`);
  }
  return summarize(results);
}

/**
 * CPU time (user + system) of every child this process has waited for, from /proc/self/stat
 * (`cutime` and `cstime`, in clock ticks of 10 ms): helm is not a node process, so it cannot
 * report its own usage as the other runs do.
 */
function childCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function fmtMiB(kib: number): string {
  return `${Math.round(kib / 1024)} MiB`;
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? a / b : undefined);
const fmtRatio = (r: number | undefined) => (r === undefined ? '–' : r.toFixed(2));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function machine(): string[] {
  const cpus = os.cpus();
  let osName = `${os.type()} ${os.release()}`;
  if (existsSync('/etc/os-release')) {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = `${pretty[1]} (kernel ${os.release()})`;
  }
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- OS: ${osName}`,
    `- Node.js: ${process.version}`,
  ];
}

function render(opts: Options, sizes: SizeResult[], fullStack: { app: string; summary: Summary }, helm: Summary | undefined,
  load: number[][], started: Date): string {
  const lines: string[] = [];
  const modes = MODES.filter((m) => sizes.some((s) => s.modes[m]));
  const runsNote = opts.largeRuns === opts.runs ? `${opts.runs} runs` : `${opts.runs} runs (${opts.largeRuns} at N ≥ ${LARGE.toLocaleString('en-US')})`;
  lines.push(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx projen bench\`, median of ${runsNote} per configuration.`);
  lines.push('', '### Machine', '', ...machine());
  lines.push(`- Load average (1 min) before and after: ${load.map((l) => l[0].toFixed(2)).join(' and ')}`, '');
  lines.push('### Synthesis, per configuration', '');
  lines.push('`synth` is the synthesis itself, timed inside the process: building the app and `app.synth()` for library and plain, '
    + 'writing the files for the floor. `process` is the whole `node` process (start, module loading, reading the capture for '
    + 'plain and floor). CPU is user + system time of the whole process; peak memory is its maximum resident set size.', '');
  lines.push('| N | charts / objects | mode | synth | synth CPU | process wall | process CPU | peak memory |');
  lines.push('|---:|---|---|---:|---:|---:|---:|---:|');
  for (const s of sizes) {
    for (const mode of modes.filter((x) => s.modes[x])) {
      const m = s.modes[mode]!;
      lines.push(`| ${s.n.toLocaleString('en-US')} | ${s.charts} / ${s.objects.toLocaleString('en-US')} | ${MODE_NAMES[mode]} | ${fmtMs(m.synthMs)} | `
        + `${fmtMs(m.synthCpuMs)} | ${fmtMs(m.wallMs)} | ${fmtMs(m.cpuMs)} | ${fmtMiB(m.maxRssKiB)} |`);
    }
  }
  const pairs: Array<[Mode, Mode]> = ([['library', 'plain'], ['library', 'plain-app'], ['library-stock', 'plain'], ['library', 'library-stock'],
    ['plain-app', 'plain'], ['plain', 'floor']] as Array<[Mode, Mode]>).filter(([a, b]) => modes.includes(a) && modes.includes(b));
  lines.push('', '### Ratios (synth, synth CPU)', '');
  lines.push(`| N | ${pairs.map(([a, b]) => `${MODE_NAMES[a]} / ${MODE_NAMES[b]}`).join(' | ')} | output identical, chart by chart |`);
  lines.push(`|---:|${pairs.map(() => '---:').join('|')}|---|`);
  for (const s of sizes) {
    const cell = ([a, b]: [Mode, Mode]) => (s.modes[a] && s.modes[b]
      ? `${fmtRatio(ratio(s.modes[a].synthMs, s.modes[b].synthMs))}, ${fmtRatio(ratio(s.modes[a].synthCpuMs, s.modes[b].synthCpuMs))}`
      : '–');
    lines.push(`| ${s.n.toLocaleString('en-US')} | ${pairs.map(cell).join(' | ')} | ${s.identical} |`);
  }
  const k1 = sizes.find((s) => s.n === 1000);
  const k10 = sizes.find((s) => s.n === 10000);
  if (k1 && k10) {
    lines.push('', '| 10k / 1k | synth | process wall | synth CPU |', '|---|---:|---:|---:|');
    for (const mode of modes.filter((x) => k10.modes[x] && k1.modes[x])) {
      const a = k10.modes[mode]!;
      const b = k1.modes[mode]!;
      lines.push(`| ${MODE_NAMES[mode]} | ${fmtRatio(ratio(a.synthMs, b.synthMs))} | ${fmtRatio(ratio(a.wallMs, b.wallMs))} | `
        + `${fmtRatio(ratio(a.synthCpuMs, b.synthCpuMs))} |`);
    }
  }
  lines.push('', '### Full-stack example, from compiled JavaScript', '');
  lines.push(`App: ${fullStack.app}. Process wall ${fmtMs(fullStack.summary.wallMs)}, CPU ${fmtMs(fullStack.summary.cpuMs)}, `
    + `peak memory ${fmtMiB(fullStack.summary.maxRssKiB)} (median of ${fullStack.summary.runs} runs after one warm-up).`);
  if (helm) {
    lines.push('', `Anchor: \`${opts.helm!.map((a) => a.split('/').pop()).join(' ')}\` (paths shortened): wall ${fmtMs(helm.wallMs)}, CPU `
      + `${fmtMs(helm.cpuMs)} (median of ${helm.runs} runs after one warm-up; CPU from the kernel's child accounting, 10 ms ticks).`);
  }
  lines.push('', '### Targets', '');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
  // On a shared machine wall time mostly measures the other jobs: each verdict is on CPU time,
  // with the wall-time ratio beside it.
  const target = (label: string, cpu: number | undefined, wall: number | undefined, limit: number) =>
    lines.push(`- ${label}: ${fmtRatio(cpu)} by CPU time, ${verdict(cpu === undefined ? undefined : cpu <= limit)} (wall time: ${fmtRatio(wall)})`);
  for (const s of sizes) {
    const at = `N=${s.n.toLocaleString('en-US')}`;
    const lib = s.modes.library!;
    for (const [mode, limit, what] of [['plain', TARGET_LIBRARY_OVER_STOCK_PLAIN, 'stock plain cdk8s'],
      ['plain-app', TARGET_LIBRARY_OVER_PLAIN_APP, 'plain cdk8s on the same App']] as Array<[Mode, number, string]>) {
      const other = s.modes[mode];
      if (other) target(`Library ≤ ${limit} × ${what} (synth), ${at}`, ratio(lib.synthCpuMs, other.synthCpuMs), ratio(lib.synthMs, other.synthMs), limit);
    }
  }
  if (k1 && k10) {
    const a = k10.modes.library!;
    const b = k1.modes.library!;
    target(`10k / 1k ≤ ${TARGET_10K_OVER_1K} (library synth)`, ratio(a.synthCpuMs, b.synthCpuMs), ratio(a.synthMs, b.synthMs), TARGET_10K_OVER_1K);
  }
  const peak = k10 ? k10.modes.library!.maxRssKiB * 1024 : undefined;
  lines.push(`- Peak memory at 10,000 certificates ≤ 1 GiB (library): ${peak === undefined ? '–' : fmtMiB(peak / 1024)}, `
    + `${verdict(peak === undefined ? undefined : peak <= TARGET_PEAK_BYTES)}`);
  if (helm) {
    target(`Full stack ≤ ${TARGET_FULL_STACK_OVER_HELM} × helm template (whole process)`, ratio(fullStack.summary.cpuMs, helm.cpuMs),
      ratio(fullStack.summary.wallMs, helm.wallMs), TARGET_FULL_STACK_OVER_HELM);
  }
  return lines.join('\n');
}

/** From this N on, --large-runs and --large-modes apply. */
const LARGE = 10000;

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated block of the report, keeping the hand-written text around it. */
function writeReport(file: string, block: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Synthesis benchmark\n\n${START}\n${END}\n`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${file} has no ${START} ... ${END} block to replace`);
  writeFileSync(file, `${text.slice(0, from + START.length)}\n${block}\n${text.slice(to)}`);
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.fromResults) {
    const r = JSON.parse(readFileSync(opts.fromResults, 'utf8'));
    const block = render(opts, r.sizes, r.fullStack, r.helm, r.load, new Date(r.started));
    process.stdout.write(`${block}\n`);
    if (opts.report) writeReport(join(root, opts.report), block);
    return;
  }
  const assets = join(compiled, 'assets');
  if (!existsSync(assets)) symlinkSync(join(root, 'assets'), assets, 'dir');
  const work = mkdtempSync(join(os.tmpdir(), 'cdk8s-cert-manager-bench-'));
  const started = new Date();
  const load = [os.loadavg()];
  try {
    const sizes = [...opts.sizes].sort((a, b) => a - b)
      .map((n) => (n >= LARGE ? benchSize(n, opts.largeRuns, opts.largeModes, work) : benchSize(n, opts.runs, opts.modes, work)));
    const fullStack = benchFullStack(opts.runs, work);
    const helm = benchHelm(opts.helm, opts.runs, work);
    load.push(os.loadavg());
    const block = render(opts, sizes, fullStack, helm, load, started);
    writeFileSync(join(compiled, 'results.json'), JSON.stringify({ started, sizes, fullStack, helm, load }, null, 2));
    process.stdout.write(`${block}\n`);
    if (opts.report) writeReport(join(root, opts.report), block);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
