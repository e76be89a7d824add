import { AcmeChallengeType, AcmeSolverDescription } from '../acme-solver-description';

/** How well one solver's selector matches a name: undefined when it does not match. */
interface Score {
  readonly dnsNames: boolean;
  readonly zoneLabels: number;
  readonly labels: number;
}

function labelsOf(name: string): string[] {
  return name.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l !== '');
}

/** Number of labels of `zone` when `name` is the zone or below it, else 0. */
function zoneMatch(zone: string, name: string): number {
  const z = labelsOf(zone);
  const n = labelsOf(name);
  if (z.length === 0 || z.length > n.length) return 0;
  return z.every((label, i) => n[n.length - z.length + i] === label) ? z.length : 0;
}

function score(s: AcmeSolverDescription, dnsName: string, labels: Record<string, string>): Score | undefined {
  const entries = Object.entries(s.matchLabels);
  if (entries.some(([k, v]) => labels[k] !== v)) return undefined;
  const dnsNames = s.dnsNames.includes(dnsName);
  if (s.dnsNames.length > 0 && !dnsNames) return undefined;
  const zoneLabels = Math.max(0, ...s.dnsZones.map((z) => zoneMatch(z, dnsName)));
  if (s.dnsZones.length > 0 && zoneLabels === 0) return undefined;
  return { dnsNames, zoneLabels, labels: entries.length };
}

/** Whether `candidate` is a more specific match than `current`, in cert-manager's order. */
function beats(candidate: Score, current: Score): boolean {
  if (candidate.dnsNames !== current.dnsNames) return candidate.dnsNames;
  if (candidate.zoneLabels !== current.zoneLabels) return candidate.zoneLabels > current.zoneLabels;
  return candidate.labels > current.labels;
}

/**
 * The solver cert-manager would select for `dnsName`, following its solver picker
 * (`pkg/util/solverpicker`): solvers whose challenge type the ACME server does not offer are
 * skipped (wildcards are only offered DNS-01); a solver without a selector is taken only when
 * nothing was selected before it; a matching selector replaces the current choice when it matches
 * by dnsNames and the current does not, else by a longer dnsZones match, else by more
 * matchLabels; ties keep the earlier solver.
 */
export function selectSolver(solvers: AcmeSolverDescription[], dnsName: string,
  labels: Record<string, string> = {}): AcmeSolverDescription | undefined {
  const wildcard = dnsName.startsWith('*.');
  let selected: { solver: AcmeSolverDescription; score: Score } | undefined;
  for (const solver of solvers) {
    if (wildcard && solver.challengeType !== AcmeChallengeType.DNS01) continue;
    if (!solver.hasSelector) {
      selected ??= { solver, score: { dnsNames: false, zoneLabels: 0, labels: 0 } };
      continue;
    }
    const s = score(solver, dnsName, labels);
    if (s && (!selected || beats(s, selected.score))) {
      selected = { solver, score: s };
    }
  }
  return selected?.solver;
}
