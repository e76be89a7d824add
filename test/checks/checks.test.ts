import { App, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { AcmeServer, AcmeSolver, Certificate, CertificateChecks, ClusterIssuer, DeploymentEnvironment, IssuerConfig } from '../../src';
import { captureOutcome } from '../harness/stderr';

const container = { name: 'app', image: 'ghcr.io/example/app:1' };

/** An app with one error finding (CM-REL1, on chart `bad`) and one warning (CM-DUR2, on chart `meh`). */
function appWithFindings() {
  const app = Testing.app();
  const bad = new Chart(app, 'bad', { namespace: 'web' });
  const meh = new Chart(app, 'meh', { namespace: 'web' });
  const issuer = new ClusterIssuer(bad, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
  new Certificate(bad, 'Db', { name: 'db', issuer, dnsNames: ['db.web.svc'] });
  const workload = new k8s.KubeDeployment(bad, 'Api', {
    metadata: { name: 'api' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [container], volumes: [{ name: 'tls', secret: { secretName: 'db' } }] } },
    },
  });
  new Certificate(meh, 'Churn', { name: 'churn', issuer, dnsNames: ['c.web.svc'], duration: Duration.days(3), renewBefore: Duration.days(2) });
  return { app, bad, meh, workload };
}

describe('CertificateChecks.enable', () => {
  test('errors fail synthesis with rule id, construct path and fix; warnings are printed', () => {
    const { app } = appWithFindings();
    CertificateChecks.enable(app);
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error?.message).toMatch(/Validation failed with the following errors:\n {2}\[\] \[CM-REL1\] \[bad\/Api\] Deployment "web\/api" uses the certificate Secret "db" but nothing restarts it.*call certificate.reloadOnRotation/);
    expect(out.error?.message).not.toMatch(/CM-DUR2/);
    expect(out.printed).toMatch(/\[WARNING\] \[CM-DUR2\] \[meh\/Churn\] Certificate "web\/churn" renews 2 days before expiry/);
  });

  test('a suppressed error no longer blocks and is printed with its reason', () => {
    const { app, workload } = appWithFindings();
    CertificateChecks.enable(app);
    CertificateChecks.suppress(workload, 'CM-REL1', 'api reloads on SIGHUP from its sidecar');
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error).toBeUndefined();
    expect(out.printed).toMatch(/\[SUPPRESSED\] \[CM-REL1\] \[bad\/Api\] Deployment "web\/api" .* \(suppressed at bad\/Api: api reloads on SIGHUP from its sidecar\)/);
  });

  test('a suppression covers the subtree it is recorded on, and only its rule', () => {
    const { app, bad } = appWithFindings();
    CertificateChecks.suppress(bad, 'CM-REL1', 'whole legacy chart restarts nightly');
    CertificateChecks.suppress(bad, 'CM-DUR2', 'chart bad has no such finding anyway');
    const findings = CertificateChecks.run(app);
    expect(findings.find((f) => f.ruleId === 'CM-REL1')).toMatchObject({ suppressedAt: 'bad', suppressedReason: 'whole legacy chart restarts nightly' });
    expect(findings.find((f) => f.ruleId === 'CM-DUR2')?.suppressedReason).toBeUndefined();
  });

  test('warningsAsErrors blocks on warnings too', () => {
    const { app, workload } = appWithFindings();
    CertificateChecks.suppress(workload, 'CM-REL1', 'api reloads on SIGHUP from its sidecar');
    CertificateChecks.enable(app, { warningsAsErrors: true });
    expect(captureOutcome(() => app.synthYaml()).error?.message).toMatch(/\[CM-DUR2\] \[meh\/Churn\]/);
  });

  test('disabledRules skips a rule entirely', () => {
    const { app } = appWithFindings();
    expect(CertificateChecks.run(app, { disabledRules: ['CM-REL1'] }).map((f) => f.ruleId)).toEqual(['CM-DUR2']);
  });

  test('enabled on a chart, the pack reports only that chart', () => {
    const { app, meh } = appWithFindings();
    CertificateChecks.enable(meh);
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error).toBeUndefined();
    expect(out.printed).toMatch(/CM-DUR2/);
    expect(CertificateChecks.run(meh).map((f) => f.path)).toEqual(['meh/Churn']);
  });

  test('enabling twice adds one validation', () => {
    const { app } = appWithFindings();
    CertificateChecks.enable(app);
    CertificateChecks.enable(app);
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error?.message.match(/CM-REL1/g)).toHaveLength(1);
  });

  test('the test harness runs the pack: warnings print, errors fail synth', () => {
    const chart = Testing.chart();
    CertificateChecks.enable(chart);
    const issuer = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    new Certificate(chart, 'C', { name: 'c', namespace: 'web', issuer, dnsNames: ['c.web.svc'], duration: Duration.days(3), renewBefore: Duration.days(2) });
    expect(captureOutcome(() => Testing.synth(chart)).printed).toMatch(/\[WARNING\] \[CM-DUR2\]/);
    CertificateChecks.markEnvironment(chart, DeploymentEnvironment.PRODUCTION);
    const le = new ClusterIssuer(chart, 'Le', { name: 'le', config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT_STAGING, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }) });
    new Certificate(chart, 'Web', { namespace: 'web', issuer: le, dnsNames: ['www.example.com'] });
    expect(captureOutcome(() => Testing.synth(chart)).error?.message).toMatch(/\[test\] \[CM-ENV1\] \[test\/Web\]/);
  });

  test('a clean app synthesizes without output', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const chart = new Chart(app, 'ok', { namespace: 'web' });
    CertificateChecks.enable(app);
    const issuer = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
    new Certificate(chart, 'C', { name: 'c', issuer, dnsNames: ['c.web.svc'] });
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error).toBeUndefined();
    expect(out.printed).toBe('');
  });
});

describe('CertificateChecks errors', () => {
  test('fails on an unknown rule id', () => {
    const chart = Testing.chart();
    expect(() => CertificateChecks.suppress(chart, 'CM-NOPE', 'a long enough reason')).toThrow(/\[test\] ruleId names rule "CM-NOPE", which is not a rule of the pack; known rules: CM-ACME1/);
    expect(() => CertificateChecks.enable(chart, { disabledRules: ['X'] })).toThrow(/disabledRules names rule "X"/);
  });

  test('fails on a suppression without a real reason', () => {
    const chart = Testing.chart();
    expect(() => CertificateChecks.suppress(chart, 'CM-REL1', 'legacy')).toThrow(/\[test\] the suppression of CM-REL1 has reason "legacy"; give a reason of at least 10 characters/);
  });

  test('fails on an unknown environment', () => {
    const chart = Testing.chart();
    expect(() => CertificateChecks.markEnvironment(chart, 'prod' as DeploymentEnvironment)).toThrow(/environment "prod" is not a DeploymentEnvironment/);
  });
});

describe('rule metadata', () => {
  test('every rule has a stable id, a one-line summary and an explanation', () => {
    const rules = CertificateChecks.rules;
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^CM-[A-Z]+[0-9]+$/);
      expect(r.summary).not.toMatch(/\n/);
      expect(r.explanation.length).toBeGreaterThan(80);
    }
  });
});
