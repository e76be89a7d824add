import { App, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  AcmeServer, AcmeSolver, Certificate, CertificateChecks, CertManagerStack, ClusterIssuer, DeploymentEnvironment, IssuerConfig,
} from '../../src';
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
    expect(out.error?.message).toMatch(/Validation failed with the following errors:\n {2}\[CM-REL1\] \[bad\/Api\] Deployment "web\/api" uses the certificate Secret "db" but nothing restarts it.*call certificate.reloadOnRotation/);
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

  test('enabled on a chart of an app it is disabled in, the pack reports only that chart', () => {
    const { app, meh } = appWithFindings();
    CertificateChecks.disable(app, 'only chart meh is checked in this test');
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
    expect(captureOutcome(() => Testing.synth(chart)).error?.message).toMatch(/\n {2}\[CM-ENV1\] \[test\/Web\]/);
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

describe('on by default', () => {
  test('an app that never calls enable is checked: errors fail synthesis, warnings print', () => {
    const { app } = appWithFindings();
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error?.message).toMatch(/\n {2}\[CM-REL1\] \[bad\/Api\] Deployment "web\/api" uses the certificate Secret "db"/);
    expect(out.printed).toMatch(/\[WARNING\] \[CM-DUR2\] \[meh\/Churn\]/);
  });

  test('disable turns the pack off for the app and every synthesis prints it with the reason', async () => {
    const { app } = appWithFindings();
    CertificateChecks.disable(app, 'legacy app, checked by the platform team instead');
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => setImmediate(resolve)); // a new synthesis, as in a new cdk8s synth run
      const out = captureOutcome(() => app.synthYaml());
      expect(out.error).toBeUndefined();
      expect(out.printed).toBe('[CHECKS OFF] [(app root)] the cert-manager check pack is off here (CertificateChecks.disable: '
        + '"legacy app, checked by the platform team instead"); misconfigurations it catches now reach the cluster; remove the '
        + 'disable call to check again\n');
    }
  });

  test('options enabled on a chart apply there; the rest of the app keeps the defaults; nothing is reported twice', () => {
    const { app, meh } = appWithFindings();
    CertificateChecks.enable(meh, { warningsAsErrors: true });
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error?.message.match(/\[CM-REL1\] \[bad\/Api\]/g)).toHaveLength(1);
    expect(out.error?.message.match(/\[CM-DUR2\] \[meh\/Churn\]/g)).toHaveLength(1);
    expect(out.printed).not.toMatch(/CM-DUR2/);
  });

  test('disable on a chart leaves the rest of the app checked', () => {
    const { app, bad } = appWithFindings();
    CertificateChecks.disable(bad, 'chart bad is being rewritten in PLAT-42');
    const out = captureOutcome(() => app.synthYaml());
    expect(out.error).toBeUndefined();
    expect(out.printed).toMatch(/\[CHECKS OFF\] \[bad\] .*PLAT-42/);
    expect(out.printed).toMatch(/\[WARNING\] \[CM-DUR2\] \[meh\/Churn\]/);
    expect(out.printed).not.toMatch(/CM-REL1/);
  });

  test('CertManagerStack checks: false disables the pack, saying so', () => {
    const app = Testing.app();
    new CertManagerStack(app, 'cm', { letsEncrypt: false, privateCa: false, monitoring: false, reloader: false, checks: false });
    const out = captureOutcome(() => app.synthYaml());
    expect(out.printed).toMatch(/\[CHECKS OFF\] \[\(app root\)\] .*turned off with the checks prop of CertManagerStack cm/);
  });

  test('disable needs a reason, and conflicts with enable on the same scope', () => {
    const app = Testing.app();
    expect(() => CertificateChecks.disable(app, 'no')).toThrow(/\[\(app root\)\] CertificateChecks.disable has reason "no"; give a reason of at least 10 characters/);
    CertificateChecks.enable(app);
    expect(() => CertificateChecks.disable(app, 'changed my mind about it')).toThrow(/\[\(app root\)\] CertificateChecks.disable is called on a scope that CertificateChecks.enable turned on; remove one of the two calls/);
    const other = Testing.app();
    CertificateChecks.disable(other, 'checked elsewhere for now');
    expect(() => CertificateChecks.enable(other)).toThrow(/CertificateChecks.enable is called on a scope that CertificateChecks.disable turned off \("checked elsewhere for now"\); remove one/);
  });
});

describe('marks nest', () => {
  function stagingChartIn(appEnvironment: DeploymentEnvironment, chartEnvironment?: DeploymentEnvironment) {
    const app = Testing.app();
    const stack = new CertManagerStack(app, 'cm', { acmeEmail: 'ops@example.com', monitoring: false, environment: appEnvironment });
    const chart = new Chart(app, 'shop-staging', { namespace: 'shop' });
    if (chartEnvironment) CertificateChecks.markEnvironment(chart, chartEnvironment);
    new Certificate(chart, 'Web', { issuer: stack.letsEncryptStaging!, dnsNames: ['shop.staging.example.com'] });
    return app;
  }

  test('a staging chart with the staging issuer in a production app synthesizes', () => {
    const out = captureOutcome(() => stagingChartIn(DeploymentEnvironment.PRODUCTION, DeploymentEnvironment.STAGING).synthYaml());
    expect(out.error).toBeUndefined();
    expect(out.printed).not.toMatch(/CM-ENV/);
  });

  test('the same chart unmarked fails, naming the app root as the nearest mark and both fixes', () => {
    const out = captureOutcome(() => stagingChartIn(DeploymentEnvironment.PRODUCTION).synthYaml());
    expect(out.error?.message).toMatch(/\[CM-ENV1\] \[shop-staging\/Web\] Certificate "shop\/shop-staging-web-[0-9a-f]+" comes from issuer "letsencrypt-staging" on the staging ACME server .* but its nearest environment mark, on \(app root\), is production; use a production ACME issuer here, or, if this part deploys to staging, mark its chart with CertificateChecks.markEnvironment\(chart, DeploymentEnvironment.STAGING\)/);
  });

  test('a chart marked production inside a staging app fails, naming the chart', () => {
    const out = captureOutcome(() => stagingChartIn(DeploymentEnvironment.STAGING, DeploymentEnvironment.PRODUCTION).synthYaml());
    expect(out.error?.message).toMatch(/\[CM-ENV1\] \[shop-staging\/Web\] .* its nearest environment mark, on shop-staging, is production/);
  });

  test('two different marks of one kind on one construct fail; marks of different kinds combine', () => {
    const chart = Testing.chart();
    CertificateChecks.markEnvironment(chart, DeploymentEnvironment.STAGING);
    CertificateChecks.markEnvironment(chart, DeploymentEnvironment.STAGING);
    CertificateChecks.markPrivateNetwork(chart);
    expect(() => CertificateChecks.markEnvironment(chart, DeploymentEnvironment.PRODUCTION)).toThrow(/\[test\] is already marked staging and is now marked production; a construct has one environment; keep one of the two marks, or mark a child construct \(the nearest mark wins\)/);
    expect(() => CertificateChecks.markPublicNetwork(chart)).toThrow(/is already marked private-network and is now marked public-network/);
  });

  test('a public-network mark below a private one lets its HTTP-01 issuer pass', () => {
    const app = Testing.app();
    CertificateChecks.markPrivateNetwork(app);
    const edge = new Chart(app, 'edge');
    CertificateChecks.markPublicNetwork(edge);
    new ClusterIssuer(edge, 'Le', { name: 'le', config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }) });
    expect(CertificateChecks.run(app).filter((f) => f.ruleId === 'CM-NET1')).toEqual([]);
    const inner = new Chart(app, 'inner');
    new ClusterIssuer(inner, 'Le2', { name: 'le2', config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }) });
    expect(CertificateChecks.run(app).filter((f) => f.ruleId === 'CM-NET1').map((f) => f.path)).toEqual(['inner/Le2']);
  });
});

describe('CertificateChecks errors', () => {
  test('fails on an unknown rule id', () => {
    const chart = Testing.chart();
    expect(() => CertificateChecks.suppress(chart, 'CM-NOPE', 'a long enough reason')).toThrow(/\[test\] ruleId names rule "CM-NOPE", which is not a rule of the pack; use one of the known rules: CM-ACME1/);
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
