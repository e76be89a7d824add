/**
 * Rotating a PrivateCa's root without an outage (CaRotation): the objects of each step, what the
 * bundle carries, which root signs, and how the CA-expiry alert and CM-CA1 follow the signing root.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import {
  Bundle, BundleNamespaces, CaRotation, CaRotationStep, CertManagerAlerts, Certificate, CertificateChecks, PrivateCa, PrivateCaProps,
} from '../../src';
import { Manifests, synth } from '../harness/manifests';
import { expectedAlert, testRules } from '../harness/promtool';
import { captureWarnings } from '../harness/stderr';

const DAY = 86400;
const CA_EXPIRY = 'CertManagerPrivateCaExpiringBeforeLeaves';

/** The internal-ca at one step, with a Bundle to "web", a 30-day leaf in "web" and the alerts; not synthesized. */
function build(props: PrivateCaProps, leafDays = 30) {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  new CertManagerAlerts(chart, 'Alerts');
  const ca = new PrivateCa(chart, 'Ca', { name: 'internal-ca', ...props });
  new Bundle(chart, 'Trust', { name: 'internal-trust', privateCas: [ca], namespaces: BundleNamespaces.named(['web']) });
  new Certificate(chart, 'Api', { name: 'api', namespace: 'web', issuer: ca.issuer, dnsNames: ['api.web.svc'], duration: Duration.days(leafDays) });
  return { app, chart, ca };
}

/** The same, synthesized (which runs the check pack). */
function step(props: PrivateCaProps, leafDays = 30) {
  const { app, chart, ca } = build(props, leafDays);
  return { app, ca, m: synth(chart) };
}

const STEPS = {
  steady: step({}),
  distribute: step({ rotation: CaRotation.distributeNextRoot() }),
  keepPrevious: step({ generation: 2, rotation: CaRotation.keepPreviousRoot() }),
  done: step({ generation: 2 }),
};

const roots = (m: Manifests) => m.all('Certificate').filter((c) => c.spec.isCA).map((c) => c.metadata?.name).sort();
const signingSecret = (m: Manifests) => m.get('ClusterIssuer', 'internal-ca').spec.ca.secretName;
const bundleSources = (m: Manifests) => m.get('Bundle', 'internal-trust').spec.sources.map((s: any) => s.secret.name);
const caAlert = (m: Manifests) => m.get('PrometheusRule', 'cert-manager-alerts').spec.groups
  .find((g: any) => g.name === 'cert-manager-derived').rules.find((r: any) => r.alert === CA_EXPIRY);

describe.each<[keyof typeof STEPS, string[], string]>([
  ['steady', ['internal-ca-root'], 'internal-ca-root'],
  ['distribute', ['internal-ca-root', 'internal-ca-root-2'], 'internal-ca-root'],
  ['keepPrevious', ['internal-ca-root', 'internal-ca-root-2'], 'internal-ca-root-2'],
  ['done', ['internal-ca-root-2'], 'internal-ca-root-2'],
])('step %s', (name, trusted, signing) => {
  const { ca, m } = STEPS[name];

  test(`roots ${trusted.join(' and ')} exist and are in the bundle; ${signing} signs`, () => {
    expect(roots(m)).toEqual(trusted);
    expect(bundleSources(m)).toEqual(trusted);
    expect(signingSecret(m)).toBe(signing);
    expect(ca.secretName).toBe(signing);
    expect(ca.certificateName).toBe(signing);
    expect(ca.trustedRoots.map((r) => [r.secretName, r.signing])).toEqual(trusted.map((t) => [t, t === signing]));
  });

  test('the CA-expiry alert judges the signing root', () => {
    expect(caAlert(m).expr).toBe(
      `max by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds{namespace="cert-manager",name="${signing}"} > 0) - time() < ${30 * DAY}`);
    expect(caAlert(m).annotations.description.includes('A root rotation is in progress')).toBe(trusted.length > 1);
  });
});

test('a root keeps its object, unchanged, through the steps it lives in (nothing is re-created or re-issued)', () => {
  const root2 = (m: Manifests) => m.get('Certificate', 'internal-ca-root-2', 'cert-manager');
  expect(root2(STEPS.keepPrevious.m)).toEqual(root2(STEPS.distribute.m));
  expect(root2(STEPS.done.m)).toEqual(root2(STEPS.distribute.m));
  const root1 = (m: Manifests) => m.get('Certificate', 'internal-ca-root', 'cert-manager');
  expect(root1(STEPS.distribute.m)).toEqual(root1(STEPS.steady.m));
  expect(root1(STEPS.keepPrevious.m)).toEqual(root1(STEPS.steady.m));
  // Every root keeps its key on renewal: only a rotation changes the key.
  expect(root2(STEPS.done.m).spec.privateKey.rotationPolicy).toBe('Never');
});

test('later roots differ in subject by default; an explicit common name is kept as written', () => {
  const cn = (m: Manifests, name: string) => m.get('Certificate', name, 'cert-manager').spec.commonName;
  expect(cn(STEPS.distribute.m, 'internal-ca-root')).toBe('internal-ca');
  expect(cn(STEPS.distribute.m, 'internal-ca-root-2')).toBe('internal-ca G2');
  const explicit = step({ commonName: 'Example Internal Root', rotation: CaRotation.distributeNextRoot() }).m;
  expect(cn(explicit, 'internal-ca-root-2')).toBe('Example Internal Root');
  expect(() => new PrivateCa(Testing.chart(), 'Ca', { name: 'a'.repeat(62), generation: 2 }))
    .toThrow(`[test/Ca] the common name "${'a'.repeat(62)} G2" of root generation 2 is longer than 64 characters (the X.509 limit); set a shorter commonName`);
});

test('the step enum is exposed for tooling', () => {
  expect(CaRotation.distributeNextRoot().step).toBe(CaRotationStep.DISTRIBUTE_NEXT_ROOT);
  expect(CaRotation.keepPreviousRoot().step).toBe(CaRotationStep.KEEP_PREVIOUS_ROOT);
});

test('a later rotation: generation 2 distributes root 3', () => {
  const { m } = step({ generation: 2, rotation: CaRotation.distributeNextRoot() });
  expect(roots(m)).toEqual(['internal-ca-root-2', 'internal-ca-root-3']);
  expect(signingSecret(m)).toBe('internal-ca-root-2');
});

test('promtool: during the overlap, a retiring root near expiry stays quiet; the signing root fires', () => {
  const { m } = STEPS.keepPrevious;
  const expiry = 'certmanager_certificate_expiration_timestamp_seconds';
  const labels = 'issuer_name="internal-ca-selfsigned",issuer_kind="ClusterIssuer",issuer_group="cert-manager.io"';
  expect(testRules(m.objects, [{
    interval: '1m',
    input_series: [
      // the retiring root: one day left, it signs nothing any more
      { series: `${expiry}{namespace="cert-manager",name="internal-ca-root",${labels}}`, values: `${DAY}x60` },
      // the signing root: 40 days left, then (re-created with a short lifetime) 20 days
      { series: `${expiry}{namespace="cert-manager",name="internal-ca-root-2",${labels}}`, values: `${40 * DAY}x30 ${20 * DAY}x30` },
    ],
    alert_rule_test: [
      { eval_time: '25m', alertname: CA_EXPIRY, exp_alerts: [] },
      { eval_time: '55m', alertname: CA_EXPIRY, exp_alerts: [expectedAlert(caAlert(m), { namespace: 'cert-manager', name: 'internal-ca-root-2' })] },
    ],
  }])).toContain('SUCCESS');
}, 30_000);

test('CM-CA1 judges the leaves against the signing root once, in every step', () => {
  for (const props of [{ rotation: CaRotation.distributeNextRoot() }, { generation: 2, rotation: CaRotation.keepPreviousRoot() }]) {
    // CM-CA1 is an error, so synthesis would stop at it: run the pack on the unsynthesized app.
    const { app } = build({ ...props, renewBefore: Duration.days(20) }, 30);
    const found = CertificateChecks.run(app).filter((f) => f.ruleId === 'CM-CA1');
    expect(found.map((f) => f.path)).toEqual(['c/Api']);
  }
});

test('CM-CA2 is satisfied by the bundle in every step', () => {
  for (const s of Object.values(STEPS)) {
    expect(CertificateChecks.run(s.app).filter((f) => f.ruleId === 'CM-CA2')).toEqual([]);
  }
});

test('step 2 prints, once per synthesis, how long the previous root must stay', () => {
  const printed = captureWarnings(() => step({ generation: 2, rotation: CaRotation.keepPreviousRoot() }, 45));
  expect(printed.match(/CA rotation step 2/g)).toHaveLength(1);
  expect(printed).toContain('[c/Ca] CA rotation step 2: root "internal-ca-root" no longer signs but stays in the bundles; remove it '
    + '(generation 2 without rotation) no earlier than 45 days after this step is applied, the lifetime of the longest-lived of the 1 '
    + 'certificate(s) of this app it signed');
  expect(captureWarnings(() => step({ rotation: CaRotation.distributeNextRoot() }))).not.toContain('CA rotation step 2');
});

test('rotatePrivateKey warns that renewals would switch keys with no overlap', () => {
  expect(captureWarnings(() => new PrivateCa(Testing.chart(), 'Ca', { rotatePrivateKey: true })))
    .toMatch(/\[test\/Ca\] rotatePrivateKey is true: every renewal replaces the CA key, .* rotate it with CaRotation instead/);
});

describe('errors', () => {
  test.each<[string, PrivateCaProps, string]>([
    ['fails when generation is 0', { generation: 0 }, '[test/Ca] generation 0 is not a whole number of 1 or more; set 1 for the CA\'s first root and raise it by one per rotation'],
    ['fails when generation is not whole', { generation: 1.5 }, 'generation 1.5 is not a whole number of 1 or more'],
    ['fails when keeping the previous root of generation 1', { rotation: CaRotation.keepPreviousRoot() },
      '[test/Ca] rotation is CaRotation.keepPreviousRoot() but generation is 1, which has no previous root; use '
      + 'CaRotation.distributeNextRoot() to start a rotation, and raise generation to 2 in the next step'],
  ])('%s', (_name, props, message) => {
    expect(() => new PrivateCa(Testing.chart(), 'Ca', props)).toThrow(message);
  });
});
