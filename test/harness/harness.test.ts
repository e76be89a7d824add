import { ApiObject, Testing } from 'cdk8s';
import { synth } from './manifests';
import { recorded, styleProblem } from './messages';
import { podSecurityViolations } from './pod-security';
import { withoutPodSecurityCheck } from './setup';
import { schemaErrors } from './validate';
import { CertificateChecks } from '../../src';

/** A Deployment that meets the restricted Pod Security Standard. */
function restrictedDeployment(overrides: { spec?: any; container?: any; podSecurityContext?: any } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'web' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...overrides.podSecurityContext },
          containers: [{
            name: 'app',
            image: 'registry.example/app:1.0',
            ports: [{ name: 'https', containerPort: 8443 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            ...overrides.container,
          }],
        },
      },
      ...overrides.spec,
    },
  };
}

function chartWith(...objects: any[]) {
  const chart = Testing.chart();
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
  return chart;
}

const certificate = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  metadata: { name: 'web', namespace: 'web' },
  spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } },
};

describe('schema validation on synth', () => {
  test('valid core objects and custom resources pass', () => {
    const m = synth(chartWith(restrictedDeployment(), certificate));
    expect(m.get('Deployment', 'app').spec.replicas).toBe(2);
    expect(m.get('Certificate', 'web', 'web').spec.secretName).toBe('web-tls');
  });

  test('fails when a Certificate field is misspelled (dnsName)', () => {
    const bad = { ...certificate, spec: { ...certificate.spec, dnsName: ['web.example.com'] } };
    expect(() => synth(chartWith(bad))).toThrow('Certificate web/web: spec: unknown field "dnsName"');
  });

  test('fails when a Deployment replicas is a string', () => {
    const bad = restrictedDeployment({ spec: { replicas: '3' } });
    expect(() => synth(chartWith(bad))).toThrow('Deployment web/app: spec.replicas: must be number, got "3"');
  });

  test('fails when a required field is missing', () => {
    const bad = { ...certificate, spec: { dnsNames: ['a.example.com'], issuerRef: { name: 'x' } } };
    expect(() => synth(chartWith(bad))).toThrow('spec: missing required field "secretName"');
  });

  test('fails when an enum value is not allowed', () => {
    const bad = { ...certificate, spec: { ...certificate.spec, privateKey: { algorithm: 'DSA' } } };
    expect(() => synth(chartWith(bad))).toThrow('spec.privateKey.algorithm: must be one of ["RSA","ECDSA","Ed25519"], got "DSA"');
  });

  test('fails when metadata of a custom resource has an unknown field', () => {
    const bad = { ...certificate, metadata: { ...certificate.metadata, label: { a: 'b' } } };
    expect(() => synth(chartWith(bad))).toThrow('metadata: unknown field "label"');
  });

  test('fails when a cluster-scoped object carries a namespace', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'apps' }, rules: [] };
    expect(schemaErrors(role)).toEqual(['metadata.namespace: ClusterRole is cluster-scoped and must not have a namespace, got "apps"']);
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'i', namespace: 'apps' }, spec: { selfSigned: {} } };
    expect(schemaErrors(issuer)).toEqual(['metadata.namespace: ClusterIssuer is cluster-scoped and must not have a namespace, got "apps"']);
  });

  test('fails on a kind the harness has no schema for', () => {
    expect(() => synth(chartWith({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })))
      .toThrow('no schema for example.com/v1/Widget');
  });

  test('fails on a PrometheusRule duration that does not match the operator pattern', () => {
    const rule = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'monitoring' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'vector(1)', for: '1.5h' }] }] },
    };
    expect(() => synth(chartWith(rule))).toThrow('spec.groups[0].rules[0].for: must match pattern');
  });

  test('int-or-string fields take both forms, and nothing else', () => {
    const pdb = (value: unknown) => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p' },
      spec: { maxUnavailable: value, selector: { matchLabels: { a: 'b' } } },
    });
    expect(schemaErrors(pdb(1))).toEqual([]);
    expect(schemaErrors(pdb('50%'))).toEqual([]);
    expect(schemaErrors(pdb(true))).toEqual(['spec.maxUnavailable: has the wrong type or shape, got true']);
  });

  test('CRD patterns written for Go (leading (?i)) are honoured case-insensitively', () => {
    // Probe .spec.scrapeClass etc. are not patterned; the PrometheusRule group field below is `(?i)(abort|warn)?`.
    const rule = (strategy: string) => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r' },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [] }] },
    });
    expect(schemaErrors(rule('WARN'))).toEqual([]);
    expect(schemaErrors(rule('ignore'))).toEqual([
      'spec.groups[0].partial_response_strategy: must match pattern "^(?i)(abort|warn)?$", got "ignore"',
    ]);
  });

  test('Gateway API and prometheus-operator kinds are known', () => {
    const objs = [
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { gatewayClassName: 'c', listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 's' }] } }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ name: 'g' }] } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 's' }, spec: { selector: {}, endpoints: [{ port: 'http-metrics' }] } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'p' }, spec: { selector: {} } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', metadata: { name: 'b' }, spec: { prober: { url: 'blackbox:9115' }, module: 'http_2xx', targets: { staticConfig: { static: ['https://a.example.com'] } } } },
    ];
    for (const o of objs) expect(schemaErrors(o)).toEqual([]);
  });
});

describe('pod security on synth', () => {
  test('fails when a pod runs as root', () => {
    const root = restrictedDeployment({ podSecurityContext: { runAsNonRoot: false, runAsUser: 0 } });
    expect(() => synth(chartWith(root))).toThrow(
      'Deployment web/app: spec.template.spec.securityContext.runAsUser must not be 0');
    expect(() => synth(chartWith(root))).toThrow(
      'spec.template.spec.containers[app].securityContext.runAsNonRoot must be true');
  });

  test('withoutPodSecurityCheck lets a non-compliant pod through, but not a schema error', () => {
    const root = restrictedDeployment({ podSecurityContext: { runAsNonRoot: false } });
    expect(withoutPodSecurityCheck(() => synth(chartWith(root))).all('Deployment')).toHaveLength(1);
    const badSchema = restrictedDeployment({ spec: { replicas: 'two' } });
    expect(() => withoutPodSecurityCheck(() => synth(chartWith(badSchema)))).toThrow('spec.replicas');
  });

  test.each([
    ['privileged', { container: { securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } } }, 'securityContext.privileged must not be true'],
    ['privilege escalation unset', { container: { securityContext: { capabilities: { drop: ['ALL'] } } } }, 'allowPrivilegeEscalation must be false'],
    ['capabilities not dropped', { container: { securityContext: { allowPrivilegeEscalation: false } } }, 'capabilities.drop must include ALL'],
    ['capability added', { container: { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } } }, 'capabilities.add may only hold NET_BIND_SERVICE, got NET_ADMIN'],
    ['no seccomp', { podSecurityContext: { seccompProfile: undefined } }, 'seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), got nothing'],
    ['unconfined seccomp', { podSecurityContext: { seccompProfile: { type: 'Unconfined' } } }, 'spec.template.spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost, got Unconfined'],
    ['hostNetwork', { spec: { template: { spec: { hostNetwork: true, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [] } } } }, 'spec.template.spec.hostNetwork must not be true'],
    ['hostPort', { container: { ports: [{ containerPort: 80, hostPort: 80 }] } }, 'hostPort 80 is not allowed'],
    ['hostPath volume', { spec: { template: { spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [], volumes: [{ name: 'h', hostPath: { path: '/' } }] } } } }, 'volumes[h]: volume type hostPath is not allowed'],
  ])('flags %s', (_, overrides, message) => {
    expect(podSecurityViolations(restrictedDeployment(overrides as any)).join('\n')).toContain(message);
  });

  test('a restricted Deployment, a CronJob and kinds without pods have no violations', () => {
    const d = restrictedDeployment();
    expect(podSecurityViolations(d)).toEqual([]);
    const cron = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: d.spec.template } } },
    };
    expect(podSecurityViolations(cron)).toEqual([]);
    expect(podSecurityViolations(certificate)).toEqual([]);
  });
});

describe('lookups', () => {
  test('get names what exists when the object is missing', () => {
    const m = synth(chartWith(certificate));
    expect(() => m.get('Certificate', 'api')).toThrow('no Certificate named api; Certificate objects: Certificate web/web');
    expect(() => m.get('Deployment', 'app')).toThrow('no Deployment named app; Deployment objects: none');
    expect(m.tryGet('Certificate', 'api')).toBeUndefined();
  });

  test('get asks for a namespace when the name is ambiguous', () => {
    const other = { ...certificate, metadata: { name: 'web', namespace: 'api' } };
    const m = synth(chartWith(certificate, other));
    expect(() => m.get('Certificate', 'web')).toThrow('2 Certificate objects named web; pass a namespace');
    expect(m.get('Certificate', 'web', 'api').metadata?.namespace).toBe('api');
    expect(m.labels()).toEqual(['Certificate api/web', 'Certificate web/web']);
  });
});

describe('message recording', () => {
  test('errors and warnings of the library are recorded for the end-of-file style check', () => {
    const chart = Testing.chart();
    const before = recorded().length;
    expect(() => CertificateChecks.suppress(chart, 'CM-REL1', 'short')).toThrow(/^\[test\] /);
    expect(() => CertificateChecks.disable(chart.node.root, 'x')).toThrow(/^\[\(app root\)\] /);
    expect(recorded().slice(before).map((m) => m.kind)).toEqual(['error', 'error']);
  });

  test('the style check refuses an empty or missing path, and accepts rule lines', () => {
    expect(styleProblem({ kind: 'error', text: '[] replicas is 1' })).toMatch(/empty construct path/);
    expect(styleProblem({ kind: 'error', text: 'replicas is 1' })).toMatch(/does not start with its construct path/);
    expect(styleProblem({ kind: 'printed', text: '[WARNING] [a/b] but  is marked' })).toMatch(/double space/);
    expect(styleProblem({ kind: 'validation', text: 'Validation failed with the following errors:\n  [] [CM-REL1] [a/b] x' })).toMatch(/empty construct path/);
    expect(styleProblem({ kind: 'validation', text: 'Validation failed with the following errors:\n  [CM-REL1] [a/b] x; fix it' })).toBeUndefined();
    expect(styleProblem({ kind: 'printed', text: '[CHECKS OFF] [(app root)] off; remove the call' })).toBeUndefined();
  });
});

describe('message instructions', () => {
  test('messages from the checked folders must say what to do', () => {
    expect(styleProblem({ kind: 'error', text: '[a/b] port 0 is not a port', domain: 'issuers' })).toMatch(/says what is wrong but not what to do/);
    expect(styleProblem({ kind: 'error', text: '[a/b] port 0 is not a port; use a port from 1 to 65535', domain: 'issuers' })).toBeUndefined();
    expect(styleProblem({ kind: 'error', text: '[a/b] tenants may use Issuers, so list only ClusterIssuers', domain: 'stack' })).toBeUndefined();
  });

  test('a recorded message knows the folder that raised it', () => {
    const before = recorded().length;
    expect(() => CertificateChecks.suppress(Testing.chart(), 'CM-REL1', 'short')).toThrow();
    expect(recorded()[before].domain).toBe('checks');
  });
});
