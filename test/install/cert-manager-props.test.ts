/**
 * The props that carry the Helm chart's values: each has its default, an override and its errors.
 */
import { Duration, Size, Testing } from 'cdk8s';
import { ImagePullPolicy, ServiceType } from 'cdk8s-plus-28';
import { build, install } from './install-helpers';
import {
  AcmeServer, AcmeSolver, AzureDnsCredentials, CertManager, CertManagerProps, ClusterIssuer, DisruptionBudget, Dns01Provider, IssuerConfig,
  UnhealthyPodEvictionPolicy,
} from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { withoutPodSecurityCheck } from '../harness/setup';
import { captureWarnings } from '../harness/stderr';

const deployment = (m: Manifests, name: string) => m.get('Deployment', name);
const pod = (m: Manifests, name: string) => deployment(m, name).spec.template.spec;
const container = (m: Manifests, name: string) => pod(m, name).containers[0];
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('defaults of the chart-value props', () => {
  const { m } = install();

  test('no strategy, affinity, extra env, volumes, host aliases or DNS settings; service links off', () => {
    for (const name of ['cert-manager', 'cert-manager-webhook', 'cert-manager-cainjector']) {
      expect(deployment(m, name).spec.strategy).toBeUndefined();
      expect(deployment(m, name).metadata?.annotations).toBeUndefined();
      const spec = pod(m, name);
      expect(spec.affinity).toBeUndefined();
      expect(spec.volumes).toBeUndefined();
      expect(spec.hostAliases).toBeUndefined();
      expect(spec.dnsPolicy).toBeUndefined();
      expect(spec.hostNetwork).toBeUndefined();
      expect(spec.runtimeClassName).toBeUndefined();
      expect(spec.automountServiceAccountToken).toBeUndefined();
      expect(spec.enableServiceLinks).toBe(false);
      expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container(m, name).env).toEqual([{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
      expect(container(m, name).securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    }
  });

  test('each component has its own ServiceAccount with a mounted token; the approver approves cert-manager\'s signers', () => {
    expect(m.get('ServiceAccount', 'cert-manager-webhook').automountServiceAccountToken).toBe(true);
    expect(m.get('ClusterRole', 'cert-manager-controller-approve:cert-manager-io').rules[0].resourceNames)
      .toEqual(['issuers.cert-manager.io/*', 'clusterissuers.cert-manager.io/*']);
    expect(m.get('ClusterRole', 'cert-manager-cluster-view').metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-cluster-reader']).toBe('true');
  });

  test('the webhook serves on 10250 behind a ClusterIP Service, reached through it', () => {
    expect(container(m, 'cert-manager-webhook').ports[0]).toEqual({ containerPort: 10250, name: 'https', protocol: 'TCP' });
    expect(m.get('Service', 'cert-manager-webhook').spec.type).toBe('ClusterIP');
    expect(m.get('MutatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].namespaceSelector).toBeUndefined();
    expect(m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].clientConfig.service.name).toBe('cert-manager-webhook');
  });
});

describe('pod and Deployment props', () => {
  test('strategy, affinity, topology spread, env, volumes, security context, DNS and host aliases land as given', () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['system'] }] }] } } };
    const tsc = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'cert-manager' } } }];
    const { m } = install({
      controller: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        affinity,
        topologySpreadConstraints: tsc,
        extraEnv: [{ name: 'AWS_REGION', value: 'eu-west-1' }],
        volumes: [{ name: 'token', projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', path: 'token' } }] } }],
        volumeMounts: [{ name: 'token', mountPath: '/var/run/secrets/aws', readOnly: true }],
        podSecurityContext: { fsGroup: 1001 },
        containerSecurityContext: { runAsUser: 1000 },
        dnsPolicy: 'None',
        dnsConfig: { nameservers: ['10.0.0.10'] },
        hostAliases: [{ ip: '10.0.0.5', hostnames: ['acme.internal'] }],
        runtimeClassName: 'gvisor',
        enableServiceLinks: true,
        automountServiceAccountToken: false,
        deploymentAnnotations: { 'example.com/owner': 'platform' },
      },
    });
    const d = deployment(m, 'cert-manager');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(d.metadata?.annotations).toEqual({ 'example.com/owner': 'platform' });
    const spec = pod(m, 'cert-manager');
    expect(spec.affinity).toEqual(affinity);
    expect(spec.topologySpreadConstraints).toEqual(tsc);
    expect(spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 1001 });
    expect(spec.volumes[0].name).toBe('token');
    expect(spec.dnsPolicy).toBe('None');
    expect(spec.dnsConfig).toEqual({ nameservers: ['10.0.0.10'] });
    expect(spec.hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['acme.internal'] }]);
    expect(spec.runtimeClassName).toBe('gvisor');
    expect(spec.enableServiceLinks).toBe(true);
    expect(spec.automountServiceAccountToken).toBe(false);
    const c = container(m, 'cert-manager');
    expect(c.env[1]).toEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    expect(c.volumeMounts).toEqual([{ name: 'token', mountPath: '/var/run/secrets/aws', readOnly: true }]);
    expect(c.securityContext.runAsUser).toBe(1000);
    expect(c.securityContext.allowPrivilegeEscalation).toBe(false);
  });

  test('a config file for the webhook and cainjector, with their own kinds, mounted beside user volumes', () => {
    const { cm, m } = install({
      webhook: { config: { logging: { format: 'json' } }, volumes: [{ name: 'extra', emptyDir: {} }], volumeMounts: [{ name: 'extra', mountPath: '/extra' }] },
      cainjector: { config: { enableDataSourceConfig: { certificates: true } } },
    });
    expect(m.get('ConfigMap', 'cert-manager-webhook').data['config.yaml']).toContain('"kind": "WebhookConfiguration"');
    expect(m.get('ConfigMap', 'cert-manager-cainjector').data['config.yaml']).toContain('"kind": "CAInjectorConfiguration"');
    expect(container(m, 'cert-manager-webhook').args).toContain('--config=/var/cert-manager/config/config.yaml');
    expect(container(m, 'cert-manager-webhook').volumeMounts.map((v: any) => v.name)).toEqual(['config', 'extra']);
    expect(container(m, 'cert-manager-cainjector').args).toContain('--config=/var/cert-manager/config/config.yaml');
    expect(cm.webhookConfigMap).toBeDefined();
    expect(cm.cainjectorConfigMap).toBeDefined();
  });

  test('per-component image repository, tag, digest and pull policy; acmesolver image and runtime class', () => {
    const { m } = install({
      imagePullPolicy: ImagePullPolicy.ALWAYS,
      webhook: { imageRepository: 'registry.example.com/mirror/webhook', imageTag: 'v1.21.1-fips', imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT },
      cainjector: { imageRepository: 'registry.example.com/mirror/cainjector', imageDigest: DIGEST },
      acmesolverImageRepository: 'registry.example.com/mirror/acmesolver',
      acmesolverImageTag: 'v1.21.1-fips',
      acmesolverRuntimeClassName: 'gvisor',
    });
    expect(container(m, 'cert-manager-webhook').image).toBe('registry.example.com/mirror/webhook:v1.21.1-fips');
    expect(container(m, 'cert-manager-webhook').imagePullPolicy).toBe('IfNotPresent');
    expect(container(m, 'cert-manager-cainjector').image).toBe(`registry.example.com/mirror/cainjector@${DIGEST}`);
    expect(container(m, 'cert-manager-cainjector').imagePullPolicy).toBe('Always');
    expect(container(m, 'cert-manager').args).toEqual(expect.arrayContaining([
      '--acme-http01-solver-image=registry.example.com/mirror/acmesolver:v1.21.1-fips',
      '--acme-http01-solver-runtime-class-name=gvisor',
    ]));
  });

  test('probe tuning, and a probe turned off', () => {
    const { m } = install({
      controller: { livenessProbe: { periodSeconds: 20, failureThreshold: 3 } },
      webhook: { readinessProbe: { enabled: false }, livenessProbe: { initialDelaySeconds: 30 } },
    });
    expect(container(m, 'cert-manager').livenessProbe).toMatchObject({ periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 15, initialDelaySeconds: 10 });
    expect(container(m, 'cert-manager-webhook').readinessProbe).toBeUndefined();
    expect(container(m, 'cert-manager-webhook').livenessProbe).toMatchObject({ initialDelaySeconds: 30, periodSeconds: 10 });
  });

  test('the controller\'s upstream probe timing (timeout above period) passes when given explicitly', () => {
    const livenessProbe = { initialDelaySeconds: 20, periodSeconds: 10, timeoutSeconds: 15, failureThreshold: 8, successThreshold: 1 };
    const { m } = install({ controller: { livenessProbe } });
    expect(container(m, 'cert-manager').livenessProbe).toMatchObject({ initialDelaySeconds: 20, periodSeconds: 10, timeoutSeconds: 15 });
  });

  test('a webhook port set only in its config file is left to the file, and sets the container port', () => {
    const { m } = install({ webhook: { config: { securePort: 10260, healthzPort: 6081 } } });
    expect(container(m, 'cert-manager-webhook').args.filter((a: string) => a.startsWith('--secure-port'))).toEqual([]);
    expect(container(m, 'cert-manager-webhook').ports.slice(0, 2).map((p: any) => p.containerPort)).toEqual([10260, 6081]);
  });

  test('proxy settings become the controller\'s proxy environment', () => {
    const { m } = install({
      controller: {
        httpProxy: 'http://proxy.example.com:3128',
        httpsProxy: 'http://proxy.example.com:3128',
        noProxy: ['10.96.0.1', '.svc', '.cluster.local'],
        extraEnv: [{ name: 'EXTRA', value: 'x' }],
      },
    });
    expect(container(m, 'cert-manager').env.slice(1)).toEqual([
      { name: 'EXTRA', value: 'x' },
      { name: 'HTTP_PROXY', value: 'http://proxy.example.com:3128' },
      { name: 'HTTPS_PROXY', value: 'http://proxy.example.com:3128' },
      { name: 'NO_PROXY', value: '10.96.0.1,.svc,.cluster.local' },
    ]);
    expect(container(m, 'cert-manager-webhook').env).toHaveLength(1);
  });

  test('unhealthyPodEvictionPolicy lands on the PodDisruptionBudget', () => {
    const { m } = install({ webhook: { unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW } });
    expect(m.get('PodDisruptionBudget', 'cert-manager-webhook').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(m.get('PodDisruptionBudget', 'cert-manager').spec.unhealthyPodEvictionPolicy).toBeUndefined();
  });

  test('hostUsers, commonLabels and Prometheus scrape annotations reach every pod', () => {
    const { m } = install({ hostUsers: false, commonLabels: { team: 'platform' }, prometheusScrapeAnnotations: true });
    for (const name of ['cert-manager', 'cert-manager-webhook', 'cert-manager-cainjector']) {
      expect(pod(m, name).hostUsers).toBe(false);
      expect(deployment(m, name).spec.template.metadata.annotations).toEqual({ 'prometheus.io/path': '/metrics', 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9402' });
      expect(deployment(m, name).spec.selector.matchLabels.team).toBeUndefined();
    }
    const labelled = m.objects.filter((o) => o.metadata?.labels?.team === 'platform').map((o) => o.kind);
    expect(new Set(labelled)).toEqual(new Set(['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Deployment', 'Service',
      'PodDisruptionBudget', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']));
  });
});

describe('ServiceAccount props', () => {
  test('labels, annotations and the token setting of a created ServiceAccount', () => {
    const { m } = install({ cainjector: { serviceAccountLabels: { team: 'platform' }, serviceAccountAnnotations: { a: 'b' }, serviceAccountAutomountToken: false } });
    const sa = m.get('ServiceAccount', 'cert-manager-cainjector');
    expect(sa.metadata?.labels?.team).toBe('platform');
    expect(sa.metadata?.annotations).toEqual({ a: 'b' });
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  test('an existing ServiceAccount: none is created, the pods and every binding use it', () => {
    const { cm, m } = install({ controller: { createServiceAccount: false, serviceAccountName: 'irsa-cert-manager' } });
    expect(cm.controllerServiceAccount).toBeUndefined();
    expect(m.tryGet('ServiceAccount', 'cert-manager')).toBeUndefined();
    expect(pod(m, 'cert-manager').serviceAccountName).toBe('irsa-cert-manager');
    const subjects = [...m.all('ClusterRoleBinding'), ...m.all('RoleBinding')]
      .filter((b) => b.metadata?.labels?.['app.kubernetes.io/component'] === 'controller').flatMap((b) => b.subjects);
    expect(subjects.length).toBeGreaterThan(5);
    expect(new Set(subjects.map((s: any) => s.name))).toEqual(new Set(['irsa-cert-manager']));
  });

  test('a created ServiceAccount under another name', () => {
    const { m } = install({ webhook: { serviceAccountName: 'webhook-sa' } });
    expect(m.get('ServiceAccount', 'webhook-sa').metadata?.namespace).toBe('cert-manager');
    expect(pod(m, 'cert-manager-webhook').serviceAccountName).toBe('webhook-sa');
    expect(m.get('RoleBinding', 'cert-manager-webhook:dynamic-serving').subjects[0].name).toBe('webhook-sa');
  });
});

describe('RBAC props', () => {
  test('approveSignerNames replaces the approved signers; an empty list approves any signer', () => {
    const custom = install({ controller: { approveSignerNames: ['issuers.cert-manager.io/*'] } }).m;
    expect(custom.get('ClusterRole', 'cert-manager-controller-approve:cert-manager-io').rules[0].resourceNames).toEqual(['issuers.cert-manager.io/*']);
    const any = install({ controller: { approveSignerNames: [] } }).m;
    expect(any.get('ClusterRole', 'cert-manager-controller-approve:cert-manager-io').rules[0].resourceNames).toBeUndefined();
  });

  test('disableAutoApproval drops the approver and its permission', () => {
    const { m } = install({ controller: { disableAutoApproval: true } });
    expect(m.tryGet('ClusterRole', 'cert-manager-controller-approve:cert-manager-io')).toBeUndefined();
    expect(m.tryGet('ClusterRoleBinding', 'cert-manager-controller-approve:cert-manager-io')).toBeUndefined();
    expect(container(m, 'cert-manager').args).toContain('--controllers=-certificaterequests-approver');
  });

  test('aggregateClusterRoles false drops the aggregation; createRbac false drops all RBAC', () => {
    const { m } = install({ aggregateClusterRoles: false });
    expect(m.tryGet('ClusterRole', 'cert-manager-cluster-view')).toBeUndefined();
    expect(Object.keys(m.get('ClusterRole', 'cert-manager-view').metadata?.labels ?? {}).filter((k) => k.startsWith('rbac.'))).toEqual([]);
    const none = install({ createRbac: false });
    expect([...none.m.all('ClusterRole'), ...none.m.all('Role'), ...none.m.all('ClusterRoleBinding'), ...none.m.all('RoleBinding')]).toEqual([]);
    expect(none.cm.clusterRoles).toEqual([]);
  });
});

describe('release name', () => {
  test('a release not called cert-manager names every object as the chart does', () => {
    const { cm, m } = install({ releaseName: 'platform' });
    expect(m.all('Deployment').map((d) => d.metadata?.name).sort())
      .toEqual(['platform-cert-manager', 'platform-cert-manager-cainjector', 'platform-cert-manager-webhook']);
    expect(deployment(m, 'platform-cert-manager').spec.selector.matchLabels['app.kubernetes.io/instance']).toBe('platform');
    expect(container(m, 'platform-cert-manager-webhook').args).toContain('--dynamic-serving-ca-secret-name=platform-cert-manager-webhook-ca');
    expect(m.get('ClusterRole', 'platform-cert-manager-controller-issuers')).toBeDefined();
    expect(m.get('ClusterRole', 'platform-cert-manager-webhook:subjectaccessreviews')).toBeDefined();
    expect(m.get('Role', 'platform-cert-manager:leaderelection', 'kube-system')).toBeDefined();
    expect(m.get('ValidatingWebhookConfiguration', 'platform-cert-manager-webhook').metadata?.annotations?.['cert-manager.io/inject-ca-from-secret'])
      .toBe('cert-manager/platform-cert-manager-webhook-ca');
    expect(cm.webhookServiceName).toBe('platform-cert-manager-webhook');
    expect(cm.metricsSelectorLabels).toEqual({ 'app.kubernetes.io/instance': 'platform' });
  });

  test('a release whose name contains cert-manager is the base name itself', () => {
    const { m } = install({ releaseName: 'prod-cert-manager' });
    expect(m.get('Deployment', 'prod-cert-manager-webhook')).toBeDefined();
  });

  test('fullnameOverride and nameOverride, as the chart applies them', () => {
    const { m } = install({ releaseName: 'platform', fullnameOverride: 'cm', nameOverride: 'certmgr', serviceMonitor: {} });
    expect(m.all('Deployment').map((d) => d.metadata?.name).sort()).toEqual(['cm', 'cm-cainjector', 'cm-webhook']);
    expect(deployment(m, 'cm').spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'certmgr', 'app.kubernetes.io/instance': 'platform', 'app.kubernetes.io/component': 'controller' });
    expect(deployment(m, 'cm-webhook').spec.selector.matchLabels['app.kubernetes.io/name']).toBe('webhook');
    expect(m.get('ServiceMonitor', 'cm').spec.selector.matchExpressions[0].values).toEqual(['cainjector', 'certmgr', 'webhook']);
    const named = install({ releaseName: 'platform', nameOverride: 'certmgr' }).m;
    expect(named.get('Deployment', 'platform-certmgr-webhook')).toBeDefined();
  });

  test('fails when the release name is not a DNS label', () => {
    expect(build({ releaseName: 'Platform_1' })).toThrow(/\[test\/CertManager\] releaseName "Platform_1"/);
    expect(build({ fullnameOverride: 'CM' })).toThrow(/fullnameOverride "CM"/);
    expect(build({ nameOverride: 'a.b' })).toThrow(/nameOverride "a.b"/);
  });
});

describe('webhook props', () => {
  test('another secure port, a LoadBalancer Service with annotations, labels and IP families', () => {
    const { m } = install({
      webhook: {
        securePort: 10260,
        serviceType: ServiceType.LOAD_BALANCER,
        loadBalancerIp: '10.0.0.9',
        serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
        serviceLabels: { exposed: 'internal' },
        serviceIpFamilies: ['IPv4'],
        serviceIpFamilyPolicy: 'SingleStack',
      },
    });
    expect(container(m, 'cert-manager-webhook').args).toContain('--secure-port=10260');
    expect(container(m, 'cert-manager-webhook').ports[0].containerPort).toBe(10260);
    const svc = m.get('Service', 'cert-manager-webhook');
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerIP: '10.0.0.9', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(svc.spec.ports[0]).toMatchObject({ port: 443, targetPort: 'https' });
    expect(svc.metadata?.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
    expect(svc.metadata?.labels?.exposed).toBe('internal');
  });

  test('an off-cluster URL: both configurations call it, and the serving certificate names its host', () => {
    const { m } = install({ webhook: { url: 'https://cert-manager-webhook.example.com:8443' } });
    expect(m.get('MutatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].clientConfig).toEqual({ url: 'https://cert-manager-webhook.example.com:8443/mutate' });
    expect(m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook').webhooks[0].clientConfig).toEqual({ url: 'https://cert-manager-webhook.example.com:8443/validate' });
    expect(container(m, 'cert-manager-webhook').args).toContain('--dynamic-serving-dns-names=cert-manager-webhook.example.com');
  });

  test('namespace selectors, annotations and client verification', () => {
    const selector = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] };
    const { m } = install({
      webhook: {
        mutatingNamespaceSelector: selector,
        validatingNamespaceSelector: selector,
        mutatingWebhookAnnotations: { 'example.com/a': '1' },
        validatingWebhookAnnotations: { 'example.com/b': '2' },
        apiserverClientCertSubjects: ['kube-apiserver'],
        clientCaFile: '/ca/ca.crt',
        enableClientVerification: true,
      },
    });
    const mutating = m.get('MutatingWebhookConfiguration', 'cert-manager-webhook');
    const validating = m.get('ValidatingWebhookConfiguration', 'cert-manager-webhook');
    expect(mutating.webhooks[0].namespaceSelector).toEqual(selector);
    expect(validating.webhooks[0].namespaceSelector).toEqual(selector);
    expect(mutating.metadata?.annotations?.['example.com/a']).toBe('1');
    expect(validating.metadata?.annotations?.['example.com/b']).toBe('2');
    expect(validating.metadata?.annotations?.['cert-manager.io/inject-ca-from-secret']).toBe('cert-manager/cert-manager-webhook-ca');
    expect(container(m, 'cert-manager-webhook').args).toEqual(expect.arrayContaining([
      '--client-subject-names=kube-apiserver', '--client-ca-path=/ca/ca.crt', '--enable-client-verification=true',
    ]));
  });

  test('hostNetwork: the webhook joins the node network, the namespace goes privileged, with a warning', () => {
    const warnings = captureWarnings(() => {
      const chart = Testing.chart();
      new CertManager(chart, 'CertManager', { webhook: { hostNetwork: true, securePort: 10260 } });
      const m = withoutPodSecurityCheck(() => synth(chart));
      expect(pod(m, 'cert-manager-webhook')).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
      expect(m.get('Namespace', 'cert-manager').metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
      expect(pod(m, 'cert-manager').hostNetwork).toBeUndefined();
    });
    expect(warnings).toMatch(/\[test\/CertManager\] webhook.hostNetwork is true: the namespace "cert-manager" enforces the "privileged"/);
  });

  test('hostNetwork with NetworkPolicies warns that they restrict nothing there', () => {
    const warnings = captureWarnings(() => build({ networkPolicies: true, webhook: { hostNetwork: true, securePort: 10260 } })());
    expect(warnings).toMatch(/\[test\/CertManager\/Webhook\] the webhook runs on the host network, where NetworkPolicies do not apply/);
  });

  test('hostNetwork in a namespace managed elsewhere warns that it must admit host networking', () => {
    const warnings = captureWarnings(() => build({ createNamespace: false, webhook: { hostNetwork: true, securePort: 10260 } })());
    expect(warnings).toMatch(/unless the namespace "cert-manager" admits host networking; label it pod-security.kubernetes.io\/enforce: privileged/);
  });
});

describe('scrape props', () => {
  test('ServiceMonitor in the monitoring namespace with annotations, honorLabels, instance label and endpoint extras', () => {
    const relabelings = [{ action: 'replace', targetLabel: 'cluster', replacement: 'prod' }];
    const { m } = install({
      serviceMonitor: {
        namespace: 'monitoring',
        annotations: { 'example.com/a': '1' },
        honorLabels: true,
        prometheusInstance: 'main',
        endpointAdditionalProperties: { relabelings },
        interval: Duration.seconds(30),
        scrapeTimeout: Duration.seconds(10),
      },
    });
    const sm = m.get('ServiceMonitor', 'cert-manager', 'monitoring');
    expect(sm.metadata?.annotations).toEqual({ 'example.com/a': '1' });
    expect(sm.metadata?.labels?.prometheus).toBe('main');
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['cert-manager'] });
    expect(sm.spec.endpoints[0]).toEqual({ targetPort: 'http-metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', honorLabels: true, relabelings });
  });

  test('a PodMonitor with the same options', () => {
    const { m } = install({ podMonitor: { honorLabels: true } });
    expect(m.get('PodMonitor', 'cert-manager').spec.podMetricsEndpoints[0].honorLabels).toBe(true);
    expect(m.get('PodMonitor', 'cert-manager').spec.namespaceSelector).toBeUndefined();
  });
});

describe('network policy props', () => {
  test('ingress and egress rules replace the defaults per component', () => {
    const egress = [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 443, protocol: 'TCP' }] }];
    const ingress = [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'http-metrics', protocol: 'TCP' }] }];
    const { m } = install({ networkPolicies: true, controller: { networkPolicyEgress: egress, networkPolicyIngress: ingress } });
    expect(m.get('NetworkPolicy', 'cert-manager-allow-egress').spec.egress).toEqual(egress);
    expect(m.get('NetworkPolicy', 'cert-manager-allow-ingress').spec.ingress).toEqual(ingress);
    expect(m.get('NetworkPolicy', 'cert-manager-webhook-allow-egress').spec.egress[0].ports).toHaveLength(5);
  });
});

describe('metrics Services', () => {
  test('off: no controller or cainjector Service, and the webhook Service serves HTTPS only', () => {
    const { cm, m } = install({ metricsServices: false, podMonitor: {} });
    expect(m.all('Service').map((s) => s.metadata?.name)).toEqual(['cert-manager-webhook']);
    expect(m.get('Service', 'cert-manager-webhook').spec.ports.map((p: any) => p.name)).toEqual(['https']);
    expect(cm.controllerService).toBeUndefined();
    expect(cm.cainjectorService).toBeUndefined();
    expect(m.get('PodMonitor', 'cert-manager')).toBeDefined();
  });

  test('fails with a ServiceMonitor, or Service settings of a component that has no Service', () => {
    expect(build({ metricsServices: false, serviceMonitor: {} })).toThrow(/\[test\/CertManager\] serviceMonitor is set but metricsServices is off/);
    expect(build({ metricsServices: false, cainjector: { serviceLabels: { a: 'b' } } }))
      .toThrow(/\[test\/CertManager\/Cainjector\] serviceLabels is set but metricsServices is off, so this component has no Service/);
  });
});

describe('more per-component settings', () => {
  test('a restricted sidecar container runs beside the controller', () => {
    const sidecar = {
      name: 'credentials',
      image: 'registry.example.com/creds:1.0',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    };
    const { m } = install({ controller: { extraContainers: [sidecar] } });
    expect(pod(m, 'cert-manager').containers.map((c: any) => c.name)).toEqual(['cert-manager-controller', 'credentials']);
    expect(pod(m, 'cert-manager').containers[1]).toEqual(sidecar);
  });

  test('NetworkPolicies for one component only', () => {
    const { cm, m } = install({ webhook: { networkPolicies: true } });
    expect(m.all('NetworkPolicy').map((n) => n.metadata?.name).sort()).toEqual(['cert-manager-webhook-allow-egress', 'cert-manager-webhook-allow-ingress']);
    expect(cm.controllerNetworkPolicies).toEqual([]);
    const off = install({ networkPolicies: true, cainjector: { networkPolicies: false } }).m;
    expect(off.all('NetworkPolicy').filter((n) => n.metadata?.name?.startsWith('cert-manager-cainjector'))).toEqual([]);
  });

  test('ephemeral storage requests and limits', () => {
    const { m } = install({ controller: { resources: { ephemeralStorage: { request: Size.mebibytes(100), limit: Size.gibibytes(1) } } } });
    expect(container(m, 'cert-manager').resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '128Mi', 'ephemeral-storage': '100Mi' },
      limits: { 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('common labels also reach the ACME solver pods', () => {
    const { m } = install({ commonLabels: { team: 'pki', env: 'prod' } });
    expect(container(m, 'cert-manager').args.filter((a: string) => a.startsWith('--acme-http01-solver-extra-labels')))
      .toEqual(['--acme-http01-solver-extra-labels=env=prod', '--acme-http01-solver-extra-labels=team=pki']);
  });
});

describe('bad input of the chart-value props', () => {
  test.each<[string, CertManagerProps, RegExp]>([
    ['createServiceAccount false without a name', { controller: { createServiceAccount: false } },
      /\[test\/CertManager\/Controller\] createServiceAccount is false but serviceAccountName is not set; name the existing ServiceAccount/],
    ['ServiceAccount labels without a ServiceAccount', { webhook: { createServiceAccount: false, serviceAccountName: 'x', serviceAccountLabels: { a: 'b' } } },
      /\[test\/CertManager\/Webhook\] serviceAccountLabels is set but createServiceAccount is false/],
    ['hostNetwork on the kubelet port', { webhook: { hostNetwork: true } },
      /\[test\/CertManager\] webhook.hostNetwork is true but securePort is 10250, the kubelet's port .* set webhook.securePort to a free port, e.g. 10260/],
    ['a secure port on the health port', { webhook: { securePort: 6080 } }, /webhook.securePort 6080 is the health port of the webhook; use another port/],
    ['a secure port out of range', { webhook: { securePort: 70000 } }, /webhook.securePort 70000 is not a port/],
    ['maxSurge and maxUnavailable both 0', { controller: { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } } },
      /\[test\/CertManager\/Controller\] strategy.rollingUpdate has maxSurge 0 and maxUnavailable "0%": .* Set maxSurge to 1/],
    ['an unknown strategy type', { controller: { strategy: { type: 'BlueGreen' } } }, /strategy.type "BlueGreen" is not a Deployment strategy; use "RollingUpdate" or "Recreate"/],
    ['a probe period below its timeout', { webhook: { livenessProbe: { periodSeconds: 5, timeoutSeconds: 10 } } },
      /\[test\/CertManager\/Webhook\] livenessProbe.periodSeconds 5 is below its timeoutSeconds 10, .* raise periodSeconds to 10 or more/],
    ['a probe threshold of 0', { controller: { livenessProbe: { failureThreshold: 0 } } }, /livenessProbe.failureThreshold 0 must be a whole number of 1 or more/],
    ['an image digest that is not sha256', { webhook: { imageDigest: 'sha256:abc' } },
      /\[test\/CertManager\/Webhook\] imageDigest "sha256:abc" is not an image digest: use "sha256:" followed by 64 lowercase hex characters/],
    ['an acmesolver digest that is not sha256', { acmesolverImageDigest: 'md5:abc' }, /acmesolverImageDigest "md5:abc" is not an image digest/],
    ['an image repository with a scheme', { cainjector: { imageRepository: 'https://quay.io/jetstack/x' } }, /imageRepository "https:\/\/quay.io\/jetstack\/x" is not a valid registry path/],
    ['a proxy that is not a URL', { controller: { httpsProxy: 'proxy.example.com:3128' } },
      /\[test\/CertManager\] controller.httpsProxy "proxy.example.com:3128" is not a proxy URL; use http:\/\/host:port/],
    ['a no-proxy entry with a space', { controller: { noProxy: ['a b'] } }, /controller.noProxy has "a b"/],
    ['a webhook url that is not https', { webhook: { url: 'http://webhook.example.com' } },
      /\[test\/CertManager\] webhook.url "http:\/\/webhook.example.com" is not an https:\/\/ URL/],
    ['a webhook url with the path', { webhook: { url: 'https://webhook.example.com/validate' } }, /ends in "\/", "\/mutate" or "\/validate", which this construct appends; remove it and give the base URL/],
    ['a loadBalancerIp on a ClusterIP Service', { webhook: { loadBalancerIp: '10.0.0.1' } }, /webhook.loadBalancerIp 10.0.0.1 needs webhook.serviceType ServiceType.LOAD_BALANCER/],
    ['an ExternalName webhook Service', { webhook: { serviceType: ServiceType.EXTERNAL_NAME } }, /webhook.serviceType ExternalName has no pods behind it/],
    ['a root pod', { cainjector: { podSecurityContext: { runAsUser: 0 } } },
      /\[test\/CertManager\/Cainjector\] podSecurityContext sets runAsUser 0 \(root\), which the restricted Pod Security Standard/],
    ['privilege escalation', { controller: { containerSecurityContext: { allowPrivilegeEscalation: true } } }, /containerSecurityContext sets allowPrivilegeEscalation true/],
    ['an added capability', { controller: { containerSecurityContext: { capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } } }, /adds capabilities NET_ADMIN/],
    ['an unconfined seccomp profile', { webhook: { podSecurityContext: { seccompProfile: { type: 'Unconfined' } } } }, /sets seccompProfile.type "Unconfined"/],
    ['a mount of a volume that does not exist', { controller: { volumeMounts: [{ name: 'token', mountPath: '/t' }] } },
      /\[test\/CertManager\/Controller\] volumeMounts mounts "token" at \/t, but the pod has no volume of that name; add it to volumes/],
    ['a volume named like the config volume', { controller: { config: { a: 1 }, volumes: [{ name: 'config', emptyDir: {} }] } }, /volumes has "config" more than once \(this construct uses "config"\)/],
    ['a hostPath volume', { controller: { volumes: [{ name: 'host', hostPath: { path: '/etc' } }] } },
      /\[test\/CertManager\/Controller\] volumes has "host" of type hostPath, which the restricted Pod Security Standard/],
    ['a sidecar without a restricted security context', { controller: { extraContainers: [{ name: 'sidecar', image: 'example.com/sidecar:1' }] } },
      /extraContainers\[0\].securityContext does not set allowPrivilegeEscalation to false, which the restricted Pod Security Standard/],
    ['a sidecar named like the controller', { controller: { extraContainers: [{ name: 'cert-manager-controller', image: 'x' }] } },
      /extraContainers\[0\] is named "cert-manager-controller"/],
    ['a common label this construct sets', { commonLabels: { 'app.kubernetes.io/instance': 'x' } },
      /\[test\/CertManager\] commonLabels sets app.kubernetes.io\/instance, which this construct sets itself/],
    ['a common label that would change Pod Security', { commonLabels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }, /commonLabels sets pod-security.kubernetes.io\/enforce/],
    ['a ServiceMonitor label this construct sets', { serviceMonitor: { labels: { app: 'x' } } }, /serviceMonitor.labels sets app, which this construct sets itself/],
    ['two different Prometheus instances', { podMonitor: { prometheusInstance: 'a', labels: { prometheus: 'b' } } },
      /podMonitor.prometheusInstance "a" and podMonitor.labels.prometheus "b" differ; set only prometheusInstance/],
    ['an env var without a name', { controller: { extraEnv: [{ value: 'x' }] } }, /extraEnv\[0\] \{"value":"x"\} has no name/],
    ['an env var the construct sets', { controller: { httpProxy: 'http://p:1', extraEnv: [{ name: 'HTTP_PROXY', value: 'x' }] } }, /extraEnv sets HTTP_PROXY, which this construct sets from httpProxy/],
    ['POD_NAMESPACE in extraEnv', { webhook: { extraEnv: [{ name: 'POD_NAMESPACE', value: 'x' }] } }, /extraEnv sets POD_NAMESPACE/],
    ['affinity that is a list', { controller: { affinity: [] as any } }, /affinity is \[\], not an object/],
    ['topology spread together with spreadAcrossZones', { controller: { spreadAcrossZones: false, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'k', whenUnsatisfiable: 'DoNotSchedule' }] } },
      /topologySpreadConstraints replaces the default spreading/],
    ['an incomplete topology spread constraint', { controller: { topologySpreadConstraints: [{ topologyKey: 'k' }] } }, /topologySpreadConstraints\[0\] .* has no maxSkew/],
    ['an unknown DNS policy', { controller: { dnsPolicy: 'Cluster' } }, /dnsPolicy "Cluster" is not a DNS policy/],
    ['DNS policy None without nameservers', { controller: { dnsPolicy: 'None' } }, /dnsPolicy "None" needs dnsConfig.nameservers/],
    ['a host alias without hostnames', { controller: { hostAliases: [{ ip: '10.0.0.1' }] } }, /hostAliases\[0\] .* has no hostnames/],
    ['unhealthyPodEvictionPolicy without a budget', { cainjector: { replicas: 1, unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW } },
      /\[test\/CertManager\/Cainjector\] unhealthyPodEvictionPolicy AlwaysAllow needs a PodDisruptionBudget/],
    ['unhealthyPodEvictionPolicy with DisruptionBudget.none()', { webhook: { disruptionBudget: DisruptionBudget.none(), unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.IF_HEALTHY_BUDGET } },
      /needs a PodDisruptionBudget/],
    ['network policy rules without network policies', { webhook: { networkPolicyIngress: [] } }, /networkPolicyIngress is set but networkPolicies is off/],
    ['a pod label that overrides ours', { controller: { podLabels: { 'app.kubernetes.io/component': 'x' } } }, /podLabels sets app.kubernetes.io\/component: "x", a label this construct sets to "controller"/],
    ['a common label that is invalid', { commonLabels: { 'bad key!': 'x' } }, /commonLabels has an invalid key "bad key!"/],
    ['the CA injection annotation', { webhook: { validatingWebhookAnnotations: { 'cert-manager.io/inject-ca-from-secret': 'x/y' } } }, /sets cert-manager.io\/inject-ca-from-secret, which this construct sets/],
    ['scrape annotations with a ServiceMonitor', { prometheusScrapeAnnotations: true, serviceMonitor: {} }, /prometheusScrapeAnnotations is true and serviceMonitor is set/],
    ['endpoint extras that replace the interval', { podMonitor: { endpointAdditionalProperties: { interval: '5s' } } }, /podMonitor.endpointAdditionalProperties sets interval, which this construct sets/],
    ['approveSignerNames with auto-approval off', { controller: { disableAutoApproval: true, approveSignerNames: ['issuers.cert-manager.io/*'] } }, /nothing approves/],
    ['a signer name without a slash', { controller: { approveSignerNames: ['issuers'] } }, /controller.approveSignerNames has "issuers", which is not a signer name; write <resource>.<group>\/<name>/],
    ['an IP family that does not exist', { controller: { serviceIpFamilies: ['IPv5'] } }, /serviceIpFamilies has "IPv5"/],
    ['an ephemeral-storage limit below its request', { cainjector: { resources: { ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } } },
      /resources.ephemeralStorage.limit 1Gi is below resources.ephemeralStorage.request 2Gi/],
    ['the webhook config port differing from securePort', { webhook: { securePort: 10260, config: { securePort: 10270 } } }, /webhook.securePort 10260 and webhook.config.securePort 10270 differ/],
  ])('fails on %s', (_what, props, message) => {
    expect(build(props)).toThrow(message);
  });
});

describe('ambient cloud credentials of DNS-01 solvers', () => {
  function withIssuer(props: CertManagerProps, provider: Dns01Provider): string {
    return captureWarnings(() => {
      const chart = Testing.chart();
      new CertManager(chart, 'CertManager', props);
      new ClusterIssuer(chart, 'Acme', {
        name: 'letsencrypt',
        config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.dns01(provider)] }),
      });
      synth(chart);
    });
  }

  test('Route53 with ambient credentials and no IRSA annotation warns once, naming the issuer and the prop', () => {
    const printed = withIssuer({}, Dns01Provider.route53({ region: 'eu-west-1' }));
    expect(printed).toMatch(/\[test\/CertManager\] ClusterIssuer "letsencrypt" \(test\/Acme\) solves DNS-01 with route53 and ambient credentials, but the cert-manager controller has no AWS workload identity/);
    expect(printed).toMatch(/eks.amazonaws.com\/role-arn \(controller.serviceAccountAnnotations, IRSA\)/);
    expect(printed.match(/solves DNS-01/g)).toHaveLength(1);
  });

  test('stays quiet when the controller has the identity, or uses an existing ServiceAccount', () => {
    expect(withIssuer({ controller: { serviceAccountAnnotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/cm' } } },
      Dns01Provider.route53({ region: 'eu-west-1' }))).not.toMatch(/solves DNS-01/);
    expect(withIssuer({ controller: { createServiceAccount: false, serviceAccountName: 'cm' } },
      Dns01Provider.route53({ region: 'eu-west-1' }))).not.toMatch(/solves DNS-01/);
  });

  test('Cloud DNS and Azure DNS name their own identity', () => {
    expect(withIssuer({}, Dns01Provider.cloudDns({ project: 'p' }))).toMatch(/iam.gke.io\/gcp-service-account/);
    expect(withIssuer({ controller: { podLabels: { 'azure.workload.identity/use': 'true' } } },
      Dns01Provider.cloudDns({ project: 'p' }))).toMatch(/no Google Cloud workload identity/);
    const azure = Dns01Provider.azureDns({ subscriptionId: 's', resourceGroupName: 'rg', credentials: AzureDnsCredentials.workloadIdentity() });
    expect(withIssuer({}, azure)).toMatch(/azure.workload.identity\/use: "true" \(controller.podLabels\)/);
    expect(withIssuer({ controller: { podLabels: { 'azure.workload.identity/use': 'true' } } }, azure)).not.toMatch(/solves DNS-01/);
  });
});
