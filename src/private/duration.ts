import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * A Duration as a Go duration string, the way cert-manager and Kubernetes write them:
 * `2160h`, `1h30m`, `45s`. Whole seconds only; zero is `0s`.
 */
export function goDuration(scope: IConstruct, prop: string, duration: Duration): string {
  const ms = duration.toMilliseconds();
  if (!Number.isInteger(ms / 1000) || ms < 0) {
    fail(scope, `${prop} ${duration.toHumanString()} is not a whole, non-negative number of seconds; `
      + 'cert-manager durations are written in whole seconds (e.g. Duration.hours(2160))');
  }
  let seconds = ms / 1000;
  if (seconds === 0) return '0s';
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
}
