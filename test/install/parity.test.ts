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
import { Duration, JsonPatch, Size, Testing } from 'cdk8s';
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

function ours(props: CertManagerProps, patch?: (cm: CertManager) => void): KubeObject[] {
  const chart = Testing.chart();
  const cm = new CertManager(chart, 'CertManager', props);
  patch?.(cm);
  return synth(chart).objects;
}

/** values-production.yaml's surge-free rollout, set through the escape hatch (no prop for it yet). */
const surgeFree = (cm: CertManager) => {
  for (const d of [cm.controllerDeployment, cm.webhookDeployment, cm.cainjectorDeployment]) {
    d.addJsonPatch(JsonPatch.add('/spec/strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }));
  }
};

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
  // the chart labels its ServiceMonitor with prometheus.servicemonitor.prometheusInstance ("default")
  serviceMonitor: { labels: { release: 'kube-prometheus-stack', prometheus: 'default' }, interval: Duration.seconds(60), scrapeTimeout: Duration.seconds(30) },
  networkPolicies: true,
};

/** The chart's default scrape mode: annotations on every pod (no ServiceMonitor or PodMonitor). */
const SCRAPE_ANNOTATIONS = { 'prometheus.io/path': '/metrics', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9402' };
const CHART_DEFAULT_COMPONENT = {
  replicas: 1, resources: { cpu: {}, memory: {} }, spreadAcrossZones: false, spreadAcrossNodes: false, podAnnotations: SCRAPE_ANNOTATIONS,
};

/** The construct configured like the chart's defaults. */
const CHART_DEFAULTS: CertManagerProps = {
  createNamespace: false,
  controller: CHART_DEFAULT_COMPONENT,
  webhook: CHART_DEFAULT_COMPONENT,
  cainjector: CHART_DEFAULT_COMPONENT,
};

const describeWithReference = haveReference ? describe : describe.skip;

describeWithReference(`parity with the upstream v1.21.1 renders in ${REFERENCE_DIR}`, () => {
  test('production render: no functional difference', () => {
    // (the reference has no Namespace object; ours adds one, which the comparer allows)
    expect(compareInstalls(load('rendered-production.yaml'), ours(PRODUCTION, surgeFree))).toEqual([]);
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

  test('finds what values files change: rollout, scheduling, pod metadata, identity, Services, webhook clients', () => {
    const ref = base();
    const mine = ours({}, (cm) => {
      cm.controllerDeployment.addJsonPatch(
        JsonPatch.add('/spec/strategy', { type: 'Recreate' }),
        JsonPatch.add('/spec/template/spec/affinity', { podAntiAffinity: {} }),
        JsonPatch.add('/spec/template/spec/dnsPolicy', 'None'),
        JsonPatch.add('/spec/template/spec/dnsConfig', { nameservers: ['10.0.0.10'] }),
        JsonPatch.add('/spec/template/metadata/labels/azure.workload.identity~1use', 'true'),
        JsonPatch.add('/spec/template/spec/containers/0/imagePullPolicy', 'Always'),
      );
      cm.controllerServiceAccount.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'eks.amazonaws.com/role-arn': 'arn' }));
      cm.webhookService.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' }));
      cm.validatingWebhookConfiguration.addJsonPatch(JsonPatch.replace('/webhooks/0/clientConfig', { url: 'https://webhook.example.com/validate' }));
    });
    const diffs = compareInstalls(ref, mine).map((d) => d.split(':')[0]);
    expect(diffs).toEqual(expect.arrayContaining([
      'Deployment cert-manager/cert-manager.strategy',
      'Deployment cert-manager/cert-manager.pod.affinity',
      'Deployment cert-manager/cert-manager.pod.dnsPolicy',
      'Deployment cert-manager/cert-manager.podLabels.azure.workload.identity/use',
      'Deployment cert-manager/cert-manager.containers.cert-manager-controller.imagePullPolicy',
      'ServiceAccount cert-manager/cert-manager.annotations.eks.amazonaws.com/role-arn',
      'Service cert-manager/cert-manager-webhook.annotations.service.beta.kubernetes.io/aws-load-balancer-internal',
      'ValidatingWebhookConfiguration cert-manager-webhook.webhooks',
    ]));
  });

  test('ignores what does not change the install: tag beside a digest, feature-gate order, Helm bookkeeping labels, pull secrets on the ServiceAccount', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const mine = ours({ controller: { imageDigest: digest, featureGates: { A: true, B: false } }, imagePullSecrets: ['regcred'] });
    const ref = mine.map((o) => {
      const copy = JSON.parse(JSON.stringify(o));
      if (o.kind === 'Deployment' && o.metadata?.name === 'cert-manager') {
        const c = copy.spec.template.spec.containers[0];
        c.image = c.image.replace('@', ':v1.21.1@');
        c.args = c.args.map((a: string) => (a === '--feature-gates=A=true,B=false' ? '--feature-gates=B=false,A=true' : a));
        copy.spec.template.metadata.labels['helm.sh/chart'] = 'cert-manager-v1.21.1';
      }
      if (o.kind === 'Deployment') {
        delete copy.spec.template.spec.imagePullSecrets;
      }
      if (o.kind === 'ServiceAccount') copy.imagePullSecrets = [{ name: 'regcred' }];
      return copy;
    });
    expect(compareInstalls(ref, mine)).toEqual([]);
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
