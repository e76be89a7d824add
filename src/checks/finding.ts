/** How a finding of a check affects synthesis. */
export enum FindingSeverity {
  /** Blocks synthesis. */
  ERROR = 'error',
  /** Printed; synthesis goes on. */
  WARNING = 'warning',
}

/** One problem a check found in the app. */
export interface Finding {
  /** Stable id of the rule, e.g. `CM-ACME1`. */
  readonly ruleId: string;

  /** Severity of the rule. */
  readonly severity: FindingSeverity;

  /**
   * Path of the construct the finding is about (for a workload or Ingress made with cdk8s-plus,
   * the construct the user created); `(app root)` for the root.
   */
  readonly path: string;

  /** What is wrong, with the offending value and the fix. */
  readonly message: string;

  /**
   * The reason given when the finding was suppressed.
   *
   * @default - not suppressed
   */
  readonly suppressedReason?: string;

  /**
   * Path of the construct the suppression was recorded on.
   *
   * @default - not suppressed
   */
  readonly suppressedAt?: string;
}

/** Metadata of one rule of the check pack, as RULES.md lists it. */
export interface RuleInfo {
  /** Stable id, e.g. `CM-ACME1`. */
  readonly id: string;

  /** Severity of its findings. */
  readonly severity: FindingSeverity;

  /** One line: what the rule catches. */
  readonly summary: string;

  /** Why it matters and how to fix it. */
  readonly explanation: string;
}
