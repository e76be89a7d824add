import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-28';
import { build, install } from './install-helpers';
import { CertManager, CertManagerProps, DisruptionBudget, LogFormat, WebhookFailurePolicy } from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { captureStderr, captureWarnings } from '../harness/stderr';


const container = (m: Manifests, name: string) => m.get('Deployment', name).spec.template.spec.containers[0];
const args = (m: Manifests, name: string): string[] => container(m, name).args;

describe('CertManager defaults', () => {
  const { cm, m } = install();

  test('installs into the cert-manager namespace, which enforces restricted Pod Security', () => {
    const ns = m.get('Namespace', 'cert-manager');
    expect(ns.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(cm.namespace).toBe('cert-manager');
    expect(cm.clusterResourceNamespace).toBe('cert-manager');
    expect(m.all('Deployment').map((d) => d.metadata?.namespace)).toEqual(['cert-manager', 'cert-manager', 'cert-manager']);
  });

  test('includes the CRDs', () => {
    expect(m.all('CustomResourceDefinition')).toHaveLength(6);
    expect(cm.crds?.crdNames).toContain('certificates.cert-manager.io');
  });

  test('runs 3 controllers, 3 webhooks and 2 cainjectors', () => {
    expect(m.get('Deployment', 'cert-manager').spec.replicas).toBe(3);
    expect(m.get('Deployment', 'cert-manager-webhook').spec.replicas).toBe(3);
    expect(m.get('Deployment', 'cert-manager-cainjector').spec.replicas).toBe(2);
  });

  test('gives every component a PodDisruptionBudget that lets one pod go', () => {
    for (const name of ['cert-manager', 'cert-manager-webhook', 'cert-manager-cainjector']) {
      const pdb = m.get('PodDisruptionBudget', name, 'cert-manager');
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec.selector).toEqual(m.get('Deployment', name).spec.selector);
    }
  });

  test('sets requests and memory limits; the cainjector gets at least 256Mi', () => {
    expect(container(m, 'cert-manager').resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } });
    expect(container(m, 'cert-manager-webhook').resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    expect(container(m, 'cert-manager-cainjector').resources).toEqual({ requests: { cpu: '20m', memory: '256Mi' }, limits: { memory: '512Mi' } });
  });

  test('spreads pods across zones and nodes, best effort', () => {
    const spread = m.get('Deployment', 'cert-manager-webhook').spec.template.spec.topologySpreadConstraints;
    expect(spread.map((s: any) => [s.topologyKey, s.whenUnsatisfiable, s.labelSelector.matchLabels['app.kubernetes.io/component']])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 'webhook'],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 'webhook'],
    ]);
  });

  test('keeps the upstream selectors, so an install migrated from Helm can be updated in place', () => {
    expect(m.get('Deployment', 'cert-manager').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': 'controller',
    });
  });

  test('pins every image, including the ACME solver, to the library version', () => {
    expect(CertManager.VERSION).toBe('v1.21.1');
    expect(container(m, 'cert-manager').image).toBe('quay.io/jetstack/cert-manager-controller:v1.21.1');
    expect(container(m, 'cert-manager-webhook').image).toBe('quay.io/jetstack/cert-manager-webhook:v1.21.1');
    expect(container(m, 'cert-manager-cainjector').image).toBe('quay.io/jetstack/cert-manager-cainjector:v1.21.1');
    expect(args(m, 'cert-manager')).toContain('--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.21.1');
  });

  test('names the webhook CA Secret the same in the args, the Role and the inject-ca annotation', () => {
    expect(args(m, 'cert-manager-webhook')).toEqual(expect.arrayContaining([
      '--dynamic-serving-ca-secret-namespace=$(POD_NAMESPACE)',
      `--dynamic-serving-ca-secret-name=${cm.webhookCaSecretName}`,
    ]));
    const role = m.get('Role', 'cert-manager-webhook:dynamic-serving', 'cert-manager');
    expect(role.rules[0].resourceNames).toEqual([cm.webhookCaSecretName]);
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(m.get(kind, 'cert-manager-webhook').metadata?.annotations?.['cert-manager.io/inject-ca-from-secret'])
        .toBe(`cert-manager/${cm.webhookCaSecretName}`);
    }
  });

  test('keeps leader election in kube-system, in the args and the Roles alike', () => {
    expect(args(m, 'cert-manager')).toContain('--leader-election-namespace=kube-system');
    expect(args(m, 'cert-manager-cainjector')).toContain('--leader-election-namespace=kube-system');
    expect(m.get('Role', 'cert-manager:leaderelection').metadata?.namespace).toBe('kube-system');
    expect(m.get('RoleBinding', 'cert-manager-cainjector:leaderelection').metadata?.namespace).toBe('kube-system');
  });

  test('configures the webhooks as upstream: Fail, 30s, no side effects, no caBundle', () => {
    const validating = m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0];
    expect(validating).toMatchObject({ failurePolicy: 'Fail', timeoutSeconds: 30, sideEffects: 'None', matchPolicy: 'Equivalent' });
    expect(validating.clientConfig).toEqual({ service: { name: 'cert-manager-webhook', namespace: 'cert-manager', path: '/validate' } });
    expect(m.get('MutatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].rules[0].resources).toEqual(['certificaterequests']);
  });

  test('emits no scrape object or NetworkPolicy unless asked', () => {
    expect(m.all('ServiceMonitor')).toEqual([]);
    expect(m.all('PodMonitor')).toEqual([]);
    expect(m.all('NetworkPolicy')).toEqual([]);
  });

  test('exposes what other constructs need', () => {
    expect(cm.controllerServiceName).toBe('cert-manager');
    expect(cm.webhookServiceName).toBe('cert-manager-webhook');
    expect(cm.metricsPort).toBe(9402);
    expect(cm.version).toBe('v1.21.1');
    expect(ApiObject.of(cm.controllerDeployment).kind).toBe('Deployment');
    expect(m.get('Service', cm.controllerServiceName).spec.ports[0].name).toBe('http-metrics');
  });
});

describe('CertManager overrides', () => {
  test('another namespace, cluster-resource namespace and leader-election namespace', () => {
    const { m } = install({ namespace: 'pki', clusterResourceNamespace: 'pki-secrets', leaderElectionNamespace: 'pki' });
    expect(args(m, 'cert-manager')).toEqual(expect.arrayContaining(['--cluster-resource-namespace=pki-secrets', '--leader-election-namespace=pki']));
    expect(m.get('Role', 'cert-manager:leaderelection').metadata?.namespace).toBe('pki');
    expect(m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].clientConfig.service.namespace).toBe('pki');
    expect(m.get('ClusterRoleBinding', 'cert-manager-cainjector').subjects).toEqual([{ kind: 'ServiceAccount', name: 'cert-manager-cainjector', namespace: 'pki' }]);
  });

  test('in a chart with a namespace: cluster-scoped objects carry none, namespaced ones keep the install namespace', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    new CertManager(chart, 'CertManager');
    const m = synth(chart);
    for (const kind of ['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(m.all(kind).filter((o) => o.metadata?.namespace !== undefined)).toEqual([]);
    }
    expect(m.get('Deployment', 'cert-manager').metadata?.namespace).toBe('cert-manager');
    expect(m.get('Role', 'cert-manager:leaderelection').metadata?.namespace).toBe('kube-system');
  });

  test('without the Namespace and CRDs', () => {
    const { cm, m } = install({ createNamespace: false, installCrds: false });
    expect(m.all('Namespace')).toEqual([]);
    expect(m.all('CustomResourceDefinition')).toEqual([]);
    expect(cm.crds).toBeUndefined();
  });

  test('image mirror, digests, pull policy and pull secrets', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { m } = install({
      imageRegistry: 'registry.example.com:5000/mirror/jetstack',
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      imagePullSecrets: ['mirror-pull'],
      acmesolverImageDigest: digest,
      webhook: { imageDigest: digest },
    });
    expect(container(m, 'cert-manager').image).toBe('registry.example.com:5000/mirror/jetstack/cert-manager-controller:v1.21.1');
    expect(container(m, 'cert-manager-webhook').image).toBe(`registry.example.com:5000/mirror/jetstack/cert-manager-webhook@${digest}`);
    expect(args(m, 'cert-manager')).toContain(`--acme-http01-solver-image=registry.example.com:5000/mirror/jetstack/cert-manager-acmesolver@${digest}`);
    expect(container(m, 'cert-manager').imagePullPolicy).toBe('Always');
    expect(m.get('Deployment', 'cert-manager').spec.template.spec.imagePullSecrets).toEqual([{ name: 'mirror-pull' }]);
  });

  test('another image tag prints a warning and is used everywhere', () => {
    const { result: { m }, printed } = captureStderr(() => install({ imageTag: 'v1.21.2' }));
    expect(container(m, 'cert-manager-cainjector').image).toBe('quay.io/jetstack/cert-manager-cainjector:v1.21.2');
    expect(printed).toContain('[WARNING] [test/CertManager] imageTag v1.21.2 differs from v1.21.1');
  });

  test('controller settings become arguments', () => {
    const { m } = install({
      logLevel: 4,
      logFormat: LogFormat.JSON,
      leaderElectionLeaseDuration: Duration.seconds(90),
      controller: {
        dns01RecursiveNameservers: ['1.1.1.1:53', 'https://dns.example.com/dns-query'],
        dns01RecursiveNameserversOnly: true,
        maxConcurrentChallenges: 20,
        defaultIssuer: { name: 'letsencrypt-production' },
        enableCertificateOwnerRef: true,
        gatewayApi: true,
        featureGates: { ServerSideApply: true, AdditionalCertificateOutputFormats: false },
        extraArgs: ['--acme-http01-solver-nameservers=10.0.0.10:53'],
      },
    });
    expect(args(m, 'cert-manager')).toEqual([
      '--v=4',
      '--logging-format=json',
      '--cluster-resource-namespace=$(POD_NAMESPACE)',
      '--leader-election-namespace=kube-system',
      '--leader-election-lease-duration=1m30s',
      '--acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.21.1',
      '--max-concurrent-challenges=20',
      '--enable-certificate-owner-ref=true',
      '--enable-gateway-api',
      '--dns01-recursive-nameservers-only=true',
      '--dns01-recursive-nameservers=1.1.1.1:53,https://dns.example.com/dns-query',
      '--default-issuer-name=letsencrypt-production',
      '--default-issuer-kind=ClusterIssuer',
      '--default-issuer-group=cert-manager.io',
      '--feature-gates=AdditionalCertificateOutputFormats=false,ServerSideApply=true',
      '--acme-http01-solver-nameservers=10.0.0.10:53',
    ]);
    expect(args(m, 'cert-manager-webhook')[0]).toBe('--v=4');
  });

  test('a controller config file becomes a ConfigMap mounted with --config', () => {
    const { m } = install({ controller: { config: { kubernetesAPIQPS: 50 } } });
    const cm = m.get('ConfigMap', 'cert-manager', 'cert-manager');
    expect(JSON.parse(cm.data['config.yaml'])).toEqual({
      apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', kubernetesAPIQPS: 50,
    });
    expect(args(m, 'cert-manager')).toContain('--config=/var/cert-manager/config/config.yaml');
    expect(container(m, 'cert-manager').volumeMounts).toEqual([{ name: 'config', mountPath: '/var/cert-manager/config' }]);
  });

  test('replicas, disruption budgets, resources and scheduling per component', () => {
    const { m } = install({
      priorityClassName: 'system-cluster-critical',
      revisionHistoryLimit: 3,
      webhook: {
        replicas: 5,
        disruptionBudget: DisruptionBudget.minAvailablePercent(60),
        resources: { cpu: { request: Cpu.millis(100), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(100), limit: Size.gibibytes(1) } },
        spreadAcrossZones: false,
        nodeSelector: { 'node-role.example.com/infra': 'true' },
        tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }],
        podLabels: { team: 'platform' },
        podAnnotations: { 'example.com/owner': 'platform' },
      },
      cainjector: { replicas: 1 },
    });
    const webhook = m.get('Deployment', 'cert-manager-webhook');
    const pod = webhook.spec.template.spec;
    expect(webhook.spec.replicas).toBe(5);
    expect(webhook.spec.revisionHistoryLimit).toBe(3);
    expect(m.get('PodDisruptionBudget', 'cert-manager-webhook').spec.minAvailable).toBe('60%');
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(pod.topologySpreadConstraints.map((s: any) => s.topologyKey)).toEqual(['kubernetes.io/hostname']);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.example.com/infra': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(webhook.spec.template.metadata.labels).toMatchObject({ 'team': 'platform', 'app.kubernetes.io/component': 'webhook' });
    expect(webhook.spec.template.metadata.annotations).toEqual({ 'example.com/owner': 'platform' });
    // one cainjector: no PDB, since minAvailable 1 of 1 would block drains
    expect(m.tryGet('PodDisruptionBudget', 'cert-manager-cainjector')).toBeUndefined();
  });

  test('ServiceAccount annotations for cloud identities', () => {
    const { m } = install({ controller: { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cert-manager' } } });
    expect(m.get('ServiceAccount', 'cert-manager').metadata?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cert-manager' });
  });

  test('webhook timeout and the Ignore failure policy, which warns', () => {
    const { result: { m }, printed } = captureStderr(() => install({
      webhook: { timeoutSeconds: 10, failurePolicy: WebhookFailurePolicy.IGNORE },
    }));
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      expect(m.get(kind, 'cert-manager-webhook').webhooks[0]).toMatchObject({ timeoutSeconds: 10, failurePolicy: 'Ignore' });
    }
    expect(printed).toContain('webhook.failurePolicy is Ignore');
  });

  test('a ServiceMonitor that kube-prometheus-stack picks up', () => {
    const { m } = install({ serviceMonitor: { labels: { release: 'kube-prometheus-stack' }, interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) } });
    const sm = m.get('ServiceMonitor', 'cert-manager', 'cert-manager');
    expect(sm.metadata?.labels?.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([{ targetPort: 'http-metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: false }]);
    expect(sm.spec.selector.matchExpressions[1]).toEqual({ key: 'app.kubernetes.io/instance', operator: 'In', values: ['cert-manager'] });
  });

  test('a PodMonitor instead', () => {
    const { m } = install({ podMonitor: {} });
    expect(m.get('PodMonitor', 'cert-manager').spec.podMetricsEndpoints).toEqual([{ port: 'http-metrics', path: '/metrics', interval: '1m', scrapeTimeout: '30s', honorLabels: false }]);
    expect(m.all('ServiceMonitor')).toEqual([]);
  });

  test('NetworkPolicies keep the webhook reachable from any source and allow DNS and API egress', () => {
    const { m } = install({ networkPolicies: true });
    expect(m.all('NetworkPolicy')).toHaveLength(6);
    const ingress = m.get('NetworkPolicy', 'cert-manager-webhook-allow-ingress').spec.ingress;
    expect(ingress).toEqual([{ ports: [{ port: 'https', protocol: 'TCP' }, { port: 'healthcheck', protocol: 'TCP' }, { port: 'http-metrics', protocol: 'TCP' }] }]);
    const egress = m.get('NetworkPolicy', 'cert-manager-allow-egress').spec.egress[0].ports;
    expect(egress).toEqual(expect.arrayContaining([{ port: 53, protocol: 'UDP' }, { port: 6443, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }]));
  });
});

describe('CertManager bad input', () => {
  test.each([
    [{ controller: { replicas: 0 } }, '[test/CertManager/Controller] replicas 0 must be a whole number of 1 or more; use 3 (the default)'],
    [{ webhook: { replicas: 2.5 } }, '[test/CertManager/Webhook] replicas 2.5 must be a whole number of 1 or more'],
    [{ webhook: { replicas: 1, disruptionBudget: DisruptionBudget.minAvailable(1) } },
      '[test/CertManager/Webhook] disruptionBudget minAvailable 1 with replicas 1 leaves no pod evictable, which blocks every node drain; raise replicas to 2 or more, or use DisruptionBudget.none()'],
    [{ controller: { disruptionBudget: DisruptionBudget.maxUnavailable(0) } },
      '[test/CertManager/Controller] disruptionBudget maxUnavailable 0 with replicas 3 leaves no pod evictable, which blocks every node drain; use DisruptionBudget.maxUnavailable(1)'],
    [{ cainjector: { disruptionBudget: DisruptionBudget.minAvailablePercent(100) } },
      '[test/CertManager/Cainjector] disruptionBudget minAvailable 100% with replicas 2 leaves no pod evictable'],
    [{ controller: { resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(256) } } } },
      '[test/CertManager/Controller] resources.memory.limit 256Mi is below resources.memory.request 512Mi; the pod would never be scheduled. Raise the limit or lower the request'],
    [{ webhook: { resources: { cpu: { request: Cpu.units(1), limit: Cpu.millis(500) } } } },
      '[test/CertManager/Webhook] resources.cpu.limit 500m is below resources.cpu.request 1'],
    [{ imageRegistry: 'Quay.io/Jetstack' }, '[test/CertManager] imageRegistry "Quay.io/Jetstack" is not a valid registry path'],
    [{ imageRegistry: 'https://quay.io/jetstack' }, 'imageRegistry "https://quay.io/jetstack" is not a valid registry path'],
    [{ imageTag: 'v1.21.1 ' }, '[test/CertManager] imageTag "v1.21.1 " is not a valid image tag'],
    [{ controller: { imageDigest: 'sha256:abc' } }, '[test/CertManager/Controller] imageDigest "sha256:abc" is not an image digest: use "sha256:" followed by 64 lowercase hex characters'],
    [{ serviceMonitor: {}, podMonitor: {} }, '[test/CertManager] serviceMonitor and podMonitor are both set, so every component would be scraped twice; keep one'],
    [{ serviceMonitor: { scrapeTimeout: Duration.minutes(2) } }, 'serviceMonitor.scrapeTimeout 2 minutes is longer than its interval 1 minute'],
    [{ namespace: 'Cert_Manager' }, '[test/CertManager] namespace "Cert_Manager" is not a valid namespace name; use at most 63 lowercase letters'],
    [{ clusterResourceNamespace: 'a'.repeat(64) }, 'clusterResourceNamespace "aaaa'],
    [{ webhook: { timeoutSeconds: 31 } }, '[test/CertManager] webhook.timeoutSeconds 31 is out of range, as the API server accepts 1 to 30 seconds; use a whole number from 1 to 30'],
    [{ controller: { dns01RecursiveNameservers: ['1.1.1.1'] } }, 'controller.dns01RecursiveNameservers has "1.1.1.1": use host:port'],
    [{ controller: { dns01RecursiveNameserversOnly: true } }, 'dns01RecursiveNameserversOnly is true but dns01RecursiveNameservers is empty'],
    [{ controller: { maxConcurrentChallenges: 0 } }, 'controller.maxConcurrentChallenges 0 must be a whole number of 1 or more'],
    [{ logLevel: -1 }, 'logLevel -1 is out of range'],
    [{ leaderElectionLeaseDuration: Duration.millis(1500) }, '[test/CertManager] leaderElectionLeaseDuration is 1 second 500 millis, which is not a whole number of seconds'],
    [{ controller: { podLabels: { 'bad label': 'x' } } }, '[test/CertManager/Controller] podLabels has an invalid key "bad label"'],
  ] as Array<[CertManagerProps, string]>)('fails: %j', (props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('fails when a DisruptionBudget percentage is out of range', () => {
    expect(() => DisruptionBudget.maxUnavailablePercent(120)).toThrow('DisruptionBudget.maxUnavailablePercent(120): expected a whole number from 0 to 100');
  });

  test('warns (does not fail) when the cainjector gets less than 256Mi', () => {
    const printed = captureWarnings(() => install({
      cainjector: { resources: { memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) } } },
    }));
    expect(printed).toContain('[WARNING] [test/CertManager/Cainjector] cainjector memory 128Mi (request) / 512Mi (limit) is below 256Mi');
  });
});
