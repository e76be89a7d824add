/**
 * Every construct that exposes an object for patching builds it as a plain ApiObject
 * (src/private/plain-object.ts): typed input, and the user's JSON patches land verbatim, never
 * re-serialised through a generated class's mapping.
 */
import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import {
  Certificate, CertificateProbes, CertManagerAlerts, CertManagerDashboard, ClusterIssuer, Issuer, IssuerConfig,
  PlatformCertificateAlerts, TenantCertificatePolicy,
} from '../../src';
import { synth } from '../harness/manifests';

describe('the other constructs\' objects take patches verbatim too', () => {
  test('Certificate, Issuer, ClusterIssuer, alerts, probes, dashboard and tenant policy', () => {
    const chart = Testing.chart();
    const ca = new ClusterIssuer(chart, 'Ca', { name: 'internal-ca', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
    const issuer = new Issuer(chart, 'Local', { name: 'local', namespace: 'web', config: IssuerConfig.selfSigned() });
    const cert = new Certificate(chart, 'Api', { name: 'api', namespace: 'web', issuer: ca, dnsNames: ['api.example.com'] });
    const constructs = [
      ca, issuer, cert,
      new CertManagerAlerts(chart, 'Alerts'),
      new PlatformCertificateAlerts(chart, 'PlatformAlerts', { kubeletCertificates: true }),
      new CertificateProbes(chart, 'Probes'),
      new CertManagerDashboard(chart, 'Dashboard'),
      new TenantCertificatePolicy(chart, 'Tenants', { approvedClusterIssuers: [ca], tenantNamespaceLabels: { tenant: 'true' } }),
    ];
    expect(ApiObject.of(cert).toJson().spec).toMatchObject({ secretName: 'api', dnsNames: ['api.example.com'], issuerRef: { name: 'internal-ca', kind: 'ClusterIssuer' } });
    ApiObject.of(cert).addJsonPatch(JsonPatch.add('/spec/duration', '2160h'));
    expect(synth(chart).get('Certificate', 'api', 'web').spec.duration).toBe('2160h');

    const objects = constructs.flatMap((c) => c.node.findAll().filter((o): o is ApiObject => o instanceof ApiObject));
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['ClusterIssuer', 'Issuer', 'Certificate', 'PrometheusRule', 'Probe',
      'ConfigMap', 'ClusterRole', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']));
    const before = new Map(objects.map((o) => [o, o.toJson()]));
    for (const obj of objects) {
      obj.addJsonPatch(JsonPatch.add('/unknownTopLevelField', { maxSurge: 0, memory: '1Gi' }));
      const json = obj.toJson();
      const { unknownTopLevelField, ...rest } = json;
      expect({ path: obj.node.path, unknownTopLevelField }).toEqual({ path: obj.node.path, unknownTopLevelField: { maxSurge: 0, memory: '1Gi' } });
      expect(rest).toEqual(before.get(obj));
    }
  });
});
