/**
 * The chart-values mapping covers the pinned schema exactly, names props that exist, and
 * docs/helm-values.md is what the generator writes from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { HELM_VALUES_DOC, renderHelmValuesDoc } from '../../projenrc/helm-values-doc';
import { HELM_VALUES_MAPPING, helmValuesLeafKeys, mappingCoverage } from '../../src/install/private/helm-values-mapping';

const ROOT = join(__dirname, '..', '..');

/** The fields of every interface declared in these source files, with the interfaces each extends. */
function interfaces(files: string[]): Map<string, { fields: Map<string, string>; extends: string[] }> {
  const out = new Map<string, { fields: Map<string, string>; extends: string[] }>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node)) return;
      const fields = new Map<string, string>();
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.type) fields.set(member.name.getText(source), member.type.getText(source));
      }
      const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText(source)));
      out.set(node.name.text, { fields, extends: bases });
    });
  }
  return out;
}

const TYPES = interfaces(['src/install/cert-manager.ts', 'src/install/options.ts']);

/** The type a dotted props path ends on, or undefined when a segment does not exist. */
function resolvePropPath(path: string): string | undefined {
  let type = 'CertManagerProps';
  for (const segment of path.split('.')) {
    const lookup = (name: string): string | undefined => {
      const decl = TYPES.get(name);
      if (!decl) return undefined;
      return decl.fields.get(segment) ?? decl.extends.map(lookup).find((t) => t !== undefined);
    };
    const next = lookup(type.replace(/\[\]$/, ''));
    if (next === undefined) return undefined;
    type = next;
  }
  return type;
}

describe('the chart-values mapping', () => {
  const keys = helmValuesLeafKeys();

  test('has every leaf key of the pinned schema, and no other', () => {
    expect(keys.length).toBeGreaterThan(200);
    expect(keys.filter((k) => !HELM_VALUES_MAPPING[k])).toEqual([]);
    expect(Object.keys(HELM_VALUES_MAPPING).filter((k) => !keys.includes(k))).toEqual([]);
  });

  test('each entry is exactly one of: props, not applicable with a reason, or missing with what to do instead', () => {
    for (const [key, m] of Object.entries(HELM_VALUES_MAPPING)) {
      const kinds = [m.props !== undefined, m.notApplicable !== undefined, m.missing !== undefined].filter(Boolean).length;
      expect({ key, kinds }).toEqual({ key, kinds: 1 });
      expect({ key, reason: (m.notApplicable ?? m.missing ?? 'x'.repeat(20)).length >= 20 }).toEqual({ key, reason: true });
    }
  });

  test('every prop path it names exists on CertManagerProps', () => {
    expect(resolvePropPath('webhook.securePort')).toBe('number');
    expect(resolvePropPath('webhook.noSuchProp')).toBeUndefined();
    const paths = Object.values(HELM_VALUES_MAPPING).flatMap((m) => m.props ?? []);
    expect(paths.filter((p) => resolvePropPath(p) === undefined)).toEqual([]);
  });

  test('at least 90 % of the applicable keys map to a prop', () => {
    const { applicable, mapped, percent } = mappingCoverage(keys);
    expect(applicable).toBeGreaterThan(150);
    expect(mapped / applicable).toBeGreaterThanOrEqual(0.9);
    expect(percent).toBeGreaterThanOrEqual(90);
  });
});

describe('docs/helm-values.md', () => {
  test('is up to date: run `npx projen helm-values:docs` after changing the mapping or the schema', () => {
    expect(readFileSync(join(ROOT, HELM_VALUES_DOC), 'utf8')).toBe(renderHelmValuesDoc());
  });

  test('states the share of applicable keys that map to a prop, and lists every key', () => {
    const doc = renderHelmValuesDoc();
    const { applicable, mapped, percent } = mappingCoverage(helmValuesLeafKeys());
    expect(doc).toContain(`**${mapped} of the ${applicable} applicable values (${percent} %) map to a prop.**`);
    expect(doc).toContain('| `webhook.hostNetwork` | boolean | `false` | `webhook.hostNetwork` |');
    expect(doc).toMatch(/\| `startupapicheck.timeout` \| .* \| \*not applicable\* \| startupapicheck is a Helm post-install hook/);
  });
});
