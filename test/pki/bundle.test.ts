import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import {
  Bundle, BundleNamespaces, BundleProps, BundleTargetKind, CaRotation, Certificate, CertificateChecks, Pkcs12Profile, PrivateCa,
  RotationReload, TrustManager,
} from '../../src';
import { CelCase, evaluateCel } from '../harness/cel';
import { Manifests, synth } from '../harness/manifests';
import { captureWarnings } from '../harness/stderr';

function setup(props: Partial<BundleProps> = {}): { chart: Chart; ca: PrivateCa; bundle: Bundle } {
  const chart = Testing.chart();
  const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
  const bundle = new Bundle(chart, 'Trust', {
    name: 'internal-trust', privateCas: [ca], namespaces: BundleNamespaces.withLabels({ 'trust/internal': 'true' }), ...props,
  });
  return { chart, ca, bundle };
}

const spec = (m: Manifests, name = 'internal-trust') => m.get('Bundle', name).spec;

const restrictedContainer = { name: 'app', image: 'ghcr.io/example/app:1', securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } };

function rawDeployment(chart: Chart, id: string, namespace: string, podSpec: Partial<k8s.PodSpec> = {}): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id.toLowerCase(), namespace },
    spec: {
      selector: { matchLabels: { app: id } },
      template: { metadata: { labels: { app: id } }, spec: { containers: [restrictedContainer], ...podSpec } },
    },
  });
}

describe('Bundle defaults', () => {
  const { chart, bundle } = setup();
  const m = synth(chart);

  test('a cluster-scoped Bundle reading the CA root\'s tls.crt, written as ConfigMap key ca.crt to the labelled namespaces', () => {
    const b = m.get('Bundle', 'internal-trust');
    expect(b.metadata?.namespace).toBeUndefined();
    expect(b.spec).toEqual({
      sources: [{ secret: { name: 'internal-ca-root', key: 'tls.crt' } }],
      target: { configMap: { key: 'ca.crt' }, namespaceSelector: { matchLabels: { 'trust/internal': 'true' } } },
    });
    expect(bundle.targetKind).toBe(BundleTargetKind.CONFIG_MAP);
    expect(bundle.key).toBe('ca.crt');
  });

  test('the Bundle object is a plain ApiObject whose patches are kept', () => {
    const s = setup();
    s.bundle.apiObject.addJsonPatch(JsonPatch.add('/spec/target/configMap/metadata', { labels: { team: 'platform' } }));
    expect(spec(synth(s.chart)).target.configMap).toEqual({ key: 'ca.crt', metadata: { labels: { team: 'platform' } } });
  });

  test('a name derived from the construct path when none is given', () => {
    const other = Testing.chart();
    const ca = new PrivateCa(other, 'Ca', { name: 'internal-ca' });
    const b = new Bundle(other, 'Trust', { privateCas: [ca], namespaces: BundleNamespaces.all() });
    expect(b.name).toMatch(/^test-trust-[0-9a-f]+$/);
  });
});

describe('Bundle options', () => {
  test('namespaces by name select on kubernetes.io/metadata.name; all namespaces has no selector', () => {
    expect(spec(synth(setup({ namespaces: BundleNamespaces.named(['shop', 'payments']) }).chart)).target.namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'payments'] }],
    });
    expect(spec(synth(setup({ namespaces: BundleNamespaces.all() }).chart)).target.namespaceSelector).toBeUndefined();
  });

  test('public roots, JKS and PKCS#12 truststores, another key and labels', () => {
    const { chart } = setup({
      includePublicRoots: true,
      key: 'trust-bundle.pem',
      jksKey: 'truststore.jks',
      jksPassword: 'changeit',
      pkcs12Key: 'truststore.p12',
      pkcs12Profile: Pkcs12Profile.MODERN_2023,
      labels: { team: 'platform' },
    });
    const b = synth(chart).get('Bundle', 'internal-trust');
    expect(b.metadata?.labels).toEqual({ team: 'platform' });
    expect(b.spec.sources).toEqual([{ secret: { name: 'internal-ca-root', key: 'tls.crt' } }, { useDefaultCAs: true }]);
    expect(b.spec.target.configMap).toEqual({ key: 'trust-bundle.pem' });
    expect(b.spec.target.additionalFormats).toEqual({
      jks: { key: 'truststore.jks', password: 'changeit' },
      pkcs12: { key: 'truststore.p12', profile: 'Modern2023' },
    });
  });

  test('several CAs: every root of each', () => {
    const chart = Testing.chart();
    const a = new PrivateCa(chart, 'A', { name: 'a-ca' });
    const b = new PrivateCa(chart, 'B', { name: 'b-ca' });
    new Bundle(chart, 'Trust', { name: 'both', privateCas: [a, b], namespaces: BundleNamespaces.all() });
    expect(spec(synth(chart), 'both').sources.map((s: any) => s.secret.name)).toEqual(['a-ca-root', 'b-ca-root']);
  });

  test('a Secret target authorizes itself on the given TrustManager', () => {
    const chart = Testing.chart();
    const trustManager = new TrustManager(chart, 'TrustManager');
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    new Bundle(chart, 'Trust', {
      name: 'internal-trust', privateCas: [ca], namespaces: BundleNamespaces.all(), targetKind: BundleTargetKind.SECRET, trustManager,
    });
    const m = synth(chart);
    expect(spec(m).target.secret).toEqual({ key: 'ca.crt' });
    expect(m.get('Deployment', 'trust-manager').spec.template.spec.containers[0].args).toContain('--secret-targets-enabled=true');
    expect(m.get('ClusterRole', 'trust-manager').rules).toContainEqual(
      { apiGroups: [''], resources: ['secrets'], verbs: ['create', 'patch', 'delete'], resourceNames: ['internal-trust'] });
  });

  test('a Secret target without the TrustManager warns that the install must authorize it', () => {
    expect(captureWarnings(() => setup({ targetKind: BundleTargetKind.SECRET })))
      .toMatch(/\[test\/Trust\] targetKind is SECRET: trust-manager writes the Secret "internal-trust" only if its install authorizes it; pass the TrustManager as trustManager, or list "internal-trust" in its secretTargets/);
  });

  test('the trust namespace comes from the TrustManager, else from trustNamespace', () => {
    const chart = Testing.chart();
    const trustManager = new TrustManager(chart, 'TrustManager', { trustNamespace: 'pki' });
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca', clusterResourceNamespace: 'pki' });
    expect(() => new Bundle(chart, 'Trust', { privateCas: [ca], namespaces: BundleNamespaces.all(), trustManager })).not.toThrow();
    expect(() => new Bundle(chart, 'Trust2', { privateCas: [ca], namespaces: BundleNamespaces.all(), trustNamespace: 'pki' })).not.toThrow();
  });
});

describe('Bundle errors', () => {
  test.each<[string, Partial<BundleProps>, string]>([
    ['fails when no namespace is named', { namespaces: BundleNamespaces.named([]) },
      '[test/Trust] namespaces is BundleNamespaces.named([]), which selects no namespace, so the bundle reaches no client; name at least one namespace'],
    ['fails when no label is given', { namespaces: BundleNamespaces.withLabels({}) },
      '[test/Trust] namespaces is BundleNamespaces.withLabels({}), which names no label, so it selects no namespace in particular; give at least one label, or use BundleNamespaces.all()'],
    ['fails when a namespace is named twice', { namespaces: BundleNamespaces.named(['shop', 'shop']) }, 'namespaces names a namespace twice (shop, shop)'],
    ['fails when a namespace name is invalid', { namespaces: BundleNamespaces.named(['Shop']) }, 'namespaces "Shop"'],
    ['fails when a label is invalid', { namespaces: BundleNamespaces.withLabels({ 'bad key!': 'x' }) }, 'namespaces'],
    ['fails when the root Secret is outside the trust namespace', { trustNamespace: 'trust' },
      '[test/Trust] the root Secret "internal-ca-root" of PrivateCa test/Ca is in namespace "cert-manager", but trust-manager reads Bundle sources only from its trust namespace "trust"; set the PrivateCa\'s clusterResourceNamespace to "trust", or run trust-manager with trustNamespace "cert-manager"'],
    ['fails when the key is invalid', { key: 'ca crt' }, '[test/Trust] key "ca crt" is not a valid ConfigMap or Secret key'],
    ['fails when two formats share a key', { jksKey: 'ca.crt' }, 'key, jksKey and pkcs12Key must differ, but they are "ca.crt", "ca.crt"'],
    ['fails on a JKS password without a JKS key', { jksPassword: 'changeit' }, 'jksPassword is set but jksKey is not'],
    ['fails on a PKCS#12 profile without a PKCS#12 key', { pkcs12Profile: Pkcs12Profile.LEGACY_DES }, 'pkcs12Password or pkcs12Profile is set but pkcs12Key is not'],
    ['fails on a PKCS#12 profile trust-manager lacks', { pkcs12Key: 'ca.p12', pkcs12Profile: Pkcs12Profile.MODERN_2026 },
      'pkcs12Profile is MODERN_2026, which trust-manager v0.24.0 does not offer; use Pkcs12Profile.MODERN_2023'],
    ['fails on an invalid name', { name: 'Internal_Trust' }, 'name "Internal_Trust"'],
    ['fails when no CA is given', { privateCas: [] }, 'privateCas is empty, so the bundle would distribute nothing'],
  ])('%s', (_name, props, message) => {
    expect(() => setup(props)).toThrow(message);
  });

  test('fails when a TrustManager and a different trustNamespace are both given', () => {
    const chart = Testing.chart();
    const trustManager = new TrustManager(chart, 'TrustManager');
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    expect(() => new Bundle(chart, 'Trust', { privateCas: [ca], namespaces: BundleNamespaces.all(), trustManager, trustNamespace: 'pki' }))
      .toThrow('[test/Trust] trustNamespace "pki" differs from the trust namespace "cert-manager" of the trustManager test/TrustManager; remove trustNamespace');
  });

  test('fails at synth when the app\'s TrustManager reads another trust namespace than the Bundle assumes', () => {
    const chart = Testing.chart();
    new TrustManager(chart, 'TrustManager', { trustNamespace: 'pki' });
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    new Bundle(chart, 'Trust', { privateCas: [ca], namespaces: BundleNamespaces.all() });
    expect(() => Testing.synth(chart)).toThrow('the Bundle assumes trust-manager reads sources from namespace "cert-manager", but the '
      + 'TrustManager of this app (test/TrustManager: "pki") reads another; pass it as trustManager');
  });

  test('fails when two Bundles share a name', () => {
    const { chart, ca } = setup();
    expect(() => new Bundle(chart, 'Again', { name: 'internal-trust', privateCas: [ca], namespaces: BundleNamespaces.all() }))
      .toThrow('Bundle "internal-trust" is already declared by test/Trust in this app');
  });
});

describe('Bundle.mount', () => {
  test('mounts the ConfigMap read-only into a raw Deployment and adds the ConfigMap reload annotation', () => {
    const { chart, bundle } = setup({ namespaces: BundleNamespaces.named(['shop']) });
    const d = rawDeployment(chart, 'Api', 'shop');
    bundle.mount(d, { path: '/etc/trust' });
    const dep = synth(chart).get('Deployment', 'api');
    expect(dep.metadata?.annotations).toEqual({ 'configmap.reloader.stakater.com/reload': 'internal-trust' });
    expect(dep.spec.template.spec.volumes).toEqual([{ name: 'trust-internal-trust', configMap: { name: 'internal-trust' } }]);
    expect(dep.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'trust-internal-trust', mountPath: '/etc/trust', readOnly: true }]);
  });

  test('mounts into a cdk8s-plus Deployment; a Secret target mounts the Secret', () => {
    const chart = Testing.chart();
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    const trustManager = new TrustManager(chart, 'TrustManager');
    const bundle = new Bundle(chart, 'Trust', {
      name: 'internal-trust', privateCas: [ca], namespaces: BundleNamespaces.all(), targetKind: BundleTargetKind.SECRET, trustManager,
    });
    const d = new plus.Deployment(chart, 'Web', {
      metadata: { name: 'web', namespace: 'shop' },
      containers: [{
        image: 'ghcr.io/example/web:1',
        securityContext: {
          ensureNonRoot: true,
          user: 1000,
          capabilities: { drop: [plus.Capability.ALL] },
          seccompProfile: { type: plus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      }],
    });
    bundle.mount(d, { path: '/etc/trust' });
    const dep = synth(chart).get('Deployment', 'web');
    expect(dep.metadata?.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'internal-trust' });
    expect(dep.spec.template.spec.volumes).toContainEqual(
      expect.objectContaining({ name: 'trust-internal-trust', secret: expect.objectContaining({ secretName: 'internal-trust' }) }));
  });

  test('reloaderSearch marks the written objects for Reloader; selfManaged changes no annotation', () => {
    const { chart, bundle } = setup({ namespaces: BundleNamespaces.named(['shop']) });
    bundle.mount(rawDeployment(chart, 'Api', 'shop'), { path: '/etc/trust', reload: RotationReload.reloaderSearch() });
    bundle.mount(rawDeployment(chart, 'Worker', 'shop'), { path: '/etc/trust', reload: RotationReload.selfManaged('reads the CA file on each connection') });
    const m = synth(chart);
    expect(m.get('Deployment', 'api').metadata?.annotations).toEqual({ 'reloader.stakater.com/search': 'true' });
    expect(m.get('Deployment', 'worker').metadata?.annotations).toBeUndefined();
    expect(spec(m).target.configMap).toEqual({ key: 'ca.crt', metadata: { annotations: { 'reloader.stakater.com/match': 'true' } } });
  });

  test('fails when the workload\'s namespace is not one the bundle names', () => {
    const { chart, bundle } = setup({ namespaces: BundleNamespaces.named(['shop']) });
    expect(() => bundle.mount(rawDeployment(chart, 'Api', 'payments'), { path: '/etc/trust' })).toThrow(
      '[test/Trust] the workload test/Api is in namespace "payments", which the Bundle "internal-trust" is not written to (it selects "shop"); add "payments" to BundleNamespaces.named');
  });

  test('fails when the workload has no namespace, or is not a workload', () => {
    const { chart, bundle } = setup();
    expect(() => bundle.mount(rawDeployment(chart, 'Api', undefined as any), { path: '/etc/trust' }))
      .toThrow('[test/Trust] the workload test/Api has no namespace');
    const svc = new ApiObject(chart, 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'shop' } });
    expect(() => bundle.mount(svc, { path: '/etc/trust' })).toThrow('Reloader restarts only Deployments, StatefulSets and DaemonSets');
  });

  test('fails when the workload already mounts the ConfigMap with subPath', () => {
    const { chart, bundle } = setup();
    const d = rawDeployment(chart, 'Api', 'shop', {
      volumes: [{ name: 'ca', configMap: { name: 'internal-trust' } }],
      containers: [{ ...restrictedContainer, volumeMounts: [{ name: 'ca', mountPath: '/etc/ssl/ca.crt', subPath: 'ca.crt' }] }],
    });
    bundle.mount(d, { path: '/etc/trust' });
    expect(() => synth(chart)).toThrow(
      'mounts the ConfigMap "internal-trust" into container "app" at "/etc/ssl/ca.crt" with subPath "ca.crt"; files mounted with subPath are never updated, so the container keeps the old CA certificates after the bundle changes');
  });

  test('fails when the path is not absolute', () => {
    const { chart, bundle } = setup();
    expect(() => bundle.mount(rawDeployment(chart, 'Api', 'shop'), { path: 'etc/trust' })).toThrow('path "etc/trust" is not an absolute directory path');
  });

  test('the check pack: a mount in a namespace a label selection does not reach is found (CM-CA2)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    const bundle = new Bundle(chart, 'Trust', { name: 't', privateCas: [ca], namespaces: BundleNamespaces.withLabels({ trust: 'yes' }) });
    new ApiObject(chart, 'ShopNs', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { trust: 'no' } } });
    const d = rawDeployment(chart, 'Api', 'shop');
    bundle.mount(d, { path: '/etc/trust' });
    const found = CertificateChecks.run(app).filter((f) => f.ruleId === 'CM-CA2');
    expect(found.map((f) => f.message)).toEqual([
      'Deployment "shop/api" mounts Bundle "t", which is not written to namespace "shop" (it selects namespaces labelled trust=yes), so the pod '
      + 'never starts (its volume is missing); label the namespace to match, or widen the Bundle\'s namespaces',
    ]);
  });

  test('the check pack: a leaf in an undeclared namespace of a label selection cannot be judged and says so (CM-CA2)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca' });
    new Bundle(chart, 'Trust', { name: 't', privateCas: [ca], namespaces: BundleNamespaces.withLabels({ trust: 'yes' }) });
    new Certificate(chart, 'Leaf', { name: 'api', namespace: 'api', issuer: ca.issuer, dnsNames: ['api.api.svc'] });
    new Certificate(chart, 'Leaf2', { name: 'web', namespace: 'web', issuer: ca.issuer, dnsNames: ['web.web.svc'] });
    new ApiObject(chart, 'WebNs', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { trust: 'yes' } } });
    const found = CertificateChecks.run(app).filter((f) => f.ruleId === 'CM-CA2');
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining(
      'and this app does not declare its namespace "api", so whether Bundle "t" (which selects namespaces labelled trust=yes) reaches it cannot be checked')]);
  });
});

describe('the Bundle CRD\'s CEL rules (the schema harness does not evaluate them)', () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'crd-schemas.json'), 'utf8')) as {
    schemas: Array<{ kind: string; apiVersion: string; schema: any }>;
  };
  const bundleSchema = fixture.schemas.find((x) => x.kind === 'Bundle' && x.apiVersion === 'trust.cert-manager.io/v1alpha1')!.schema;

  /** Every `x-kubernetes-validations` rule of the schema, with the part of `value` it applies to as `self`. */
  function celCases(schema: any, value: any, path: string): Array<CelCase & { path: string }> {
    if (value === undefined || schema === undefined) return [];
    const own = (schema['x-kubernetes-validations'] ?? []).map((v: any) => ({ expression: v.rule, variables: { self: value }, path }));
    const props = schema.properties && value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(schema.properties).flatMap(([k, sub]) => celCases(sub, value[k], `${path}.${k}`)) : [];
    const items = schema.items && Array.isArray(value) ? value.flatMap((v, i) => celCases(schema.items, v, `${path}[${i}]`)) : [];
    return [...own, ...props, ...items];
  }

  test('every Bundle this library writes passes them; a broken one does not', () => {
    const chart = Testing.chart();
    const trustManager = new TrustManager(chart, 'TrustManager');
    const ca = new PrivateCa(chart, 'Ca', { name: 'a-ca', rotation: CaRotation.distributeNextRoot() });
    const variants: Array<Partial<BundleProps>> = [
      { namespaces: BundleNamespaces.withLabels({ a: 'b' }) },
      { namespaces: BundleNamespaces.named(['x', 'y']), includePublicRoots: true },
      { namespaces: BundleNamespaces.all(), targetKind: BundleTargetKind.SECRET, trustManager },
      { namespaces: BundleNamespaces.all(), jksKey: 'ca.jks' },
      { namespaces: BundleNamespaces.all(), pkcs12Key: 'ca.p12', pkcs12Profile: Pkcs12Profile.LEGACY_DES, jksKey: 'ca.jks', jksPassword: 'x' },
    ];
    variants.forEach((v, i) => new Bundle(chart, `B${i}`, { name: `b${i}`, privateCas: [ca], ...v } as BundleProps));
    const bundles = synth(chart).all('Bundle');
    expect(bundles).toHaveLength(variants.length);
    const cases = bundles.flatMap((b) => celCases(bundleSchema, b, b.metadata!.name!));
    expect(cases.length).toBeGreaterThanOrEqual(variants.length * 3);
    const results = evaluateCel(cases);
    expect(cases.filter((_, i) => results[i] !== true).map((c) => `${c.path}: ${c.expression}`)).toEqual([]);

    const broken = { spec: { sources: [{ useDefaultCAs: true, inLine: 'x' }], target: { namespaceSelector: {} } } };
    const bad = celCases(bundleSchema, broken, 'broken');
    expect(evaluateCel(bad).filter((r) => r === false)).toHaveLength(2);
  }, 30_000);
});
