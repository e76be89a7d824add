/**
 * The synthesis benchmark's app, in five modes over the same objects:
 *
 * - `library`: the full CertManagerStack (CRDs, install, issuers with the private CA, trust-manager
 *   with a Bundle of the CA, alerts, dashboard, Reloader, the check pack on the app) plus N
 *   Certificates spread over namespaces, each mounted into a Deployment (reload on rotation);
 *   every fourth comes from Let's Encrypt and terminates TLS on an Ingress. The app is a
 *   SinglePassApp, as the README recommends.
 * - `library-stock`: the same on cdk8s's own App.
 * - `plain`: the objects the library mode synthesized, created again as plain cdk8s ApiObjects in
 *   charts of the same names and dependencies, on cdk8s's own App (what writing the manifests
 *   directly in stock cdk8s would cost).
 * - `plain-app`: the same plain objects on a SinglePassApp.
 * - `floor`: the same objects only serialized to the same YAML files.
 *
 * The plain and floor modes read the library mode's output (a capture) so they cannot drift from
 * it: whatever the library emits (derived alerts, probes) is what they emit. Each chart's content
 * is the same in every mode; the file names differ between the two apps (cdk8s numbers files by
 * position, SinglePassApp by dependency depth), so compare them chart by chart.
 *
 * Usage: node app.js <mode> <N|capture.json> <outdir> [capture-out.json]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, Yaml } from 'cdk8s';
import { BundleNamespaces, Certificate, CertManagerStack, SinglePassApp } from '../src';

/** Certificates per namespace (one chart per namespace). */
export const CERTIFICATES_PER_NAMESPACE = 100;
/** Every how many certificates one comes from Let's Encrypt (and serves an Ingress). */
const ACME_EVERY = 4;
/** Let's Encrypt certificates per registered domain, under its weekly limit of 50. */
const ACME_PER_DOMAIN = 40;

/** One chart's output: its file, the charts it depends on, and its objects in output order. */
export interface CapturedChart {
  readonly id: string;
  readonly file: string;
  readonly dependencies: string[];
  readonly objects: any[];
}

/** What a library-mode synthesis produced, for the plain and floor modes. */
export interface Capture {
  readonly certificates: number;
  readonly charts: CapturedChart[];
}

/**
 * A restricted-Pod-Security Deployment serving TLS from `/etc/tls`: the application's own
 * object, written as a plain ApiObject, as the plain modes write every object, so it costs the
 * same in every mode and the ratios show what the library adds.
 */
function workload(chart: Chart, id: string, name: string, namespace: string): ApiObject {
  const labels = { 'app.kubernetes.io/name': name };
  return new ApiObject(chart, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'app',
            image: `registry.example.com/${name}:1.0.0`,
            args: ['--tls-cert=/etc/tls/tls.crt', '--tls-key=/etc/tls/tls.key'],
            ports: [{ name: 'https', containerPort: 8443 }],
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          }],
        },
      },
    },
  });
}

/** The library mode's app: the full stack plus `n` certificates with their workloads. */
export function libraryApp(n: number, outdir: string, appClass: new (props: AppProps) => App = App): App {
  const app = new appClass({ outdir });
  const namespaces = Math.max(1, Math.ceil(n / CERTIFICATES_PER_NAMESPACE));
  const stack = new CertManagerStack(app, 'cert-manager', {
    acmeEmail: 'platform@example.com',
    monitoringLabels: { release: 'kube-prometheus-stack' },
    // The clients of the private CA's certificates trust it through a trust-manager Bundle (CM-CA2).
    trustManager: true,
    privateCaBundleNamespaces: BundleNamespaces.named(Array.from({ length: namespaces }, (_, t) => `team-${t}`)),
  });
  const charts: Chart[] = [];
  for (let t = 0; t < namespaces; t++) {
    const chart = new Chart(app, `team-${t}`, { namespace: `team-${t}` });
    stack.addDependent(chart);
    charts.push(chart);
  }
  for (let i = 0; i < n; i++) {
    const chart = charts[i % namespaces];
    const namespace = chart.namespace!;
    const name = `svc-${i}`;
    const acme = i % ACME_EVERY === 0;
    const host = acme ? `${name}.tenant-${Math.floor(i / ACME_EVERY / ACME_PER_DOMAIN)}.com` : `${name}.${namespace}.svc`;
    const cert = new Certificate(chart, `${name}-tls`, {
      name: `${name}-tls`,
      issuer: acme ? stack.letsEncryptProduction! : stack.privateCa!.issuer,
      dnsNames: acme ? [host] : [host, `${host}.cluster.local`],
    });
    cert.mount(workload(chart, name, name, namespace), { path: '/etc/tls' });
    if (acme) {
      const ingress = new ApiObject(chart, `${name}-ingress`, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name, namespace },
        spec: {
          ingressClassName: 'nginx',
          rules: [{
            host,
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'https' } } } }] },
          }],
        },
      });
      cert.terminateIngress(ingress);
    }
  }
  return app;
}

/** The file an app writes a chart to, for an app whose charts depend on each other. */
function chartFile(app: App, index: number, chart: Chart): string {
  const name = app instanceof SinglePassApp ? SinglePassApp.outputNameOf(chart)
    : `${String(index).padStart(4, '0')}-${Names.toDnsLabel(chart)}`;
  return `${name}.k8s.yaml`;
}

/**
 * Captures a synthesized app's charts, dependencies and objects, in output order. The objects are
 * rendered as both apps render a chart without a toJson override (after `synth()` resolved the
 * dependencies), so the capture costs one render, not one whole-app validation per chart.
 */
export function capture(app: App, certificates: number): Capture {
  const charts = app.charts;
  return {
    certificates,
    charts: charts.map((chart, index) => {
      if (chart.toJson !== Chart.prototype.toJson) throw new Error(`chart ${chart.node.path} overrides toJson; the capture cannot render it`);
      return {
        id: chart.node.id,
        file: chartFile(app, index, chart),
        dependencies: chart.node.dependencies.filter((d): d is Chart => d instanceof Chart).map((d) => d.node.id),
        objects: new DependencyGraph(chart.node).topology()
          .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
          .map((o) => o.toJson()),
      };
    }),
  };
}

/** The plain mode's app: the captured objects as ApiObjects in charts of the same names. */
export function plainApp(input: Capture, outdir: string, appClass: new (props: AppProps) => App = App): App {
  const app = new appClass({ outdir });
  const charts = new Map<string, Chart>();
  for (const c of input.charts) {
    const chart = new Chart(app, c.id);
    for (const dep of c.dependencies) chart.addDependency(charts.get(dep)!);
    c.objects.forEach((obj, i) => new ApiObject(chart, `Object${i}`, obj));
    charts.set(c.id, chart);
  }
  return app;
}

/** The floor: the captured objects serialized to the same files, nothing else. */
export function floor(input: Capture, outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  for (const c of input.charts) Yaml.save(join(outdir, c.file), c.objects);
}

/** Timings of the synthesis itself (not the process start and module loading), for the runner. */
export interface SynthTiming {
  readonly synthMs: number;
  readonly synthCpuMs: number;
}

function timed(fn: () => void): SynthTiming {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const end = process.hrtime.bigint();
  const used = process.cpuUsage(cpu);
  return { synthMs: Number(end - start) / 1e6, synthCpuMs: (used.user + used.system) / 1000 };
}

function main(argv: string[]): void {
  const [mode, arg, outdir, captureOut] = argv;
  let timing: SynthTiming;
  if (mode === 'library' || mode === 'library-stock') {
    const n = Number(arg);
    if (!Number.isInteger(n) || n < 0) throw new Error(`N must be a whole number, got "${arg}"`);
    let app: App | undefined;
    timing = timed(() => {
      app = libraryApp(n, outdir, mode === 'library' ? SinglePassApp : App);
      app.synth();
    });
    if (captureOut) writeFileSync(captureOut, JSON.stringify(capture(app!, n)));
  } else if (mode === 'plain' || mode === 'plain-app' || mode === 'floor') {
    const input: Capture = JSON.parse(readFileSync(arg, 'utf8'));
    timing = mode === 'floor' ? timed(() => floor(input, outdir))
      : timed(() => plainApp(input, outdir, mode === 'plain' ? App : SinglePassApp).synth());
  } else {
    throw new Error(`mode must be library, library-stock, plain, plain-app or floor, got "${mode}"`);
  }
  (globalThis as any).__benchTiming = timing;
}

if (require.main === module) main(process.argv.slice(2));
