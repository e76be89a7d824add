import { IConstruct } from 'constructs';

/**
 * Prints a warning that does not block synthesis, naming the construct path. Printed once per
 * construct and message, on stderr, so it shows in `cdk8s synth` output and CI logs without
 * mixing into manifests written to stdout.
 */
const printed = new Set<string>();

export function warn(scope: IConstruct, message: string): void {
  const line = `[WARNING] [${scope.node.path}] ${message}`;
  if (printed.has(line)) return;
  printed.add(line);
  process.stderr.write(`${line}\n`);
}
