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
  'values-production.yaml': [
    'strategy', 'topologySpreadConstraints', 'webhook.strategy', 'webhook.topologySpreadConstraints',
    'cainjector.strategy', 'cainjector.topologySpreadConstraints',
  ],
  '01-eks-irsa-hostnetwork': ['serviceAccount.name', 'securityContext', 'extraEnv', 'webhook.hostNetwork', 'webhook.securePort'],
  '02-gke-autopilot': [
    'resources.requests.ephemeral-storage', 'resources.limits.ephemeral-storage',
    'webhook.resources.requests.ephemeral-storage', 'webhook.resources.limits.ephemeral-storage',
    'cainjector.resources.requests.ephemeral-storage', 'cainjector.resources.limits.ephemeral-storage',
  ],
  '03-aks-workload-identity': [
    'serviceAccount.labels', 'webhook.validatingWebhookConfigurationAnnotations', 'webhook.mutatingWebhookConfigurationAnnotations',
  ],
  '04-corporate-proxy': ['extraEnv', 'http_proxy', 'https_proxy', 'no_proxy', 'volumes', 'volumeMounts', 'extraObjects'],
  '06-ha-multi-zone': [
    'strategy', 'topologySpreadConstraints', 'affinity', 'webhook.strategy', 'webhook.podDisruptionBudget.unhealthyPodEvictionPolicy',
    'webhook.topologySpreadConstraints', 'webhook.affinity', 'cainjector.strategy', 'cainjector.topologySpreadConstraints',
    'cainjector.affinity',
  ],
  '07-preexisting-sa-projected-tokens': [
    'serviceAccount.create', 'serviceAccount.name', 'automountServiceAccountToken', 'volumes', 'volumeMounts',
    'webhook.serviceAccount.create', 'webhook.serviceAccount.name', 'webhook.automountServiceAccountToken', 'webhook.volumes',
    'webhook.volumeMounts', 'cainjector.serviceAccount.create', 'cainjector.serviceAccount.name',
    'cainjector.automountServiceAccountToken', 'cainjector.volumes', 'cainjector.volumeMounts', 'global.rbac.aggregateClusterRoles',
  ],
  '08-prometheus-controller-config': [
    'prometheus.servicemonitor.namespace', 'prometheus.servicemonitor.honorLabels', 'prometheus.servicemonitor.annotations',
    'prometheus.servicemonitor.endpointAdditionalProperties',
  ],
  '09-webhook-external-url-netpol': [
    'webhook.config', 'webhook.serviceType', 'webhook.serviceAnnotations', 'webhook.serviceLabels', 'webhook.serviceIPFamilyPolicy',
    'webhook.serviceIPFamilies', 'webhook.url', 'webhook.enableClientVerification', 'webhook.clientCAFile',
    'webhook.apiserverClientCertSubjects', 'webhook.volumes', 'webhook.volumeMounts',
    'webhook.validatingWebhookConfiguration.namespaceSelector', 'webhook.mutatingWebhookConfiguration.namespaceSelector',
    'webhook.networkPolicy.ingress', 'webhook.networkPolicy.egress', 'networkPolicy.enabled',
  ],
  '10-gitops-scoped-cainjector-gvisor': [
    'global.commonLabels', 'global.runtimeClassName', 'deploymentAnnotations', 'serviceAnnotations', 'serviceLabels',
    'acmesolver.runtimeClassName', 'approveSignerNames', 'webhook.deploymentAnnotations', 'cainjector.deploymentAnnotations',
  ],
};

function load(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(REFERENCE_DIR, file), 'utf8')).map((d) => d.toJS()).filter(Boolean);
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
    values: withCrds(parse(readFileSync(join(CORPUS_DIR, f), 'utf8')) ?? {}),
    render: join('values-corpus', f.replace('.values.yaml', '.rendered.yaml')),
  }));
  return [
    { name: 'chart defaults', values: { crds: { enabled: true } }, render: 'rendered-default.yaml' },
    { name: 'values-production.yaml', values: parse(readFileSync(join(REFERENCE_DIR, 'values-production.yaml'), 'utf8')), render: 'rendered-production.yaml' },
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
    expect(compareInstalls(load(c.render), Testing.synth(chart) as KubeObject[])).toEqual([]);
  });
});
