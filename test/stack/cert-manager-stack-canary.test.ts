import { Chart, Testing } from 'cdk8s';
import { CanaryServingPath, CertManagerStack, CertManagerStackProps, ClusterIssuer } from '../../src';
import { synth } from '../harness/manifests';
import { captureStderr } from '../harness/stderr';

const BASE: CertManagerStackProps = { acmeEmail: 'platform@example.com', monitoringLabels: { release: 'kube-prometheus-stack' } };
const CANARY = { host: 'canary.example.com', servingPath: CanaryServingPath.ingress({ ingressClassName: 'nginx' }), module: 'tls_insecure' };

function stack(props: CertManagerStackProps) {
  return captureStderr(() => {
    const s = new CertManagerStack(Testing.app(), 'cert-manager', props);
    return { s, m: s.monitoringChart ? synth(s.monitoringChart) : undefined };
  });
}

describe('CertManagerStack rotationCanary', () => {
  test('off by default', () => {
    const { result } = stack(BASE);
    expect(result.s.rotationCanary).toBeUndefined();
    expect(result.m!.all('Probe')).toEqual([]);
  });

  test('in the monitoring chart, on the private CA, in cert-manager\'s namespace, with the monitoring labels', () => {
    const { result: { s, m } } = stack({ ...BASE, rotationCanary: CANARY });
    expect(s.rotationCanary?.certificate.issuer).toBe(s.privateCa?.issuer);
    const cert = m!.get('Certificate', 'cert-manager-canary', 'cert-manager');
    expect(cert.spec.issuerRef.name).toBe('internal-ca');
    expect(m!.get('Probe', 'cert-manager-canary', 'cert-manager').metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(m!.get('PrometheusRule', 'cert-manager-canary', 'cert-manager').metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(m!.get('Ingress', 'cert-manager-canary', 'cert-manager').spec.ingressClassName).toBe('nginx');
  });

  test('the stack\'s prober address and a chosen issuer; the canary\'s own settings win', () => {
    const app = Testing.app();
    const corpCa = ClusterIssuer.fromClusterIssuerName(new Chart(app, 'refs'), 'CorpCa', 'corp-ca');
    const { result: s, printed } = captureStderr(() => new CertManagerStack(app, 'cert-manager', {
      ...BASE,
      servedCertificateProbes: { proberAddress: 'blackbox.monitoring.svc:9115' },
      rotationCanaryIssuer: corpCa,
      rotationCanary: { ...CANARY, labels: { team: 'platform' }, namespace: 'canary' },
    }));
    const m = synth(s.monitoringChart!);
    const probe = m.get('Probe', 'cert-manager-canary', 'canary');
    expect(probe.spec.prober.url).toBe('blackbox.monitoring.svc:9115');
    expect(probe.metadata?.labels).toEqual({ team: 'platform' });
    expect(m.get('Certificate', 'cert-manager-canary', 'canary').spec.issuerRef.name).toBe('corp-ca');
    expect(printed).toContain('[WARNING] [cert-manager-monitoring/RotationCanary] issuer "corp-ca" is referenced by name only');
  });

  test('fails without the private CA and without an issuer for the canary', () => {
    expect(() => new CertManagerStack(Testing.app(), 'cert-manager', { ...BASE, privateCa: false, rotationCanary: CANARY }))
      .toThrow('[cert-manager] rotationCanary is set but privateCa is false and rotationCanaryIssuer is not set; set '
        + 'rotationCanaryIssuer (an issuer of your app, or ClusterIssuer.fromClusterIssuerName(scope, id, "letsencrypt-staging")), or '
        + 'keep the private CA');
  });

  test('fails with monitoring off', () => {
    expect(() => new CertManagerStack(Testing.app(), 'cert-manager', { ...BASE, monitoring: false, rotationCanary: CANARY }))
      .toThrow('[cert-manager] rotationCanary is set but monitoring is false; turn monitoring on, or drop rotationCanary');
  });
});
