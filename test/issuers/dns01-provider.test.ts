import { Testing } from 'cdk8s';
import { acmeIssuer, dns01Of, withProvider } from './fixtures';
import {
  AcmeServer, AcmeSolver, AzureDnsCredentials, AzureDnsZoneType, AzureEnvironment, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig,
  Rfc2136Protocol, Route53Credentials, TsigAlgorithm,
} from '../../src';

const ref = (name: string, key: string) => ({ name, key });

describe('Dns01Provider.route53', () => {
  test('ambient credentials by default', () => {
    expect(dns01Of(Dns01Provider.route53())).toEqual({ route53: {} });
    const issuer = acmeIssuer({ solvers: [AcmeSolver.dns01(Dns01Provider.route53())] });
    expect(issuer.acmeSolvers[0].ambientCredentials).toBe(true);
  });

  test('region, hosted zone and role', () => {
    expect(dns01Of(Dns01Provider.route53({ region: 'eu-west-1', hostedZoneId: 'Z123', role: 'arn:aws:iam::1:role/dns' })))
      .toEqual({ route53: { region: 'eu-west-1', hostedZoneID: 'Z123', role: 'arn:aws:iam::1:role/dns' } });
  });

  test('a ServiceAccount token exchanged for a role', () => {
    const provider = Dns01Provider.route53({
      role: 'arn:aws:iam::1:role/dns',
      credentials: Route53Credentials.serviceAccount('dns-solver', { audiences: ['sts.amazonaws.com'] }),
    });
    expect(dns01Of(provider).route53).toEqual({
      role: 'arn:aws:iam::1:role/dns',
      auth: { kubernetes: { serviceAccountRef: { name: 'dns-solver', audiences: ['sts.amazonaws.com'] } } },
    });
  });

  test('a static access key from Secrets', () => {
    const provider = Dns01Provider.route53({
      credentials: Route53Credentials.accessKey({ accessKeyId: ref('aws', 'id'), secretAccessKey: ref('aws', 'secret') }),
    });
    expect(dns01Of(provider).route53).toEqual({
      accessKeyIDSecretRef: { name: 'aws', key: 'id' },
      secretAccessKeySecretRef: { name: 'aws', key: 'secret' },
    });
  });

  test('fails when ServiceAccount credentials have no role', () => {
    expect(withProvider(Dns01Provider.route53({ credentials: Route53Credentials.serviceAccount('dns') })))
      .toThrow('[test/Acme] route53 uses Route53Credentials.serviceAccount but no role is set; set role to the ARN');
  });

  test('fails when a Secret key is invalid', () => {
    const provider = Dns01Provider.route53({
      credentials: Route53Credentials.accessKey({ accessKeyId: ref('aws', 'id/x'), secretAccessKey: ref('aws', 'secret') }),
    });
    expect(withProvider(provider)).toThrow('[test/Acme] route53 accessKeyId.key "id/x" is not a valid Secret key');
  });
});

describe('Dns01Provider.cloudflare', () => {
  test('API token', () => {
    expect(dns01Of(Dns01Provider.cloudflare({ apiToken: ref('cloudflare', 'api-token') })))
      .toEqual({ cloudflare: { apiTokenSecretRef: { name: 'cloudflare', key: 'api-token' } } });
  });

  test('API key and email', () => {
    expect(dns01Of(Dns01Provider.cloudflareApiKey({ apiKey: ref('cloudflare', 'api-key'), email: 'dns@example.com' })))
      .toEqual({ cloudflare: { email: 'dns@example.com', apiKeySecretRef: { name: 'cloudflare', key: 'api-key' } } });
  });

  test('fails when the API key email is invalid', () => {
    expect(withProvider(Dns01Provider.cloudflareApiKey({ apiKey: ref('cloudflare', 'k'), email: 'dns' })))
      .toThrow('[test/Acme] cloudflare email "dns" is not an email address');
  });

  test('fails when the token Secret reference is missing', () => {
    expect(withProvider(Dns01Provider.cloudflare({} as any)))
      .toThrow('[test/Acme] cloudflare apiToken is missing; reference the Secret that holds the Cloudflare API token by name and key');
  });
});

describe('Dns01Provider.cloudDns', () => {
  test('ambient (Workload Identity) without a key', () => {
    expect(dns01Of(Dns01Provider.cloudDns({ project: 'my-project' }))).toEqual({ cloudDNS: { project: 'my-project' } });
    expect(acmeIssuer({ solvers: [AcmeSolver.dns01(Dns01Provider.cloudDns({ project: 'p' }))] }).acmeSolvers[0].ambientCredentials).toBe(true);
  });

  test('a service account key and a zone', () => {
    expect(dns01Of(Dns01Provider.cloudDns({ project: 'p', hostedZoneName: 'example-com', serviceAccountKey: ref('gcp', 'key.json') })))
      .toEqual({ cloudDNS: { project: 'p', hostedZoneName: 'example-com', serviceAccountSecretRef: { name: 'gcp', key: 'key.json' } } });
  });

  test('fails when the project is empty', () => {
    expect(withProvider(Dns01Provider.cloudDns({ project: '' })))
      .toThrow('[test/Acme] cloudDNS project is ""; set it to a non-empty value');
  });
});

describe('Dns01Provider.azureDns', () => {
  const zone = { subscriptionId: 'sub', resourceGroupName: 'dns-rg' };

  test('ambient managed identity by default', () => {
    expect(dns01Of(Dns01Provider.azureDns(zone))).toEqual({ azureDNS: { subscriptionID: 'sub', resourceGroupName: 'dns-rg' } });
  });

  test('zone, environment and a user-assigned managed identity', () => {
    const provider = Dns01Provider.azureDns({
      ...zone,
      hostedZoneName: 'example.com',
      environment: AzureEnvironment.AZURE_US_GOVERNMENT_CLOUD,
      zoneType: AzureDnsZoneType.PRIVATE,
      credentials: AzureDnsCredentials.managedIdentity({ clientId: 'client' }),
    });
    expect(dns01Of(provider).azureDNS).toEqual({
      ...{ subscriptionID: 'sub', resourceGroupName: 'dns-rg' },
      hostedZoneName: 'example.com',
      environment: 'AzureUSGovernmentCloud',
      zoneType: 'AzurePrivateZone',
      managedIdentity: { clientID: 'client' },
    });
  });

  test('workload identity', () => {
    const workload = AzureDnsCredentials.workloadIdentity({ clientId: 'c', tenantId: 't' });
    expect(dns01Of(Dns01Provider.azureDns({ ...zone, credentials: workload })).azureDNS.managedIdentity)
      .toEqual({ clientID: 'c', tenantID: 't' });
    const ambient = Dns01Provider.azureDns({ ...zone, credentials: AzureDnsCredentials.workloadIdentity() });
    expect(dns01Of(ambient).azureDNS.managedIdentity).toBeUndefined();
  });

  test('a service principal with a client secret', () => {
    const provider = Dns01Provider.azureDns({
      ...zone, credentials: AzureDnsCredentials.servicePrincipal({ clientId: 'c', tenantId: 't', clientSecret: ref('azure', 'secret') }),
    });
    expect(dns01Of(provider).azureDNS).toMatchObject({ clientID: 'c', tenantID: 't', clientSecretSecretRef: { name: 'azure', key: 'secret' } });
    expect(acmeIssuer({ solvers: [AcmeSolver.dns01(provider)] }).acmeSolvers[0].ambientCredentials).toBe(false);
  });

  test('fails when a managed identity sets both clientId and resourceId', () => {
    expect(withProvider(Dns01Provider.azureDns({ ...zone, credentials: AzureDnsCredentials.managedIdentity({ clientId: 'c', resourceId: 'r' }) })))
      .toThrow('[test/Acme] AzureDnsCredentials.managedIdentity sets both clientId and resourceId; set only one of them');
  });

  test('fails when the subscription is empty', () => {
    expect(withProvider(Dns01Provider.azureDns({ ...zone, subscriptionId: ' ' })))
      .toThrow('[test/Acme] azureDNS subscriptionId is " "; set it to a non-empty value');
  });
});

describe('Dns01Provider.digitalOcean', () => {
  test('token', () => {
    expect(dns01Of(Dns01Provider.digitalOcean({ token: ref('do', 'access-token') })))
      .toEqual({ digitalocean: { tokenSecretRef: { name: 'do', key: 'access-token' } } });
  });

  test('fails when the Secret name is invalid', () => {
    expect(withProvider(Dns01Provider.digitalOcean({ token: ref('DO', 'token') })))
      .toThrow('[test/Acme] digitalocean token.name "DO" is not a valid Kubernetes object name');
  });
});

describe('Dns01Provider.rfc2136', () => {
  test('nameserver only', () => {
    expect(dns01Of(Dns01Provider.rfc2136({ nameserver: '10.0.0.53' }))).toEqual({ rfc2136: { nameserver: '10.0.0.53' } });
  });

  test('TSIG signed updates over TCP', () => {
    expect(dns01Of(Dns01Provider.rfc2136({
      nameserver: '[2001:db8::53]:53',
      tsigKeyName: 'acme-key',
      tsigAlgorithm: TsigAlgorithm.HMAC_SHA256,
      tsigSecret: ref('tsig', 'secret'),
      protocol: Rfc2136Protocol.TCP,
    }))).toEqual({
      rfc2136: {
        nameserver: '[2001:db8::53]:53',
        tsigKeyName: 'acme-key',
        tsigAlgorithm: 'HMACSHA256',
        tsigSecretSecretRef: { name: 'tsig', key: 'secret' },
        protocol: 'TCP',
      },
    });
  });

  test('fails when only one of tsigKeyName and tsigSecret is set', () => {
    expect(withProvider(Dns01Provider.rfc2136({ nameserver: 'ns1.example.com:53', tsigKeyName: 'k' })))
      .toThrow('[test/Acme] rfc2136 sets only one of tsigKeyName and tsigSecret; set both to sign updates, or neither');
  });

  test('fails when the nameserver is a URL', () => {
    expect(withProvider(Dns01Provider.rfc2136({ nameserver: 'udp://10.0.0.53' })))
      .toThrow('[test/Acme] rfc2136 nameserver "udp://10.0.0.53" is not a host or host:port');
  });
});

describe('Dns01Provider.akamai', () => {
  test('EdgeGrid credentials', () => {
    expect(dns01Of(Dns01Provider.akamai({
      serviceConsumerDomain: 'akab-xxx.luna.akamaiapis.net',
      clientToken: ref('akamai', 'client-token'),
      clientSecret: ref('akamai', 'client-secret'),
      accessToken: ref('akamai', 'access-token'),
    }))).toEqual({
      akamai: {
        serviceConsumerDomain: 'akab-xxx.luna.akamaiapis.net',
        clientTokenSecretRef: { name: 'akamai', key: 'client-token' },
        clientSecretSecretRef: { name: 'akamai', key: 'client-secret' },
        accessTokenSecretRef: { name: 'akamai', key: 'access-token' },
      },
    });
  });

  test('fails when the service consumer domain is empty', () => {
    expect(withProvider(Dns01Provider.akamai({
      serviceConsumerDomain: '', clientToken: ref('a', 'b'), clientSecret: ref('a', 'c'), accessToken: ref('a', 'd'),
    }))).toThrow('[test/Acme] akamai serviceConsumerDomain is ""');
  });
});

describe('Dns01Provider.acmeDns', () => {
  test('host and account Secret', () => {
    expect(dns01Of(Dns01Provider.acmeDns({ host: 'https://auth.acme-dns.io', accountSecret: ref('acme-dns', 'acmedns.json') })))
      .toEqual({ acmeDNS: { host: 'https://auth.acme-dns.io', accountSecretRef: { name: 'acme-dns', key: 'acmedns.json' } } });
  });

  test('fails when the host is not https', () => {
    expect(withProvider(Dns01Provider.acmeDns({ host: 'http://auth.acme-dns.io', accountSecret: ref('a', 'b') })))
      .toThrow('[test/Acme] acmeDNS host "http://auth.acme-dns.io" is not an https:// URL');
  });
});

describe('Dns01Provider.webhook', () => {
  test('group, solver and JSON config', () => {
    expect(dns01Of(Dns01Provider.webhook({
      groupName: 'acme.example.com', solverName: 'hetzner', config: { secretName: 'hetzner', zoneName: 'example.com', ttl: 60 },
    }))).toEqual({
      webhook: { groupName: 'acme.example.com', solverName: 'hetzner', config: { secretName: 'hetzner', zoneName: 'example.com', ttl: 60 } },
    });
    const issuer = acmeIssuer({ solvers: [AcmeSolver.dns01(Dns01Provider.webhook({ groupName: 'acme.example.com', solverName: 'hetzner' }))] });
    expect(issuer.acmeSolvers[0].provider).toBe('webhook:acme.example.com/hetzner');
  });

  test('fails when the group name is not a DNS subdomain', () => {
    expect(withProvider(Dns01Provider.webhook({ groupName: 'Acme Example', solverName: 'x' })))
      .toThrow('[test/Acme] webhook groupName "Acme Example" is not a valid Kubernetes object name');
  });
});

test('a namespaced Issuer reads provider Secrets from its own namespace', () => {
  const issuer = new Issuer(Testing.chart(), 'Dns', {
    namespace: 'apps',
    config: IssuerConfig.acme({ server: AcmeServer.LETS_ENCRYPT, solvers: [AcmeSolver.dns01(Dns01Provider.digitalOcean({ token: ref('do', 't') }))] }),
  });
  expect(issuer.secretDependencies.find((s) => s.name === 'do')?.namespace).toBe('apps');
  expect(new ClusterIssuer(Testing.chart(), 'Self', { config: IssuerConfig.selfSigned() }).secretDependencies).toEqual([]);
});
