/**
 * `npx projen rules:docs`: writes RULES.md from the metadata of the check pack's rules, so the
 * document and the code cannot disagree. A test fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { CertificateChecks } from '../src/checks/certificate-checks';

export function renderRulesMd(): string {
  const rules = CertificateChecks.rules;
  const lines = [
    '# Synth-time checks',
    '',
    '<!-- Generated from src/checks/rules by `npx projen rules:docs`. Do not edit by hand. -->',
    '',
    'Turn the pack on with `CertificateChecks.enable(app)`. Findings of severity **error** fail `cdk8s synth`;',
    '**warnings** are printed to stderr. Suppress a rule on a construct and everything below it with',
    '`CertificateChecks.suppress(construct, ruleId, reason)`; suppressed findings are printed with their reason.',
    '',
    '| Rule | Severity | What it catches |',
    '|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${r.id.toLowerCase()}) | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`),
    '',
    ...rules.flatMap((r) => [`## ${r.id}`, '', `**${r.severity}**: ${r.summary}`, '', r.explanation, '']),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  writeFileSync('RULES.md', renderRulesMd());
}
