import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonReport, problemLines, ReportFormat, sarifReport, summarize, textReport } from './audit-report';
import { auditManifests, AuditOptions } from './manifest-audit';
import { loadSources } from './manifest-source';

/** What the command reads and writes; the process's own streams unless a test passes others. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  readonly cwd: string;
}

/** Exit codes of the command. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2 } as const;

const USAGE = `Usage: cdk8s-cert-manager check [options] PATH... | -

Audits Kubernetes manifests (files, folders searched recursively for .yaml/.yml/.json, or - for
standard input; multi-document YAML and kind: List) with the cdk8s-cert-manager check pack.

Options:
  --format text|json|sarif             output format (default: text)
  --production-namespaces NS[,NS...]   namespaces that serve real users (CM-ENV1)
  --staging-namespaces NS[,NS...]      pre-production namespaces (CM-ENV2)
  --test-namespaces NS[,NS...]         test namespaces (CM-ENV2)
  --private-network-namespaces NS[,NS...]
                                       namespaces unreachable from the internet (CM-NET1)
  --default-namespace NS               namespace of objects that name none (default: default)
  --cluster-resource-namespace NS      where cert-manager reads ClusterIssuer Secrets (default: cert-manager)
  --trust-namespace NS                 where trust-manager reads Bundle sources (default: the
                                       --trust-namespace of a trust-manager Deployment in the input,
                                       else cert-manager)
  --default-issuer KIND/NAME           the controller's default issuer, for Ingresses annotated
                                       kubernetes.io/tls-acme: "true" (e.g. ClusterIssuer/letsencrypt)
  --disable RULE[,RULE...]             rules not to run
  --warnings-as-errors                 exit 1 on warnings too
  --version                            print the version
  -h, --help                           print this help

Exit codes: 0 no error findings, 1 error findings, 2 usage or input errors.
Live cluster:
  kubectl get namespaces,certificates,issuers,clusterissuers,ingresses,gateways,deployments,statefulsets,\\
    daemonsets,poddisruptionbudgets,prometheusrules,bundles -A -o yaml | npx cdk8s-cert-manager check -
`;

const LIST_FLAGS: Record<string, keyof Mutable> = {
  '--production-namespaces': 'productionNamespaces',
  '--staging-namespaces': 'stagingNamespaces',
  '--test-namespaces': 'testNamespaces',
  '--private-network-namespaces': 'privateNetworkNamespaces',
  '--disable': 'disabledRules',
};
const VALUE_FLAGS: Record<string, 'defaultNamespace' | 'clusterResourceNamespace' | 'trustNamespace'> = {
  '--default-namespace': 'defaultNamespace',
  '--cluster-resource-namespace': 'clusterResourceNamespace',
  '--trust-namespace': 'trustNamespace',
};

type Mutable = {
  productionNamespaces: string[];
  stagingNamespaces: string[];
  testNamespaces: string[];
  privateNetworkNamespaces: string[];
  disabledRules: string[];
};

interface Parsed {
  readonly paths: string[];
  readonly format: ReportFormat;
  readonly options: AuditOptions;
  readonly warningsAsErrors: boolean;
}

class UsageError extends Error {}

/** The package version, from the package.json next to the compiled code. */
export function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function parse(args: readonly string[]): Parsed | 'help' | 'version' {
  if (args[0] !== 'check') {
    if (args.length === 0 || ['-h', '--help', 'help'].includes(args[0])) return 'help';
    if (args[0] === '--version') return 'version';
    throw new UsageError(`unknown command "${args[0]}"; the command is "check"`);
  }
  const lists: Mutable = { productionNamespaces: [], stagingNamespaces: [], testNamespaces: [], privateNetworkNamespaces: [], disabledRules: [] };
  const values: Partial<Record<'defaultNamespace' | 'clusterResourceNamespace' | 'trustNamespace', string>> = {};
  const paths: string[] = [];
  let format: ReportFormat = 'text';
  let warningsAsErrors = false;
  let defaultIssuer: AuditOptions['defaultIssuer'];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '--version') return 'version';
    if (flag === '--warnings-as-errors') {
      warningsAsErrors = true;
    } else if (flag === '--format') {
      const f = value();
      if (!['text', 'json', 'sarif'].includes(f)) throw new UsageError(`--format is "${f}"; use text, json or sarif`);
      format = f as ReportFormat;
    } else if (LIST_FLAGS[flag]) {
      lists[LIST_FLAGS[flag]].push(...value().split(',').map((s) => s.trim()).filter((s) => s !== ''));
    } else if (flag === '--default-issuer') {
      const v = value();
      const m = /^(Issuer|ClusterIssuer)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(v);
      if (!m) throw new UsageError(`--default-issuer is "${v}"; write KIND/NAME with KIND Issuer or ClusterIssuer, e.g. ClusterIssuer/letsencrypt`);
      defaultIssuer = { kind: m[1] as 'Issuer' | 'ClusterIssuer', name: m[2] };
    } else if (VALUE_FLAGS[flag]) {
      values[VALUE_FLAGS[flag]] = value();
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('no input; give files, folders, or - for standard input');
  return { paths, format, warningsAsErrors, options: { ...lists, ...values, defaultIssuer } };
}

/**
 * Runs the command with `args` (without the program name) and returns the exit code: 0 when
 * there is no error finding, 1 when there is, 2 for a usage or input error. Never throws.
 */
export function run(args: readonly string[], io: CliIo = processIo()): number {
  try {
    const parsed = parse(args);
    if (parsed === 'help') {
      io.stdout(USAGE);
      return EXIT.OK;
    }
    if (parsed === 'version') {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.OK;
    }
    const result = auditManifests(loadSources(parsed.paths, io.readStdin), parsed.options);
    const report = parsed.format === 'json' ? jsonReport(result)
      : parsed.format === 'sarif' ? sarifReport(result, packageVersion(), io.cwd)
        : textReport(result);
    io.stdout(report);
    if (result.problems.length > 0) {
      io.stderr(problemLines(result.problems));
      return EXIT.USAGE;
    }
    const s = summarize(result);
    return s.errors > 0 || (parsed.warningsAsErrors && s.warnings > 0) ? EXIT.FINDINGS : EXIT.OK;
  } catch (e: any) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
    } else {
      io.stderr(`error: the audit failed unexpectedly: ${e?.message ?? e}; please report this with the input that caused it\n`);
    }
    return EXIT.USAGE;
  }
}

function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    cwd: process.cwd(),
  };
}
