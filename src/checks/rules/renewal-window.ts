import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { humanSeconds } from '../../private/duration';

/** CM-DUR1: durations cert-manager's webhook refuses. */
export const RENEWAL_WINDOW_INVALID: Rule = {
  id: 'CM-DUR1',
  severity: FindingSeverity.ERROR,
  summary: 'A duration under 1 hour, a renewBefore under 5 minutes, or a renewBefore not shorter than the duration.',
  explanation: 'cert-manager\'s webhook refuses these Certificates, so the apply fails. The Certificate construct refuses them '
    + 'when created; the rule also covers certificates made from ingress and gateway annotations.',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    const problems: string[] = [];
    if (c.durationSeconds < 3600) problems.push(`duration ${humanSeconds(c.durationSeconds)} is under cert-manager's minimum of 1 hour`);
    if (c.renewBeforeSeconds < 300) problems.push(`renewBefore ${humanSeconds(c.renewBeforeSeconds)} is under the minimum of 5 minutes`);
    if (c.renewBeforeSeconds >= c.durationSeconds) {
      problems.push(`renewBefore ${humanSeconds(c.renewBeforeSeconds)} is not shorter than duration ${humanSeconds(c.durationSeconds)}`);
    }
    return problems.map((p) => ({ scope: c.scope, message: `${describe(c)}: ${p}; cert-manager's webhook refuses it; fix the durations` }));
  }),
};

/** CM-DUR2: a renewal window of two thirds of the lifetime or more. */
export const RENEWAL_WINDOW_CHURN: Rule = {
  id: 'CM-DUR2',
  severity: FindingSeverity.WARNING,
  summary: 'A renewBefore of two thirds of the duration or more.',
  explanation: 'The certificate is renewed after a third of its lifetime or less: many times more issuances than needed, '
    + 'which spends ACME rate limits and CA capacity and multiplies rollouts through Reloader. cert-manager\'s default '
    + 'renews with a third of the lifetime left.',
  check: (ctx) => ctx.graph.certificates
    .filter((c) => c.renewBeforeSeconds < c.durationSeconds && c.renewBeforeSeconds * 3 >= c.durationSeconds * 2)
    .map((c) => ({
      scope: c.scope,
      message: `${describe(c)} renews ${humanSeconds(c.renewBeforeSeconds)} before expiry, two thirds or more of its duration `
        + `${humanSeconds(c.durationSeconds)}, so it is re-issued after a third of its life or less; use about a third of the duration`,
    })),
};
