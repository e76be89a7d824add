/**
 * The pinned chart values schema the Helm values importer validates against (assets/helm).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { chartDefaults, helmValuesSchema, rootNode, SUPPORTED_KEYWORDS } from '../../src/install/private/helm-schema';

const REFERENCE_DIR = process.env.CERT_MANAGER_REFERENCE_DIR
  ?? resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'cert-manager');
const haveValues = existsSync(join(REFERENCE_DIR, 'values.yaml'));

describe('the pinned values schema', () => {
  test('uses only keywords the validator understands', () => {
    const used = new Set<string>();
    const walk = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        used.add(k);
        // property maps and $defs are keyed by value names, not keywords
        if (k === 'properties' || k === '$defs') Object.values(v as object).forEach(walk);
        else if (k !== 'default' && k !== 'enum') walk(v);
      }
    };
    walk(helmValuesSchema());
    expect([...used].filter((k) => !SUPPORTED_KEYWORDS.includes(k))).toEqual([]);
  });

  test('is the chart of the pinned release, closed at the top level', () => {
    const provenance = JSON.parse(readFileSync(join(__dirname, '..', '..', 'assets', 'helm', 'cert-manager.values.schema.provenance.json'), 'utf8'));
    expect(provenance.version).toBe('v1.21.1');
    const root = rootNode(helmValuesSchema());
    expect(root.additionalProperties).toBe(false);
    expect(Object.keys(root.properties!)).toEqual(expect.arrayContaining(['webhook', 'cainjector', 'startupapicheck', 'global', 'replicaCount']));
  });

  test('chart defaults come from the schema, and each call returns a fresh copy', () => {
    const a = chartDefaults();
    expect(a.replicaCount).toBe(1);
    expect((a.webhook as any).securePort).toBe(10250);
    (a.webhook as any).securePort = 1;
    expect((chartDefaults().webhook as any).securePort).toBe(10250);
  });

  (haveValues ? test : test.skip)('chart defaults equal the chart\'s values.yaml', () => {
    expect(chartDefaults()).toEqual(parse(readFileSync(join(REFERENCE_DIR, 'values.yaml'), 'utf8')));
  });
});
