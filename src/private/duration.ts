import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from './errors';

/**
 * Renders a Duration as the Go duration string cert-manager expects, with the zero parts left
 * out: `87600h`, `720h`, `1h30m`, `45s`, `0s`.
 *
 * cert-manager durations are whole seconds in practice; a value with a fractional second is a
 * mistake (usually `Duration.millis` instead of `Duration.seconds`), so it is rejected.
 */
export function goDuration(scope: IConstruct, prop: string, duration: Duration): string {
  const millis = duration.toMilliseconds({ integral: false });
  if (!Number.isInteger(millis) || millis % 1000 !== 0) {
    fail(scope, `${prop} is ${duration.toHumanString()}, which is not a whole number of seconds; `
      + 'use a whole number of seconds, for example Duration.seconds(90)');
  }
  if (millis < 0) {
    fail(scope, `${prop} is ${duration.toHumanString()}, which is negative; use a positive duration`);
  }
  let seconds = millis / 1000;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts = [hours ? `${hours}h` : '', minutes ? `${minutes}m` : '', seconds ? `${seconds}s` : ''].join('');
  return parts === '' ? '0s' : parts;
}

/** {@link goDuration} of a duration that must be more than zero (an interval, a timeout). */
export function positiveGoDuration(scope: IConstruct, prop: string, duration: Duration): string {
  const text = goDuration(scope, prop, duration);
  if (text === '0s') fail(scope, `${prop} is 0 seconds; use a positive duration, for example Duration.minutes(10)`);
  return text;
}

/**
 * Seconds in words, as the largest unit that divides them: `14 days`, `1 hour`, `90 minutes`,
 * `1 second`. For alert annotations and messages.
 */
export function humanSeconds(seconds: number): string {
  const units: Array<[number, string]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}
