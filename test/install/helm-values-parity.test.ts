/**
 * CertManager.fromHelmValues against real `helm template` renders of chart v1.21.1: the chart
 * defaults, values-production.yaml, and the values corpus (values files real teams run, each
 * with its render). Read from CERT_MANAGER_REFERENCE_DIR (default: the reference folder beside
 * the repository); skipped when it is absent, like parity.test.ts.
 *
 * Every file converts and gives zero functional differences, apart from KNOWN_DIFFERENCES: each
 * listed with its reason, and the comparison must give exactly those (a difference that goes away
 * fails the test too, so the list stays true).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Testing } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { compareInstalls } from './parity';
import { CertManager, HelmValuesOptions } from '../../src';
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

/** Differences that remain where a file converts, each with its reason; the comparison must give exactly these. */
const KNOWN_DIFFERENCES: Record<string, Array<[RegExp, string]>> = {
  '10-gitops-scoped-cainjector-gvisor': [
    [/^Deployment cert-manager\/cert-manager\.containers\.cert-manager-controller\.args: reference .*"--acme-http01-solver-runtime-class-name=\\"gvisor\\"".*ours .*"--acme-http01-solver-runtime-class-name=gvisor"/,
      'acmesolver.runtimeClassName: the chart quotes the runtime class inside the argument (a chart bug: the controller would receive the quotes); the install does not'],
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
    const diffs = differences(c, { productionDefaults: false });
    const known = KNOWN_DIFFERENCES[name] ?? [];
    const unexplained = diffs.filter((d) => !known.some(([pattern]) => pattern.test(d)));
    const unseen = known.filter(([pattern]) => !diffs.some((d) => pattern.test(d))).map(([, reason]) => reason);
    expect({ unexplained, unseen, count: diffs.length }).toEqual({ unexplained: [], unseen: [], count: known.length });
  });

  test.each(cases().map((c) => [c.name, c] as const))('%s with productionDefaults: only what the file leaves to the defaults differs', (name, c) => {
    const known = KNOWN_DIFFERENCES[name] ?? [];
    const unexplained = differences(c, { productionDefaults: true })
      .filter((d) => !known.some(([pattern]) => pattern.test(d)))
      .filter((d) => {
        const key = defaultedKey(d);
        // a difference is explained when it comes from a key the file does not set
        return key === undefined || has(c.values, key);
      });
    expect(unexplained).toEqual([]);
  });
});

/** The differences between the render and fromHelmValues' output for a case. */
function differences(c: Case, options: HelmValuesOptions): string[] {
  const chart = Testing.chart();
  const outcome = captureOutcome(() => CertManager.fromHelmValues(chart, 'CertManager', c.values, options));
  if (outcome.error) throw outcome.error;
  // Host networking is outside restricted Pod Security: the install warns that the namespace must admit it.
  const hostNetwork = c.values.webhook?.hostNetwork === true;
  if (hostNetwork) expect(outcome.printed).toMatch(/webhook\.hostNetwork is true and createNamespace is false/);
  const objects = (hostNetwork ? withoutPodSecurityCheck(() => Testing.synth(chart)) : Testing.synth(chart)) as KubeObject[];
  return compareInstalls(load(c.render), objects);
}

const COMPONENT_PREFIX: Record<string, string> = { 'cert-manager': '', 'cert-manager-webhook': 'webhook.', 'cert-manager-cainjector': 'cainjector.' };

/** The chart key whose production default explains a difference, if the difference is one of those. */
function defaultedKey(diff: string): string | undefined {
  const m = /^(?:extra object: )?(Deployment|PodDisruptionBudget) cert-manager\/([a-z-]+)(.*)$/.exec(diff);
  const prefix = m ? COMPONENT_PREFIX[m[2]] : undefined;
  if (!m || prefix === undefined) return undefined;
  if (m[1] === 'PodDisruptionBudget') return `${prefix}podDisruptionBudget`;
  const field = m[3];
  if (field === '.replicas: reference 1, ours 3' || field === '.replicas: reference 1, ours 2') return `${prefix}replicaCount`;
  if (/^\.containers\.[a-z-]+\.resources\./.test(field)) return `${prefix}resources`;
  if (field.startsWith('.pod.topologySpreadConstraints:')) return `${prefix}topologySpreadConstraints`;
  if (field.startsWith('.podAnnotations.prometheus.io/')) return 'prometheus';
  return undefined;
}

function has(values: { [key: string]: any }, path: string): boolean {
  let v: any = values;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || !(part in v)) return false;
    v = v[part];
  }
  return true;
}
