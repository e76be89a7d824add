import { FindingSeverity } from '../finding';
import { Rule } from '../rule';
import { describe } from './support';

const MAX_SANS = 100;

/** CM-ACME3: more than 100 names on an ACME certificate. */
export const ACME_TOO_MANY_NAMES: Rule = {
  id: 'CM-ACME3',
  severity: FindingSeverity.ERROR,
  summary: 'More than 100 names on one certificate from an ACME issuer.',
  explanation: 'Let\'s Encrypt and other public ACME CAs refuse orders with more than 100 identifiers, so the certificate '
    + 'is never issued. Split the names over several Certificates (and Secrets).',
  check: (ctx) => ctx.graph.certificates.flatMap((c) => {
    const count = c.dnsNames.length + c.ipAddresses.length;
    if (!c.issuer.isAcme || count <= MAX_SANS) return [];
    return [{
      scope: c.scope,
      message: `${describe(c)} has ${count} names but ACME issuer "${c.issuer.issuerName}" allows at most ${MAX_SANS} per order; `
        + 'split the names over several Certificates',
    }];
  }),
};
