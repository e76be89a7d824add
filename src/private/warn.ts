import { IConstruct } from 'constructs';
import { pathOf } from './errors';

/**
 * Prints a warning that does not block synthesis, naming the construct path. Written to stderr,
 * so it shows in `cdk8s synth` output and CI logs without mixing into manifests on stdout.
 */
export function warn(scope: IConstruct, message: string): void {
  print(`[WARNING] [${pathOf(scope)}] ${message}`);
}

/** Prints one line of the library's output (warnings, check findings) to stderr. */
export function print(line: string): void {
  process.stderr.write(`${line}\n`);
}
