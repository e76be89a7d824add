/**
 * `npx projen examples:synth`: runs `cdk8s synth` in every folder of examples/ that has a
 * cdk8s.yaml, writing its manifests to examples/<name>/dist/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function exampleDirs(root = 'examples'): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'cdk8s.yaml')))
    .map((d) => join(root, d.name))
    .sort();
}

if (require.main === module) {
  for (const dir of exampleDirs()) {
    execFileSync('cdk8s', ['synth', '--no-check-upgrade'], { cwd: dir, stdio: 'inherit' });
  }
}
