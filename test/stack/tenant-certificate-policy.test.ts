import { Testing } from 'cdk8s';
import { ClusterIssuer, Issuer, IssuerConfig, TenantCertificatePolicy, TenantCertificatePolicyProps } from '../../src';
import { evaluateCel } from '../harness/cel';
import { synth } from '../harness/manifests';

function policy(props: Partial<TenantCertificatePolicyProps> = {}) {
  const chart = Testing.chart();
  const le = ClusterIssuer.fromClusterIssuerName(chart, 'Le', 'letsencrypt-production');
  const ca = new ClusterIssuer(chart, 'Ca', { name: 'internal-ca', config: IssuerConfig.ca({ secretName: 'internal-ca' }) });
  const p = new TenantCertificatePolicy(chart, 'Tenants', {
    approvedClusterIssuers: [le, ca],
    tenantNamespaceLabels: { 'platform.example.com/tenant': 'true' },
    ...props,
  });
  return { chart, p, m: synth(chart) };
}

describe('TenantCertificatePolicy', () => {
  const { m, p, chart } = policy();
  const vap = m.get('ValidatingAdmissionPolicy', 'cert-manager-tenant-approved-cluster-issuers');

  test('a ClusterRole for Certificates and Issuers, with no ClusterIssuer rights', () => {
    const role = m.get('ClusterRole', 'cert-manager-tenant');
    const resources = role.rules.flatMap((r: any) => r.resources);
    expect(resources).toEqual(expect.arrayContaining(['certificates', 'issuers', 'certificaterequests', 'orders', 'challenges']));
    expect(resources).not.toContain('clusterissuers');
    const write = role.rules.filter((r: any) => r.verbs.includes('create')).flatMap((r: any) => r.resources);
    expect(write).toEqual(['certificates', 'issuers']);
  });

  test('the policy matches cert-manager requests, Ingresses and Gateways, and fails closed', () => {
    expect(vap.apiVersion).toBe('admissionregistration.k8s.io/v1');
    expect(vap.spec.failurePolicy).toBe('Fail');
    expect(vap.spec.matchConstraints.resourceRules.map((r: any) => r.resources).flat())
      .toEqual(['certificates', 'certificaterequests', 'ingresses', 'gateways']);
    expect(vap.spec.validations.map((v: any) => v.message)).toEqual([
      'issuerRef must name an Issuer in this namespace or an approved ClusterIssuer (letsencrypt-production, internal-ca)',
      'the cert-manager.io/cluster-issuer annotation must name an approved ClusterIssuer (letsencrypt-production, internal-ca)',
      'the cert-manager.io/issuer-kind annotation may only name an Issuer, or an approved ClusterIssuer (letsencrypt-production, internal-ca)',
    ]);
  });

  test('the binding denies in tenant namespaces only', () => {
    const binding = m.get('ValidatingAdmissionPolicyBinding', 'cert-manager-tenant-approved-cluster-issuers');
    expect(binding.spec).toEqual({
      policyName: 'cert-manager-tenant-approved-cluster-issuers',
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchLabels: { 'platform.example.com/tenant': 'true' } } },
    });
    expect(p.approvedClusterIssuerNames).toEqual(['letsencrypt-production', 'internal-ca']);
  });

  test('bindTenant grants the ClusterRole to a group in one namespace', () => {
    p.bindTenant('team-a', 'team-a-developers');
    const rb = synth(chart).get('RoleBinding', 'cert-manager-tenant', 'team-a');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cert-manager-tenant' });
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'team-a-developers' }]);
  });

  test('warnOnly audits and warns instead of denying', () => {
    expect(policy({ warnOnly: true }).m.get('ValidatingAdmissionPolicyBinding', 'cert-manager-tenant-approved-cluster-issuers').spec.validationActions)
      .toEqual(['Warn', 'Audit']);
  });

  // What the API server would decide: every validation must be true for the request to pass.
  const certManager = (issuerRef: Record<string, string>) => ({
    request: { resource: { group: 'cert-manager.io', resource: 'certificates' } },
    object: { metadata: { name: 'x' }, spec: { secretName: 'x', issuerRef } },
  });
  const annotated = (group: string, annotations?: Record<string, string>) => ({
    request: { resource: { group } },
    object: { metadata: annotations ? { name: 'x', annotations } : { name: 'x' }, spec: {} },
  });
  test.each<[string, Record<string, unknown>, boolean]>([
    ['an Issuer of the namespace', certManager({ name: 'own', kind: 'Issuer' }), true],
    ['an issuerRef without kind (Issuer)', certManager({ name: 'own' }), true],
    ['an approved ClusterIssuer', certManager({ name: 'internal-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' }), true],
    ['another ClusterIssuer', certManager({ name: 'corp-root', kind: 'ClusterIssuer' }), false],
    ['an external issuer group', certManager({ name: 'pca', kind: 'AWSPCAClusterIssuer', group: 'awspca.cert-manager.io' }), false],
    ['an Ingress without annotations', annotated('networking.k8s.io'), true],
    ['an Ingress with other annotations', annotated('networking.k8s.io', { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' }), true],
    ['an Ingress shim for an approved ClusterIssuer', annotated('networking.k8s.io', { 'cert-manager.io/cluster-issuer': 'letsencrypt-production' }), true],
    ['an Ingress shim for another ClusterIssuer', annotated('networking.k8s.io', { 'cert-manager.io/cluster-issuer': 'letsencrypt-staging' }), false],
    ['an Ingress shim for a namespaced Issuer', annotated('networking.k8s.io', { 'cert-manager.io/issuer': 'own' }), true],
    ['issuer-kind ClusterIssuer naming an approved one', annotated('networking.k8s.io', { 'cert-manager.io/issuer': 'internal-ca', 'cert-manager.io/issuer-kind': 'ClusterIssuer' }), true],
    ['issuer-kind ClusterIssuer naming another', annotated('networking.k8s.io', { 'cert-manager.io/issuer': 'corp-root', 'cert-manager.io/issuer-kind': 'ClusterIssuer' }), false],
    ['issuer-kind of an external group', annotated('gateway.networking.k8s.io', { 'cert-manager.io/issuer': 'internal-ca', 'cert-manager.io/issuer-kind': 'ClusterIssuer', 'cert-manager.io/issuer-group': 'example.com' }), false],
    ['a Gateway shim for another ClusterIssuer', annotated('gateway.networking.k8s.io', { 'cert-manager.io/cluster-issuer': 'corp-root' }), false],
  ])('CEL: %s is %s', (_, variables, allowed) => {
    const results = evaluateCel(vap.spec.validations.map((v: any) => ({ expression: v.expression, variables })));
    for (const r of results) expect(r).not.toBeInstanceOf(Error);
    expect(results.every((r) => r === true)).toBe(allowed);
  });

  test.each<[string, Partial<TenantCertificatePolicyProps> | ((c: any) => Partial<TenantCertificatePolicyProps>), RegExp]>([
    ['no approved issuer', { approvedClusterIssuers: [] }, /\[test\/Tenants\] approvedClusterIssuers is empty/],
    ['a namespaced Issuer', (c) => ({ approvedClusterIssuers: [new Issuer(c, 'Ns', { name: 'own', namespace: 'a', config: IssuerConfig.selfSigned() })] }),
      /approvedClusterIssuers\[0\] is Issuer "own", not a ClusterIssuer/],
    ['no namespace labels', { tenantNamespaceLabels: {} }, /tenantNamespaceLabels is empty, which would select every namespace/],
    ['a bad label', { tenantNamespaceLabels: { 'a b': 'x' } }, /tenantNamespaceLabels has an invalid key "a b"/],
    ['a bad name', { name: 'Tenant' }, /name "Tenant" is not a valid Kubernetes object name/],
  ])('fails with %s', (_, props, message) => {
    const c = Testing.chart();
    const extra = typeof props === 'function' ? props(c) : props;
    expect(() => new TenantCertificatePolicy(c, 'Tenants', {
      approvedClusterIssuers: [ClusterIssuer.fromClusterIssuerName(c, 'Le', 'le')],
      tenantNamespaceLabels: { tenant: 'true' },
      ...extra,
    })).toThrow(message);
  });

  test('bindTenant fails on a bad namespace or group', () => {
    expect(() => p.bindTenant('Team', 'g')).toThrow(/namespace "Team" is not a valid namespace name/);
    expect(() => p.bindTenant('team-b', ' g')).toThrow(/group " g" is empty or has surrounding spaces/);
  });
});
