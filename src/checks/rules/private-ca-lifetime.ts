import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { humanSeconds } from '../../private/duration';
import { pathOf } from '../../private/errors';

/** CM-CA1: a leaf that can outlive its private CA. */
export const PRIVATE_CA_LIFETIME: Rule = {
  id: 'CM-CA1',
  severity: FindingSeverity.ERROR,
  summary: 'A certificate from a private CA whose remaining lifetime does not cover the certificate\'s duration.',
  explanation: 'A CA certificate is renewed when `renewBefore` of its lifetime is left, so it may sign with only that much '
    + 'time remaining. A leaf whose duration is longer would outlive the CA that signed it: cert-manager cuts the leaf '
    + 'short to the CA\'s expiry, and the leaf then renews almost constantly until the CA is renewed. Keep the CA\'s '
    + 'renewBefore longer than every leaf\'s duration (PrivateCa defaults: ten years, renewed with one year left).',
  check: (ctx) => ctx.graph.privateCas.flatMap((ca) => {
    const floor = ca.certificate.renewBeforeSeconds;
    return ctx.graph.certificatesSignedBy(ca)
      .filter((c) => c.durationSeconds > floor)
      .map((c) => ({
        scope: c.scope,
        message: `${describe(c)} lasts ${humanSeconds(c.durationSeconds)} but private CA "${ca.issuer.issuerName}" (${pathOf(ca.scope)}) `
          + `may sign with only ${humanSeconds(floor)} left (its renewBefore), so the certificate can outlive its CA; shorten the `
          + 'certificate\'s duration or raise the CA\'s renewBefore (and duration)',
      }));
  }),
};
