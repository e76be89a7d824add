/**
 * `npx projen bench`: the synthesis benchmark. Run from the repository root after compiling the
 * bench folder (the task does both); everything it times is compiled JavaScript run by `node`.
 *
 * For each N it synthesizes the library mode once to capture its output, checks that the plain and
 * floor modes write byte-identical files from that capture, then times every mode in a fresh
 * process per run (modes interleaved, so background load spreads over all of them), and finally
 * times the full-stack example. The figures go into BENCHMARK.md between the results markers.
 *
 * Options: --sizes 100,1000,10000  --runs 5  --report BENCHMARK.md  --no-report
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import type { ProcessMetrics } from './measure';

const MODES = ['library', 'plain', 'floor'] as const;
type Mode = typeof MODES[number];

/** The three targets of the benchmark (report verdicts, never test assertions). */
const TARGET_LIBRARY_OVER_PLAIN = 1.25;
const TARGET_10K_OVER_1K = 11;
const TARGET_PEAK_BYTES = 1024 ** 3;

interface Options {
  readonly sizes: number[];
  readonly runs: number;
  readonly report?: string;
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
  readonly modes: Record<Mode, Summary>;
}

function parseArgs(argv: string[]): Options {
  let sizes = [100, 1000, 10000];
  let runs = 5;
  let report: string | undefined = 'BENCHMARK.md';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') sizes = argv[++i].split(',').map(Number);
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--report') report = argv[++i];
    else if (a === '--no-report') report = undefined;
    else throw new Error(`unknown option ${a}; use --sizes 100,1000,10000 --runs 5 --report FILE | --no-report`);
  }
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes takes whole numbers, e.g. 100,1000');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return { sizes, runs, report };
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

/** Compares two output folders file by file; returns what differs, or undefined. */
function compareDirs(a: string, b: string): string | undefined {
  const fa = readdirSync(a).sort();
  const fb = readdirSync(b).sort();
  if (fa.join('\n') !== fb.join('\n')) return `files differ: [${fa.join(', ')}] vs [${fb.join(', ')}]`;
  const differing = fa.filter((f) => !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
  return differing.length > 0 ? `contents differ: ${differing.join(', ')}` : undefined;
}

function benchSize(n: number, runs: number, work: string): SizeResult {
  const capture = join(work, `capture-${n}.json`);
  const out = (name: string) => join(work, `out-${n}-${name}`);
  log(`N=${n}: capture and byte-identity check`);
  timedProcess(appJs, ['library', String(n), out('library'), capture], work);
  timedProcess(appJs, ['plain', capture, out('plain')], work);
  timedProcess(appJs, ['floor', capture, out('floor')], work);
  const diffs = (['plain', 'floor'] as const).map((m) => [m, compareDirs(out('library'), out(m))] as const)
    .filter(([, d]) => d !== undefined).map(([m, d]) => `${m}: ${d}`);
  const identical = diffs.length === 0 ? 'yes' : `NO (${diffs.join('; ')})`;
  const files = readdirSync(out('library')).length;
  const captured = JSON.parse(readFileSync(capture, 'utf8'));
  const objects = captured.charts.reduce((s: number, c: any) => s + c.objects.length, 0);
  for (const m of ['library', 'plain', 'floor']) rmSync(out(m), { recursive: true, force: true });

  const byMode: Record<Mode, Run[]> = { library: [], plain: [], floor: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of MODES) {
      const dir = out(`${mode}-${r}`);
      const run = timedProcess(appJs, [mode, mode === 'library' ? String(n) : capture, dir], work);
      rmSync(dir, { recursive: true, force: true });
      byMode[mode].push(run);
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
    modes: { library: summarize(byMode.library), plain: summarize(byMode.plain), floor: summarize(byMode.floor) },
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

function render(opts: Options, sizes: SizeResult[], fullStack: { app: string; summary: Summary }, load: number[][], started: Date): string {
  const lines: string[] = [];
  lines.push(`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npx projen bench\`, median of ${opts.runs} runs per configuration.`);
  lines.push('', '### Machine', '', ...machine());
  lines.push(`- Load average (1 min) before and after: ${load.map((l) => l[0].toFixed(2)).join(' and ')}`, '');
  lines.push('### Synthesis, per configuration', '');
  lines.push('`synth` is the synthesis itself, timed inside the process: building the app and `app.synth()` for library and plain, '
    + 'writing the files for the floor. `process` is the whole `node` process (start, module loading, reading the capture for '
    + 'plain and floor). CPU is user + system time of the whole process; peak memory is its maximum resident set size.', '');
  lines.push('| N | charts / objects | mode | synth | synth CPU | process wall | process CPU | peak memory |');
  lines.push('|---:|---|---|---:|---:|---:|---:|---:|');
  for (const s of sizes) {
    for (const mode of MODES) {
      const m = s.modes[mode];
      lines.push(`| ${s.n.toLocaleString('en-US')} | ${s.charts} / ${s.objects.toLocaleString('en-US')} | ${mode} | ${fmtMs(m.synthMs)} | `
        + `${fmtMs(m.synthCpuMs)} | ${fmtMs(m.wallMs)} | ${fmtMs(m.cpuMs)} | ${fmtMiB(m.maxRssKiB)} |`);
    }
  }
  lines.push('', '### Ratios', '');
  lines.push('| N | library / plain, synth | library / plain, synth CPU | library / plain, process wall | plain / floor, synth | output byte-identical |');
  lines.push('|---:|---:|---:|---:|---:|---|');
  for (const s of sizes) {
    const l = s.modes.library;
    const p = s.modes.plain;
    lines.push(`| ${s.n.toLocaleString('en-US')} | ${fmtRatio(ratio(l.synthMs, p.synthMs))} | ${fmtRatio(ratio(l.synthCpuMs, p.synthCpuMs))} | `
      + `${fmtRatio(ratio(l.wallMs, p.wallMs))} | ${fmtRatio(ratio(p.synthMs, s.modes.floor.synthMs))} | ${s.identical} |`);
  }
  const k1 = sizes.find((s) => s.n === 1000);
  const k10 = sizes.find((s) => s.n === 10000);
  if (k1 && k10) {
    lines.push('', '| 10k / 1k | synth | process wall | synth CPU |', '|---|---:|---:|---:|');
    for (const mode of MODES) {
      const a = k10.modes[mode];
      const b = k1.modes[mode];
      lines.push(`| ${mode} | ${fmtRatio(ratio(a.synthMs, b.synthMs))} | ${fmtRatio(ratio(a.wallMs, b.wallMs))} | `
        + `${fmtRatio(ratio(a.synthCpuMs, b.synthCpuMs))} |`);
    }
  }
  lines.push('', '### Full-stack example, from compiled JavaScript', '');
  lines.push(`App: ${fullStack.app}. Process wall ${fmtMs(fullStack.summary.wallMs)}, CPU ${fmtMs(fullStack.summary.cpuMs)}, `
    + `peak memory ${fmtMiB(fullStack.summary.maxRssKiB)} (median of ${fullStack.summary.runs} runs after one warm-up).`);
  lines.push('', '### Targets', '');
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
  for (const s of sizes) {
    const r = ratio(s.modes.library.synthMs, s.modes.plain.synthMs);
    lines.push(`- Library ≤ ${TARGET_LIBRARY_OVER_PLAIN} × plain (synth), N=${s.n.toLocaleString('en-US')}: ${fmtRatio(r)}, `
      + `${verdict(r === undefined ? undefined : r <= TARGET_LIBRARY_OVER_PLAIN)}`);
  }
  const scale = k1 && k10 ? ratio(k10.modes.library.synthMs, k1.modes.library.synthMs) : undefined;
  lines.push(`- 10k / 1k time ≤ ${TARGET_10K_OVER_1K} (library synth): ${fmtRatio(scale)}, ${verdict(scale === undefined ? undefined : scale <= TARGET_10K_OVER_1K)}`);
  const peak = k10 ? k10.modes.library.maxRssKiB * 1024 : undefined;
  lines.push(`- Peak memory at 10,000 certificates ≤ 1 GiB (library): ${peak === undefined ? '–' : fmtMiB(peak / 1024)}, `
    + `${verdict(peak === undefined ? undefined : peak <= TARGET_PEAK_BYTES)}`);
  return lines.join('\n');
}

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
  const assets = join(compiled, 'assets');
  if (!existsSync(assets)) symlinkSync(join(root, 'assets'), assets, 'dir');
  const work = mkdtempSync(join(os.tmpdir(), 'cdk8s-cert-manager-bench-'));
  const started = new Date();
  const load = [os.loadavg()];
  try {
    const sizes = [...opts.sizes].sort((a, b) => a - b).map((n) => benchSize(n, opts.runs, work));
    const fullStack = benchFullStack(opts.runs, work);
    load.push(os.loadavg());
    const block = render(opts, sizes, fullStack, load, started);
    writeFileSync(join(compiled, 'results.json'), JSON.stringify({ started, sizes, fullStack, load }, null, 2));
    process.stdout.write(`${block}\n`);
    if (opts.report) writeReport(join(root, opts.report), block);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
