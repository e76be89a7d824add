/**
 * Functional parity with the upstream Helm chart of the pinned release.
 *
 * The reference renders are read from CERT_MANAGER_REFERENCE_DIR (default: the reference folder
 * beside the repository, `../shared/reference/cert-manager`). When the folder is absent the
 * render tests are skipped; .ci/run sets the variable whenever the folder exists, so CI always
 * runs them. The comparer's own tests below run everywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { parseAllDocuments } from 'yaml';
import { compareInstalls, NOT_EMITTED, permissions } from './parity';
import { CertManager, CertManagerProps, DisruptionBudget } from '../../src';
import { synth } from '../harness/manifests';
import { KubeObject } from '../harness/validate';

const REFERENCE_DIR = process.env.CERT_MANAGER_REFERENCE_DIR
  ?? resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cert-manager');
const haveReference = existsSync(join(REFERENCE_DIR, 'rendered-production.yaml'));
if (process.env.CERT_MANAGER_REFERENCE_DIR && !haveReference) {
  throw new Error(`CERT_MANAGER_REFERENCE_DIR=${REFERENCE_DIR} has no rendered-production.yaml`);
}

function load(file: string): KubeObject[] {
  return parseAllDocuments(readFileSync(join(REFERENCE_DIR, file), 'utf8')).map((d) => d.toJS()).filter(Boolean);
}

function ours(props: CertManagerProps): KubeObject[] {
  const chart = Testing.chart();
  new CertManager(chart, 'CertManager', props);
  return synth(chart).objects;
}

const resources = (cpu: number, request: number, limit: number) => ({
  cpu: { request: Cpu.millis(cpu) },
  memory: { request: Size.mebibytes(request), limit: Size.mebibytes(limit) },
});

/** The construct configured like the chart's values-production.yaml. */
const PRODUCTION: CertManagerProps = {
  priorityClassName: 'system-cluster-critical',
  revisionHistoryLimit: 3,
  leaderElectionLeaseDuration: Duration.seconds(60),
  leaderElectionRenewDeadline: Duration.seconds(40),
  leaderElectionRetryPeriod: Duration.seconds(15),
  controller: {
    replicas: 3,
    disruptionBudget: DisruptionBudget.minAvailable(1),
    resources: resources(50, 128, 512),
    enableCertificateOwnerRef: true,
    dns01RecursiveNameservers: ['1.1.1.1:53', '8.8.8.8:53'],
    dns01RecursiveNameserversOnly: true,
    config: { logging: { verbosity: 2, format: 'json' }, kubernetesAPIQPS: 50, kubernetesAPIBurst: 100 },
  },
  webhook: { replicas: 3, disruptionBudget: DisruptionBudget.minAvailable(1), resources: resources(20, 64, 256) },
  cainjector: { replicas: 2, disruptionBudget: DisruptionBudget.minAvailable(1), resources: resources(20, 128, 512) },
  serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(60), scrapeTimeout: Duration.seconds(30) },
  networkPolicies: true,
};

/** The construct configured like the chart's defaults. */
const CHART_DEFAULTS: CertManagerProps = {
  createNamespace: false,
  controller: { replicas: 1, resources: { cpu: {}, memory: {} } },
  webhook: { replicas: 1, resources: { cpu: {}, memory: {} } },
  cainjector: { replicas: 1, resources: { cpu: {}, memory: {} } },
};

const describeWithReference = haveReference ? describe : describe.skip;

describeWithReference(`parity with the upstream v1.21.1 renders in ${REFERENCE_DIR}`, () => {
  test('production render: no functional difference', () => {
    // (the reference has no Namespace object; ours adds one, which the comparer allows)
    expect(compareInstalls(load('rendered-production.yaml'), ours(PRODUCTION))).toEqual([]);
  });

  test('default render: no functional difference', () => {
    expect(compareInstalls(load('rendered-default.yaml'), ours(CHART_DEFAULTS))).toEqual([]);
  });

  test('only the startupapicheck hook objects are not emitted', () => {
    const ref = load('rendered-production.yaml').map((o) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`);
    expect(ref.filter((l) => NOT_EMITTED[l]).sort()).toEqual(Object.keys(NOT_EMITTED).sort());
  });
});

describe('the comparer', () => {
  const base = () => ours({});

  test('finds a missing permission', () => {
    const mine = base();
    const role = mine.find((o) => o.kind === 'ClusterRole' && o.metadata?.name === 'cert-manager-controller-approve:cert-manager-io')!;
    const trimmed = mine.map((o) => (o === role ? { ...o, rules: [] } : o));
    expect(compareInstalls(mine, trimmed)).toEqual([
      'ServiceAccount cert-manager/cert-manager: missing permission "cluster: approve cert-manager.io/signers/issuers.cert-manager.io/*"',
      'ServiceAccount cert-manager/cert-manager: missing permission "cluster: approve cert-manager.io/signers/clusterissuers.cert-manager.io/*"',
    ]);
  });

  test('finds an extra wildcard permission', () => {
    const mine = base();
    const extra = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'oops' }, roleRef: { kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'ServiceAccount', name: 'cert-manager-webhook', namespace: 'cert-manager' }] };
    const adminRole = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] };
    const diffs = compareInstalls(mine, [...mine, extra, adminRole]);
    expect(diffs).toContain('ServiceAccount cert-manager/cert-manager-webhook: extra permission "cluster: * */*"');
  });

  test('finds an argument, probe and webhook difference', () => {
    const ref = base();
    const mine = ours({ controller: { maxConcurrentChallenges: 10 }, webhook: { timeoutSeconds: 10 } });
    const diffs = compareInstalls(ref, mine);
    expect(diffs).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Deployment cert-manager\/cert-manager.containers.cert-manager-controller.args: .*--max-concurrent-challenges=60.*--max-concurrent-challenges=10/),
      expect.stringMatching(/^ValidatingWebhookConfiguration cert-manager-webhook.webhooks: .*"timeoutSeconds":30.*"timeoutSeconds":10/),
    ]));
  });

  test('permissions() follows RoleBindings into their namespace', () => {
    const perms = permissions(base(), { name: 'cert-manager-webhook', namespace: 'cert-manager' });
    expect([...perms]).toEqual(expect.arrayContaining([
      'namespace cert-manager: get core/secrets/cert-manager-webhook-ca',
      'namespace cert-manager: create core/secrets',
      'cluster: create authorization.k8s.io/subjectaccessreviews',
    ]));
    // get/list/watch/update on the CA Secret, create Secrets, create SubjectAccessReviews
    expect(perms.size).toBe(6);
  });
});
