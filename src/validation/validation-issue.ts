/**
 * What the validation of a cert-manager object found: one problem, at one field, with the fix.
 * Shared by the constructs (which report it at the prop the user set) and by anything that reads
 * plain manifests.
 */
export interface ValidationIssue {
  /**
   * The rule: the id of the cert-manager webhook rule (`WH-CERT-02`, listed in
   * docs/webhook-validation.md), or `CM-V…` for the library's own rules beyond the webhook.
   */
  readonly rule: string;
  /** The field, from the object's root: `spec.dnsNames[2]`, `spec.acme.solvers[0].dns01`. */
  readonly path: string;
  /** The offending value as written; undefined when a required field is missing. */
  readonly value: unknown;
  /** What is wrong, naming the value; no path, no fix. */
  readonly message: string;
  /** What to do about it, as an instruction. */
  readonly fix: string;
  /** `error`: cert-manager refuses the object; `warning`: it is accepted, but not as the user meant. */
  readonly severity: 'error' | 'warning';
}

/** Options of the validation functions. */
export interface ValidationOptions {
  /**
   * cert-manager feature gates, as set on the webhook and controller. Unset gates have their
   * v1.21 defaults: LiteralCertificateSubject on, NameConstraints and OtherNames off.
   */
  readonly featureGates?: Readonly<Record<string, boolean>>;
}

/** v1.21 defaults of the webhook's feature gates. */
export const DEFAULT_FEATURE_GATES: Readonly<Record<string, boolean>> = {
  LiteralCertificateSubject: true,
  NameConstraints: false,
  OtherNames: false,
};

/** Whether `gate` is on, with the v1.21 default when the options leave it unset. */
export function gateOn(options: ValidationOptions | undefined, gate: string): boolean {
  return options?.featureGates?.[gate] ?? DEFAULT_FEATURE_GATES[gate] ?? false;
}

/** Collects issues while walking a spec. */
export class IssueList {
  public readonly issues: ValidationIssue[] = [];

  public error(rule: string, path: string, value: unknown, message: string, fix: string): void {
    this.issues.push({ rule, path, value, message, fix, severity: 'error' });
  }

  public warning(rule: string, path: string, value: unknown, message: string, fix: string): void {
    this.issues.push({ rule, path, value, message, fix, severity: 'warning' });
  }
}

/** A value as it reads in a message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  return JSON.stringify(value);
}

/** `value` when it is a plain object, else undefined. */
export function obj(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : undefined;
}

/** `value` when it is an array, else an empty one. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** Whether a string field is set to something other than `""`. */
export function set(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}
