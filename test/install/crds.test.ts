import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { CertManagerCrds } from '../../src';
import { synth } from '../harness/manifests';

const ASSET_DIR = join(__dirname, '..', '..', 'assets', 'crds');
const provenance = JSON.parse(readFileSync(join(ASSET_DIR, 'cert-manager.crds.provenance.json'), 'utf8'));

const CRD_NAMES = [
  'certificaterequests.cert-manager.io',
  'certificates.cert-manager.io',
  'challenges.acme.cert-manager.io',
  'clusterissuers.cert-manager.io',
  'issuers.cert-manager.io',
  'orders.acme.cert-manager.io',
];

function hasDescription(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasDescription);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([k, v]) => (k === 'description' && typeof v === 'string') || hasDescription(v));
}

describe('CertManagerCrds', () => {
  test('emits the six cert-manager CRDs, v1 only, with upstream labels', () => {
    const chart = Testing.chart();
    const crds = new CertManagerCrds(chart, 'Crds');
    const m = synth(chart);

    expect(crds.crdNames).toEqual(CRD_NAMES);
    expect(m.all('CustomResourceDefinition').map((o) => o.metadata?.name).sort()).toEqual(CRD_NAMES);
    const cert = m.get('CustomResourceDefinition', 'certificates.cert-manager.io');
    expect(cert.spec.names.kind).toBe('Certificate');
    expect(cert.spec.versions.map((v: any) => v.name)).toEqual(['v1']);
    expect(cert.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/version': provenance.version });
  });

  test('keeps the schemas and selectableFields but no descriptions', () => {
    const chart = Testing.chart();
    new CertManagerCrds(chart, 'Crds');
    const m = synth(chart);
    for (const crd of m.all('CustomResourceDefinition')) {
      expect(hasDescription(crd.spec.versions[0].schema.openAPIV3Schema)).toBe(false);
    }
    const cert = m.get('CustomResourceDefinition', 'certificates.cert-manager.io');
    const spec = cert.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(spec.required).toEqual(expect.arrayContaining(['issuerRef', 'secretName']));
    expect(spec.properties.privateKey.properties.algorithm.enum).toEqual(['RSA', 'ECDSA', 'Ed25519']);
    expect(cert.spec.versions[0].selectableFields).toEqual(expect.arrayContaining([{ jsonPath: '.spec.issuerRef.name' }]));
  });

  test('each CRD stays well under the client-side apply annotation limit', () => {
    const chart = Testing.chart();
    new CertManagerCrds(chart, 'Crds');
    for (const crd of synth(chart).all('CustomResourceDefinition')) {
      expect(Buffer.byteLength(JSON.stringify(crd))).toBeLessThan(262_144 / 2);
    }
  });

  test('the committed asset is the one its provenance describes', () => {
    const asset = readFileSync(join(ASSET_DIR, 'cert-manager.crds.yaml'), 'utf8');
    expect(createHash('sha256').update(asset).digest('hex')).toBe(provenance.assetSha256);
    expect(provenance.version).toBe('v1.21.1');
  });

  test('the JSON twin the library loads holds exactly the CRDs of the YAML asset', () => {
    const yaml = Yaml.load(join(ASSET_DIR, 'cert-manager.crds.yaml'));
    expect(JSON.parse(readFileSync(join(ASSET_DIR, 'cert-manager.crds.json'), 'utf8'))).toStrictEqual(yaml);
  });

  test('merges extra labels and annotations into every CRD', () => {
    const chart = Testing.chart();
    new CertManagerCrds(chart, 'Crds', {
      labels: { 'example.com/team': 'platform' },
      annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false' },
    });
    for (const crd of synth(chart).all('CustomResourceDefinition')) {
      expect(crd.metadata?.labels).toMatchObject({ 'example.com/team': 'platform', 'app.kubernetes.io/instance': 'cert-manager' });
      expect(crd.metadata?.annotations).toMatchObject({ 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false' });
    }
  });

  test('two instances in one app do not share state', () => {
    const chart = Testing.chart();
    new CertManagerCrds(chart, 'A', { labels: { only: 'a' } });
    const other = Testing.chart();
    new CertManagerCrds(other, 'B');
    const crd = synth(other).get('CustomResourceDefinition', 'issuers.cert-manager.io');
    expect(crd.metadata?.labels?.only).toBeUndefined();
  });

  test('fails when a label key is invalid, naming the construct and the key', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerCrds(chart, 'Crds', { labels: { 'bad key': 'x' } }))
      .toThrow(/^\[test\/Crds\] labels has an invalid key "bad key": its name must be 1-63 characters/);
  });

  test('fails when a label value is invalid', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerCrds(chart, 'Crds', { labels: { team: 'platform team' } }))
      .toThrow('[test/Crds] labels["team"] has an invalid value "platform team"');
  });

  test('fails when an annotation key has an invalid prefix', () => {
    const chart = Testing.chart();
    expect(() => new CertManagerCrds(chart, 'Crds', { annotations: { 'Example.COM/x': 'y' } }))
      .toThrow('[test/Crds] annotations has an invalid key "Example.COM/x": its prefix must be a lowercase DNS subdomain');
  });
});
