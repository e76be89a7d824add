import { AuditedObject, ManifestGraph, ManifestGraphOptions, objectRef } from './manifest-graph';
import { InputProblem, LoadedSources } from './manifest-source';
import { FindingSeverity } from '../checks/finding';
import { RULES } from '../checks/rules/all-rules';
import { CHECKS_DISABLED_ANNOTATION, suppressedRuleOf } from '../private/check-annotations';

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
}

/**
 * Rules that cannot judge manifests, and why. Everything else runs on manifests as on an app.
 */
export const RULES_NOT_JUDGED: Readonly<Record<string, string>> = {
  'CM-ISS3': 'a ClusterIssuer\'s Secret references carry no namespace in its manifest: the namespace cert-manager reads them '
    + 'from is a flag of the controller, so a manifest cannot be wrong about it',
};

const MIN_REASON = 10;
const KNOWN = new Set(RULES.map((r) => r.id));

/** Runs every rule that can judge manifests over the objects read. */
export function auditManifests(sources: LoadedSources, options: AuditOptions = {}): AuditResult {
  const problems: InputProblem[] = [...sources.problems];
  const disabled = new Set(options.disabledRules ?? []);
  for (const id of disabled) {
    if (!KNOWN.has(id)) problems.push({ file: '(command line)', message: `--disable names rule "${id}", which is not a rule of the pack; known rules: ${[...KNOWN].join(', ')}` });
  }
  let mg: ManifestGraph;
  try {
    mg = new ManifestGraph(sources.objects, options);
  } catch (e: any) {
    // The graph refuses what an app could never declare (two issuers with one identity are
    // caught earlier as duplicates); anything left is reported, not thrown.
    problems.push({ file: '(input)', message: String(e?.message ?? e) });
    return { findings: [], problems, files: sources.files, objects: 0, ignored: new Map(), skippedDocuments: sources.skippedDocuments };
  }
  problems.push(...mg.problems);
  for (const o of mg.objects) problems.push(...suppressionProblems(o));

  const findings: AuditFinding[] = [];
  const seen = new Set<string>();
  const ctx = { graph: mg.graph, inventory: mg.inventory, inScope: () => true };
  for (const rule of RULES) {
    if (disabled.has(rule.id) || RULES_NOT_JUDGED[rule.id] !== undefined) continue;
    for (const f of rule.check(ctx)) {
      const objects = mg.objectsOf(f.scope);
      if (objects.length === 0) continue;
      const at = objects[0];
      if (objects.every((o) => checksDisabled(mg, o))) continue;
      const key = `${rule.id}\0${objectRef(at)}\0${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const suppression = objects.map((o) => suppressionOf(mg, o, rule.id)).find((s) => s !== undefined);
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        object: objectRef(at),
        file: at.source.file,
        line: at.source.line,
        message: f.message,
        suppressedReason: suppression?.reason,
        suppressedAt: suppression?.at,
      });
    }
  }
  return { findings, problems, files: sources.files, objects: mg.objects.length, ignored: mg.ignored, skippedDocuments: sources.skippedDocuments };
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
    if (!KNOWN.has(rule)) {
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
