import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as plus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Certificate, ClusterIssuer, RotationReload, SinglePassApp } from '../../src';
import { CertificateGraph, ReloadMode } from '../../src/graph/certificate-graph';
import { synth } from '../harness/manifests';

const RELOAD = 'secret.reloader.stakater.com/reload';

/** A restricted-PSS container for cdk8s-plus workloads. */
const container = (name = 'app'): plus.ContainerProps => ({
  name,
  image: 'ghcr.io/example/api:1.0.0',
  securityContext: {
    ensureNonRoot: true,
    user: 1000,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: [plus.Capability.ALL] },
    seccompProfile: { type: plus.SeccompProfileType.RUNTIME_DEFAULT },
  },
});

const restrictedSecurity = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

function rawDeployment(scope: Construct, id: string, props: { annotations?: Record<string, string>; podSpec?: Partial<k8s.PodSpec>; kind?: 'Deployment' | 'StatefulSet' | 'DaemonSet' } = {}): ApiObject {
  const spec = {
    selector: { matchLabels: { app: id.toLowerCase() } },
    template: {
      metadata: { labels: { app: id.toLowerCase() } },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/example/api:1.0.0', securityContext: restrictedSecurity }], ...props.podSpec },
    },
  };
  const metadata = { name: id.toLowerCase(), namespace: 'web', annotations: props.annotations };
  switch (props.kind) {
    case 'StatefulSet': return new k8s.KubeStatefulSet(scope, id, { metadata, spec: { ...spec, serviceName: id.toLowerCase() } });
    case 'DaemonSet': return new k8s.KubeDaemonSet(scope, id, { metadata, spec });
    default: return new k8s.KubeDeployment(scope, id, { metadata, spec });
  }
}

function setup() {
  const chart = Testing.chart();
  const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'internal');
  const cert = new Certificate(chart, 'Api', { name: 'api-tls', namespace: 'web', issuer, dnsNames: ['api.web.svc'] });
  return { chart, cert, issuer };
}

describe('reloadOnRotation', () => {
  test('annotates a cdk8s-plus Deployment itself, not its pod template', () => {
    const { chart, cert } = setup();
    const d = new plus.Deployment(chart, 'Web', { metadata: { name: 'web', namespace: 'web' }, containers: [container()] });
    cert.reloadOnRotation(d);
    const m = synth(chart);
    const dep = m.get('Deployment', 'web');
    expect(dep.metadata.annotations).toEqual({ [RELOAD]: 'api-tls' });
    expect(dep.spec.template.metadata.annotations?.[RELOAD]).toBeUndefined();
  });

  test.each(['Deployment', 'StatefulSet', 'DaemonSet'] as const)('annotates a raw %s', (kind) => {
    const { chart, cert } = setup();
    rawDeployment(chart, 'Db', { kind });
    cert.reloadOnRotation(ApiObject.of(chart.node.findChild('Db')));
    expect(synth(chart).get(kind, 'db').metadata.annotations).toEqual({ [RELOAD]: 'api-tls' });
  });

  test('a value the user sets after the wiring is merged with it, and nothing is rendered to wire', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Db');
    const metadata = jest.spyOn(raw.metadata, 'toJson');
    const render = jest.spyOn(raw, 'toJson');
    cert.reloadOnRotation(raw);
    expect(metadata).not.toHaveBeenCalled();
    expect(render).not.toHaveBeenCalled();
    raw.metadata.addAnnotation(RELOAD, 'db-creds');
    expect(synth(chart).get('Deployment', 'db').metadata.annotations).toEqual({ [RELOAD]: 'db-creds,api-tls' });
  });

  test('merges with names already there and never duplicates', () => {
    const { chart, cert, issuer } = setup();
    const raw = rawDeployment(chart, 'Db', { annotations: { [RELOAD]: 'db-creds, other', team: 'a' } });
    const second = new Certificate(chart, 'Db2', { name: 'db-tls', namespace: 'web', issuer, dnsNames: ['db.web.svc'] });
    cert.reloadOnRotation(raw);
    second.reloadOnRotation(raw);
    cert.reloadOnRotation(raw);
    expect(synth(chart).get('Deployment', 'db').metadata.annotations).toEqual({ [RELOAD]: 'db-creds,other,api-tls,db-tls', team: 'a' });
  });

  test('merges on a cdk8s-plus workload annotated by the user', () => {
    const { chart, cert } = setup();
    const d = new plus.Deployment(chart, 'Web', { metadata: { name: 'web', namespace: 'web', annotations: { [RELOAD]: 'cfg' } }, containers: [container()] });
    cert.reloadOnRotation(d);
    cert.reloadOnRotation(d);
    expect(synth(chart).get('Deployment', 'web').metadata.annotations[RELOAD]).toBe('cfg,api-tls');
  });

  test('search/match marks the workload and the certificate Secret', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Db');
    cert.reloadOnRotation(raw, { reload: RotationReload.reloaderSearch() });
    const m = synth(chart);
    expect(m.get('Deployment', 'db').metadata.annotations).toEqual({ 'reloader.stakater.com/search': 'true' });
    expect(m.get('Certificate', 'api-tls').spec.secretTemplate).toEqual({ annotations: { 'reloader.stakater.com/match': 'true' } });
  });

  test('self-managed reload adds no Reloader annotation, only the declaration with its reason, and is recorded', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Envoy');
    cert.reloadOnRotation(raw, { reload: RotationReload.selfManaged('envoy watches its certificate files via SDS') });
    // The declaration travels in the manifest, so an audit of the output agrees with the checks.
    expect(synth(chart).get('Deployment', 'envoy').metadata.annotations).toEqual({
      'checks.cdk8s-cert-manager.io/self-reload': 'api-tls',
      'checks.cdk8s-cert-manager.io/self-reload-reason': 'envoy watches its certificate files via SDS',
    });
    const consumers = CertificateGraph.of(chart).consumers;
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatchObject({ kind: 'Deployment', name: 'envoy', namespace: 'web', secretName: 'api-tls', reload: ReloadMode.SELF, reason: 'envoy watches its certificate files via SDS' });
  });

  test('records every consumer in the graph', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Db');
    cert.reloadOnRotation(raw);
    expect(CertificateGraph.of(chart).consumers[0]).toMatchObject({ scope: raw, reload: ReloadMode.RELOADER_ANNOTATION, secretName: 'api-tls' });
  });

  test('fails for a workload in another namespace', () => {
    const { chart, cert } = setup();
    const d = new plus.Deployment(chart, 'Web', { metadata: { name: 'web', namespace: 'shop' }, containers: [container()] });
    expect(() => cert.reloadOnRotation(d)).toThrow(/\[test\/Api\] Deployment "web" \(test\/Web\/Resource\) is in namespace "shop" but the Secret "api-tls" is in "web"; .*put the workload in "web"/);
  });

  test('fails for something Reloader cannot restart', () => {
    const { chart, cert } = setup();
    const svc = new k8s.KubeService(chart, 'Svc', { metadata: { namespace: 'web' }, spec: { ports: [{ port: 443 }] } });
    expect(() => cert.reloadOnRotation(svc)).toThrow(/\[test\/Api\] the workload is a Service \(test\/Svc\); Reloader restarts only Deployments, StatefulSets and DaemonSets/);
    const job = new plus.Job(chart, 'Job', { metadata: { namespace: 'web' }, containers: [container()] });
    expect(() => cert.reloadOnRotation(job)).toThrow(/the workload is a Job/);
  });

  test('fails when the Secret is mounted with subPath', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Db', {
      podSpec: {
        volumes: [{ name: 'tls', secret: { secretName: 'api-tls' } }],
        containers: [{ name: 'app', image: 'x', securityContext: restrictedSecurity, volumeMounts: [{ name: 'tls', mountPath: '/etc/tls/tls.crt', subPath: 'tls.crt' }] }],
      },
    });
    cert.reloadOnRotation(raw);
    expect(() => synth(chart)).toThrow(/\[test\/Api\] Deployment "db" mounts the certificate Secret "api-tls" into container "app" at "\/etc\/tls\/tls.crt" with subPath "tls.crt"; files mounted with subPath are never updated.*mount the Secret as a directory/);
  });

  test('fails on a subPath mount through a projected volume too, and not for other Secrets', () => {
    const { chart, cert } = setup();
    const projected = rawDeployment(chart, 'P', {
      podSpec: {
        volumes: [{ name: 'all', projected: { sources: [{ secret: { name: 'api-tls' } }] } }, { name: 'cfg', secret: { secretName: 'config' } }],
        containers: [{ name: 'app', image: 'x', securityContext: restrictedSecurity, volumeMounts: [{ name: 'all', mountPath: '/tls/crt', subPath: 'tls.crt' }] }],
      },
    });
    cert.reloadOnRotation(projected);
    expect(() => synth(chart)).toThrow(/with subPath "tls.crt"/);
    const again = setup();
    const other = rawDeployment(again.chart, 'O', {
      podSpec: {
        volumes: [{ name: 'cfg', secret: { secretName: 'config' } }],
        containers: [{ name: 'app', image: 'x', securityContext: restrictedSecurity, volumeMounts: [{ name: 'cfg', mountPath: '/cfg/a', subPath: 'a' }] }],
      },
    });
    again.cert.reloadOnRotation(other);
    expect(() => synth(again.chart)).not.toThrow();
  });

  test('fails on a self-managed reload without a real reason', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Db');
    expect(() => cert.reloadOnRotation(raw, { reload: RotationReload.selfManaged('watches') }))
      .toThrow(/RotationReload.selfManaged reason "watches" is too short; say in at least 10 characters/);
  });
});

describe('mount', () => {
  test('mounts a cdk8s-plus Deployment read-only as a directory and wires the reload', () => {
    const { chart, cert } = setup();
    const d = new plus.Deployment(chart, 'Web', { metadata: { name: 'web', namespace: 'web' }, containers: [container()] });
    cert.mount(d, { path: '/etc/tls' });
    const dep = synth(chart).get('Deployment', 'web');
    const pod = dep.spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'tls-api-tls', secret: { secretName: 'api-tls' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tls-api-tls', mountPath: '/etc/tls', readOnly: true }]);
    expect(dep.metadata.annotations).toEqual({ [RELOAD]: 'api-tls' });
  });

  test('mounting into two containers of one cdk8s-plus workload shares the volume', () => {
    const { chart, cert } = setup();
    const d = new plus.Deployment(chart, 'Web', { metadata: { name: 'web', namespace: 'web' }, containers: [container('app'), container('proxy')] });
    cert.mount(d, { path: '/etc/tls', containerName: 'app' });
    cert.mount(d, { path: '/certs', containerName: 'proxy', volumeName: 'tls-api-tls' });
    const pod = synth(chart).get('Deployment', 'web').spec.template.spec;
    expect(pod.volumes).toHaveLength(1);
    expect(pod.containers.map((c: any) => c.volumeMounts[0].mountPath)).toEqual(['/etc/tls', '/certs']);
  });

  test('mounts into a raw Deployment, with or without existing volumes', () => {
    const { chart, cert, issuer } = setup();
    const raw = rawDeployment(chart, 'Db', {
      podSpec: {
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          { name: 'app', image: 'x', securityContext: restrictedSecurity, volumeMounts: [{ name: 'data', mountPath: '/data' }] },
          { name: 'sidecar', image: 'y', securityContext: restrictedSecurity },
        ],
      },
    });
    cert.mount(raw, { path: '/etc/tls', containerName: 'app' });
    const other = new Certificate(chart, 'Other', { name: 'client-tls', namespace: 'web', issuer, dnsNames: ['client.web.svc'] });
    other.mount(raw, { path: '/etc/client', containerName: 'sidecar' });
    const fresh = rawDeployment(chart, 'Fresh');
    cert.mount(fresh, { path: '/tls' });
    const m = synth(chart);
    const pod = m.get('Deployment', 'db').spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'data', emptyDir: {} },
      { name: 'tls-api-tls', secret: { secretName: 'api-tls' } },
      { name: 'tls-client-tls', secret: { secretName: 'client-tls' } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'tls-api-tls', mountPath: '/etc/tls', readOnly: true }]);
    expect(pod.containers[1].volumeMounts).toEqual([{ name: 'tls-client-tls', mountPath: '/etc/client', readOnly: true }]);
    expect(m.get('Deployment', 'db').metadata.annotations[RELOAD]).toBe('api-tls,client-tls');
    expect(m.get('Deployment', 'fresh').spec.template.spec.volumes).toEqual([{ name: 'tls-api-tls', secret: { secretName: 'api-tls' } }]);
  });

  test('mount with a self-managed reload mounts without a Reloader annotation', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'Envoy');
    cert.mount(raw, { path: '/etc/envoy/tls', reload: RotationReload.selfManaged('envoy reloads SDS files on change') });
    const dep = synth(chart).get('Deployment', 'envoy');
    expect(Object.keys(dep.metadata.annotations)).toEqual(['checks.cdk8s-cert-manager.io/self-reload', 'checks.cdk8s-cert-manager.io/self-reload-reason']);
    expect(dep.spec.template.spec.containers[0].volumeMounts).toHaveLength(1);
  });

  test.each<[string, (c: Certificate, chart: Construct) => void, RegExp]>([
    ['several containers and no containerName', (c, chart) => c.mount(new plus.Deployment(chart, 'W', { metadata: { namespace: 'web' }, containers: [container('a'), container('b')] }), { path: '/tls' }),
      /\[test\/Api\] Deployment ".*" has 2 containers \(a, b\); set containerName/],
    ['an unknown containerName', (c, chart) => c.mount(new plus.Deployment(chart, 'W', { metadata: { namespace: 'web' }, containers: [container()] }), { path: '/tls', containerName: 'web' }),
      /containerName "web" is not a container of Deployment ".*"; use one of its containers: app/],
    ['no container yet', (c, chart) => c.mount(new plus.Deployment(chart, 'W', { metadata: { namespace: 'web' } }), { path: '/tls' }),
      /has no container yet; add the container that reads the Secret before mounting it/],
    ['a relative path', (c, chart) => c.mount(rawDeployment(chart, 'D'), { path: 'etc/tls' }), /path "etc\/tls" is not an absolute directory path/],
    ['a bad volume name', (c, chart) => c.mount(rawDeployment(chart, 'D'), { path: '/tls', volumeName: 'TLS' }), /volumeName "TLS" is not a valid volume name/],
    ['a workload in another namespace', (c, chart) => c.mount(new plus.Deployment(chart, 'W', { metadata: { namespace: 'shop' }, containers: [container()] }), { path: '/tls' }),
      /is in namespace "shop" but the Secret "api-tls" is in "web"/],
  ])('fails with %s', (_, act, message) => {
    const { chart, cert } = setup();
    expect(() => act(cert, chart)).toThrow(message);
  });

  // A raw ApiObject's pod spec is known only when it renders: these fail at synth, on both apps, before anything is written.
  test.each<[string, (c: Certificate, chart: Construct) => void, RegExp]>([
    ['an unknown containerName', (c, chart) => c.mount(rawDeployment(chart, 'D'), { path: '/tls', containerName: 'web' }),
      /\[(test|web)\/Api\] containerName "web" is not a container of Deployment "d"; use one of its containers: app/],
    ['several containers and no containerName', (c, chart) => c.mount(rawDeployment(chart, 'D', {
      podSpec: { containers: [{ name: 'a', image: 'x', securityContext: restrictedSecurity }, { name: 'b', image: 'x', securityContext: restrictedSecurity }] },
    }), { path: '/tls' }), /\[(test|web)\/Api\] Deployment "d" has 2 containers \(a, b\); set containerName to the one that reads the Secret/],
    ['no container', (c, chart) => c.mount(rawDeployment(chart, 'D', { podSpec: { containers: [] } }), { path: '/tls' }),
      /\[(test|web)\/Api\] Deployment "d" has no container yet; add the container that reads the Secret before mounting it/],
    ['a volume name taken by another volume', (c, chart) => c.mount(rawDeployment(chart, 'D', { podSpec: { volumes: [{ name: 'tls-api-tls', emptyDir: {} }] } }), { path: '/tls' }),
      /\[(test|web)\/Api\] Deployment "d" already has a volume named "tls-api-tls" that is not the Secret "api-tls"; set volumeName/],
    ['a subPath mount of the Secret added by hand', (c, chart) => c.mount(rawDeployment(chart, 'D', {
      podSpec: {
        volumes: [{ name: 'own', secret: { secretName: 'api-tls' } }],
        containers: [{ name: 'app', image: 'x', securityContext: restrictedSecurity, volumeMounts: [{ name: 'own', mountPath: '/tls/tls.crt', subPath: 'tls.crt' }] }],
      },
    }), { path: '/tls' }), /\[(test|web)\/Api\] Deployment "d" mounts the certificate Secret "api-tls" into container "app" at "\/tls\/tls.crt" with subPath "tls.crt"/],
  ])('fails at synth with %s of a raw workload', (_, act, message) => {
    const { chart, cert } = setup();
    expect(() => act(cert, chart)).not.toThrow();
    expect(() => synth(chart)).toThrow(message);

    const outdir = mkdtempSync(join(tmpdir(), 'mount-'));
    const app = new SinglePassApp({ outdir: join(outdir, 'dist') });
    const onApp = new Chart(app, 'web');
    const issuer = ClusterIssuer.fromClusterIssuerName(onApp, 'Issuer', 'internal');
    act(new Certificate(onApp, 'Api', { name: 'api-tls', namespace: 'web', issuer, dnsNames: ['api.web.svc'] }), onApp);
    expect(() => app.synth()).toThrow(message);
    expect(existsSync(join(outdir, 'dist'))).toBe(false);
  });

  test('a raw workload renders once per synthesis on a SinglePassApp, with the mount in it', () => {
    const app = new SinglePassApp({ outdir: mkdtempSync(join(tmpdir(), 'mount-')) });
    const chart = new Chart(app, 'web');
    const issuer = ClusterIssuer.fromClusterIssuerName(chart, 'Issuer', 'internal');
    const cert = new Certificate(chart, 'Api', { name: 'api-tls', namespace: 'web', issuer, dnsNames: ['api.web.svc'] });
    const raw = rawDeployment(chart, 'D');
    const toJson = jest.spyOn(k8s.KubeDeployment.prototype, 'toJson');
    cert.mount(raw, { path: '/tls' });
    expect(toJson).not.toHaveBeenCalled();
    const yaml = app.synthYaml();
    expect(toJson).toHaveBeenCalledTimes(1);
    toJson.mockRestore();
    expect(yaml).toContain('mountPath: /tls');
  });

  test('JSON patches of the workload apply in call order around the mount', () => {
    const { chart, cert } = setup();
    const raw = rawDeployment(chart, 'D');
    raw.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes', [{ name: 'cache', emptyDir: {} }]));
    cert.mount(raw, { path: '/tls' });
    // Sees the mount's volume (index 1) and the container's volumeMounts the mount created.
    raw.addJsonPatch(JsonPatch.add('/spec/template/spec/volumes/1/secret/defaultMode', 0o440));
    raw.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'cache', mountPath: '/cache' }));
    const pod = synth(chart).get('Deployment', 'd').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'cache', emptyDir: {} }, { name: 'tls-api-tls', secret: { secretName: 'api-tls', defaultMode: 0o440 } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'tls-api-tls', mountPath: '/tls', readOnly: true }, { name: 'cache', mountPath: '/cache' }]);
  });
});
