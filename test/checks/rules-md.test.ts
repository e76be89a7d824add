import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesMd } from '../../projenrc/rules-md';
import { CertificateChecks } from '../../src';

test('RULES.md is generated from the current rule metadata (run `npx projen rules:docs` when this fails)', () => {
  const committed = readFileSync(join(__dirname, '..', '..', 'RULES.md'), 'utf8');
  expect(committed).toBe(renderRulesMd());
});

test('RULES.md has a section for every rule', () => {
  const text = renderRulesMd();
  for (const r of CertificateChecks.rules) {
    expect(text).toContain(`## ${r.id}\n\n**${r.severity}**: ${r.summary}\n\n${r.explanation}\n`);
  }
});
