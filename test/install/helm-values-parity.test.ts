/**
 * CertManager.fromHelmValues against real `helm template` renders of chart v1.21.1: the chart
 * defaults, values-production.yaml, and the values corpus (values files real teams run, each
 * with its render). Read from CERT_MANAGER_REFERENCE_DIR (default: the reference folder beside
 * the repository); skipped when it is absent, like parity.test.ts.
 *
 * A file either converts and gives zero functional differences, or is refused because it sets
 * values this library cannot express yet; PENDING lists those keys per file, so mapping a new
 * prop (or losing one) makes this test fail until the list is updated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { compareInstalls } from './parity';
import { CertManager } from '../../src';
import { withoutPodSecurityCheck } from '../harness/setup';
import { captureOutcome } from '../harness/stderr';
import { KubeObject } from '../harness/validate';

const REFERENCE_DIR = process.env.CERT_MANAGER_REFERENCE_DIR
  ?? resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cert-manager');
const CORPUS_DIR = join(REFERENCE_DIR, 'values-corpus');
const haveCorpus = existsSync(join(CORPUS_DIR, 'README.md'));
if (process.env.CERT_MANAGER_REFERENCE_DIR && !haveCorpus) {
  throw new Error(`CERT_MANAGER_REFERENCE_DIR=${REFERENCE_DIR} has no values-corpus/README.md`);
}

/**
 * Keys of each file this library cannot express yet (no CertManager prop): the refusal must
 * name exactly these.
 */
const PENDING: Record<string, string[]> = {
  // ephemeral-storage requests and limits: no prop renders them yet
  '02-gke-autopilot': [
    'resources.requests.ephemeral-storage', 'resources.limits.ephemeral-storage',
    'webhook.resources.requests.ephemeral-storage', 'webhook.resources.limits.ephemeral-storage',
    'cainjector.resources.requests.ephemeral-storage', 'cainjector.resources.limits.ephemeral-storage',
  ],
  // NetworkPolicies for the webhook only: the install has one switch for all three components
  '09-webhook-external-url-netpol': ['networkPolicy.enabled'],
};

/** Differences that remain where a file converts, each with its reason; the comparison must give exactly these. */
const KNOWN_DIFFERENCES: Record<string, Array<[RegExp, string]>> = {
  '04-corporate-proxy': [
    [/^Deployment cert-manager\/cert-manager\.containers\.cert-manager-controller\.env: reference \[\{"name":"POD_NAMESPACE".*?\},\{"name":"SSL_CERT_DIR"/,
      'the chart lists extraEnv before the proxy variables, the install after them (same variables and values)'],
  ],
  '07-preexisting-sa-projected-tokens': [
    [/^Service cert-manager\/cert-manager-webhook\.ports: /, 'with a PodMonitor the chart drops the webhook Service\'s metrics port; no prop yet'],
    [/^extra object: Service cert-manager\/cert-manager$/, 'with a PodMonitor the chart renders no controller Service; no prop yet'],
    [/^extra object: Service cert-manager\/cert-manager-cainjector$/, 'with a PodMonitor the chart renders no cainjector Service; no prop yet'],
  ],
  '10-gitops-scoped-cainjector-gvisor': [
    [/^Deployment cert-manager\/cert-manager\.containers\.cert-manager-controller\.args: .*"--acme-http01-solver-extra-labels=platform\.example\.com\/cost-center=cc-4711".*"--acme-http01-solver-runtime-class-name=\\"gvisor\\"".*ours \[(?!.*extra-labels).*"--acme-http01-solver-runtime-class-name=gvisor"/,
      'global.commonLabels: the chart also passes each label to the HTTP-01 solver pods (--acme-http01-solver-extra-labels), no prop yet; '
      + 'and the chart quotes the runtime class inside the argument (a chart bug: the controller would receive the quotes), we do not'],
  ],
};

function load(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(REFERENCE_DIR, file), 'utf8')).map((d) => d.toJS()).filter(Boolean);
}

/** A values file as Helm reads it: YAML 1.1, where `0444` is octal (292), as in a volume's defaultMode. */
function parseValues(text: string): { [key: string]: any } {
  return parse(text, { version: '1.1' }) ?? {};
}

interface Case {
  readonly name: string;
  readonly values: { [key: string]: any };
  readonly render: string;
}

/** The values as rendered: the corpus README's command adds `crds.enabled=true` unless the file sets CRDs itself. */
function withCrds(values: { [key: string]: any }): { [key: string]: any } {
  return 'crds' in values || 'installCRDs' in values ? values : { ...values, crds: { enabled: true } };
}

function cases(): Case[] {
  if (!haveCorpus) return [];
  const corpus = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.values.yaml')).sort().map((f) => ({
    name: f.replace('.values.yaml', ''),
    values: withCrds(parseValues(readFileSync(join(CORPUS_DIR, f), 'utf8'))),
    render: join('values-corpus', f.replace('.values.yaml', '.rendered.yaml')),
  }));
  return [
    { name: 'chart defaults', values: { crds: { enabled: true } }, render: 'rendered-default.yaml' },
    { name: 'values-production.yaml', values: parseValues(readFileSync(join(REFERENCE_DIR, 'values-production.yaml'), 'utf8')), render: 'rendered-production.yaml' },
    ...corpus,
  ];
}

const describeWithCorpus = haveCorpus ? describe : describe.skip;

describeWithCorpus(`fromHelmValues against the helm template renders in ${REFERENCE_DIR}`, () => {
  test('the corpus has the ten files this test expects', () => {
    expect(cases().map((c) => c.name).filter((n) => /^\d\d-/.test(n))).toHaveLength(10);
  });

  test.each(cases().map((c) => [c.name, c] as const))('%s', (name, c) => {
    const chart = Testing.chart();
    const outcome = captureOutcome(() => CertManager.fromHelmValues(chart, 'CertManager', c.values));
    const pending = PENDING[name];
    if (pending) {
      expect(outcome.error?.message).toBeDefined();
      const refused = [...outcome.error!.message.matchAll(/^ {2}- (\S+):/gm)].map((m) => m[1]);
      expect(refused.sort()).toEqual([...pending].sort());
      expect(outcome.error!.message).not.toMatch(/not a value of the cert-manager chart|expected \w+, got/);
      return;
    }
    if (outcome.error) throw outcome.error;
    // Host networking is outside restricted Pod Security: the install warns that the namespace must admit it.
    const hostNetwork = c.values.webhook?.hostNetwork === true;
    if (hostNetwork) expect(outcome.printed).toMatch(/webhook\.hostNetwork is true and createNamespace is false/);
    const objects = (hostNetwork ? withoutPodSecurityCheck(() => Testing.synth(chart)) : Testing.synth(chart)) as KubeObject[];
    const diffs = compareInstalls(load(c.render), objects);
    const known = KNOWN_DIFFERENCES[name] ?? [];
    const unexplained = diffs.filter((d) => !known.some(([pattern]) => pattern.test(d)));
    const unseen = known.filter(([pattern]) => !diffs.some((d) => pattern.test(d))).map(([, reason]) => reason);
    expect({ unexplained, unseen, count: diffs.length }).toEqual({ unexplained: [], unseen: [], count: known.length });
  });
});
