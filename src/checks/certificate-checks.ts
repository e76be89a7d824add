import { IConstruct } from 'constructs';
import { annotateBelow } from './check-annotation-writer';
import { Finding, FindingSeverity, RuleInfo } from './finding';
import { Inventory } from './inventory';
import { Rule, RuleContext } from './rule';
import { RULES } from './rules/all-rules';
import { CertificateGraph, ScopeMark } from '../graph/certificate-graph';
import { ENVIRONMENT_ANNOTATION, PRIVATE_NETWORK_ANNOTATION, suppressionAnnotation } from '../private/check-annotations';
import { fail } from '../private/errors';
import { SynthesisCache } from '../private/synthesis-cache';

/** The stage of delivery a part of the app deploys to. */
export enum DeploymentEnvironment {
  /** Serves real users: staging ACME certificates are an error here. */
  PRODUCTION = 'production',
  /** A pre-production copy: production ACME certificates only burn rate limits here. */
  STAGING = 'staging',
  /** Tests: as for staging. */
  TEST = 'test',
}

/** Options of {@link CertificateChecks.enable} and {@link CertificateChecks.run}. */
export interface CertificateChecksOptions {
  /**
   * Rule ids not to run at all. Prefer a suppression with a reason on the construct concerned.
   *
   * @default - every rule runs
   */
  readonly disabledRules?: string[];

  /**
   * Make warnings block synthesis too.
   *
   * @default false
   */
  readonly warningsAsErrors?: boolean;
}

const MIN_REASON = 10;
const suppressions = new WeakMap<IConstruct, Map<string, string>>();
const enabled = new WeakSet<IConstruct>();

/**
 * The synth-time check pack: rules over the app's issuers, certificates, the workloads, Ingresses
 * and Gateways that use them, and the alerts that watch them. Errors block `cdk8s synth`;
 * warnings are printed. Every rule is listed with its reasoning in RULES.md.
 *
 * @example
 * const app = new App();
 * CertificateChecks.enable(app);
 * // ... charts ...
 * CertificateChecks.suppress(legacyChart, 'CM-REL1', 'legacy app restarts nightly; tracked in OPS-123');
 * app.synth();
 */
export class CertificateChecks {
  /** Metadata of every rule of the pack, in RULES.md order. */
  public static get rules(): RuleInfo[] {
    return RULES.map((r) => ({ id: r.id, severity: r.severity, summary: r.summary, explanation: r.explanation }));
  }

  /**
   * Runs the pack when the app synthesizes, over `scope` and everything below it (an App or a
   * Chart). Error findings fail synthesis with one line per finding; warnings and suppressed
   * findings are printed to stderr. Enabling twice on one scope has no further effect.
   */
  public static enable(scope: IConstruct, options: CertificateChecksOptions = {}): void {
    checkRuleIds(scope, 'disabledRules', options.disabledRules ?? []);
    if (enabled.has(scope)) return;
    enabled.add(scope);
    // cdk8s validates the whole app once per synthesis and again for every chart it writes, so
    // the findings of one synthesis are computed and printed once (see SynthesisCache). The cache
    // is registered first, so on the root its size check runs before this validation.
    const cache = SynthesisCache.of(scope);
    const key = {};
    scope.node.addValidation({
      validate: () => cache.get(key, () => report(CertificateChecks.run(scope, options), options)),
    });
  }

  /**
   * Runs the pack now over `scope` and returns every finding, suppressed ones included (with
   * their reason), without printing or throwing. For tests and custom reporting.
   */
  public static run(scope: IConstruct, options: CertificateChecksOptions = {}): Finding[] {
    const disabled = new Set(options.disabledRules ?? []);
    checkRuleIds(scope, 'disabledRules', [...disabled]);
    const ctx: RuleContext = {
      graph: CertificateGraph.of(scope),
      inventory: new Inventory(scope),
      inScope: (c) => c.node.scopes.includes(scope),
    };
    const findings: Finding[] = [];
    for (const rule of RULES) {
      if (disabled.has(rule.id)) continue;
      for (const f of rule.check(ctx)) {
        if (!ctx.inScope(f.scope)) continue;
        const suppression = suppressionFor(f.scope, rule.id);
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          path: f.scope.node.path,
          message: f.message,
          suppressedReason: suppression?.reason,
          suppressedAt: suppression?.at,
        });
      }
    }
    return findings;
  }

  /**
   * Suppresses one rule for `scope` and everything below it. The reason is printed with every
   * finding it suppresses, so reviewers can audit it.
   *
   * @param ruleId the rule to suppress, e.g. `CM-REL1`
   * @param reason why the finding does not apply here (at least 10 characters)
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    checkRuleIds(scope, 'ruleId', [ruleId]);
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON) {
      fail(scope, `the suppression of ${ruleId} has reason "${reason ?? ''}"; give a reason of at least ${MIN_REASON} characters `
        + 'that tells a reviewer why the rule does not apply here');
    }
    let map = suppressions.get(scope);
    if (!map) {
      map = new Map();
      suppressions.set(scope, map);
    }
    map.set(ruleId, reason.trim());
    annotateBelow(scope, suppressionAnnotation(ruleId), reason.trim());
  }

  /**
   * Marks `scope` and everything below it as deploying to `environment`, for the rules that
   * compare ACME servers with the environment (CM-ENV1, CM-ENV2).
   */
  public static markEnvironment(scope: IConstruct, environment: DeploymentEnvironment): void {
    const mark = { production: ScopeMark.PRODUCTION, staging: ScopeMark.STAGING, test: ScopeMark.TEST }[environment];
    if (!mark) fail(scope, `environment "${environment}" is not a DeploymentEnvironment; use DeploymentEnvironment.PRODUCTION, STAGING or TEST`);
    CertificateGraph.of(scope).mark(scope, mark);
    annotateBelow(scope, ENVIRONMENT_ANNOTATION, environment);
  }

  /**
   * Marks `scope` and everything below it as unreachable from the internet, so ACME HTTP-01
   * challenges cannot succeed there (CM-NET1).
   */
  public static markPrivateNetwork(scope: IConstruct): void {
    CertificateGraph.of(scope).mark(scope, ScopeMark.PRIVATE_NETWORK);
    annotateBelow(scope, PRIVATE_NETWORK_ANNOTATION, 'true');
  }

  private constructor() {}
}

/** Prints warnings and suppressed findings; returns the findings that block synthesis. */
function report(findings: Finding[], options: CertificateChecksOptions): string[] {
  const errors: string[] = [];
  for (const f of findings) {
    const line = `[${f.ruleId}] [${f.path}] ${f.message}`;
    if (f.suppressedReason !== undefined) {
      process.stderr.write(`[SUPPRESSED] ${line} (suppressed at ${f.suppressedAt}: ${f.suppressedReason})\n`);
    } else if (f.severity === FindingSeverity.ERROR || options.warningsAsErrors) {
      errors.push(line);
    } else {
      process.stderr.write(`[WARNING] ${line}\n`);
    }
  }
  return errors;
}

function checkRuleIds(scope: IConstruct, prop: string, ids: string[]): void {
  const known = new Set(RULES.map((r: Rule) => r.id));
  for (const id of ids) {
    if (!known.has(id)) {
      fail(scope, `${prop} names rule "${id}", which is not a rule of the pack; known rules: ${[...known].join(', ')}`);
    }
  }
}

function suppressionFor(scope: IConstruct, ruleId: string): { reason: string; at: string } | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = suppressions.get(scopes[i])?.get(ruleId);
    if (reason !== undefined) return { reason, at: scopes[i].node.path || '(app)' };
  }
  return undefined;
}
