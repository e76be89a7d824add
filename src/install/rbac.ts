import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CLUSTER_ROLES, InstallNames, LEASES, PolicyRule, SIGNERS, leaderElectionRules, webhookDynamicServingRules } from './upstream';
import { clusterScoped } from '../private/cluster-scoped';
import { plainObject } from '../private/plain-object';

type Component = 'controller' | 'webhook' | 'cainjector';

/** @internal */
export interface CertManagerRbacProps {
  readonly namespace: string;
  readonly leaderElectionNamespace: string;
  readonly names: InstallNames;
  /** The ServiceAccount each component runs as (created by the install or not). */
  readonly serviceAccounts: Record<Component, string>;
  readonly labels: (component: Component) => { [key: string]: string };
  /** resourceNames of the approve rule; empty: any signer. */
  readonly approveSignerNames?: string[];
  readonly disableAutoApproval?: boolean;
  readonly aggregateClusterRoles?: boolean;
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/**
 * The RBAC of the install: the upstream ClusterRoles (bound ones and the aggregated
 * view/edit/cluster-view roles), their bindings, the leader-election Roles in the leader-election
 * namespace, and the webhook's Role for its serving-CA Secret. Every object is a plain
 * ApiObject, exposed for patches.
 *
 * @internal
 */
export class CertManagerRbac extends Construct {
  public readonly clusterRoles: ApiObject[] = [];
  public readonly clusterRoleBindings: ApiObject[] = [];
  public readonly roles: ApiObject[] = [];
  public readonly roleBindings: ApiObject[] = [];

  constructor(scope: Construct, id: string, props: CertManagerRbacProps) {
    super(scope, id);
    const subject = (component: Component) => ({
      kind: 'ServiceAccount', name: props.serviceAccounts[component], namespace: props.namespace,
    });
    const rules = (list: PolicyRule[]) => list.map((r) => ({ ...r }));
    const aggregate = props.aggregateClusterRoles ?? true;
    const signers = props.approveSignerNames ?? SIGNERS;

    for (const role of CLUSTER_ROLES) {
      if (role.approval && props.disableAutoApproval) continue;
      if (role.aggregationOnly && !aggregate) continue;
      const name = `${props.names[role.base]}${role.suffix}`;
      const labels = { ...props.labels(role.boundTo ?? 'controller') };
      for (const target of aggregate ? role.aggregateTo ?? [] : []) {
        labels[`rbac.authorization.k8s.io/aggregate-to-${target}`] = 'true';
      }
      const roleRules = role.approval
        ? rules(role.rules).map(({ resourceNames, ...r }) => (signers.length ? { ...r, resourceNames: [...signers] } : r))
        : rules(role.rules);
      // The construct ids stay the upstream names of the default release, so they never change with releaseName.
      const idBase = `cert-manager${role.base === 'controller' ? '' : `-${role.base}`}${role.suffix}`;
      this.clusterRoles.push(clusterScoped(plainObject(this, idBase, RBAC, 'ClusterRole', { metadata: { name, labels }, rules: roleRules })));
      if (role.boundTo) {
        this.clusterRoleBindings.push(clusterScoped(plainObject(this, `${idBase}-binding`, RBAC, 'ClusterRoleBinding', {
          metadata: { name, labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
          subjects: [subject(role.boundTo)],
        })));
      }
    }

    const namespaced: Array<{ id: string; name: string; namespace: string; component: Component; rules: PolicyRule[] }> = [
      { id: 'cert-manager-cainjector:leaderelection', name: `${props.names.cainjector}:leaderelection`, namespace: props.leaderElectionNamespace, component: 'cainjector', rules: leaderElectionRules(LEASES.cainjector) },
      { id: 'cert-manager:leaderelection', name: `${props.names.controller}:leaderelection`, namespace: props.leaderElectionNamespace, component: 'controller', rules: leaderElectionRules(LEASES.controller) },
      { id: 'cert-manager-webhook:dynamic-serving', name: `${props.names.webhook}:dynamic-serving`, namespace: props.namespace, component: 'webhook', rules: webhookDynamicServingRules(props.names.webhookCaSecret) },
    ];
    for (const role of namespaced) {
      const metadata = { name: role.name, namespace: role.namespace, labels: props.labels(role.component) };
      this.roles.push(plainObject(this, role.id, RBAC, 'Role', { metadata, rules: rules(role.rules) }));
      this.roleBindings.push(plainObject(this, `${role.id}-binding`, RBAC, 'RoleBinding', {
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
        subjects: [subject(role.component)],
      }));
    }
  }
}
