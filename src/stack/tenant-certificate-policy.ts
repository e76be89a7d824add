import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IIssuer, IssuerKind } from '../issuers/issuer-ref';
import { clusterScoped } from '../private/cluster-scoped';
import { fail } from '../private/errors';
import { checkLabels } from '../private/metadata';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { plainObject } from '../private/plain-object';

/** Props of {@link TenantCertificatePolicy}. */
export interface TenantCertificatePolicyProps {
  /**
   * The ClusterIssuers tenants may use (from Certificates, CertificateRequests, and the
   * ingress-shim and gateway-shim annotations). Namespaced Issuers in the tenant's own namespace
   * stay allowed.
   */
  readonly approvedClusterIssuers: IIssuer[];

  /**
   * Labels that select the tenant namespaces the policy applies to (a `matchLabels` selector).
   * Platform namespaces without them keep full access.
   */
  readonly tenantNamespaceLabels: { [key: string]: string };

  /**
   * Name of the tenant ClusterRole; the policy and its binding are named
   * `<name>-approved-cluster-issuers`.
   *
   * @default "cert-manager-tenant"
   */
  readonly name?: string;

  /**
   * Only warn and audit instead of refusing (`validationActions: [Warn, Audit]`), to roll the
   * policy out without breaking tenants.
   *
   * @default false
   */
  readonly warnOnly?: boolean;
}

/**
 * Guardrails for clusters shared by teams: tenants manage their own certificates without being
 * able to use any ClusterIssuer the platform did not approve.
 *
 * - A ClusterRole (bind it per tenant namespace with {@link bindTenant}) to manage Certificates
 *   and namespaced Issuers, and read CertificateRequests, Orders and Challenges. It grants nothing
 *   on ClusterIssuers.
 * - A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, Kubernetes 1.30+) and its
 *   binding on the tenant namespaces: a Certificate or CertificateRequest may name an `Issuer`
 *   (its own namespace) or an approved `ClusterIssuer` of cert-manager.io, nothing else; an
 *   Ingress or Gateway may ask the shims only for an approved ClusterIssuer.
 *
 * @example
 * new TenantCertificatePolicy(chart, 'Tenants', {
 *   approvedClusterIssuers: [stack.letsEncryptProduction!, stack.privateCa!.issuer],
 *   tenantNamespaceLabels: { 'platform.example.com/tenant': 'true' },
 * });
 */
export class TenantCertificatePolicy extends Construct {
  /** Name of the tenant ClusterRole. */
  public readonly clusterRoleName: string;
  /** Name of the ValidatingAdmissionPolicy (and of its binding). */
  public readonly policyName: string;
  /** Names of the approved ClusterIssuers, in the order given. */
  public readonly approvedClusterIssuerNames: string[];

  private bindings = 0;

  constructor(scope: Construct, id: string, props: TenantCertificatePolicyProps) {
    super(scope, id);
    const name = props.name ?? 'cert-manager-tenant';
    checkSubdomain(this, 'name', name);
    const issuers = props.approvedClusterIssuers ?? [];
    if (issuers.length === 0) {
      fail(this, 'approvedClusterIssuers is empty, which would leave tenants only their own Issuers; list at least one '
        + 'ClusterIssuer, or drop the policy');
    }
    for (const [i, issuer] of issuers.entries()) {
      if (issuer?.kind !== IssuerKind.CLUSTER_ISSUER) {
        fail(this, `approvedClusterIssuers[${i}] is ${issuer?.kind ?? String(issuer)} "${issuer?.issuerName}", not a ClusterIssuer; `
          + 'tenants may always use Issuers in their own namespace, so list only ClusterIssuers');
      }
    }
    const labels = props.tenantNamespaceLabels ?? {};
    checkLabels(this, 'tenantNamespaceLabels', labels);
    if (Object.keys(labels).length === 0) {
      fail(this, 'tenantNamespaceLabels is empty, which would select every namespace including cert-manager\'s own; set '
        + 'the labels your tenant namespaces carry, e.g. { "platform.example.com/tenant": "true" }');
    }
    this.clusterRoleName = name;
    this.policyName = `${name}-approved-cluster-issuers`;
    this.approvedClusterIssuerNames = [...new Set(issuers.map((i) => i.issuerName))];

    clusterScoped(plainObject(this, 'ClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', {
      metadata: { name },
      rules: [
        { apiGroups: ['cert-manager.io'], resources: ['certificates', 'issuers'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
        { apiGroups: ['cert-manager.io'], resources: ['certificaterequests'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['cert-manager.io'], resources: ['certificates/status'], verbs: ['get'] },
        { apiGroups: ['acme.cert-manager.io'], resources: ['orders', 'challenges'], verbs: ['get', 'list', 'watch'] },
      ],
    }));

    const approved = `[${this.approvedClusterIssuerNames.map((n) => `'${n}'`).join(', ')}]`;
    const list = this.approvedClusterIssuerNames.join(', ');
    const annotations = 'object.metadata.annotations';
    clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: this.policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: ['cert-manager.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['certificates', 'certificaterequests'] },
            { apiGroups: ['networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] },
            { apiGroups: ['gateway.networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['gateways'] },
          ],
        },
        validations: [
          {
            expression: "request.resource.group != 'cert-manager.io' || ("
              + "(!has(object.spec.issuerRef.group) || object.spec.issuerRef.group in ['', 'cert-manager.io']) && ("
              + "!has(object.spec.issuerRef.kind) || object.spec.issuerRef.kind in ['', 'Issuer'] || "
              + `(object.spec.issuerRef.kind == 'ClusterIssuer' && object.spec.issuerRef.name in ${approved})))`,
            message: `issuerRef must name an Issuer in this namespace or an approved ClusterIssuer (${list})`,
            reason: 'Forbidden',
          },
          {
            expression: `request.resource.group == 'cert-manager.io' || !has(${annotations}) || `
              + `!('cert-manager.io/cluster-issuer' in ${annotations}) || ${annotations}['cert-manager.io/cluster-issuer'] in ${approved}`,
            message: `the cert-manager.io/cluster-issuer annotation must name an approved ClusterIssuer (${list})`,
            reason: 'Forbidden',
          },
          {
            expression: `request.resource.group == 'cert-manager.io' || !has(${annotations}) || `
              + `!('cert-manager.io/issuer-kind' in ${annotations}) || ${annotations}['cert-manager.io/issuer-kind'] == 'Issuer' || (`
              + `${annotations}['cert-manager.io/issuer-kind'] == 'ClusterIssuer' && 'cert-manager.io/issuer' in ${annotations} && `
              + `${annotations}['cert-manager.io/issuer'] in ${approved} && (!('cert-manager.io/issuer-group' in ${annotations}) || `
              + `${annotations}['cert-manager.io/issuer-group'] in ['', 'cert-manager.io']))`,
            message: `the cert-manager.io/issuer-kind annotation may only name an Issuer, or an approved ClusterIssuer (${list})`,
            reason: 'Forbidden',
          },
        ],
      },
    }));

    clusterScoped(new ApiObject(this, 'Binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: this.policyName },
      spec: {
        policyName: this.policyName,
        validationActions: props.warnOnly ? ['Warn', 'Audit'] : ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: labels } },
      },
    }));
  }

  /**
   * Grants the tenant ClusterRole to a group in one namespace (a RoleBinding there).
   *
   * @param namespace the tenant namespace
   * @param group the group of the tenant's users, as the API server authenticates them
   */
  public bindTenant(namespace: string, group: string): ApiObject {
    checkDnsLabel(this, 'namespace', namespace);
    if (!group || group.trim() !== group) fail(this, `group "${group}" is empty or has surrounding spaces; pass the tenant's group name`);
    this.bindings += 1;
    return plainObject(this, `Binding${this.bindings}`, 'rbac.authorization.k8s.io/v1', 'RoleBinding', {
      metadata: { name: this.clusterRoleName, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRoleName },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    });
  }
}
