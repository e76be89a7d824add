import { IConstruct } from 'constructs';
import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { registeredDomain } from './support';
import { AcmeServer } from '../../issuers/acme-server';

const LIMIT = 50;

/** CM-ACME4: more than 50 Let's Encrypt production certificates for one registered domain. */
export const ACME_WEEKLY_LIMIT: Rule = {
  id: 'CM-ACME4',
  severity: FindingSeverity.WARNING,
  summary: 'More than 50 certificates for one registered domain from Let\'s Encrypt production in one app.',
  explanation: 'Let\'s Encrypt issues at most 50 new certificates per registered domain per week. An app that declares more '
    + 'hits the limit on first rollout or a mass re-issue (a key rotation, a new cluster), and renewals of the remaining '
    + 'names wait up to a week. Combine names into fewer certificates, use a wildcard over DNS-01, or stage the rollout. '
    + 'The registered domain is approximated as the last two labels (three under suffixes such as co.uk).',
  check: (ctx) => {
    const byDomain = new Map<string, Array<{ scope: IConstruct }>>();
    for (const c of ctx.graph.certificates) {
      if (c.issuer.acmeServer !== AcmeServer.LETS_ENCRYPT.url) continue;
      for (const domain of new Set(c.dnsNames.map(registeredDomain))) {
        const list = byDomain.get(domain) ?? [];
        list.push({ scope: c.scope });
        byDomain.set(domain, list);
      }
    }
    return [...byDomain.entries()].filter(([, list]) => list.length > LIMIT).map(([domain, list]) => ({
      scope: list[LIMIT].scope,
      message: `${list.length} certificates for registered domain "${domain}" come from Let's Encrypt production, over its limit `
        + `of ${LIMIT} new certificates per domain per week; combine names into fewer certificates or use a wildcard`,
    }));
  },
};
