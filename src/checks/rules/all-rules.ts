import { PRODUCTION_IN_STAGING, STAGING_IN_PRODUCTION } from './acme-environment';
import { ACME_TOO_MANY_NAMES } from './acme-too-many-names';
import { ACME_UNSOLVABLE_NAME } from './acme-unsolvable-name';
import { ACME_WEEKLY_LIMIT } from './acme-weekly-limit';
import { ACME_WILDCARD_SOLVER } from './acme-wildcard-solver';
import { ALERT_THRESHOLDS } from './alert-thresholds';
import { CLUSTER_ISSUER_SECRET_NAMESPACE } from './cluster-issuer-secret-namespace';
import { DISRUPTION_BUDGET_BLOCKS_DRAINS } from './drain-blocking-budget';
import { HTTP01_PRIVATE_NETWORK } from './http01-private-network';
import { ISSUER_NAMESPACE } from './issuer-namespace';
import { ISSUER_UNDECLARED } from './issuer-undeclared';
import { PRIVATE_CA_LIFETIME } from './private-ca-lifetime';
import { RELOAD_WIRING } from './reload-wiring';
import { RENEWAL_WINDOW_CHURN, RENEWAL_WINDOW_INVALID } from './renewal-window';
import { SUBPATH_MOUNT } from './subpath-mount';
import { TLS_SECRET_PRODUCED } from './tls-secret-produced';
import { WEBHOOK_REFUSED } from './webhook-refused';
import { Rule } from '../rule';

/** Every rule of the pack, in the order RULES.md lists them and findings are reported. */
export const RULES: Rule[] = [
  ACME_WILDCARD_SOLVER,
  ACME_UNSOLVABLE_NAME,
  ACME_TOO_MANY_NAMES,
  ACME_WEEKLY_LIMIT,
  ISSUER_NAMESPACE,
  ISSUER_UNDECLARED,
  CLUSTER_ISSUER_SECRET_NAMESPACE,
  TLS_SECRET_PRODUCED,
  STAGING_IN_PRODUCTION,
  PRODUCTION_IN_STAGING,
  RENEWAL_WINDOW_INVALID,
  RENEWAL_WINDOW_CHURN,
  PRIVATE_CA_LIFETIME,
  RELOAD_WIRING,
  SUBPATH_MOUNT,
  DISRUPTION_BUDGET_BLOCKS_DRAINS,
  ALERT_THRESHOLDS,
  HTTP01_PRIVATE_NETWORK,
  WEBHOOK_REFUSED,
];
