/**
 * When the renewal-overdue alert fires for one certificate, shared by {@link CertManagerAlerts}
 * (which emits the rules) and check CM-MON1 (which reports certificates no rule can cover).
 *
 * The generic rule fires `grace + for` after a certificate's renewal time, whatever its
 * `renewBefore`. For a certificate that renews late in its life (short-lived certificates,
 * a small `renewBefore`), that can be in the last moments before expiry, or after it. Such a
 * certificate gets a threshold of its own that fires at the latest halfway through its renewal
 * window, leaving the other half to fix the issuer:
 *
 * - budget = renewBefore / 2: the alert must have fired by then;
 * - the generic threshold is kept while `grace + for` fits the budget;
 * - otherwise `for` = min(the alert's `for`, budget / 2) and grace = budget - `for`, at least
 *   one minute (Prometheus evaluates rules about once a minute, so a shorter grace means nothing).
 *   With the default 15-minute `for` this is a quarter of renewBefore each, e.g. a certificate
 *   renewed 1 hour before expiry is reported 15 + 15 minutes after its missed renewal.
 *
 * The switch is continuous: at renewBefore = 2 × (grace + for) both give the same delay.
 */
export interface RenewalOverdueThreshold {
  /** Time past the renewal time before the condition holds, in seconds. */
  readonly graceSeconds: number;
  /** The rule's `for`, in seconds. */
  readonly forSeconds: number;
  /** Whether the certificate needs a rule of its own (the generic threshold does not fit). */
  readonly derived: boolean;
}

/** Prometheus evaluates rules about once a minute: a shorter grace period cannot be told apart. */
export const MIN_DERIVED_GRACE_SECONDS = 60;

/** The renewal-overdue threshold for a certificate renewed `renewBeforeSeconds` before expiry. */
export function renewalOverdueThreshold(renewBeforeSeconds: number, graceSeconds: number, forSeconds: number): RenewalOverdueThreshold {
  const budget = Math.floor(renewBeforeSeconds / 2);
  if (graceSeconds + forSeconds <= budget) return { graceSeconds, forSeconds, derived: false };
  const derivedFor = Math.min(forSeconds, Math.floor(budget / 2));
  return {
    graceSeconds: Math.max(MIN_DERIVED_GRACE_SECONDS, budget - derivedFor),
    forSeconds: derivedFor,
    derived: true,
  };
}
