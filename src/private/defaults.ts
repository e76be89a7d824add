/** The API group of cert-manager's issuers. */
export const CERT_MANAGER_GROUP = 'cert-manager.io';

/** cert-manager's default cluster resource namespace, where ClusterIssuers read their Secrets. */
export const DEFAULT_CLUSTER_RESOURCE_NAMESPACE = 'cert-manager';
