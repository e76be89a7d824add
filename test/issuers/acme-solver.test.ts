import { acmeIssuer, acmeSpec } from './fixtures';
import { AcmeChallengeType, AcmeSolver, CnameStrategy, Dns01Provider, Http01ServiceType } from '../../src';

const cloudflare = Dns01Provider.cloudflare({ apiToken: { name: 'cloudflare', key: 'token' } });

describe('AcmeSolver.http01Ingress', () => {
  test('renders an empty ingress solver by default', () => {
    expect(acmeSpec({ solvers: [AcmeSolver.http01Ingress()] }).solvers).toEqual([{ http01: { ingress: {} } }]);
  });

  test('renders ingress, pod and service options', () => {
    const [solver] = acmeSpec({
      solvers: [AcmeSolver.http01Ingress({
        ingressClassName: 'nginx',
        serviceType: Http01ServiceType.CLUSTER_IP,
        ingressLabels: { team: 'web' },
        ingressAnnotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
        podLabels: { app: 'solver' },
        podAnnotations: { 'example.com/scrape': 'false' },
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'edge', effect: 'NoSchedule' }],
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'acme-solver',
        imagePullSecrets: ['registry'],
      })],
    }).solvers;
    expect(solver.http01.ingress).toEqual({
      ingressClassName: 'nginx',
      serviceType: 'ClusterIP',
      ingressTemplate: { metadata: { labels: { team: 'web' }, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } } },
      podTemplate: {
        metadata: { labels: { app: 'solver' }, annotations: { 'example.com/scrape': 'false' } },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'edge', effect: 'NoSchedule' }],
          priorityClassName: 'system-cluster-critical',
          serviceAccountName: 'acme-solver',
          imagePullSecrets: [{ name: 'registry' }],
        },
      },
    });
  });

  test('renders the legacy class annotation or an existing Ingress name', () => {
    expect(acmeSpec({ solvers: [AcmeSolver.http01Ingress({ ingressClass: 'gce' })] }).solvers[0].http01.ingress).toEqual({ class: 'gce' });
    expect(acmeSpec({ solvers: [AcmeSolver.http01Ingress({ ingressName: 'web' })] }).solvers[0].http01.ingress).toEqual({ name: 'web' });
  });

  test('fails when more than one of ingressClassName, ingressClass and ingressName is set', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.http01Ingress({ ingressClassName: 'nginx', ingressName: 'web' })] }))
      .toThrow('[test/Acme] the HTTP-01 ingress solver sets ingressClassName and ingressName; set only one of ingressClassName, ingressClass and ingressName');
  });

  test('fails when selected for a wildcard name', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.http01Ingress({ dnsNames: ['*.example.com'] })] }))
      .toThrow('[test/Acme] solvers[0] is an HTTP-01 solver selected for the wildcard "*.example.com", which HTTP-01 can never prove; '
        + 'use AcmeSolver.dns01(...) for "*.example.com"');
  });

  test('fails when a pod label is invalid', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.http01Ingress({ podLabels: { app: 'not valid' } })] }))
      .toThrow('[test/Acme] http01Ingress podLabels["app"] has an invalid value "not valid"');
  });
});

describe('AcmeSolver.http01GatewayHttpRoute', () => {
  test('renders parentRefs, route labels and service type', () => {
    const [solver] = acmeSpec({
      solvers: [AcmeSolver.http01GatewayHttpRoute({
        parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'http', port: 80 }],
        routeLabels: { team: 'web' },
        serviceType: Http01ServiceType.CLUSTER_IP,
      })],
    }).solvers;
    expect(solver.http01.gatewayHTTPRoute).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'http', port: 80 }],
      labels: { team: 'web' },
      serviceType: 'ClusterIP',
    });
  });

  test('reports an HTTP-01 solver presented through the Gateway API', () => {
    const issuer = acmeIssuer({ solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'public' }] })] });
    expect(issuer.acmeSolvers[0]).toMatchObject({ challengeType: AcmeChallengeType.HTTP01, provider: 'gatewayHTTPRoute' });
  });

  test('fails when parentRefs is empty', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [] })] }))
      .toThrow('[test/Acme] the HTTP-01 Gateway solver has no parentRefs; add the Gateway that serves port 80 for these names');
  });

  test('fails when a parentRef namespace is invalid', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.http01GatewayHttpRoute({ parentRefs: [{ name: 'public', namespace: 'Gateway' }] })] }))
      .toThrow('[test/Acme] http01GatewayHttpRoute parentRefs[0].namespace "Gateway" is not a valid namespace name');
  });
});

describe('AcmeSolver.dns01', () => {
  test('renders the provider and cnameStrategy', () => {
    const [solver] = acmeSpec({ solvers: [AcmeSolver.dns01(cloudflare, { cnameStrategy: CnameStrategy.FOLLOW })] }).solvers;
    expect(solver).toEqual({
      dns01: { cnameStrategy: 'Follow', cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'token' } } },
    });
  });

  test('fails when no provider is given (a second provider is impossible by construction)', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.dns01(undefined as any)] }))
      .toThrow('[test/Acme] a DNS-01 solver has no provider; pass one, for example AcmeSolver.dns01(Dns01Provider.route53())');
  });
});

describe('solver selectors', () => {
  test('renders dnsNames, dnsZones and matchLabels; omits an empty selector', () => {
    const solvers = acmeSpec({
      solvers: [
        AcmeSolver.dns01(cloudflare, { dnsNames: ['*.example.com'], dnsZones: ['example.com'], matchLabels: { use: 'dns' } }),
        AcmeSolver.http01Ingress(),
      ],
    }).solvers;
    expect(solvers[0].selector).toEqual({ dnsNames: ['*.example.com'], dnsZones: ['example.com'], matchLabels: { use: 'dns' } });
    expect(solvers[1].selector).toBeUndefined();
  });

  test('describes each solver for checks', () => {
    const issuer = acmeIssuer({
      solvers: [AcmeSolver.http01Ingress(), AcmeSolver.dns01(cloudflare, { dnsZones: ['example.com'] })],
    });
    expect(issuer.acmeSolvers).toEqual([
      { index: 0, challengeType: 'HTTP-01', provider: 'ingress', hasSelector: false, dnsNames: [], dnsZones: [], matchLabels: {}, ambientCredentials: false },
      { index: 1, challengeType: 'DNS-01', provider: 'cloudflare', hasSelector: true, dnsNames: [], dnsZones: ['example.com'], matchLabels: {}, ambientCredentials: false },
    ]);
  });

  test('solverFor applies cert-manager\'s selection rules', () => {
    const issuer = acmeIssuer({
      solvers: [
        AcmeSolver.http01Ingress(),
        AcmeSolver.dns01(cloudflare, { dnsZones: ['example.com'] }),
        AcmeSolver.dns01(Dns01Provider.route53(), { dnsZones: ['internal.example.com'] }),
        AcmeSolver.http01Ingress({ ingressClassName: 'internal', dnsNames: ['www.internal.example.com'] }),
      ],
    });
    expect(issuer.solverFor('www.other.org')?.index).toBe(0);
    expect(issuer.solverFor('api.example.com')?.provider).toBe('cloudflare');
    expect(issuer.solverFor('api.internal.example.com')?.provider).toBe('route53');
    expect(issuer.solverFor('www.internal.example.com')?.index).toBe(3);
    expect(issuer.solverFor('*.example.com')?.challengeType).toBe(AcmeChallengeType.DNS01);
    expect(issuer.solverFor('*.other.org')).toBeUndefined();
  });

  test('fails when a dnsZones entry is a wildcard', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.dns01(cloudflare, { dnsZones: ['*.example.com'] })] }))
      .toThrow('[test/Acme] solvers[0].dnsZones[0] "*.example.com" is not a DNS zone; use lowercase names like "example.com" (no wildcard)');
  });

  test('fails when a dnsNames entry is not a DNS name', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.dns01(cloudflare, { dnsNames: ['https://example.com'] })] }))
      .toThrow('[test/Acme] solvers[0].dnsNames[0] "https://example.com" is not a DNS name; use lowercase names like "www.example.com" or "*.example.com"');
  });

  test('fails when a matchLabels entry is invalid', () => {
    expect(() => acmeIssuer({ solvers: [AcmeSolver.dns01(cloudflare, { matchLabels: { 'bad key': 'x' } })] }))
      .toThrow('[test/Acme] solvers[0].matchLabels has an invalid key "bad key"');
  });
});
