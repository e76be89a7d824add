/**
 * `npx projen package` ends here: installs the npm tarball just built into an empty folder, as a
 * user would, and runs the `cdk8s-cert-manager` command from it over a few manifests. Proves the
 * bin entry, the compiled code and the bundled YAML parser ship in the package.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist', 'js');
const FIXTURES = join(ROOT, 'test', 'audit', 'fixtures');

function newestTarball(): string {
  const tarballs = readdirSync(DIST).filter((f) => /^cdk8s-cert-manager.*\.tgz$/.test(f)).map((f) => join(DIST, f));
  if (tarballs.length === 0) throw new Error(`no cdk8s-cert-manager*.tgz in ${DIST}; run npx projen package:js first`);
  return tarballs.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

function sh(cwd: string, cmd: string, args: string[], input?: string) {
  const res = spawnSync(cmd, args, { cwd, input, encoding: 'utf8' });
  return { code: res.status ?? -1, stdout: res.stdout ?? '', stderr: res.stderr ?? '' };
}

const checks: Array<[string, (dir: string) => string | undefined]> = [
  ['a finding exits 1 and names rule, object and line', (dir) => {
    const r = sh(dir, 'npx', ['--no-install', 'cdk8s-cert-manager', 'check', 'fires.yaml']);
    return r.code === 1 && /^error CM-ACME1 Certificate\/app\/wild \(fires\.yaml:\d+\)/m.test(r.stdout) ? undefined : `exit ${r.code}\n${r.stdout}${r.stderr}`;
  }],
  ['no finding exits 0', (dir) => {
    const r = sh(dir, 'npx', ['--no-install', 'cdk8s-cert-manager', 'check', 'quiet.yaml']);
    return r.code === 0 ? undefined : `exit ${r.code}\n${r.stdout}${r.stderr}`;
  }],
  ['a kubectl List on stdin, as SARIF', (dir) => {
    const r = sh(dir, 'npx', ['--no-install', 'cdk8s-cert-manager', 'check', '--format', 'sarif', '-'], readFileSync(join(FIXTURES, 'kubectl-list.yaml'), 'utf8'));
    try {
      const sarif = JSON.parse(r.stdout);
      return r.code === 1 && sarif.version === '2.1.0' && sarif.runs[0].results[0].ruleId === 'CM-REL1' ? undefined : `exit ${r.code}\n${r.stdout}`;
    } catch (e) {
      return `not JSON (${e}): ${r.stdout}${r.stderr}`;
    }
  }],
  ['a missing file exits 2 with a message and no stack trace', (dir) => {
    const r = sh(dir, 'npx', ['--no-install', 'cdk8s-cert-manager', 'check', 'nope.yaml']);
    return r.code === 2 && r.stderr === 'error: nope.yaml: does not exist\n' ? undefined : `exit ${r.code}\n${r.stdout}${r.stderr}`;
  }],
];

function main(): void {
  const tarball = newestTarball();
  const dir = mkdtempSync(join(tmpdir(), 'packed-cli-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'packed-cli-check', version: '0.0.0', private: true }));
    const install = sh(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball]);
    if (install.code !== 0) throw new Error(`npm install ${tarball} failed:\n${install.stdout}${install.stderr}`);
    copyFileSync(join(FIXTURES, 'rules', 'CM-ACME1', 'fires.yaml'), join(dir, 'fires.yaml'));
    copyFileSync(join(FIXTURES, 'rules', 'CM-ACME1', 'quiet.yaml'), join(dir, 'quiet.yaml'));
    const failed = checks.flatMap(([name, check]) => {
      const problem = check(dir);
      console.log(`${problem === undefined ? 'ok  ' : 'FAIL'} packed cdk8s-cert-manager: ${name}`);
      return problem === undefined ? [] : [`${name}: ${problem}`];
    });
    if (failed.length > 0) throw new Error(`the packed command failed:\n${failed.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (e: any) {
  console.error(e.message);
  process.exit(1);
}
