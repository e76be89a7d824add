import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CLUSTER_ROLES, LEASES, NAMES, PolicyRule, leaderElectionRules, webhookDynamicServingRules } from './upstream';
import { CertificateGraph } from '../graph/certificate-graph';
import { clusterScoped } from '../private/cluster-scoped';

/** @internal */
export interface CertManagerRbacProps {
  readonly namespace: string;
  readonly leaderElectionNamespace: string;
  readonly labels: (component: 'controller' | 'webhook' | 'cainjector') => { [key: string]: string };
}

/**
 * The RBAC of the install: the upstream ClusterRoles (bound ones and the aggregated
 * view/edit/cluster-view roles), their bindings, the leader-election Roles in the leader-election
 * namespace, and the webhook's Role for its serving-CA Secret.
 *
 * @internal
 */
export class CertManagerRbac extends Construct {
  constructor(scope: Construct, id: string, props: CertManagerRbacProps) {
    super(scope, id);
    CertificateGraph.of(this); // joins the app's graph, which turns the check pack on
    const subject = (component: 'controller' | 'webhook' | 'cainjector') => ({
      kind: 'ServiceAccount', name: NAMES[component], namespace: props.namespace,
    });
    const rules = (list: PolicyRule[]): k8s.PolicyRule[] => list.map((r) => ({ ...r }));

    for (const role of CLUSTER_ROLES) {
      const labels = { ...props.labels(role.boundTo ?? 'controller') };
      for (const target of role.aggregateTo ?? []) {
        labels[`rbac.authorization.k8s.io/aggregate-to-${target}`] = 'true';
      }
      clusterScoped(new k8s.KubeClusterRole(this, role.name, { metadata: { name: role.name, labels }, rules: rules(role.rules) }));
      if (role.boundTo) {
        clusterScoped(new k8s.KubeClusterRoleBinding(this, `${role.name}-binding`, {
          metadata: { name: role.name, labels },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.name },
          subjects: [subject(role.boundTo)],
        }));
      }
    }

    const namespaced: Array<{ name: string; namespace: string; component: 'controller' | 'webhook' | 'cainjector'; rules: PolicyRule[] }> = [
      { name: 'cert-manager-cainjector:leaderelection', namespace: props.leaderElectionNamespace, component: 'cainjector', rules: leaderElectionRules(LEASES.cainjector) },
      { name: 'cert-manager:leaderelection', namespace: props.leaderElectionNamespace, component: 'controller', rules: leaderElectionRules(LEASES.controller) },
      { name: 'cert-manager-webhook:dynamic-serving', namespace: props.namespace, component: 'webhook', rules: webhookDynamicServingRules(NAMES.webhookCaSecret) },
    ];
    for (const role of namespaced) {
      const metadata = { name: role.name, namespace: role.namespace, labels: props.labels(role.component) };
      new k8s.KubeRole(this, role.name, { metadata, rules: rules(role.rules) });
      new k8s.KubeRoleBinding(this, `${role.name}-binding`, {
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
        subjects: [subject(role.component)],
      });
    }
  }
}
