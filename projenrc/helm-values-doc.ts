/**
 * `npx projen helm-values:docs`: writes docs/helm-values.md from the pinned chart's values schema
 * (assets/helm) and the mapping in src/install/private/helm-values-mapping.ts, so the document
 * and the code cannot disagree. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { helmValuesSchema, resolveNode, rootNode, SchemaNode } from '../src/install/private/helm-schema';
import { HELM_VALUES_MAPPING, helmValuesLeafKeys, mappingCoverage } from '../src/install/private/helm-values-mapping';
import { CERT_MANAGER_VERSION } from '../src/install/upstream';

export const HELM_VALUES_DOC = 'docs/helm-values.md';

/** The schema node of a dotted key. */
function nodeOf(key: string): SchemaNode {
  const schema = helmValuesSchema();
  let node = rootNode(schema);
  for (const part of key.split('.')) node = resolveNode(schema, node.properties![part]);
  return node;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function chartDefault(node: SchemaNode): string {
  if (node.default === undefined) return '';
  const json = JSON.stringify(node.default);
  return cell(`\`${json.length > 60 ? `${json.slice(0, 57)}...` : json}\``);
}

export function renderHelmValuesDoc(): string {
  const keys = helmValuesLeafKeys();
  const { applicable, mapped, percent } = mappingCoverage(keys);
  const notApplicable = keys.length - applicable;
  const rows = keys.map((key) => {
    const m = HELM_VALUES_MAPPING[key];
    const node = nodeOf(key);
    const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type ?? 'any';
    const where = m.props
      ? m.props.map((p) => `\`${p}\``).join(', ')
      : m.notApplicable ? '*not applicable*' : '*no prop*';
    const why = m.notApplicable ?? m.missing ?? m.note ?? '';
    return `| \`${key}\` | ${type} | ${chartDefault(node)} | ${where} | ${cell(why)} |`;
  });
  return [
    '# Helm chart values and CertManager props',
    '',
    '<!-- Generated from the chart\'s values.schema.json (assets/helm) and src/install/private/helm-values-mapping.ts by `npx projen helm-values:docs`. Do not edit by hand. -->',
    '',
    `Every leaf value of the cert-manager ${CERT_MANAGER_VERSION} Helm chart (its \`values.schema.json\`) and the`,
    '`CertManagerProps` path that sets it: `webhook.securePort` is `new CertManager(scope, id, { webhook: { securePort } })`.',
    'The chart keeps the controller\'s settings at the top level; here they are under `controller`. Values that only',
    'steer Helm itself are *not applicable*, with the reason.',
    '',
    `**${mapped} of the ${applicable} applicable values (${percent} %) map to a prop.** ${notApplicable} values are not`,
    `applicable outside Helm; ${applicable - mapped} have no prop yet (the table says what to do instead).`,
    '',
    'A value that cannot work (a ServiceAccount that is not created and has no name, a rolling update with maxSurge and',
    'maxUnavailable 0, a probe period below its timeout, an image digest that is not `sha256:`, a proxy or webhook URL of',
    'the wrong scheme) fails synthesis with the construct path, the value and the fix.',
    '',
    '| Chart value | Type | Chart default | Prop | Notes |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(HELM_VALUES_DOC, renderHelmValuesDoc());
}
