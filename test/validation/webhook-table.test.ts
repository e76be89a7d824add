import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_CASES } from './webhook-cases';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'webhook-validation.md'), 'utf8');
const TESTS = readFileSync(join(__dirname, 'webhook-rules.test.ts'), 'utf8');
const rows = DOC.split('\n').filter((l) => /^\| WH-/.test(l)).map((l) => l.split('|').map((c) => c.trim()).slice(1, -1));

describe('docs/webhook-validation.md', () => {
  test('lists every webhook rule once, and no rule the tests do not cover', () => {
    const ids = rows.map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(WEBHOOK_CASES).sort());
  });

  test('every row names its test, which runs for that rule', () => {
    // webhook-rules.test.ts runs one test per case, titled by the rule id.
    expect(TESTS).toMatch(/describe\.each\(Object\.entries\(WEBHOOK_CASES\)\)\('%s'/);
    for (const [id, , , testName] of rows) expect(testName).toBe(`webhook-rules.test.ts › ${id}`);
  });

  test('every row says how the constructs handle the rule', () => {
    for (const [id, check, api] of rows) {
      expect({ id, check }).toEqual({ id, check: expect.stringMatching(/^(`validate(Certificate|Issuer)Spec` at `spec[^`]*`|none needed: .+)$/) });
      expect({ id, api }).toEqual({ id, api: expect.stringMatching(/checked|impossible by construction|not in the API|not in v1\.21|warning/) });
    }
  });

  test('the count in the text matches the table', () => {
    const enforced = Object.values(WEBHOOK_CASES).filter((c) => !c.none).length;
    expect(DOC).toContain(`**${enforced}\nwebhook rules, all covered**`);
  });
});
