/**
 * Functional parity of `TrustManager` with the upstream chart's default render of the pinned
 * release.
 *
 * The reference is `rendered-default.yaml` in TRUST_MANAGER_REFERENCE_DIR, by default the
 * `trust-manager` folder beside the cert-manager reference (CERT_MANAGER_REFERENCE_DIR/../trust-manager),
 * else the reference folder beside the repository (`../shared/reference/trust-manager`). Without
 * it the tests are skipped; .ci/run sets TRUST_MANAGER_REFERENCE_DIR whenever the folder exists,
 * so CI always runs them.
 */
import { readFileSync } from 'node:fs';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { compareInstalls, permissions, siblingReference } from './parity';
import { TrustManager, TrustManagerProps } from '../../src';
import { synth } from '../harness/manifests';
import { KubeObject } from '../harness/validate';

const { dir: REFERENCE_DIR, file: REFERENCE_FILE, present: haveReference } = siblingReference('TRUST_MANAGER_REFERENCE_DIR', 'trust-manager', 'rendered-default.yaml');

/** The chart's defaults: one replica, hence no PodDisruptionBudget or spreading. */
const LIKE_UPSTREAM: TrustManagerProps = { replicas: 1 };

/**
 * Our deliberate differences from the default render, each with its reason. Everything else
 * (objects, permissions, arguments, ports, probe, volumes, webhook, CRD, the webhook's
 * Certificate and Issuer) must be the same.
 */
const DELIBERATE: Record<string, string> = {
  // The chart source says v0.0.0; the v0.24.0 release build rewrites it to the pinned Debian package.
  'Deployment cert-manager/trust-manager.initContainers.cert-manager-package-debian.image: reference "quay.io/jetstack/trust-pkg-debian-trixie:v0.0.0", ours "quay.io/jetstack/trust-pkg-debian-trixie:20250419.1"': 'release image',
  // Upstream sets no resources; ours are requests and a memory limit.
  'Deployment cert-manager/trust-manager.containers.trust-manager.resources.limits: reference undefined, ours {"memory":"256Mi"}': 'production default',
  'Deployment cert-manager/trust-manager.containers.trust-manager.resources.requests: reference undefined, ours {"cpu":"20m","memory":"64Mi"}': 'production default',
};

function ours(props: TrustManagerProps): KubeObject[] {
  const chart = Testing.chart();
  new TrustManager(chart, 'TrustManager', props);
  return synth(chart).objects;
}

const describeWithReference = haveReference ? describe : describe.skip;
if (!haveReference) {
  process.stderr.write(`trust-manager parity tests skipped: no ${REFERENCE_FILE}; set TRUST_MANAGER_REFERENCE_DIR to the folder holding it\n`);
}

describeWithReference(`parity with the trust-manager ${TrustManager.VERSION} chart's default render in ${REFERENCE_DIR}`, () => {
  const reference = (): KubeObject[] =>
    parseAllDocuments(readFileSync(REFERENCE_FILE, 'utf8')).map((d) => d.toJS()).filter(Boolean);

  test('the reference is the pinned release', () => {
    const image = reference().find((o) => o.kind === 'Deployment')?.spec.template.spec.containers[0].image;
    expect(image).toBe(`quay.io/jetstack/trust-manager:${TrustManager.VERSION}`);
  });

  test('configured like upstream: only the deliberate differences (no permission, argument, port or webhook difference)', () => {
    const diffs = compareInstalls(reference(), ours(LIKE_UPSTREAM));
    expect(diffs.filter((d) => !DELIBERATE[d])).toEqual([]);
    expect(diffs.sort()).toEqual(Object.keys(DELIBERATE).sort());
  });

  test('the ServiceAccount has exactly the permissions of the chart', () => {
    const who = { name: 'trust-manager', namespace: 'cert-manager' };
    const want = [...permissions(reference(), who)].sort();
    expect(want.length).toBeGreaterThan(10);
    expect([...permissions(ours(LIKE_UPSTREAM), who)].sort()).toEqual(want);
  });

  test('our production defaults show as differences in replicas, zone and node spreading and the PodDisruptionBudget only', () => {
    const diffs = compareInstalls(reference(), ours({})).filter((d) => !DELIBERATE[d]);
    const spread = (key: string) => ({ labelSelector: { matchLabels: { app: 'trust-manager' } }, maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'ScheduleAnyway' });
    expect(diffs).toEqual([
      `Deployment cert-manager/trust-manager.pod.topologySpreadConstraints: reference undefined, ours ${JSON.stringify([spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')])}`,
      'Deployment cert-manager/trust-manager.replicas: reference 1, ours 2',
      'extra object: PodDisruptionBudget cert-manager/trust-manager',
    ]);
  });

  test('the comparison reports Secret targets as permission and argument differences', () => {
    const diffs = compareInstalls(reference(), ours({ ...LIKE_UPSTREAM, secretTargets: ['ca-bundle'] })).filter((d) => !DELIBERATE[d]);
    expect(diffs).toEqual(expect.arrayContaining([
      'ServiceAccount cert-manager/trust-manager: extra permission "cluster: create core/secrets/ca-bundle"',
      'ServiceAccount cert-manager/trust-manager: extra permission "cluster: list core/secrets"',
    ]));
    expect(diffs.some((d) => d.includes('--secret-targets-enabled=true'))).toBe(true);
  });
});
