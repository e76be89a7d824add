/**
 * The upstream cert-manager renders (the static manifest, the Helm chart with default and
 * production values, and the values corpus) give no error finding and no input problem, each
 * audited on its own. Read from CERT_MANAGER_REFERENCE_DIR (default: the reference folder beside
 * the repository); skipped when the folder is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FindingSeverity } from '../../src';
import { auditManifests } from '../../src/audit/manifest-audit';
import { loadSources } from '../../src/audit/manifest-source';

const REFERENCE_DIR = process.env.CERT_MANAGER_REFERENCE_DIR
  ?? resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cert-manager');
const haveReference = existsSync(join(REFERENCE_DIR, 'rendered-production.yaml'));
if (process.env.CERT_MANAGER_REFERENCE_DIR && !haveReference) {
  throw new Error(`CERT_MANAGER_REFERENCE_DIR=${REFERENCE_DIR} has no rendered-production.yaml`);
}

const renders = haveReference ? [
  ...['cert-manager.static.yaml', 'rendered-default.yaml', 'rendered-production.yaml'].map((f) => join(REFERENCE_DIR, f)),
  ...readdirSync(join(REFERENCE_DIR, 'values-corpus')).filter((f) => f.endsWith('.rendered.yaml')).map((f) => join(REFERENCE_DIR, 'values-corpus', f)),
] : [];

(haveReference ? describe : describe.skip)('upstream renders', () => {
  test('there are renders to audit', () => {
    expect(renders.length).toBeGreaterThanOrEqual(3);
  });

  test.each(renders.map((f) => [f.slice(REFERENCE_DIR.length + 1), f]))('%s gives no error', (_name, file) => {
    const result = auditManifests(loadSources([file], () => ''));
    expect(result.problems).toEqual([]);
    // The install's Deployments, PodDisruptionBudgets and Jobs are read and judged.
    expect(result.objects).toBeGreaterThan(2);
    expect(result.findings.filter((f) => f.severity === FindingSeverity.ERROR)).toEqual([]);
  });
});
