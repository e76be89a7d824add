/**
 * The manifest audit (`cdk8s-cert-manager check`): the YAML corpus per rule, a `kubectl get -o
 * yaml` List, the output formats (SARIF validated against the SARIF 2.1.0 schema), and bad input.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { CertificateChecks, FindingSeverity } from '../../src';
import { run } from '../../src/audit/cli';
import { auditManifests, AuditOptions, RULES_NOT_JUDGED, YAML_FIXES } from '../../src/audit/manifest-audit';
import { goDurationSeconds, promDurationSeconds } from '../../src/audit/manifest-graph';
import { loadSources } from '../../src/audit/manifest-source';

const FIXTURES = join(__dirname, 'fixtures');
const RULE_FIXTURES = join(FIXTURES, 'rules');

function auditFiles(paths: string[], options: AuditOptions = {}) {
  return auditManifests(loadSources(paths, () => ''), options);
}

function auditText(text: string, options: AuditOptions = {}) {
  return auditManifests(loadSources(['-'], () => text), options);
}

/** Runs the command; returns exit code, stdout and stderr. */
function cli(args: string[], stdin = ''): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => stdin, cwd: process.cwd() });
  return { code, stdout, stderr };
}

const judged = CertificateChecks.rules.filter((r) => RULES_NOT_JUDGED[r.id] === undefined);

describe('the rule corpus', () => {
  test('covers every rule that can judge manifests, each with fires, quiet and suppressed', () => {
    expect(readdirSync(RULE_FIXTURES).sort()).toEqual(judged.map((r) => r.id).sort());
    for (const r of judged) {
      expect(readdirSync(join(RULE_FIXTURES, r.id)).sort()).toEqual(['fires.yaml', 'quiet.yaml', 'suppressed.yaml']);
    }
  });

  test('names only real rules as not judged, each with why', () => {
    for (const [id, why] of Object.entries(RULES_NOT_JUDGED)) {
      expect(CertificateChecks.rules.map((r) => r.id)).toContain(id);
      expect(why.length).toBeGreaterThan(40);
    }
  });

  describe.each(judged.map((r) => [r.id, r.severity]))('%s', (id, severity) => {
    test('fires, with only its own findings, located in the file', () => {
      const file = join(RULE_FIXTURES, id, 'fires.yaml');
      const result = auditFiles([file]);
      expect(result.problems).toEqual([]);
      expect(result.findings.length).toBeGreaterThan(0);
      for (const f of result.findings) {
        expect(f).toMatchObject({ ruleId: id, severity, file, suppressedReason: undefined });
        expect(f.line).toBeGreaterThan(1);
        expect(f.object).toMatch(/^[A-Za-z]+\/[a-z0-9.-]+(\/[a-z0-9.-]+)?$/);
      }
    });

    test('tells the fix in YAML terms where the message names constructs', () => {
      const [f] = auditFiles([join(RULE_FIXTURES, id, 'fires.yaml')]).findings;
      if (YAML_FIXES[id] !== undefined) expect(f.message.endsWith(`(${YAML_FIXES[id]})`)).toBe(true);
      else expect(f.message).not.toContain('in YAML');
    });

    test('stays quiet', () => {
      const result = auditFiles([join(RULE_FIXTURES, id, 'quiet.yaml')]);
      expect(result.problems).toEqual([]);
      expect(result.findings).toEqual([]);
    });

    test('is suppressed by the annotation, with its reason', () => {
      const result = auditFiles([join(RULE_FIXTURES, id, 'suppressed.yaml')]);
      expect(result.problems).toEqual([]);
      expect(result.findings.length).toBeGreaterThan(0);
      for (const f of result.findings) {
        expect(f.ruleId).toBe(id);
        expect(f.suppressedReason).toMatch(/.{10,}/);
        expect(f.suppressedAt).toMatch(/\//);
      }
    });

    test('can be disabled', () => {
      expect(auditFiles([join(RULE_FIXTURES, id, 'fires.yaml')], { disabledRules: [id] }).findings).toEqual([]);
    });
  });

  test('a Namespace suppression covers every object in it (CM-ACME4)', () => {
    const [f] = auditFiles([join(RULE_FIXTURES, 'CM-ACME4', 'suppressed.yaml')]).findings;
    expect(f.suppressedAt).toBe('Namespace/app');
  });
});

describe('facts manifests lack come from flags', () => {
  const staging = join(RULE_FIXTURES, 'CM-ENV1', 'fires.yaml');
  const unlabeled = () => readFileSync(staging, 'utf8').replace(/ {2}labels:\n {4}checks\.cdk8s-cert-manager\.io\/environment: production\n/, '');

  test('without a label or flag, the environment rules stay quiet and say why, once', () => {
    const result = auditText(unlabeled());
    expect(result.findings).toEqual([]);
    expect(result.notes).toEqual([
      expect.stringMatching(/^CM-ENV1 and CM-ENV2 judged nothing: no namespace or object is marked with an environment; pass --production-namespaces/),
      expect.stringMatching(/^CM-NET1 judged nothing/),
    ]);
    expect(auditText(unlabeled(), { productionNamespaces: ['app'], privateNetworkNamespaces: ['other'] }).notes).toEqual([]);
  });

  test('--production-namespaces marks namespaces production', () => {
    const { findings } = auditText(unlabeled(), { productionNamespaces: ['app'] });
    expect(findings.map((f) => f.ruleId)).toEqual(['CM-ENV1']);
    expect(findings[0].message).toContain('its nearest environment mark, on namespace app, is production');
  });

  test('--staging-namespaces and --test-namespaces mark them staging or test (CM-ENV2)', () => {
    const prod = readFileSync(join(RULE_FIXTURES, 'CM-ENV2', 'fires.yaml'), 'utf8').replace(/ {2}labels:\n.*\n/, '');
    expect(auditText(prod).findings).toEqual([]);
    expect(auditText(prod, { stagingNamespaces: ['app'] }).findings.map((f) => f.ruleId)).toEqual(['CM-ENV2']);
    expect(auditText(prod, { testNamespaces: ['app'] }).findings.map((f) => f.message)).toEqual([expect.stringContaining('on namespace app, is test')]);
  });

  test('--private-network-namespaces marks them private (CM-NET1)', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-NET1', 'fires.yaml'), 'utf8').replace(/ {2}annotations:\n.*private-network.*\n/, '');
    expect(auditText(text).findings).toEqual([]);
    expect(auditText(text, { privateNetworkNamespaces: ['intranet'] }).findings.map((f) => f.ruleId)).toEqual(['CM-NET1']);
  });

  test('an environment annotation with an unknown value is an input error', () => {
    const text = readFileSync(staging, 'utf8').replace('environment: production', 'environment: prod');
    expect(auditText(text).problems).toEqual([{ file: '(stdin)', line: 2, message: expect.stringContaining('"prod"; use production, staging or test') }]);
  });
});

describe('a kubectl get -o yaml List of a live cluster', () => {
  const file = join(FIXTURES, 'kubectl-list.yaml');

  test('is read item by item; the shim-made Certificate is not counted twice; unknown kinds are counted', () => {
    const result = auditFiles([file]);
    expect(result.problems).toEqual([]);
    expect(result.objects).toBe(5);
    expect([...result.ignored]).toEqual([['ConfigMap (v1)', 1]]);
    expect(result.findings).toEqual([{
      ruleId: 'CM-REL1',
      severity: FindingSeverity.ERROR,
      object: 'Deployment/shop/storefront',
      file,
      line: 115,
      message: expect.stringContaining('uses the certificate Secret "storefront-tls" but nothing restarts it'),
      suppressedReason: undefined,
      suppressedAt: undefined,
    }]);
  });

  test('reads the same from standard input, in JSON too', () => {
    const text = readFileSync(file, 'utf8');
    const fromYaml = cli(['check', '-', '--format', 'json'], text);
    const json = JSON.stringify(parse(text));
    const fromJson = cli(['check', '-', '--format', 'json'], json);
    expect(fromYaml.code).toBe(1);
    expect(fromJson.code).toBe(1);
    const ids = (out: string) => JSON.parse(out).findings.map((f: any) => [f.ruleId, f.object, f.file]);
    expect(ids(fromYaml.stdout)).toEqual([['CM-REL1', 'Deployment/shop/storefront', '(stdin)']]);
    expect(ids(fromJson.stdout)).toEqual(ids(fromYaml.stdout));
  });
});

describe('the command', () => {
  const fires = join(RULE_FIXTURES, 'CM-ACME1', 'fires.yaml');
  const quiet = join(RULE_FIXTURES, 'CM-ACME1', 'quiet.yaml');

  test('exits 0 without error findings, 1 with them', () => {
    expect(cli(['check', quiet]).code).toBe(0);
    const out = cli(['check', fires]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
  });

  test('text output names the rule, the object, the file and line, and the fix', () => {
    const { stdout } = cli(['check', fires]);
    expect(stdout).toMatch(/^error CM-ACME1 Certificate\/app\/wild \(.*CM-ACME1\/fires\.yaml:\d+\)\n {2}.*add AcmeSolver\.dns01/m);
    expect(stdout).toContain('1 error, 0 warnings, 0 suppressed in 2 objects from 1 file.');
    expect(stdout).toContain('Not judged on manifests: CM-ISS3');
  });

  test('warnings alone exit 0, or 1 with --warnings-as-errors', () => {
    const warning = join(RULE_FIXTURES, 'CM-ISS2', 'fires.yaml');
    expect(cli(['check', warning]).code).toBe(0);
    expect(cli(['check', '--warnings-as-errors', warning]).code).toBe(1);
  });

  test('suppressed findings are shown with their reason and do not fail', () => {
    const { code, stdout } = cli(['check', join(RULE_FIXTURES, 'CM-REL1', 'suppressed.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^suppressed CM-REL1 Deployment\/app\/api .*\n.*\n {2}suppressed at Deployment\/app\/api: restarted nightly/m);
  });

  test('reads folders recursively, in a stable order', () => {
    const { stdout, code } = cli(['check', '--format', 'json', join(RULE_FIXTURES, 'CM-PDB1')]);
    expect(code).toBe(2); // the three variants define the same objects: duplicates
    const report = JSON.parse(stdout);
    expect(report.summary.files).toBe(3);
    expect(report.problems.map((p: any) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Deployment\/app\/api is defined twice: also at .*fires\.yaml:\d+/)]));
  });

  test('skips dot-folders and files that are no manifests; a folder without any is an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-dir-'));
    try {
      mkdirSync(join(dir, '.git'));
      mkdirSync(join(dir, 'apps', 'shop'), { recursive: true });
      writeFileSync(join(dir, '.git', 'broken.yaml'), 'kind: [');
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs', 'README.md'), '# not yaml: [');
      writeFileSync(join(dir, 'apps', 'shop', 'cert.yml'), readFileSync(join(RULE_FIXTURES, 'CM-ACME1', 'fires.yaml'), 'utf8'));
      const out = cli(['check', '--format', 'sarif', dir]);
      expect(out.code).toBe(1);
      const [result] = JSON.parse(out.stdout).runs[0].results;
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(pathToFileURL(join(dir, 'apps', 'shop', 'cert.yml')).href);
      const empty = cli(['check', join(dir, 'docs')]);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toBe(`error: ${join(dir, 'docs')}: is a folder without any .yaml, .yml, .json file\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--default-namespace places objects that name none', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-ISS1', 'quiet.yaml'), 'utf8').replace(/ {2}namespace: app\n/g, '');
    expect(auditText(text).findings).toEqual([]);
    expect(auditText(text, { defaultNamespace: 'shop' }).findings).toEqual([]);
    const [f] = auditText(text.replace(/(kind: Certificate\nmetadata:\n {2}name: api\n)/, '$1  namespace: other\n'), { defaultNamespace: 'shop' }).findings;
    expect(f).toMatchObject({ ruleId: 'CM-ISS1', object: 'Certificate/other/api', message: expect.stringContaining('Issuer "shop/internal"') });
  });

  test('--help and --version', () => {
    expect(cli(['--help']).stdout).toContain('Usage: cdk8s-cert-manager check');
    expect(cli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test.each([
    [['check'], 'no input'],
    [['lint', 'x.yaml'], 'unknown command "lint"'],
    [['check', '--format', 'xml', 'x.yaml'], '--format is "xml"; use text, json or sarif'],
    [['check', '--frmat', 'json', 'x.yaml'], 'unknown option "--frmat"'],
    [['check', 'x.yaml', '--production-namespaces'], '--production-namespaces needs a value'],
  ])('usage error %j exits 2 with the usage', (args, message) => {
    const out = cli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`error: ${message}`);
    expect(out.stderr).toContain('Usage:');
  });

  test('an unknown rule in --disable is an error', () => {
    const out = cli(['check', '--disable', 'CM-NOPE', quiet]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--disable names rule "CM-NOPE"');
  });
});

/** A self-signed ClusterIssuer (lines 1-6) and a Certificate of it (from line 8). */
const SELF_SIGNED = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: selfsigned
spec:
  selfSigned: {}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: short
  namespace: app
spec:
  secretName: short-tls
  dnsNames:
    - short.internal
  issuerRef:
    name: selfsigned
    kind: ClusterIssuer
  duration: 30m
`;

describe("cert-manager's admission validation (CM-WH1) runs on every Certificate and issuer", () => {
  test('a value the webhook refuses is reported with the webhook rule, field and fix; CM-DUR1 does not repeat it', () => {
    const result = auditText(SELF_SIGNED);
    expect(result.problems).toEqual([]);
    expect(result.findings).toEqual([expect.objectContaining({
      ruleId: 'CM-WH1',
      severity: FindingSeverity.ERROR,
      object: 'Certificate/app/short',
      line: 8,
      message: expect.stringContaining('(WH-CERT-25): spec.duration: duration "30m" (30 minutes) is below cert-manager\'s minimum of 1 hour; set a duration of 1h or more'),
    })]);
  });

  test('an issuer the webhook refuses', () => {
    const text = 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: broken\n  namespace: app\nspec: {}\n';
    const [f] = auditText(text).findings;
    expect(f).toMatchObject({ ruleId: 'CM-WH1', severity: FindingSeverity.ERROR, object: 'Issuer/app/broken', message: expect.stringMatching(/\(WH-ISS-\d+\)/) });
  });

  test('with CM-WH1 off, CM-DUR1 reports the duration', () => {
    expect(auditText(SELF_SIGNED, { disabledRules: ['CM-WH1'] }).findings.map((f) => f.ruleId)).toEqual(['CM-DUR1']);
  });
});

describe('bad input: clear messages with file and line, exit 2, no stack trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  test('unparseable YAML names the file and line', () => {
    const path = file('broken.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: [unclosed\n');
    const out = cli(['check', path]);
    expect(out.code).toBe(2);
    // The parser notices the unclosed sequence where the document ends.
    expect(out.stderr).toBe(`error: ${path}:8: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n`);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  test('a missing file', () => {
    const out = cli(['check', join(dir, 'nope.yaml')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`error: ${join(dir, 'nope.yaml')}: does not exist\n`);
  });

  test('a Helm template that is not rendered yet', () => {
    const path = file('template.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\n');
    const out = cli(['check', path]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`error: ${path}:1: Secret has metadata.name {"{ .Release.Name }":null}, not a string; render templates `
      + '(helm template, kustomize build) before auditing them\n');
  });

  test('duplicate objects name both places', () => {
    const result = auditText(`${SELF_SIGNED}---\n${SELF_SIGNED}`);
    expect(result.problems).toEqual([
      { file: '(stdin)', line: 22, message: 'ClusterIssuer/selfsigned is defined twice: also at (stdin):1; an apply keeps only one of them; remove one, or give them different names' },
      { file: '(stdin)', line: 29, message: expect.stringMatching(/^Certificate\/app\/short is defined twice: also at \(stdin\):8;/) },
    ]);
  });

  test('two certificates writing one Secret', () => {
    const second = SELF_SIGNED.split('---\n')[1].replace('name: short\n', 'name: other\n');
    const result = auditText(`${SELF_SIGNED}---\n${second}`);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Certificate "app/other" writes the Secret of Certificate "app/short" ((stdin):8); two certificates writing one Secret overwrite each other on every renewal; give each certificate its own secretName',
    ]);
  });

  test('an Ingress shim and a Certificate not owned by it writing one Secret', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-TLS1', 'quiet.yaml'), 'utf8')
      .replace('kind: Ingress\nmetadata:\n', 'kind: Ingress\nmetadata:\n  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n');
    expect(auditText(text).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^the ingress-shim Certificate "app\/web-tls" has the name of Certificate "app\/web" \(\(stdin\):\d+\)|^the ingress-shim Certificate "app\/web-tls" writes the Secret of Certificate "app\/web"/),
    ]);
  });

  test('unknown kinds are ignored and counted; documents that are no objects are skipped', () => {
    const result = auditText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nreplicaCount: 3\n---\n---\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: b\n');
    expect(result.problems).toEqual([]);
    expect([...result.ignored]).toEqual([['ConfigMap (v1)', 1], ['Service (serving.knative.dev/v1)', 1]]);
    expect(result.skippedDocuments).toEqual([{ file: '(stdin)', line: 6, message: 'is not a Kubernetes object (no apiVersion and kind)' }]);
  });

  test('a cert-manager look-alike of another API group is not read as cert-manager', () => {
    const result = auditText('apiVersion: networking.internal.knative.dev/v1alpha1\nkind: Certificate\nmetadata:\n  name: x\n  namespace: a\nspec:\n  secretName: x\n');
    expect(result.objects).toBe(0);
  });

  test('a duration that is not a Go duration', () => {
    const text = SELF_SIGNED.replace('duration: 30m', 'duration: 30 days');
    expect(auditText(text).problems.map((p) => p.message)).toEqual([
      'Certificate/app/short has duration "30 days", which is not a Go duration; write it as e.g. "2160h" or "1h30m"',
    ]);
  });

  test('a suppression of an unknown rule, or without a reason', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-REL1', 'suppressed.yaml'), 'utf8');
    expect(auditText(text.replace('suppress-CM-REL1', 'suppress-CM-RELL1')).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Deployment\/app\/api suppresses rule "CM-RELL1", which is not a rule of the pack; known rules: CM-ACME1/),
    ]);
    expect(auditText(text.replace(/suppress-CM-REL1: .*/, 'suppress-CM-REL1: "ok"')).problems.map((p) => p.message)).toEqual([
      'Deployment/app/api suppresses CM-REL1 with reason "ok"; give a reason of at least 10 characters that tells a reviewer why the rule does not apply here',
    ]);
  });

  test('a field of an unexpected shape is reported, not thrown', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-REL1', 'fires.yaml'), 'utf8').replace('      containers:\n', '      initContainers: {}\n      containers:\n');
    const out = cli(['check', '-'], text);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^error: \(input\): CM-REL1 could not read the input: .*; an object has a field of an unexpected shape/m);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  test('an object without a name', () => {
    expect(auditText('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  generateName: web-\n').problems).toEqual([
      { file: '(stdin)', line: 1, message: 'Deployment has no metadata.name; give every object a name (generateName cannot be audited)' },
    ]);
  });
});

describe('SARIF output', () => {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema is draft-04; its only draft-04 keyword is the top-level `id` (no exclusive bounds),
  // so it compiles as a later draft once that is renamed. One of its patterns (the language tag)
  // is not valid with the `u` flag, so patterns are compiled as the schema's authors did, without it.
  const { id, $schema: _, ...rest } = schema;
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile({ $id: id, ...rest });

  test.each([
    ['findings', ['CM-ACME1/fires.yaml']],
    ['suppressed findings', ['CM-REL1/suppressed.yaml']],
    ['no findings', ['CM-ACME1/quiet.yaml']],
  ])('with %s validates against the SARIF 2.1.0 schema', (_name, files) => {
    const { stdout } = cli(['check', '--format', 'sarif', ...files.map((f) => join(RULE_FIXTURES, f))]);
    const sarif = JSON.parse(stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(CertificateChecks.rules.map((r) => r.id));
  });

  test('results carry the rule, level, relative location, object and suppression', () => {
    const { stdout } = cli(['check', '--format', 'sarif', join(RULE_FIXTURES, 'CM-REL1', 'suppressed.yaml'), join(RULE_FIXTURES, 'CM-ACME1', 'fires.yaml')]);
    const [open, suppressed] = JSON.parse(stdout).runs[0].results;
    expect(open).toMatchObject({
      ruleId: 'CM-ACME1',
      level: 'error',
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'test/audit/fixtures/rules/CM-ACME1/fires.yaml' }, region: { startLine: expect.any(Number) } },
        logicalLocations: [{ fullyQualifiedName: 'Certificate/app/wild', kind: 'resource' }],
      }],
    });
    expect(open.suppressions).toBeUndefined();
    expect(suppressed.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: expect.stringContaining('restarted nightly') }]);
  });

  test('input problems are tool notifications, and the schema still holds', () => {
    const { stdout, code } = cli(['check', '--format', 'sarif', '-'], 'kind: [');
    expect(code).toBe(2);
    const sarif = JSON.parse(stdout);
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
    expect(sarif.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] });
  });
});

test('Go and Prometheus durations', () => {
  expect(goDurationSeconds('2160h')).toBe(2160 * 3600);
  expect(goDurationSeconds('1h30m')).toBe(5400);
  expect(goDurationSeconds('90s')).toBe(90);
  expect(goDurationSeconds('1d')).toBeUndefined();
  expect(goDurationSeconds('')).toBeUndefined();
  expect(promDurationSeconds('15m')).toBe(900);
  expect(promDurationSeconds('1d2h')).toBe(93600);
  expect(promDurationSeconds('fifteen')).toBeUndefined();
});

describe('the graph built from manifests', () => {
  const LE = `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: letsencrypt-account
    solvers:
      - http01:
          gatewayHTTPRoute:
            parentRefs:
              - name: edge
`;
  const gateway = (hostname: string, annotations = '    cert-manager.io/cluster-issuer: letsencrypt\n') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
  annotations:
${annotations}spec:
  gatewayClassName: envoy
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
      hostname: "${hostname}"
      tls:
        mode: Terminate
        certificateRefs:
          - name: edge-tls
    - name: passthrough
      protocol: TLS
      port: 8443
      hostname: db.example.com
      tls:
        mode: Passthrough
`;

  test('a gateway-shim Certificate is judged: a wildcard listener on an HTTP-01-only issuer (CM-ACME1)', () => {
    const { findings, problems } = auditText(`${LE}---\n${gateway('*.example.com')}`);
    expect(problems).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({
      ruleId: 'CM-ACME1',
      object: 'Gateway/web/edge',
      line: 16,
      message: expect.stringMatching(/^the gateway-shim Certificate "web\/edge-tls" asks for "\*\.example\.com"/),
    })]);
  });

  test('the gateway-shim Certificate produces the listener Secret (CM-TLS1 stays quiet); without the annotation nothing does', () => {
    expect(auditText(`${LE}---\n${gateway('www.example.com')}`).findings).toEqual([]);
    const plain = auditText(`${LE}---\n${gateway('www.example.com', '    example.com/owner: web\n')}`).findings;
    expect(plain.map((f) => [f.ruleId, f.object])).toEqual([['CM-TLS1', 'Gateway/web/edge']]);
  });

  test('ingress-shim annotations set the lifetime of the Certificate they make (CM-DUR2)', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-DUR1', 'quiet.yaml'), 'utf8')
      .replace('cert-manager.io/duration: 1h', 'cert-manager.io/duration: 2160h')
      .replace('cert-manager.io/renew-before: 20m', 'cert-manager.io/renew-before: 1500h');
    expect(auditText(text).findings.map((f) => [f.ruleId, f.object, f.message.slice(0, 50)])).toEqual([
      ['CM-DUR2', 'Ingress/app/short', 'the ingress-shim Certificate "app/short-tls" renew'],
    ]);
  });

  test('a ClusterIssuer CA finds its CA Certificate in the cluster-resource namespace (CM-CA1)', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-CA1', 'fires.yaml'), 'utf8');
    expect(text).toContain('kind: ClusterIssuer\nmetadata:\n  name: app-ca\n');
    expect(auditText(text).findings.map((f) => f.ruleId)).toEqual(['CM-CA1']);
    // Not in the cluster-resource namespace: the one CA Certificate writing that Secret name is taken.
    expect(auditText(text, { clusterResourceNamespace: 'pki' }).findings.map((f) => f.ruleId)).toEqual(['CM-CA1']);
    const moved = text.replace('  name: root-ca\n  namespace: cert-manager\n', '  name: root-ca\n  namespace: pki\n');
    expect(auditText(moved, { clusterResourceNamespace: 'pki', trustNamespace: 'pki' }).findings.map((f) => f.ruleId)).toEqual(['CM-CA1']);
  });

  test('a namespaced CA Issuer finds its CA Certificate in its namespace, which no Bundle reads (CM-CA1, CM-CA2)', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-CA1', 'fires.yaml'), 'utf8')
      .replace('  name: root-ca\n  namespace: cert-manager\n', '  name: root-ca\n  namespace: app\n')
      .replace('kind: ClusterIssuer\nmetadata:\n  name: app-ca\n', 'kind: Issuer\nmetadata:\n  name: app-ca\n  namespace: app\n')
      .replace(/issuerRef:\n {4}name: app-ca\n {4}kind: ClusterIssuer/, 'issuerRef:\n    name: app-ca\n    kind: Issuer');
    const findings = auditText(text).findings;
    expect(findings.map((f) => [f.ruleId, f.object])).toEqual([['CM-CA1', 'Certificate/app/leaf'], ['CM-CA2', 'Certificate/app/leaf']]);
    expect(findings[1].message).toContain('no Bundle of this app distributes the CA');
    // trust-manager run with --trust-namespace app reads the root Secret there.
    expect(auditText(text, { trustNamespace: 'app' }).findings.map((f) => f.ruleId)).toEqual(['CM-CA1']);
  });

  describe('trust-manager Bundles (CM-CA2)', () => {
    const quiet = () => readFileSync(join(RULE_FIXTURES, 'CM-CA2', 'quiet.yaml'), 'utf8');
    const ids = (text: string, options: AuditOptions = {}) => {
      const result = auditText(text, options);
      expect(result.problems).toEqual([]);
      return result.findings.map((f) => [f.ruleId, f.object]);
    };

    test('a label selection reaches a declared Namespace carrying the labels; an undeclared one cannot be judged', () => {
      const unlabelled = quiet().replace(/ {2}labels:\n {4}trust\.example\.com\/internal-ca: "true"\n/, '');
      expect(ids(unlabelled)).toEqual([['CM-CA2', 'Certificate/app/api'], ['CM-CA2', 'Deployment/app/client']]);
      const undeclared = quiet().replace(/apiVersion: v1\nkind: Namespace\nmetadata:\n {2}name: app\n {2}labels:\n.*\n---\n/, '');
      const findings = auditText(undeclared).findings;
      expect(findings.map((f) => [f.ruleId, f.object])).toEqual([['CM-CA2', 'Certificate/app/api']]);
      expect(findings[0].message).toContain('does not declare its namespace "app"');
    });

    test('a Bundle without a namespaceSelector is written to every namespace', () => {
      expect(ids(quiet().replace(/ {4}namespaceSelector:\n {6}matchLabels:\n.*\n/, ''))).toEqual([]);
    });

    test('a selection by name, by matchLabels or by matchExpressions', () => {
      const named = (selector: string) => quiet().replace(/ {6}matchLabels:\n.*\n/, selector);
      expect(ids(named('      matchLabels:\n        kubernetes.io/metadata.name: app\n'))).toEqual([]);
      expect(ids(named('      matchLabels:\n        kubernetes.io/metadata.name: shop\n'))).toEqual([
        ['CM-CA2', 'Certificate/app/api'], ['CM-CA2', 'Deployment/app/client'],
      ]);
      const other = auditText(named('      matchExpressions:\n        - key: team\n          operator: Exists\n'));
      expect(other.problems).toEqual([expect.objectContaining({
        line: expect.any(Number), message: expect.stringMatching(/^Bundle\/internal-ca-trust selects namespaces with matchExpressions the audit does not read/),
      })]);
    });

    test('without a Bundle sourcing the root Secret from the trust namespace, no Bundle distributes the CA', () => {
      const otherSource = quiet().replace('        name: internal-ca-root\n        key: tls.crt', '        name: some-other-ca\n        key: tls.crt');
      const findings = auditText(otherSource).findings;
      expect(findings.map((f) => f.ruleId)).toEqual(['CM-CA2']);
      expect(findings[0].message).toContain('no Bundle of this app distributes the CA');
      expect(ids(quiet(), { trustNamespace: 'trust' }).map(([id]) => id)).toEqual(['CM-CA2']);
    });

    test('a Bundle of the next root generation carries the CA during a rotation', () => {
      const next = `---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: internal-ca-root-2
  namespace: cert-manager
spec:
  isCA: true
  commonName: internal CA G2
  secretName: internal-ca-root-2
  issuerRef:
    name: selfsigned
    kind: ClusterIssuer
`;
      const onlyNext = quiet().replace('        name: internal-ca-root\n        key: tls.crt', '        name: internal-ca-root-2\n        key: tls.crt');
      expect(ids(onlyNext + next)).toEqual([]);
      // Without the generation, a root of another series carries nothing of this CA.
      expect(ids(onlyNext.replace(/internal-ca-root-2/g, 'internal-ca-next') + next.replace(/internal-ca-root-2/g, 'internal-ca-next')))
        .toEqual([['CM-CA2', 'Certificate/app/api']]);
    });

    test('a Secret target is mounted as a Secret; a ConfigMap of the same name is not the Bundle', () => {
      const secret = quiet().replace('    configMap:\n      key: ca.crt', '    secret:\n      key: ca.crt');
      expect(ids(secret)).toEqual([]);
      const unlabelled = secret.replace(/ {2}labels:\n {4}trust\.example\.com\/internal-ca: "true"\n/, '');
      expect(ids(unlabelled)).toEqual([['CM-CA2', 'Certificate/app/api']]);
      const mountedAsSecret = unlabelled
        .replace('          configMap:\n            name: internal-ca-trust', '          secret:\n            secretName: internal-ca-trust');
      expect(ids(mountedAsSecret)).toEqual([['CM-CA2', 'Certificate/app/api'], ['CM-CA2', 'Deployment/app/client']]);
    });

    test('the trust namespace is read from the trust-manager Deployment; two that disagree are reported', () => {
      const install = (name: string, namespace: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: trust
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: trust-manager
          image: quay.io/jetstack/trust-manager:v0.24.0
          args: ["--log-level=1", "--trust-namespace=${namespace}"]
`;
      const inPki = quiet().replace(/namespace: cert-manager\n/g, 'namespace: pki\n');
      expect(ids(inPki, { clusterResourceNamespace: 'pki' }).map(([id]) => id)).toEqual(['CM-CA2']);
      expect(ids(inPki + install('trust-manager', 'pki'), { clusterResourceNamespace: 'pki' })).toEqual([]);
      const both = auditText(inPki + install('trust-manager', 'pki') + install('trust-manager-b', 'other'), { clusterResourceNamespace: 'pki' });
      expect(both.problems).toEqual([expect.objectContaining({
        message: expect.stringMatching(/^Deployment\/trust\/trust-manager-b runs trust-manager with --trust-namespace=other, but Deployment\/trust\/trust-manager with --trust-namespace=pki; pass --trust-namespace/),
      })]);
      expect(auditText(inPki + install('trust-manager', 'other'), { clusterResourceNamespace: 'pki', trustNamespace: 'pki' }).findings).toEqual([]);
    });

    test('--trust-namespace sets where Bundle sources are read', () => {
      const file = join(RULE_FIXTURES, 'CM-CA2', 'quiet.yaml');
      expect(cli(['check', file]).code).toBe(0);
      expect(cli(['check', '--trust-namespace', 'trust', file]).stdout).toContain('warning CM-CA2 Certificate/app/api');
    });
  });

  test('rule sets with per-certificate renewal rules are judged per certificate (CM-MON1)', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-MON1', 'fires.yaml'), 'utf8');
    // CertManagerAlerts gives late-renewing certificates a rule of their own, and the shared rule leaves them out.
    const perCertificate = text.replace(/( {10}expr: )(.*)\n/, '$1($2) unless on (namespace, name) (certmanager_certificate_renewal_timestamp_seconds{namespace="app",name="short"})\n');
    expect(auditText(text).findings.map((f) => f.ruleId)).toEqual(['CM-MON1']);
    expect(auditText(perCertificate).findings).toEqual([]);
  });

  test('Ingresses annotated kubernetes.io/tls-acme use the default issuer given by --default-issuer', () => {
    const text = readFileSync(join(RULE_FIXTURES, 'CM-TLS1', 'fires.yaml'), 'utf8')
      .replace('  name: web\n  namespace: app\nspec:\n  ingressClassName',
        '  name: web\n  namespace: app\n  annotations:\n    kubernetes.io/tls-acme: "true"\n    cert-manager.io/renew-before: 1500h\nspec:\n  ingressClassName');
    // Unknown issuer: the Secret is cert-manager's, so CM-TLS1 stays quiet, and the audit says what it could not judge.
    const unknown = auditText(text);
    expect(unknown.findings).toEqual([]);
    expect(unknown.notes).toContainEqual(expect.stringMatching(/^1 Ingress is annotated kubernetes.io\/tls-acme: "true".*--default-issuer ClusterIssuer\/NAME/));
    // Known: its Certificate is judged like any other (here its renewal window, from the annotation).
    const known = auditText(text, { defaultIssuer: { kind: 'ClusterIssuer', name: 'letsencrypt' } });
    expect(known.findings.map((f) => [f.ruleId, f.object])).toEqual([['CM-DUR2', 'Ingress/app/web']]);
    expect(cli(['check', '--warnings-as-errors', '--default-issuer', 'ClusterIssuer/letsencrypt', '-'], text).code).toBe(1);
    expect(cli(['check', '--warnings-as-errors', '-'], text).code).toBe(0);
    expect(cli(['check', '--default-issuer', 'letsencrypt', '-'], text).stderr).toContain('--default-issuer is "letsencrypt"; write KIND/NAME');
  });

  test('an Issuer referenced from another namespace is reported where cert-manager would look (CM-ISS1)', () => {
    const [f] = auditFiles([join(RULE_FIXTURES, 'CM-ISS1', 'fires.yaml')]).findings;
    expect(f.message).toMatch(/^Certificate "app\/api" uses Issuer "platform\/internal" from another namespace/);
  });
});
