import { renewalOverdueThreshold } from '../../private/renewal-thresholds';
import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';
import { humanSeconds } from '../../private/duration';
import { pathOf } from '../../private/errors';

/** CM-MON1: a renewal-overdue alert that can only fire after the certificate expired. */
export const ALERT_THRESHOLDS: Rule = {
  id: 'CM-MON1',
  severity: FindingSeverity.WARNING,
  summary: 'Alert thresholds that cannot fire before a certificate expires (grace period plus `for` not shorter than its renewBefore).',
  explanation: 'The renewal-overdue alert fires once a certificate is past its renewal time by the grace period and the '
    + 'alert\'s `for`. A certificate whose renewBefore is not longer than that expires before anyone is told. '
    + 'CertManagerAlerts gives such certificates a rule of their own that fires halfway through their renewal window, so '
    + 'this only finds certificates that renew so close to expiry (a minute or so) that even that rule is too late, '
    + 'or rule sets without per-certificate rules. Shorten the grace period, or renew that certificate earlier.',
  check: (ctx) => ctx.graph.alertThresholds.flatMap((a) => {
    if (!a.alertNames.includes('CertManagerCertificateRenewalOverdue')) return [];
    return ctx.graph.certificates.flatMap((c) => {
      const t = a.perCertificate
        ? renewalOverdueThreshold(c.renewBeforeSeconds, a.renewalGraceSeconds, a.renewalOverdueForSeconds)
        : { graceSeconds: a.renewalGraceSeconds, forSeconds: a.renewalOverdueForSeconds, derived: false };
      const delay = t.graceSeconds + t.forSeconds;
      if (c.renewBeforeSeconds > delay) return [];
      return [{
        scope: c.scope,
        message: `${describe(c)} renews ${humanSeconds(c.renewBeforeSeconds)} before expiry, but the alerts at ${pathOf(a.scope)} report an `
          + `overdue renewal only after ${humanSeconds(delay)} (grace period plus for${t.derived ? ', derived for this certificate' : ''}), `
          + 'when it has already expired; lower renewalGracePeriod or raise the certificate\'s renewBefore',
      }];
    });
  }),
};
