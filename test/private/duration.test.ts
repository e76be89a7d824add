import { Duration, Testing } from 'cdk8s';
import { goDuration } from '../../src/private/duration';

describe('goDuration', () => {
  const scope = Testing.chart();

  test.each([
    [Duration.days(3650), '87600h'],
    [Duration.days(30), '720h'],
    [Duration.minutes(90), '1h30m'],
    [Duration.seconds(45), '45s'],
    [Duration.seconds(3661), '1h1m1s'],
    [Duration.hours(2), '2h'],
    [Duration.seconds(0), '0s'],
    [Duration.millis(5000), '5s'],
  ])('renders %s as %s', (duration, expected) => {
    expect(goDuration(scope, 'duration', duration)).toBe(expected);
  });

  test('fails when the duration is not a whole number of seconds', () => {
    expect(() => goDuration(scope, 'renewBefore', Duration.millis(1500)))
      .toThrow(/^\[test\] renewBefore is .* not a whole number of seconds; use a whole number of seconds/);
  });
});
