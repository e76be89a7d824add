/**
 * CertManager.fromHelmValues: a values file of the cert-manager chart in, the same install out.
 * Parity with real `helm template` renders is in helm-values-parity.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { CertManager, HelmValuesOptions } from '../../src';
import { helmValuesSchema } from '../../src/install/private/helm-schema';
import { HELM_VALUES_MAPPING, helmValuesLeafKeys } from '../../src/install/private/helm-values-mapping';
import {
  APPLIED, coalesce, expandComponents, HELM_ONLY, NOT_YET_EXPRESSIBLE,
} from '../../src/install/private/helm-values-props';
import { helmValuesProblems } from '../../src/install/private/helm-values-validation';
import { Manifests, synth } from '../harness/manifests';
import { withoutPodSecurityCheck } from '../harness/setup';
import { captureOutcome, captureStderr } from '../harness/stderr';

function fromValues(values: { [key: string]: any }, options?: HelmValuesOptions, podSecurity = true):
{ cm: CertManager; m: Manifests; printed: string } {
  const chart = Testing.chart();
  const { result: cm, printed } = captureStderr(() => CertManager.fromHelmValues(chart, 'CertManager', values, options));
  return { cm, m: podSecurity ? synth(chart) : withoutPodSecurityCheck(() => synth(chart)), printed };
}

/** The error fromHelmValues throws, and proof that nothing was added to the chart. */
function refusal(values: unknown, options?: HelmValuesOptions): string {
  const chart = Testing.chart();
  const outcome = captureOutcome(() => CertManager.fromHelmValues(chart, 'CertManager', values as any, options));
  expect(outcome.error).toBeDefined();
  expect(chart.node.children).toHaveLength(0);
  expect(Testing.synth(chart)).toEqual([]);
  return outcome.error!.message;
}

const pod = (m: Manifests, name: string) => m.get('Deployment', name).spec.template.spec;
const args = (m: Manifests, name: string): string[] => pod(m, name).containers[0].args;
const DEPLOYMENTS = ['cert-manager', 'cert-manager-webhook', 'cainjector'].map((n) => (n === 'cainjector' ? 'cert-manager-cainjector' : n));

describe('fromHelmValues with an empty values file: the chart defaults', () => {
  const { cm, m, printed } = fromValues({});

  test('one replica of each component, no PodDisruptionBudget, no resources, no spreading', () => {
    for (const name of DEPLOYMENTS) {
      const d = m.get('Deployment', name);
      expect(d.spec.replicas).toBe(1);
      expect(d.spec.template.spec.containers[0].resources ?? {}).toEqual({});
      expect(d.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    }
    expect(m.all('PodDisruptionBudget')).toEqual([]);
  });

  test('no CRDs and no Namespace, as helm template renders them by default', () => {
    expect(m.all('CustomResourceDefinition')).toEqual([]);
    expect(m.all('Namespace')).toEqual([]);
    expect(cm.namespace).toBe('cert-manager');
  });

  test('the chart\'s plain scrape mode: prometheus.io annotations on every pod, no ServiceMonitor', () => {
    for (const name of DEPLOYMENTS) {
      expect(m.get('Deployment', name).spec.template.metadata.annotations).toEqual({
        'prometheus.io/path': '/metrics', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9402',
      });
    }
    expect(m.all('ServiceMonitor')).toEqual([]);
  });

  test('prints nothing', () => {
    expect(printed).toBe('');
  });

  test('an empty values file (which a YAML parser returns as null) is the same', () => {
    const empty = fromValues(null as any).m;
    expect(empty.labels()).toEqual(m.labels());
  });
});

describe('fromHelmValues applies what the file sets', () => {
  const { cm, m } = fromValues({
    namespace: 'platform-certs',
    crds: { enabled: true },
    replicaCount: 2,
    podDisruptionBudget: { enabled: true },
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { memory: '1Gi' } },
    nodeSelector: { pool: 'system' },
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    podLabels: { team: 'pki' },
    serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cm' } },
    extraArgs: ['--issuer-ambient-credentials'],
    featureGates: 'ServerSideApply=true,AdditionalCertificateOutputFormats=false',
    maxConcurrentChallenges: 0,
    dns01RecursiveNameservers: '1.1.1.1:53, 8.8.8.8:53',
    dns01RecursiveNameserversOnly: true,
    ingressShim: { defaultIssuerName: 'letsencrypt' },
    global: { logLevel: 4, priorityClassName: 'system-cluster-critical', revisionHistoryLimit: 0, leaderElection: { namespace: 'platform-certs', leaseDuration: '1m30s' } },
    imageRegistry: 'registry.example.com',
    imageNamespace: 'mirror/jetstack',
    webhook: { replicaCount: 3, podDisruptionBudget: { enabled: true, maxUnavailable: '50%' }, timeoutSeconds: 10 },
    cainjector: { podDisruptionBudget: { enabled: true, minAvailable: 0 } },
    prometheus: { servicemonitor: { enabled: true, interval: '30s', scrapeTimeout: '20s', labels: { release: 'kps' } } },
  });

  test('the namespace key, CRDs and the images from the registry and namespace keys', () => {
    expect(cm.namespace).toBe('platform-certs');
    expect(m.all('CustomResourceDefinition')).toHaveLength(6);
    expect(pod(m, 'cert-manager').containers[0].image).toBe('registry.example.com/mirror/jetstack/cert-manager-controller:v1.21.1');
    expect(args(m, 'cert-manager')).toContain('--acme-http01-solver-image=registry.example.com/mirror/jetstack/cert-manager-acmesolver:v1.21.1');
  });

  test('replicas, budgets (the chart\'s implicit minAvailable 1, a percentage, a count) and resources', () => {
    expect(m.get('Deployment', 'cert-manager').spec.replicas).toBe(2);
    expect(m.get('PodDisruptionBudget', 'cert-manager').spec).toMatchObject({ minAvailable: 1 });
    expect(m.get('PodDisruptionBudget', 'cert-manager-webhook').spec).toMatchObject({ maxUnavailable: '50%' });
    expect(m.get('PodDisruptionBudget', 'cert-manager-cainjector').spec).toMatchObject({ minAvailable: 0 });
    expect(pod(m, 'cert-manager').containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '192Mi' }, limits: { memory: '1Gi' } });
    expect(pod(m, 'cert-manager-webhook').containers[0].resources ?? {}).toEqual({});
  });

  test('scheduling, pod labels and the ServiceAccount annotation', () => {
    expect(pod(m, 'cert-manager').nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'pool': 'system' });
    expect(pod(m, 'cert-manager').tolerations).toEqual([{ key: 'CriticalAddonsOnly', operator: 'Exists' }]);
    expect(m.get('Deployment', 'cert-manager').spec.template.metadata.labels.team).toBe('pki');
    expect(m.get('ServiceAccount', 'cert-manager').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cm' });
    expect(pod(m, 'cert-manager').priorityClassName).toBe('system-cluster-critical');
    expect(m.get('Deployment', 'cert-manager').spec.revisionHistoryLimit).toBe(0);
  });

  test('controller arguments', () => {
    expect(args(m, 'cert-manager')).toEqual(expect.arrayContaining([
      '--v=4',
      '--leader-election-namespace=platform-certs',
      '--leader-election-lease-duration=1m30s',
      '--issuer-ambient-credentials',
      '--feature-gates=AdditionalCertificateOutputFormats=false,ServerSideApply=true',
      '--dns01-recursive-nameservers=1.1.1.1:53,8.8.8.8:53',
      '--dns01-recursive-nameservers-only=true',
      '--default-issuer-name=letsencrypt',
      // the controller's own defaults, which the chart leaves to it
      '--default-issuer-kind=Issuer',
      '--default-issuer-group=cert-manager.io',
      // 0 leaves the chart's flag out: the binary's default applies
      '--max-concurrent-challenges=60',
    ]));
  });

  test('webhook timeout and the ServiceMonitor (with the chart\'s prometheus instance label)', () => {
    expect(m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].timeoutSeconds).toBe(10);
    const sm = m.get('ServiceMonitor', 'cert-manager');
    expect(sm.metadata.labels).toMatchObject({ release: 'kps', prometheus: 'default' });
    expect(sm.spec.endpoints[0]).toMatchObject({ interval: '30s', scrapeTimeout: '20s' });
    expect(m.get('Deployment', 'cert-manager').spec.template.metadata.annotations ?? {}).toEqual({});
  });
});

describe('fromHelmValues applies the pod, ServiceAccount, webhook and scrape keys', () => {
  const { m, printed } = fromValues({
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
    securityContext: { fsGroup: 1001 },
    extraEnv: [{ name: 'AWS_REGION', value: 'eu-west-1' }],
    resources: { requests: { 'ephemeral-storage': '100Mi' }, limits: { 'ephemeral-storage': '1Gi' } },
    http_proxy: 'http://proxy.example.com:8080',
    no_proxy: '127.0.0.1,.svc',
    serviceAccount: { create: false, name: 'pinned' },
    global: { commonLabels: { team: 'pki' }, runtimeClassName: 'gvisor', rbac: { aggregateClusterRoles: false } },
    image: { registry: 'legacy.example.io', pullPolicy: 'Always' },
    cainjector: { runtimeClassName: 'runc', podDisruptionBudget: { enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, replicaCount: 2 },
    webhook: {
      hostNetwork: true,
      securePort: 10260,
      serviceType: 'LoadBalancer',
      url: { host: 'webhook.example.com' },
      validatingWebhookConfigurationAnnotations: { 'admissions.enforcer/disabled': 'true' },
    },
    prometheus: { podmonitor: { enabled: true, namespace: 'monitoring', honorLabels: true } },
  }, {}, false); // host networking is outside restricted Pod Security (the install warns)

  test('rollout, scheduling, security context and environment', () => {
    const d = m.get('Deployment', 'cert-manager');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(d.spec.template.spec.affinity).toEqual({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } });
    expect(d.spec.template.spec.topologySpreadConstraints).toEqual([{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }]);
    // the file's map merged over the chart's default, as helm merges it
    expect(d.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 1001 });
    expect(d.spec.template.spec.containers[0].resources).toEqual({ requests: { 'ephemeral-storage': '100Mi' }, limits: { 'ephemeral-storage': '1Gi' } });
    expect(d.spec.template.spec.containers[0].env).toEqual(expect.arrayContaining([
      { name: 'AWS_REGION', value: 'eu-west-1' }, { name: 'HTTP_PROXY', value: 'http://proxy.example.com:8080' }, { name: 'NO_PROXY', value: '127.0.0.1,.svc' },
    ]));
  });

  test('an existing ServiceAccount, common labels, runtime classes (the component\'s over the global one), the image registry prefix', () => {
    expect(pod(m, 'cert-manager').serviceAccountName).toBe('pinned');
    expect(m.tryGet('ServiceAccount', 'cert-manager')).toBeUndefined();
    expect(m.get('Deployment', 'cert-manager-webhook').metadata.labels.team).toBe('pki');
    expect(pod(m, 'cert-manager').runtimeClassName).toBe('gvisor');
    expect(pod(m, 'cert-manager-cainjector').runtimeClassName).toBe('runc');
    expect(pod(m, 'cert-manager').containers[0]).toMatchObject({ image: 'legacy.example.io/quay.io/jetstack/cert-manager-controller:v1.21.1', imagePullPolicy: 'Always' });
    expect(pod(m, 'cert-manager-webhook').containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(m.tryGet('ClusterRole', 'cert-manager-cluster-view')).toBeUndefined();
    expect(m.get('PodDisruptionBudget', 'cert-manager-cainjector').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  test('the webhook on the host network, behind a load balancer, called by URL; the warning about the namespace', () => {
    const w = pod(m, 'cert-manager-webhook');
    expect(w.hostNetwork).toBe(true);
    expect(w.containers[0].args).toEqual(expect.arrayContaining(['--secure-port=10260', '--dynamic-serving-dns-names=webhook.example.com']));
    expect(m.get('Service', 'cert-manager-webhook').spec.type).toBe('LoadBalancer');
    const validating = m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook');
    expect(validating.webhooks[0].clientConfig).toEqual({ url: 'https://webhook.example.com/validate' });
    expect(validating.metadata.annotations['admissions.enforcer/disabled']).toBe('true');
    expect(printed).toMatch(/webhook\.hostNetwork is true and createNamespace is false/);
  });

  test('a PodMonitor in another namespace, and no scrape annotations', () => {
    expect(m.get('PodMonitor', 'cert-manager', 'monitoring').spec.podMetricsEndpoints[0].honorLabels).toBe(true);
    expect(m.get('Deployment', 'cert-manager').spec.template.metadata.annotations ?? {}).toEqual({});
  });
});

describe('fromHelmValuesFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helm-values-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  test('reads the file as Helm does: YAML 1.1, where 0444 is octal', () => {
    const path = file('values.yaml', 'volumes:\n  - name: token\n    projected:\n      defaultMode: 0444\n      sources: []\n');
    const chart = Testing.chart();
    CertManager.fromHelmValuesFile(chart, 'CertManager', path);
    expect(pod(synth(chart), 'cert-manager').volumes).toEqual([{ name: 'token', projected: { defaultMode: 292, sources: [] } }]);
  });

  test('an empty file is the chart defaults', () => {
    const chart = Testing.chart();
    CertManager.fromHelmValuesFile(chart, 'CertManager', file('empty.yaml', '# nothing set\n'));
    expect(synth(chart).get('Deployment', 'cert-manager').spec.replicas).toBe(1);
  });

  test('fails on a missing file and on a file of several documents, naming the path', () => {
    expect(() => CertManager.fromHelmValuesFile(Testing.chart(), 'CertManager', join(dir, 'missing.yaml')))
      .toThrow(/^\[test\/CertManager\] cannot read the Helm values file .*missing\.yaml/);
    expect(() => CertManager.fromHelmValuesFile(Testing.chart(), 'CertManager', file('two.yaml', 'replicaCount: 1\n---\nreplicaCount: 2\n')))
      .toThrow(/two\.yaml holds 2 YAML documents; combine them into one map of keys/);
  });
});

describe('extraObjects', () => {
  test('become objects of the install, with the release\'s namespace and names expanded as Helm\'s tpl does', () => {
    const { m } = fromValues({
      extraObjects: [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: corp-root-ca\n  namespace: {{ include "cert-manager.namespace" . }}\ndata:\n  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '{{ .Release.Name }}-extra', namespace: '{{ .Release.Namespace }}' }, data: { owner: '{{- include "cert-manager.fullname" . -}}' } },
      ],
    }, { releaseNamespace: 'pki' });
    expect(m.get('ConfigMap', 'corp-root-ca', 'pki').data).toEqual({ 'ca.crt': '-----BEGIN CERTIFICATE-----\n' });
    expect(m.get('ConfigMap', 'cert-manager-extra', 'pki').data).toEqual({ owner: 'cert-manager' });
  });

  test('fails on template expressions other than the release\'s names and on what is not an object', () => {
    const message = refusal({
      extraObjects: [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {{ toYaml .Values.podLabels }}\n',
        'apiVersion: v1\nkind: [ConfigMap\n',
        { kind: 'ConfigMap', metadata: { name: 'no-api-version' } },
      ],
    });
    expect(message).toContain('- extraObjects[0]: uses template expressions this library does not run: {{ toYaml .Values.podLabels }}; write the values out');
    expect(message).toContain('- extraObjects[1]: is not a Kubernetes object');
    expect(message).toContain('- extraObjects[2]: is not a Kubernetes object (apiVersion, kind and metadata.name)');
  });
});

describe('fromHelmValues with productionDefaults', () => {
  test('the library\'s defaults where the file is silent, the file where it speaks', () => {
    const { m } = fromValues({ replicaCount: 2, webhook: { resources: { requests: { cpu: '30m' } } } }, { productionDefaults: true });
    expect(m.get('Deployment', 'cert-manager').spec.replicas).toBe(2);
    expect(m.get('Deployment', 'cert-manager-webhook').spec.replicas).toBe(3);
    expect(m.get('Deployment', 'cert-manager-cainjector').spec.replicas).toBe(2);
    expect(m.get('PodDisruptionBudget', 'cert-manager').spec).toMatchObject({ maxUnavailable: 1 });
    expect(pod(m, 'cert-manager').topologySpreadConstraints).toHaveLength(2);
    expect(pod(m, 'cert-manager').containers[0].resources.requests).toEqual({ cpu: '50m', memory: '128Mi' });
    // a map the file sets replaces the library's default as a whole, as it does in the chart
    expect(pod(m, 'cert-manager-webhook').containers[0].resources).toEqual({ requests: { cpu: '30m' } });
    expect(m.get('Deployment', 'cert-manager').spec.template.metadata.annotations ?? {}).toEqual({});
  });

  test('options: release namespace, release name and the Namespace object', () => {
    const { cm, m } = fromValues({}, { releaseNamespace: 'pki', releaseName: 'certs', createNamespace: true });
    expect(cm.namespace).toBe('pki');
    expect(m.get('Namespace', 'pki').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    // the chart's fullname rule: <release>-cert-manager
    expect(m.get('Deployment', 'certs-cert-manager-webhook', 'pki').metadata.labels['app.kubernetes.io/instance']).toBe('certs');
    // and with the file's fullnameOverride
    expect(fromValues({ fullnameOverride: 'cm' }, { releaseName: 'certs' }).m.get('Deployment', 'cm-webhook').metadata.name).toBe('cm-webhook');
  });
});

describe('Helm-only keys', () => {
  test('are accepted and listed in one notice with what replaces them; the output is written', () => {
    const { m, printed } = fromValues({
      startupapicheck: { enabled: true, timeout: '5m', backoffLimit: 10 },
      crds: { enabled: true, keep: true },
      creator: 'helm',
      enabled: true,
      global: { podSecurityPolicy: { enabled: false } },
    });
    expect(m.all('Deployment')).toHaveLength(3);
    expect(printed.match(/\[WARNING\]/g)).toHaveLength(1);
    expect(printed).toContain('sets 7 Helm-only keys');
    expect(printed).toContain('startupapicheck.enabled, startupapicheck.timeout, startupapicheck.backoffLimit: the post-install Job');
    expect(printed).toMatch(/sync waves/);
    expect(printed).toMatch(/ crds\.keep: .*Prune=false/);
    expect(printed).toMatch(/ creator: /);
    expect(printed).toMatch(/ enabled: .*dependency/);
    expect(printed).toMatch(/ global\.podSecurityPolicy\.enabled: .*removed in Kubernetes 1\.25/);
  });
});

describe('refusals: one error listing every offending key, nothing synthesized', () => {
  test('fails when keys are unknown, mistyped or misplaced, naming each with the fix', () => {
    const message = refusal({
      replicas: 2,
      webhook: { replicaCount: '3', hostNetwork: 'true', securePort: 10260.5 },
      global: { priorityClasName: 'x' },
      image: { tag: 1.21 },
      priorityClassName: 'critical',
    });
    expect(message).toMatch(/^\[test\/CertManager\] the Helm values file has 6 problems; nothing was synthesized:/);
    expect(message).toContain('- replicas: not a value of the cert-manager chart v1.21.1 (perhaps of another chart or chart version); did you mean replicaCount?');
    expect(message).toContain('- webhook.replicaCount: expected number, got string "3"; write 3 without quotes');
    expect(message).toContain('- webhook.hostNetwork: expected boolean, got string "true"; write true without quotes');
    expect(message).toContain('- global.priorityClasName: not a value of the cert-manager chart v1.21.1 (perhaps of another chart or chart version); did you mean global.priorityClassName?');
    expect(message).toContain('- image.tag: expected string, got number 1.21; quote it ("1.21")');
    expect(message).toContain('- priorityClassName: not a value of the cert-manager chart v1.21.1 (perhaps of another chart or chart version); the chart has priorityClassName at global.priorityClassName');
  });

  test('fails on the values file of another chart (ingress-nginx), saying so first', () => {
    const message = refusal({
      controller: { replicaCount: 2, service: { type: 'LoadBalancer' } },
      defaultBackend: { enabled: false },
      rbac: { create: true },
      tcp: {},
      serviceAccount: { create: true },
    });
    expect(message).toMatch(/- \(file\): 4 of its 5 top-level keys are not values of the cert-manager chart \(controller, defaultBackend, rbac, tcp\): this looks like the values file of another chart; pass the values file of your cert-manager release/);
    expect(message).toMatch(/- controller: not a value/);
    expect(message).toMatch(/- rbac: .*the chart has rbac at global\.rbac/);
  });

  test('fails on a value this library cannot express yet, unless it keeps the chart default', () => {
    const message = refusal({ cainjector: { enabled: false }, prometheus: { enabled: false } });
    expect(message).toContain('- cainjector.enabled: false: an install without the CA injector is not expressible');
    expect(message).toContain('- prometheus.enabled: false: the chart then also turns the webhook\'s and cainjector\'s metrics listeners off');
    expect(() => fromValues({ cainjector: { enabled: true }, extraObjects: [] })).not.toThrow();
  });

  test('fails on keys that change nothing in the chart, where the file expects them to', () => {
    const message = refusal({
      serviceAccount: { create: false, name: 'existing', annotations: { 'eks.amazonaws.com/role-arn': 'arn' } },
      webhook: { podDisruptionBudget: { unhealthyPodEvictionPolicy: 'AlwaysAllow' }, url: { host: 'h.example.com', port: 8443 }, serviceType: 'Headless' },
      securityContext: { runAsNonRoot: null },
      prometheus: { servicemonitor: { enabled: true }, podmonitor: { enabled: true } },
    });
    for (const expected of [
      '- serviceAccount.annotations: has no effect: serviceAccount.create is false',
      '- webhook.podDisruptionBudget.unhealthyPodEvictionPolicy: has no effect: podDisruptionBudget.enabled is false',
      '- webhook.url.port: is read by no template of the chart',
      '- webhook.serviceType: "Headless" is not one of ClusterIP, NodePort, LoadBalancer, ExternalName',
      '- securityContext.runAsNonRoot: is removed, but this library keeps every pod within the restricted Pod Security Standard; keep runAsNonRoot true',
      '- prometheus: enables both servicemonitor and podmonitor',
    ]) expect(message).toContain(expected);
  });

  test('fails on values the chart renders but the cluster or this library cannot run', () => {
    const message = refusal({
      podDisruptionBudget: { enabled: true, minAvailable: 1, maxUnavailable: 1 },
      webhook: { podDisruptionBudget: { enabled: true, maxUnavailable: 'half' }, image: { pullPolicy: 'Sometimes' } },
      cainjector: { resources: { requests: { 'cpu': 'lots', 'memory': '1G', 'hugepages-2Mi': '1Gi' } } },
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      featureGates: 'ServerSideApply',
      global: { leaderElection: { leaseDuration: '1.5m' } },
      ingressShim: { defaultIssuerKind: 'ClusterIssuer' },
      installCRDs: true,
      crds: { enabled: true },
    });
    for (const expected of [
      '- podDisruptionBudget: sets both minAvailable and maxUnavailable',
      '- webhook.podDisruptionBudget.maxUnavailable: "half" is neither a whole number nor a percentage',
      '- webhook.image.pullPolicy: "Sometimes" is not one of Always, IfNotPresent, Never',
      '- cainjector.resources.requests.cpu: "lots" is not a CPU quantity',
      '- cainjector.resources.requests.memory: "1G" is not in binary units; write it in Ki, Mi or Gi',
      '- cainjector.resources.requests.hugepages-2Mi: hugepages-2Mi requests and limits have no equivalent',
      '- nodeSelector: kubernetes.io/os is "windows"; keep kubernetes.io/os: linux',
      '- featureGates: "ServerSideApply" is not Name=true or Name=false',
      '- global.leaderElection.leaseDuration: "1.5m" is not a duration in whole seconds',
      '- ingressShim: sets defaultIssuerKind or defaultIssuerGroup without defaultIssuerName',
      '- installCRDs: is set together with crds.enabled, which helm rejects',
    ]) expect(message).toContain(expected);
  });

  test('fails where the library refuses a setting the chart renders: a budget that blocks every drain', () => {
    expect(() => captureStderr(() => CertManager.fromHelmValues(Testing.chart(), 'CertManager', { podDisruptionBudget: { enabled: true } })))
      .toThrow(/\[test\/CertManager\/Controller\] disruptionBudget minAvailable 1 with replicas 1 leaves no pod evictable, which blocks every node drain/);
  });

  test('fails on list and map values of the wrong shape, malformed tolerations, pull secrets and resources', () => {
    const message = refusal({
      tolerations: [{ key: 'a', operator: 'Exists', effects: 'NoSchedule' }, 'CriticalAddonsOnly'],
      podLabels: 'team=pki',
      extraArgs: '--v=4',
      global: { imagePullSecrets: [{ secret: 'regcred' }] },
      webhook: { resources: { requests: { cpu: '10m' }, claims: [{ name: 'gpu' }] } },
    });
    for (const expected of [
      '- podLabels: expected object, got string "team=pki"; write a map of keys',
      '- extraArgs: expected array, got string "--v=4"; write a list',
    ]) expect(message).toContain(expected);
    // the schema-valid file, with the conversion's own checks
    const converted = refusal({
      tolerations: [{ key: 'a', operator: 'Exists', effects: 'NoSchedule' }, 'CriticalAddonsOnly'],
      global: { imagePullSecrets: [{ secret: 'regcred' }] },
      webhook: { resources: { requests: { cpu: '10m' }, claims: [{ name: 'gpu' }] } },
    });
    for (const expected of [
      '- tolerations[0].effects: is not a field of a toleration; use key, operator, value, effect, tolerationSeconds',
      '- tolerations[1]: "CriticalAddonsOnly" is not a toleration',
      '- global.imagePullSecrets[0]: {"secret":"regcred"} names no Secret; write { name: <secret> }',
      '- webhook.resources.claims: is not a field of container resources this library writes',
    ]) expect(converted).toContain(expected);
  });

  test('fails when the values are not a map', () => {
    expect(refusal(['replicaCount: 1'])).toContain('- (file): a values file is a map of keys, got a list');
  });

  test('fails where the install refuses what the chart renders: the webhook on the host network at the kubelet\'s port', () => {
    expect(() => captureStderr(() => CertManager.fromHelmValues(Testing.chart(), 'CertManager', { webhook: { hostNetwork: true } })))
      .toThrow(/webhook\.hostNetwork is true but securePort is 10250, the kubelet's port on every node/);
  });

  test('accepts null for any key the chart has (it removes the chart default), not for unknown ones', () => {
    const { m } = fromValues({ podLabels: null, tolerations: null, prometheus: { servicemonitor: { labels: null } } });
    expect(pod(m, 'cert-manager').tolerations).toBeUndefined();
    expect(refusal({ nodeSelecter: null })).toContain('did you mean nodeSelector?');
    // without the chart's nodeSelector the pods would be scheduled on Windows nodes too
    expect(refusal({ nodeSelector: null })).toContain('- nodeSelector: kubernetes.io/os is removed; keep kubernetes.io/os: linux');
  });
});

describe('the values validator on schema rules the chart does not use today', () => {
  const schema = {
    $ref: '#/$defs/root',
    $defs: {
      root: { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { $ref: '#/$defs/mode' }, extra: { $ref: '#/$defs/extra' } } },
      mode: { type: 'string', enum: ['a', 'b'] },
      extra: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  };

  test('enums, required keys and typed additional properties', () => {
    expect(helmValuesProblems(schema, { mode: 'c', extra: { x: 1, y: 1.5 } }, 'v0')).toEqual([
      { path: 'mode', reason: 'string "c" is not one of the values the chart accepts', fix: 'use one of "a", "b"' },
      { path: 'extra.y', reason: 'expected integer, got number 1.5', fix: 'write a integer' },
    ]);
    expect(helmValuesProblems(schema, { extra: {} }, 'v0')).toEqual([{ path: 'mode', reason: 'is required here by the chart', fix: 'add mode' }]);
  });
});

describe('the key mapping', () => {
  const schema = helmValuesSchema();
  const leaves = helmValuesLeafKeys(schema);
  const patterns = {
    applied: expandComponents(APPLIED),
    helmOnly: Object.keys(HELM_ONLY),
    notYet: expandComponents(Object.keys(NOT_YET_EXPRESSIBLE)),
  };
  const matches = (p: string, path: string) => (p.endsWith('.') ? path.startsWith(p) : path === p);

  test('classifies every key of the chart exactly once: applied, Helm-only or not yet expressible', () => {
    const unclassified = leaves.filter((l) => Object.values(patterns).every((list) => !list.some((p) => matches(p, l))));
    const twice = leaves.filter((l) => Object.values(patterns).filter((list) => list.some((p) => matches(p, l))).length > 1);
    expect({ unclassified, twice }).toEqual({ unclassified: [], twice: [] });
  });

  test('agrees with the documented mapping (docs/helm-values.md) on what is applied, Helm-only or missing', () => {
    const kind = (leaf: string) => (patterns.applied.some((p) => matches(p, leaf)) ? 'props'
      : patterns.helmOnly.some((p) => matches(p, leaf)) ? 'notApplicable' : 'missing');
    const documented = (leaf: string) => {
      const m = HELM_VALUES_MAPPING[leaf];
      return m?.props ? 'props' : m?.notApplicable ? 'notApplicable' : 'missing';
    };
    const disagree = leaves.filter((l) => kind(l) !== documented(l)).map((l) => `${l}: ${kind(l)} here, ${documented(l)} documented`);
    expect(disagree).toEqual([
      // the props cannot create objects; fromHelmValues does
      'extraObjects: props here, notApplicable documented',
      // metricsServices covers the Services, not the metrics listeners and ports the chart also turns off
      'prometheus.enabled: missing here, props documented',
    ]);
  });

  test('has no entry that matches no key of the chart', () => {
    const stale = Object.values(patterns).flat().filter((p) => !leaves.some((l) => matches(p, l)));
    expect(stale).toEqual([]);
  });
});

describe('coalesce: Helm\'s merge of a file over the defaults', () => {
  test('maps merge, lists replace, null removes', () => {
    expect(coalesce({ a: { x: 1, y: 2 }, l: [1, 2], k: 'v' }, { a: { y: 3 }, l: [9], k: null })).toEqual({ a: { x: 1, y: 3 }, l: [9] });
  });
});
