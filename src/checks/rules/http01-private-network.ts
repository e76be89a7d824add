import { FindingSeverity } from '../finding';
import { Rule, RuleContext, RuleFinding } from '../rule';
import { describe } from './support';
import { ScopeMark } from '../../graph/certificate-graph';
import { AcmeChallengeType } from '../../issuers/acme-solver-description';
import { pathOf } from '../../private/errors';

function findings(ctx: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  for (const issuer of ctx.graph.issuers) {
    const marked = ctx.graph.marksOf(issuer).get(ScopeMark.PRIVATE_NETWORK);
    if (!marked || !issuer.acmeSolvers.some((s) => s.challengeType === AcmeChallengeType.HTTP01)) continue;
    out.push({
      scope: issuer,
      message: `ACME issuer "${issuer.issuerName}" has an HTTP-01 solver but ${pathOf(marked)} is marked as a private network, `
        + 'which the ACME CA cannot reach to fetch the challenge; use AcmeSolver.dns01 for names served there',
    });
  }
  for (const c of ctx.graph.certificates) {
    const marked = ctx.graph.marksOf(c.scope).get(ScopeMark.PRIVATE_NETWORK);
    if (!marked || !c.issuer.isAcme || ctx.graph.marksOf(c.issuer).has(ScopeMark.PRIVATE_NETWORK)) continue;
    for (const name of c.dnsNames) {
      if (c.issuer.solverFor(name, { ...c.labels })?.challengeType !== AcmeChallengeType.HTTP01) continue;
      out.push({
        scope: c.scope,
        message: `${describe(c)} in private network ${pathOf(marked)} would prove "${name}" over HTTP-01 (issuer `
          + `"${c.issuer.issuerName}"), but the ACME CA cannot reach it; select a DNS-01 solver for the name`,
      });
    }
  }
  return out;
}

/** CM-NET1: HTTP-01 in a scope marked as a private network. */
export const HTTP01_PRIVATE_NETWORK: Rule = {
  id: 'CM-NET1',
  severity: FindingSeverity.ERROR,
  summary: 'An HTTP-01 solver, or a certificate that would use one, in a scope marked as a private network.',
  explanation: 'For HTTP-01 the ACME CA fetches `http://<name>/.well-known/acme-challenge/...` from the internet. A cluster '
    + 'that is not reachable from the internet can never answer, so issuance and every renewal fail. Use DNS-01 there. Mark '
    + 'such scopes with CertificateChecks.markPrivateNetwork.',
  check: findings,
};
