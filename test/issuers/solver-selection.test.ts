import { AcmeChallengeType, AcmeSolverDescription } from '../../src';
import { selectSolver } from '../../src/issuers/private/solver-selection';

let next = 0;
interface Selector { dnsNames?: string[]; dnsZones?: string[]; matchLabels?: Record<string, string> }
function solver(type: AcmeChallengeType, selector: Selector = {}): AcmeSolverDescription {
  const { dnsNames = [], dnsZones = [], matchLabels = {} } = selector;
  return {
    index: next++,
    challengeType: type,
    provider: type === AcmeChallengeType.DNS01 ? 'route53' : 'ingress',
    hasSelector: dnsNames.length + dnsZones.length + Object.keys(matchLabels).length > 0,
    dnsNames,
    dnsZones,
    matchLabels,
    ambientCredentials: false,
  };
}
const { HTTP01, DNS01 } = AcmeChallengeType;

describe('selectSolver (cert-manager solver picker)', () => {
  test('a solver without a selector matches every name', () => {
    const all = solver(HTTP01);
    expect(selectSolver([all], 'www.example.com')).toBe(all);
  });

  test('no solvers, no match', () => {
    expect(selectSolver([], 'www.example.com')).toBeUndefined();
  });

  test('a dnsNames match beats a dnsZones match, whatever the order', () => {
    const zone = solver(DNS01, { dnsZones: ['example.com'] });
    const name = solver(HTTP01, { dnsNames: ['www.example.com'] });
    expect(selectSolver([zone, name], 'www.example.com')).toBe(name);
    expect(selectSolver([name, zone], 'www.example.com')).toBe(name);
    expect(selectSolver([name, zone], 'api.example.com')).toBe(zone);
  });

  test('the longest matching zone wins', () => {
    const short = solver(DNS01, { dnsZones: ['example.com'] });
    const long = solver(DNS01, { dnsZones: ['eu.example.com'] });
    expect(selectSolver([short, long], 'app.eu.example.com')).toBe(long);
    expect(selectSolver([long, short], 'app.us.example.com')).toBe(short);
  });

  test('a zone matches itself and names below it, not names that merely end the same', () => {
    const zone = solver(DNS01, { dnsZones: ['example.com'] });
    expect(selectSolver([zone], 'example.com')).toBe(zone);
    expect(selectSolver([zone], 'A.Example.COM')).toBe(zone);
    expect(selectSolver([zone], 'badexample.com')).toBeUndefined();
  });

  test('a matching selector beats a solver without one, in either order', () => {
    const all = solver(HTTP01);
    const zone = solver(DNS01, { dnsZones: ['example.com'] });
    expect(selectSolver([all, zone], 'www.example.com')).toBe(zone);
    expect(selectSolver([zone, all], 'www.example.com')).toBe(zone);
    expect(selectSolver([zone, all], 'www.other.org')).toBe(all);
  });

  test('matchLabels must all match, and more matching labels win a tie', () => {
    const one = solver(DNS01, { dnsZones: ['example.com'], matchLabels: { team: 'a' } });
    const two = solver(DNS01, { dnsZones: ['example.com'], matchLabels: { team: 'a', env: 'prod' } });
    expect(selectSolver([one, two], 'x.example.com', { team: 'a', env: 'prod' })).toBe(two);
    expect(selectSolver([one, two], 'x.example.com', { team: 'a' })).toBe(one);
    expect(selectSolver([one, two], 'x.example.com')).toBeUndefined();
  });

  test('on a tie the earlier solver wins', () => {
    const first = solver(DNS01, { dnsZones: ['example.com'] });
    const second = solver(HTTP01, { dnsZones: ['example.com'] });
    expect(selectSolver([first, second], 'www.example.com')).toBe(first);
  });

  test('wildcards skip HTTP-01 solvers, and dnsNames match the wildcard literally', () => {
    const http = solver(HTTP01);
    const dns = solver(DNS01, { dnsZones: ['example.com'] });
    expect(selectSolver([http, dns], '*.example.com')).toBe(dns);
    expect(selectSolver([http], '*.example.com')).toBeUndefined();
    const exact = solver(DNS01, { dnsNames: ['*.example.com'] });
    expect(selectSolver([dns, exact], '*.example.com')).toBe(exact);
  });
});
