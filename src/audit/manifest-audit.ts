import { AuditedObject, ManifestGraph, ManifestGraphOptions, objectRef } from './manifest-graph';
import { InputProblem, LoadedSources } from './manifest-source';
import { FindingSeverity } from '../checks/finding';
import { RULES } from '../checks/rules/all-rules';
import { ScopeMark } from '../graph/certificate-graph';
import { CHECKS_DISABLED_ANNOTATION, suppressedRuleOf } from '../private/check-annotations';
import { validateManifest } from '../validation/manifest';

/** Options of an audit: the facts manifests lack, and rules to skip. */
export interface AuditOptions extends ManifestGraphOptions {
  /** Rule ids not to run. */
  readonly disabledRules?: readonly string[];
}

/** One finding of the audit, located in its file. */
export interface AuditFinding {
  readonly ruleId: string;
  readonly severity: FindingSeverity;
  /** `kind/namespace/name` of the object the finding is about. */
  readonly object: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The reason of the suppression annotation that applies, when one does. */
  readonly suppressedReason?: string;
  /** `kind/namespace/name` of the object (or Namespace) carrying the suppression. */
  readonly suppressedAt?: string;
}

/** What the audit found, and what it read. */
export interface AuditResult {
  readonly findings: AuditFinding[];
  /** Unusable input: files, YAML, duplicates, bad annotations. */
  readonly problems: InputProblem[];
  readonly files: number;
  /** Objects read (of the kinds the audit reads). */
  readonly objects: number;
  /** Objects of other kinds, ignored, by `kind (apiVersion)`. */
  readonly ignored: ReadonlyMap<string, number>;
  /** Documents that are not Kubernetes objects. */
  readonly skippedDocuments: InputProblem[];
  /** Rules that judged nothing for want of facts manifests lack, and how to give them. */
  readonly notes: string[];
}

/**
 * Rules that cannot judge manifests, and why. Everything else runs on manifests as on an app.
 */
export const RULES_NOT_JUDGED: Readonly<Record<string, string>> = {
  'CM-ISS3': 'a ClusterIssuer\'s Secret references carry no namespace in its manifest: the namespace cert-manager reads them '
    + 'from is a flag of the controller, so a manifest cannot be wrong about it',
};

/**
 * The fix in manifest terms, for rules whose message names the library's constructs: appended to
 * the message, so a reader of plain YAML knows which field to change.
 */
export const YAML_FIXES: Readonly<Record<string, string>> = {
  'CM-ACME1': 'in YAML, add a solver with dns01 and selector.dnsZones covering the name to the issuer\'s spec.acme.solvers',
  'CM-ACME2': 'in YAML, widen a solver\'s selector (dnsZones, dnsNames) or add a solver without a selector',
  'CM-ENV1': 'in YAML, point issuerRef at a production ACME issuer, or label the Namespace checks.cdk8s-cert-manager.io/environment: staging',
  'CM-ENV2': 'in YAML, point issuerRef at a staging ACME issuer, or label the Namespace checks.cdk8s-cert-manager.io/environment: production',
  'CM-REL1': 'in YAML, annotate the workload secret.reloader.stakater.com/reload: "<secret>", or, if it watches its files, '
    + 'checks.cdk8s-cert-manager.io/self-reload: "<secret>" with checks.cdk8s-cert-manager.io/self-reload-reason',
  'CM-TLS1': 'in YAML, set the secretName of a Certificate (or the cert-manager.io/cluster-issuer annotation) to match, or suppress '
    + 'with checks.cdk8s-cert-manager.io/suppress-CM-TLS1 saying where the Secret comes from',
  'CM-CA2': 'in YAML, make the Bundle\'s spec.target.namespaceSelector select the namespace (or label the Namespace to match it), '
    + 'or create a Bundle whose spec.sources list the CA\'s root Secret',
  'CM-NET1': 'in YAML, give the issuer a dns01 solver selected for the names served there',
};

const MIN_REASON = 10;
const KNOWN = new Set(RULES.map((r) => r.id));
const isKnown = (id: string) => KNOWN.has(id);

/**
 * Rules of the pack that the webhook validation (CM-WH1) covers for Certificate objects (the
 * Certificate construct refuses the same values when created): on an object CM-WH1 already
 * reports for one of these fields, the rule's finding would repeat it.
 */
const COVERED_BY_VALIDATION: Readonly<Record<string, readonly string[]>> = {
  'CM-DUR1': ['spec.duration', 'spec.renewBefore', 'spec.renewBeforePercentage'],
};


/** Runs every rule that can judge manifests over the objects read. */
export function auditManifests(sources: LoadedSources, options: AuditOptions = {}): AuditResult {
  const problems: InputProblem[] = [...sources.problems];
  const disabled = new Set(options.disabledRules ?? []);
  for (const id of disabled) {
    if (!isKnown(id)) problems.push({ file: '(command line)', message: `--disable names rule "${id}", which is not a rule of the pack; known rules: ${[...KNOWN].join(', ')}` });
  }
  let mg: ManifestGraph;
  try {
    mg = new ManifestGraph(sources.objects, options);
  } catch (e: any) {
    // The graph refuses what an app could never declare (two issuers with one identity are
    // caught earlier as duplicates); anything left is reported, not thrown.
    problems.push({ file: '(input)', message: String(e?.message ?? e) });
    return { findings: [], problems, files: sources.files, objects: 0, ignored: new Map(), skippedDocuments: sources.skippedDocuments, notes: [] };
  }
  problems.push(...mg.problems);
  for (const o of mg.objects) problems.push(...suppressionProblems(o));

  const findings: AuditFinding[] = [];
  const seen = new Set<string>();
  const refused = new Map<AuditedObject, Set<string>>();
  const add = (ruleId: string, severity: FindingSeverity, objects: AuditedObject[], message: string) => {
    const at = objects[0];
    if (objects.every((o) => checksDisabled(mg, o))) return;
    const key = `${ruleId}\0${objectRef(at)}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const suppression = objects.map((o) => suppressionOf(mg, o, ruleId)).find((s) => s !== undefined);
    findings.push({
      ruleId,
      severity,
      object: objectRef(at),
      file: at.source.file,
      line: at.source.line,
      message,
      suppressedReason: suppression?.reason,
      suppressedAt: suppression?.at,
    });
  };
  // What the webhook validation refuses (CM-WH1 reports its first error), for COVERED_BY_VALIDATION.
  if (!disabled.has('CM-WH1')) {
    for (const o of mg.objects) {
      const issue = validateManifest(o.source.manifest).find((i) => i.severity === 'error');
      if (issue) refused.set(o, new Set([issue.path]));
    }
  }
  const ctx = { graph: mg.graph, inventory: mg.inventory, inScope: () => true };
  for (const rule of RULES) {
    if (disabled.has(rule.id) || RULES_NOT_JUDGED[rule.id] !== undefined) continue;
    let ruleFindings: ReturnType<typeof rule.check>;
    try {
      ruleFindings = rule.check(ctx);
    } catch (e: any) {
      // A rule reads objects as the API server would have accepted them; a field of another shape
      // (a map where a list belongs) is reported rather than crashing the audit.
      problems.push({ file: '(input)', message: `${rule.id} could not read the input: ${e?.message ?? e}; an object has a field of an unexpected shape (validate the manifests with kubeconform or kubectl --dry-run=server)` });
      continue;
    }
    for (const f of ruleFindings) {
      const objects = mg.objectsOf(f.scope);
      if (objects.length === 0) continue;
      // The Secret of an Ingress the ingress-shim serves with the default issuer is written, by an issuer we do not know.
      if (rule.id === 'CM-TLS1' && mg.tlsAcmeUnresolved.has(objects[0])) continue;
      const fields = COVERED_BY_VALIDATION[rule.id] ?? [];
      if (objects[0].kind === 'Certificate' && fields.some((p) => refused.get(objects[0])?.has(p))) continue;
      add(rule.id, rule.severity, objects, YAML_FIXES[rule.id] ? `${f.message} (${YAML_FIXES[rule.id]})` : f.message);
    }
  }
  return {
    findings,
    problems,
    files: sources.files,
    objects: mg.objects.length,
    ignored: mg.ignored,
    skippedDocuments: sources.skippedDocuments,
    notes: notes(mg),
  };
}

/** The rules that had nothing to go on: no environment or network was given anywhere. */
function notes(mg: ManifestGraph): string[] {
  const out: string[] = [];
  const acme = mg.graph.certificates.some((c) => c.issuer.isAcme);
  if (acme && ![ScopeMark.PRODUCTION, ScopeMark.STAGING, ScopeMark.TEST].some((m) => mg.marksGiven.has(m))) {
    out.push('CM-ENV1 and CM-ENV2 judged nothing: no namespace or object is marked with an environment; pass --production-namespaces, '
      + '--staging-namespaces or --test-namespaces, or label the Namespaces checks.cdk8s-cert-manager.io/environment');
  }
  if (acme && !mg.marksGiven.has(ScopeMark.PRIVATE_NETWORK)) {
    out.push('CM-NET1 judged nothing: no namespace or object is marked as a private network; pass --private-network-namespaces, or '
      + 'annotate the Namespaces checks.cdk8s-cert-manager.io/private-network: "true"');
  }
  if (mg.tlsAcmeUnresolved.size > 0) {
    out.push(`${mg.tlsAcmeUnresolved.size} Ingress${mg.tlsAcmeUnresolved.size === 1 ? ' is' : 'es are'} annotated kubernetes.io/tls-acme: "true", `
      + 'which the ingress-shim serves with the controller\'s default issuer; pass --default-issuer ClusterIssuer/NAME (its '
      + '--default-issuer-kind and --default-issuer-name) so the Certificates made for them are judged');
  }
  return out;
}

/** Whether the object, or its Namespace, turns the pack off (CertificateChecks.disable writes it). */
function checksDisabled(mg: ManifestGraph, o: AuditedObject): boolean {
  return [o, mg.namespaceObject(o.namespace)].some((c) => typeof c?.source.manifest.metadata?.annotations?.[CHECKS_DISABLED_ANNOTATION] === 'string');
}

function suppressionsOf(o: AuditedObject): Array<[string, unknown]> {
  return Object.entries(o.source.manifest.metadata?.annotations ?? {})
    .flatMap(([k, v]) => {
      const rule = suppressedRuleOf(k);
      return rule === undefined ? [] : [[rule, v] as [string, unknown]];
    });
}

function suppressionProblems(o: AuditedObject): InputProblem[] {
  return suppressionsOf(o).flatMap(([rule, reason]): InputProblem[] => {
    if (!isKnown(rule)) {
      return [{ file: o.source.file, line: o.source.line, message: `${objectRef(o)} suppresses rule "${rule}", which is not a rule of the pack; known rules: ${[...KNOWN].join(', ')}` }];
    }
    if (typeof reason !== 'string' || reason.trim().length < MIN_REASON) {
      return [{ file: o.source.file, line: o.source.line, message: `${objectRef(o)} suppresses ${rule} with reason ${JSON.stringify(reason ?? '')}; give a reason of at least ${MIN_REASON} characters that tells a reviewer why the rule does not apply here` }];
    }
    return [];
  });
}

/** The suppression of `ruleId` on the object, or on its Namespace. */
function suppressionOf(mg: ManifestGraph, o: AuditedObject, ruleId: string): { reason: string; at: string } | undefined {
  for (const carrier of [o, mg.namespaceObject(o.namespace)]) {
    if (!carrier) continue;
    const found = suppressionsOf(carrier).find(([rule, reason]) => rule === ruleId && typeof reason === 'string' && reason.trim().length >= MIN_REASON);
    if (found) return { reason: String(found[1]).trim(), at: objectRef(carrier) };
  }
  return undefined;
}
