import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { annotateBelow } from './check-annotation-writer';
import { Finding, FindingSeverity, RuleInfo } from './finding';
import { Inventory } from './inventory';
import { Rule, RuleContext } from './rule';
import { RULES } from './rules/all-rules';
import { CertificateGraph, onGraphCreated, ScopeMark } from '../graph/certificate-graph';
import { CHECKS_DISABLED_ANNOTATION, ENVIRONMENT_ANNOTATION, PRIVATE_NETWORK_ANNOTATION, suppressionAnnotation } from '../private/check-annotations';
import { fail, failValidation, pathOf } from '../private/errors';
import { RenderPhase } from '../private/render-phase';
import { SynthesisCache } from '../private/synthesis-cache';
import { print } from '../private/warn';

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

/** An explicit `enable` or `disable` on a scope; the nearest one to a construct decides. */
interface Control {
  readonly enabled: boolean;
  readonly options: CertificateChecksOptions;
  readonly reason?: string;
}
const controls = new WeakMap<IConstruct, Control>();
/** Scopes whose validation is attached. */
const attached = new WeakSet<IConstruct>();

// On by default: the first construct of this library in an app creates the app's graph, and the
// pack attaches itself to the app's root then.
onGraphCreated((root) => attach(root));

/**
 * The synth-time check pack: rules over the app's issuers, certificates, the workloads, Ingresses
 * and Gateways that use them, and the alerts that watch them. Errors block `cdk8s synth`;
 * warnings are printed. Every rule is listed with its reasoning in RULES.md.
 *
 * The pack is on for every app that contains a construct of this library: the first one turns it
 * on. Turn it off for an app or a chart with `disable`, giving a reason; every synthesis then
 * prints that the checks are off.
 *
 * @example
 * const app = new App();
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
   * Chart), with these options. The pack is already on for every app that contains a construct
   * of this library; call this to pass options, or to turn it back on for a part of an app that
   * `disable` turned off (the nearest `enable` or `disable` to a construct decides). Error
   * findings fail synthesis with one line per finding; warnings and suppressed findings are
   * printed to stderr. Enabling twice on one scope has no further effect.
   */
  public static enable(scope: IConstruct, options: CertificateChecksOptions = {}): void {
    checkRuleIds(scope, 'disabledRules', options.disabledRules ?? []);
    const control = controls.get(scope);
    if (control && !control.enabled) {
      fail(scope, `CertificateChecks.enable is called on a scope that CertificateChecks.disable turned off ("${control.reason}"); `
        + 'remove one of the two calls');
    }
    if (control) return;
    controls.set(scope, { enabled: true, options });
    attach(scope);
  }

  /**
   * Turns the pack off for `scope` and everything below it, except parts where `enable` is called
   * again. Every synthesis prints that the checks are off, with the reason, so the opt-out stays
   * visible. Prefer `suppress` for a single finding.
   *
   * @param reason why this part of the app is not checked (at least 10 characters)
   */
  public static disable(scope: IConstruct, reason: string): void {
    checkReason(scope, 'CertificateChecks.disable', reason);
    const control = controls.get(scope);
    if (control?.enabled) {
      fail(scope, 'CertificateChecks.disable is called on a scope that CertificateChecks.enable turned on; remove one of the two calls');
    }
    controls.set(scope, { enabled: false, options: {}, reason: reason.trim() });
    attach(scope);
    annotateBelow(scope, CHECKS_DISABLED_ANNOTATION, reason.trim());
  }

  /**
   * Runs the pack now over `scope` and returns every finding, suppressed ones included (with
   * their reason), without printing or throwing. For tests and custom reporting.
   */
  public static run(scope: IConstruct, options: CertificateChecksOptions = {}): Finding[] {
    return collect(scope, options).map((f) => f.finding);
  }

  /**
   * Suppresses one rule for `scope` and everything below it. The reason is printed with every
   * finding it suppresses, so reviewers can audit it.
   *
   * Every object below `scope` also carries it in the synthesized manifests, as the annotation
   * `checks.cdk8s-cert-manager.io/suppress-<ruleId>: <reason>` (for an issuer referenced by name,
   * the objects that use it), so `cdk8s-cert-manager check` over the output agrees.
   *
   * @param ruleId the rule to suppress, e.g. `CM-REL1`
   * @param reason why the finding does not apply here (at least 10 characters)
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    checkRuleIds(scope, 'ruleId', [ruleId]);
    checkReason(scope, `the suppression of ${ruleId}`, reason);
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
   * compare ACME servers with the environment (CM-ENV1, CM-ENV2). The mark is written on every object
   * below `scope` as the annotation `checks.cdk8s-cert-manager.io/environment`. Marks nest: the nearest one to
   * a construct wins, so a chart marked staging inside an app marked production is staging. A
   * construct carries one environment; marking it with a second one fails.
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

  /**
   * Marks `scope` and everything below it as reachable from the internet, overriding a
   * `markPrivateNetwork` on an ancestor (the nearest network mark wins).
   */
  public static markPublicNetwork(scope: IConstruct): void {
    CertificateGraph.of(scope).mark(scope, ScopeMark.PUBLIC_NETWORK);
    annotateBelow(scope, PRIVATE_NETWORK_ANNOTATION, 'false');
  }

  private constructor() {}
}

/** A finding with the construct it is about. */
interface Located {
  readonly finding: Finding;
  readonly scope: IConstruct;
}

/** Every finding over `scope`, suppressed ones included. */
function collect(scope: IConstruct, options: CertificateChecksOptions, render?: (o: ApiObject) => any): Located[] {
  const disabled = new Set(options.disabledRules ?? []);
  checkRuleIds(scope, 'disabledRules', [...disabled]);
  const ctx: RuleContext = {
    graph: CertificateGraph.of(scope),
    inventory: new Inventory(scope, render),
    inScope: (c) => c.node.scopes.includes(scope),
  };
  const found: Located[] = [];
  for (const rule of RULES) {
    if (disabled.has(rule.id)) continue;
    for (const f of rule.check(ctx)) {
      if (!ctx.inScope(f.scope)) continue;
      const suppression = suppressionFor(f.scope, rule.id);
      found.push({
        scope: f.scope,
        finding: {
          ruleId: rule.id,
          severity: rule.severity,
          path: pathOf(f.scope),
          message: f.message,
          suppressedReason: suppression?.reason,
          suppressedAt: suppression?.at,
        },
      });
    }
  }
  return found;
}

/**
 * Attaches the pack's validation to `scope` once. Each attached scope reports the findings it
 * owns: those whose nearest `enable` or `disable` is on it (the root also owns findings with none).
 */
function attach(scope: IConstruct): void {
  if (attached.has(scope)) return;
  attached.add(scope);
  // cdk8s validates the whole app once per synthesis and again for every chart it writes, so
  // the findings of one synthesis are computed and printed once (see SynthesisCache). The cache
  // is registered first, so on the root its size check runs before this validation.
  const cache = SynthesisCache.of(scope);
  const key = {};
  scope.node.addValidation({
    validate: () => {
      // With an app that renders each object once, the rules read those renders after it rendered.
      const phase = RenderPhase.deferring(scope);
      if (phase) {
        phase.defer(() => check(scope, (o) => phase.render(o)));
        return [];
      }
      const errors = cache.get(key, () => check(scope));
      if (nested) {
        if (nested.owner !== scope) nested.lines.push(...errors);
        return [];
      }
      // Thrown rather than returned: cdk8s prefixes returned errors with the path of the scope
      // validated (empty for an app), while each line here names its own construct. The errors
      // of the app's other validations are thrown with them, as cdk8s would have reported them.
      if (errors.length > 0) {
        const others = otherErrors(scope);
        failValidation([...others.constructs, ...errors, ...others.checks]);
      }
      return [];
    },
  });
}

/** Set while `otherErrors` runs: the pack's other validations hand their lines over here. */
let nested: { owner: IConstruct; lines: string[] } | undefined;

/**
 * The errors of every other validation in the app of `scope`: those of other constructs, as cdk8s
 * lists them, and the pack's own lines for other enabled scopes.
 */
function otherErrors(scope: IConstruct): { constructs: string[]; checks: string[] } {
  nested = { owner: scope, lines: [] };
  try {
    const constructs = scope.node.root.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${pathOf(c)}] ${e}`));
    return { constructs, checks: nested.lines };
  } finally {
    nested = undefined;
  }
}

/** Runs the pack for an attached scope: prints warnings and the opt-out, returns the blocking lines. */
function check(scope: IConstruct, render?: (o: ApiObject) => any): string[] {
  const control = controls.get(scope);
  if (control && !control.enabled) {
    print(`[CHECKS OFF] [${pathOf(scope)}] the cert-manager check pack is off here (CertificateChecks.disable: `
      + `"${control.reason}"); misconfigurations it catches now reach the cluster; remove the disable call to check again`);
    return [];
  }
  const options = control?.options ?? {};
  const owned = collect(scope, options, render).filter((f) => owner(f.scope) === scope);
  return report(owned.map((f) => f.finding), options);
}

/** The scope whose `enable` or `disable` decides for `construct`: the nearest one, else the root. */
function owner(construct: IConstruct): IConstruct {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (controls.has(scopes[i])) return scopes[i];
  }
  return construct.node.root;
}

/** Prints warnings and suppressed findings; returns the findings that block synthesis. */
function report(findings: Finding[], options: CertificateChecksOptions): string[] {
  const errors: string[] = [];
  for (const f of findings) {
    const line = `[${f.ruleId}] [${f.path}] ${f.message}`;
    if (f.suppressedReason !== undefined) {
      print(`[SUPPRESSED] ${line} (suppressed at ${f.suppressedAt}: ${f.suppressedReason})`);
    } else if (f.severity === FindingSeverity.ERROR || options.warningsAsErrors) {
      errors.push(line);
    } else {
      print(`[WARNING] ${line}`);
    }
  }
  return errors;
}

function checkReason(scope: IConstruct, what: string, reason: string): void {
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON) {
    fail(scope, `${what} has reason "${reason ?? ''}"; give a reason of at least ${MIN_REASON} characters `
      + 'that tells a reviewer why the checks do not apply here');
  }
}

function checkRuleIds(scope: IConstruct, prop: string, ids: string[]): void {
  const known = new Set(RULES.map((r: Rule) => r.id));
  for (const id of ids) {
    if (!known.has(id)) {
      fail(scope, `${prop} names rule "${id}", which is not a rule of the pack; use one of the known rules: ${[...known].join(', ')}`);
    }
  }
}

function suppressionFor(scope: IConstruct, ruleId: string): { reason: string; at: string } | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const reason = suppressions.get(scopes[i])?.get(ruleId);
    if (reason !== undefined) return { reason, at: pathOf(scopes[i]) };
  }
  return undefined;
}
