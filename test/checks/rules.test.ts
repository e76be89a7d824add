import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import {
  AcmeServer, AcmeSolver, CertManager, Certificate, CertificateChecks, ClusterIssuer, DeploymentEnvironment, Dns01Provider,
  FindingSeverity, IIssuer, Issuer, IssuerConfig, PrivateCa,
} from '../../src';
import { CertificateGraph, CertificateSource } from '../../src/graph/certificate-graph';
import { hasInstruction } from '../harness/messages';
import { captureOutcome } from '../harness/stderr';

/** A chart in a fresh app, and the issuers most cases need. */
function world() {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'web' });
  const cloudflare = Dns01Provider.cloudflare({ apiToken: { name: 'cf', key: 'token' } });
  const http = (name: string, server = AcmeServer.LETS_ENCRYPT_STAGING) => new ClusterIssuer(chart, `I-${name}`, {
    name, config: IssuerConfig.acme({ server, email: 'ops@example.com', solvers: [AcmeSolver.http01Ingress()] }),
  });
  const dns = (name: string, zones: string[] = ['example.com'], server = AcmeServer.LETS_ENCRYPT_STAGING) => new ClusterIssuer(chart, `I-${name}`, {
    name, config: IssuerConfig.acme({ server, email: 'ops@example.com', solvers: [AcmeSolver.dns01(cloudflare, { dnsZones: zones })] }),
  });
  const ca = new ClusterIssuer(chart, 'Ca', { name: 'ca', config: IssuerConfig.ca({ secretName: 'ca' }) });
  let n = 0;
  const cert = (issuer: IIssuer, dnsNames: string[], more: Partial<ConstructorParameters<typeof Certificate>[2]> = {}) =>
    new Certificate(chart, `Cert${++n}`, { name: `cert-${n}`, issuer, dnsNames, ...more });
  return { app, chart, http, dns, ca, cert };
}

const container = { name: 'app', image: 'ghcr.io/example/app:1', securityContext: { runAsNonRoot: true } };

function deployment(chart: Chart, id: string, podSpec: Partial<k8s.PodSpec>, annotations?: Record<string, string>, replicas?: number) {
  return new k8s.KubeDeployment(chart, id, {
    metadata: { name: id.toLowerCase(), annotations },
    spec: {
      replicas,
      selector: { matchLabels: { app: id.toLowerCase() } },
      template: { metadata: { labels: { app: id.toLowerCase() } }, spec: { containers: [container], ...podSpec } },
    },
  });
}

const mountOf = (secretName: string, subPath?: string): Partial<k8s.PodSpec> => ({
  volumes: [{ name: 'tls', secret: { secretName } }],
  containers: [{ ...container, volumeMounts: [{ name: 'tls', mountPath: subPath ? '/tls/tls.crt' : '/tls', subPath }] }],
});

function shimFact(chart: Chart, issuer: IIssuer, more: { namespace?: string; duration?: number; renewBefore?: number } = {}): IConstruct {
  const scope = new k8s.KubeIngress(chart, 'ShimIngress', { metadata: { name: 'shop', annotations: { 'cert-manager.io/cluster-issuer': issuer.issuerName } } });
  CertificateGraph.of(chart).addCertificate({
    scope,
    source: CertificateSource.INGRESS_SHIM,
    name: 'shop-tls',
    namespace: more.namespace ?? 'web',
    secretName: 'shop-tls',
    dnsNames: ['shop.example.com'],
    ipAddresses: [],
    uris: [],
    emailAddresses: [],
    issuer,
    isCa: false,
    durationSeconds: more.duration ?? 90 * 86400,
    durationSet: false,
    renewBeforeSeconds: more.renewBefore ?? 30 * 86400,
    labels: {},
  });
  return scope;
}

/** A Certificate written as a low-level object, as included YAML would be. */
function rawCertificate(chart: Chart, id: string, spec: Record<string, unknown>): ApiObject {
  return new ApiObject(chart, id, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: id.toLowerCase() },
    spec: { secretName: `${id.toLowerCase()}-tls`, issuerRef: { name: 'ca', kind: 'ClusterIssuer' }, dnsNames: [`${id.toLowerCase()}.example.com`], ...spec },
  });
}

interface RuleCase {
  /** Builds an app where the rule finds exactly one problem; returns the construct it is reported on. */
  readonly failing: (w: ReturnType<typeof world>) => IConstruct;
  /** Builds the nearest app where the rule finds nothing. */
  readonly passing: (w: ReturnType<typeof world>) => void;
  /** What the finding must say. */
  readonly message: RegExp;
}

const CASES: Record<string, RuleCase> = {
  'CM-ACME1': {
    failing: (w) => w.cert(w.http('le'), ['*.example.com']),
    passing: (w) => w.cert(w.dns('le'), ['*.example.com']),
    message: /asks for "\*.example.com" from ACME issuer "le", which has no DNS-01 solver selecting it; .*dnsZones \["example.com"\]/,
  },
  'CM-ACME2': {
    failing: (w) => w.cert(w.dns('le', ['example.com']), ['api.example.org']),
    passing: (w) => w.cert(w.dns('le', ['example.com']), ['api.example.com']),
    message: /asks for "api.example.org" but no solver of ACME issuer "le" selects it/,
  },
  'CM-ACME3': {
    failing: (w) => w.cert(w.http('le'), Array.from({ length: 101 }, (_, i) => `h${i}.example.com`)),
    passing: (w) => w.cert(w.http('le'), Array.from({ length: 100 }, (_, i) => `h${i}.example.com`)),
    message: /has 101 names but ACME issuer "le" allows at most 100 per order/,
  },
  'CM-ACME4': {
    failing: (w) => {
      const le = w.http('le', AcmeServer.LETS_ENCRYPT);
      const certs = Array.from({ length: 51 }, (_, i) => w.cert(le, [`h${i}.shop.example.co.uk`]));
      return certs[50];
    },
    passing: (w) => {
      const le = w.http('le', AcmeServer.LETS_ENCRYPT);
      Array.from({ length: 50 }, (_, i) => w.cert(le, [`h${i}.shop.example.co.uk`]));
      const staging = w.http('st');
      Array.from({ length: 5 }, (_, i) => w.cert(staging, [`s${i}.shop.example.co.uk`]));
    },
    message: /51 certificates for registered domain "example.co.uk" come from Let's Encrypt production/,
  },
  'CM-ISS1': {
    failing: (w) => {
      const issuer = new Issuer(w.chart, 'Ns', { name: 'team', namespace: 'team-a', config: IssuerConfig.selfSigned() });
      return shimFact(w.chart, issuer, { namespace: 'web' });
    },
    passing: (w) => shimFact(w.chart, w.ca),
    message: /the ingress-shim Certificate "web\/shop-tls" uses Issuer "team-a\/team" from another namespace/,
  },
  'CM-ISS2': {
    failing: (w) => {
      const ref = ClusterIssuer.fromClusterIssuerName(w.chart, 'Ref', 'corp-ca');
      w.cert(ref, ['a.web.svc']);
      return ref;
    },
    passing: (w) => {
      w.cert(ClusterIssuer.fromClusterIssuerName(w.chart, 'Ref', 'ca'), ['a.web.svc']);
      ClusterIssuer.fromClusterIssuerName(w.chart, 'Unused', 'nobody-uses-it');
    },
    message: /ClusterIssuer "corp-ca" is referenced by name but not declared in this app/,
  },
  'CM-ISS3': {
    failing: (w) => {
      new CertManager(w.chart, 'Install');
      return new ClusterIssuer(w.chart, 'Elsewhere', { name: 'elsewhere', clusterResourceNamespace: 'security', config: IssuerConfig.ca({ secretName: 'root' }) });
    },
    passing: (w) => {
      new CertManager(w.chart, 'Install');
      new ClusterIssuer(w.chart, 'Default', { name: 'default', config: IssuerConfig.ca({ secretName: 'root' }) });
    },
    message: /ClusterIssuer "elsewhere" reads its .* from Secret "security\/root", but the install at c\/Install reads ClusterIssuer Secrets from "cert-manager"/,
  },
  'CM-TLS1': {
    failing: (w) => {
      w.cert(w.ca, ['api.example.com'], { secretName: 'api-cert' });
      return new k8s.KubeIngress(w.chart, 'Ing', { metadata: { name: 'api' }, spec: { tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }] } });
    },
    passing: (w) => {
      w.cert(w.ca, ['api.example.com'], { secretName: 'api-tls' });
      new k8s.KubeIngress(w.chart, 'Ing', { metadata: { name: 'api' }, spec: { tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }] } });
      new k8s.KubeIngress(w.chart, 'Shim', { metadata: { name: 'shim', annotations: { 'cert-manager.io/cluster-issuer': 'ca' } }, spec: { tls: [{ hosts: ['s.example.com'], secretName: 's-tls' }] } });
      new k8s.KubeSecret(w.chart, 'Own', { metadata: { name: 'own-tls' }, type: 'kubernetes.io/tls' });
      new k8s.KubeIngress(w.chart, 'Own2', { metadata: { name: 'own' }, spec: { tls: [{ hosts: ['o.example.com'], secretName: 'own-tls' }] } });
    },
    message: /Ingress "web\/api" serves hosts \["api.example.com"\] with Secret "api-tls", which no Certificate, ingress-shim annotation or Secret of this app produces/,
  },
  'CM-ENV1': {
    failing: (w) => {
      CertificateChecks.markEnvironment(w.chart, DeploymentEnvironment.PRODUCTION);
      return w.cert(w.http('le'), ['api.example.com']);
    },
    passing: (w) => {
      CertificateChecks.markEnvironment(w.chart, DeploymentEnvironment.PRODUCTION);
      w.cert(w.http('le', AcmeServer.LETS_ENCRYPT), ['api.example.com']);
    },
    message: /comes from issuer "le" on the staging ACME server .* but its nearest environment mark, on c, is production; use a production ACME issuer here, or, if this part deploys to staging, mark its chart with CertificateChecks.markEnvironment\(chart, DeploymentEnvironment.STAGING\)/,
  },
  'CM-ENV2': {
    failing: (w) => {
      CertificateChecks.markEnvironment(w.chart, DeploymentEnvironment.TEST);
      return w.cert(w.http('le', AcmeServer.LETS_ENCRYPT), ['api.example.com']);
    },
    passing: (w) => {
      CertificateChecks.markEnvironment(w.chart, DeploymentEnvironment.TEST);
      w.cert(w.http('le'), ['api.example.com']);
      w.cert(w.ca, ['internal.web.svc']);
    },
    message: /comes from the production ACME server .* but its nearest environment mark, on c, is test; use a staging ACME issuer here .*, or, if this part serves real users, mark its chart with CertificateChecks.markEnvironment\(chart, DeploymentEnvironment.PRODUCTION\)/,
  },
  'CM-DUR1': {
    failing: (w) => shimFact(w.chart, w.ca, { duration: 3600, renewBefore: 3600 }),
    passing: (w) => shimFact(w.chart, w.ca),
    message: /the ingress-shim Certificate "web\/shop-tls": renewBefore 1 hour is not shorter than duration 1 hour/,
  },
  'CM-DUR2': {
    failing: (w) => w.cert(w.ca, ['a.web.svc'], { duration: Duration.days(30), renewBefore: Duration.days(20) }),
    passing: (w) => w.cert(w.ca, ['a.web.svc'], { duration: Duration.days(30), renewBefore: Duration.days(19) }),
    message: /renews 20 days before expiry, two thirds or more of its duration 30 days/,
  },
  'CM-CA1': {
    failing: (w) => {
      const ca = new PrivateCa(w.chart, 'Pca', { name: 'pca', duration: Duration.days(365), renewBefore: Duration.days(30) });
      return w.cert(ca.issuer, ['db.web.svc'], { duration: Duration.days(31) });
    },
    passing: (w) => {
      const ca = new PrivateCa(w.chart, 'Pca', { name: 'pca', duration: Duration.days(365), renewBefore: Duration.days(30) });
      w.cert(ca.issuer, ['db.web.svc'], { duration: Duration.days(30) });
    },
    message: /lasts 31 days but private CA "pca" \(c\/Pca\) may sign with only 30 days left/,
  },
  'CM-REL1': {
    failing: (w) => {
      w.cert(w.ca, ['db.web.svc'], { secretName: 'db-tls' });
      return deployment(w.chart, 'Db', mountOf('db-tls'));
    },
    passing: (w) => {
      const c = w.cert(w.ca, ['db.web.svc'], { secretName: 'db-tls' });
      c.reloadOnRotation(deployment(w.chart, 'Db', mountOf('db-tls')));
      deployment(w.chart, 'Annotated', mountOf('db-tls'), { 'secret.reloader.stakater.com/reload': 'other,db-.*' });
      deployment(w.chart, 'Auto', mountOf('db-tls'), { 'reloader.stakater.com/auto': 'true' });
      deployment(w.chart, 'NotACert', mountOf('some-config'));
    },
    message: /Deployment "web\/db" uses the certificate Secret "db-tls" but nothing restarts it/,
  },
  'CM-REL2': {
    failing: (w) => {
      w.cert(w.ca, ['db.web.svc'], { secretName: 'db-tls' });
      return deployment(w.chart, 'Db', mountOf('db-tls', 'tls.crt'), { 'reloader.stakater.com/auto': 'true' });
    },
    passing: (w) => {
      w.cert(w.ca, ['db.web.svc'], { secretName: 'db-tls' });
      deployment(w.chart, 'Db', mountOf('db-tls'), { 'reloader.stakater.com/auto': 'true' });
      deployment(w.chart, 'Cfg', mountOf('config', 'app.yaml'));
    },
    message: /Deployment "web\/db" mounts the certificate Secret "db-tls" into container "app" at "\/tls\/tls.crt" with subPath/,
  },
  'CM-PDB1': {
    failing: (w) => {
      deployment(w.chart, 'Api', {}, undefined, 2);
      return new k8s.KubePodDisruptionBudget(w.chart, 'Pdb', { metadata: { name: 'api' }, spec: { minAvailable: k8s.IntOrString.fromNumber(2), selector: { matchLabels: { app: 'api' } } } });
    },
    passing: (w) => {
      deployment(w.chart, 'Api', {}, undefined, 3);
      new k8s.KubePodDisruptionBudget(w.chart, 'Pdb', { metadata: { name: 'api' }, spec: { minAvailable: k8s.IntOrString.fromNumber(2), selector: { matchLabels: { app: 'api' } } } });
      new k8s.KubePodDisruptionBudget(w.chart, 'Orphan', { metadata: { name: 'orphan' }, spec: { maxUnavailable: k8s.IntOrString.fromNumber(0), selector: { matchLabels: { app: 'gone' } } } });
    },
    message: /PodDisruptionBudget "web\/api" blocks every node drain: minAvailable is 2 and the pods it selects have 2 replicas \(Deployment api\)/,
  },
  'CM-MON1': {
    failing: (w) => {
      CertificateGraph.of(w.chart).addAlertThresholds({ scope: w.chart, alertNames: ['CertManagerCertificateRenewalOverdue'], renewalGraceSeconds: 3600, renewalOverdueForSeconds: 900 });
      return w.cert(w.ca, ['a.web.svc'], { duration: Duration.hours(12), renewBefore: Duration.hours(1) });
    },
    passing: (w) => {
      CertificateGraph.of(w.chart).addAlertThresholds({ scope: w.chart, alertNames: ['CertManagerCertificateRenewalOverdue'], renewalGraceSeconds: 3600, renewalOverdueForSeconds: 900 });
      w.cert(w.ca, ['a.web.svc'], { duration: Duration.hours(12), renewBefore: Duration.hours(2) });
    },
    message: /renews 1 hour before expiry, but the alerts at c report an overdue renewal only after 75 minutes/,
  },
  'CM-NET1': {
    failing: (w) => {
      CertificateChecks.markPrivateNetwork(w.chart);
      return w.http('le');
    },
    passing: (w) => {
      CertificateChecks.markPrivateNetwork(w.chart);
      w.cert(w.dns('le'), ['api.example.com']);
    },
    message: /ACME issuer "le" has an HTTP-01 solver but c is marked as a private network/,
  },
  'CM-WH1': {
    failing: (w) => rawCertificate(w.chart, 'Raw', { secretName: 'Raw_TLS' }),
    passing: (w) => {
      rawCertificate(w.chart, 'Raw', {});
      w.cert(w.ca, [], { commonName: 'sub-ca', isCa: true, nameConstraints: { permitted: { dnsDomains: ['example.com'] } } });
    },
    message: /^Certificate "web\/raw" \(c\/Raw\) is refused by cert-manager's admission webhook \(WH-CERT-02\): spec.secretName: secretName "Raw_TLS" is not a valid Secret name; use at most 253 lowercase letters/,
  },
};

describe('every rule has a case', () => {
  test('the cases cover the pack exactly', () => {
    expect(Object.keys(CASES).sort()).toEqual(CertificateChecks.rules.map((r) => r.id).sort());
  });
});

describe.each(Object.entries(CASES))('%s', (id, c) => {
  test('finds the problem, naming the construct and the fix', () => {
    const w = world();
    const offender = c.failing(w);
    const found = CertificateChecks.run(w.app).filter((f) => f.ruleId === id);
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe(offender.node.path);
    expect(found[0].message).toMatch(c.message);
    expect(found[0].suppressedReason).toBeUndefined();
  });

  test('fires when the app synthesizes, without CertificateChecks.enable', () => {
    const w = world();
    const offender = c.failing(w);
    const rule = CertificateChecks.rules.find((r) => r.id === id)!;
    const out = captureOutcome(() => w.app.synthYaml());
    const line = `[${id}] [${offender.node.path}] `;
    if (rule.severity === FindingSeverity.ERROR) {
      expect(out.error?.message).toContain(`\n  ${line}`);
    } else {
      expect(out.printed).toContain(`[WARNING] ${line}`);
    }
  });

  test('finds nothing in the passing app', () => {
    const w = world();
    c.passing(w);
    expect(CertificateChecks.run(w.app).filter((f) => f.ruleId === id)).toEqual([]);
  });

  test('a suppression on the construct or an ancestor records the reason', () => {
    const w = world();
    const offender = c.failing(w);
    CertificateChecks.suppress(offender.node.scope ?? offender, id, 'accepted for this test case');
    const found = CertificateChecks.run(w.app).filter((f) => f.ruleId === id);
    expect(found).toHaveLength(1);
    expect(found[0].suppressedReason).toBe('accepted for this test case');
  });
});

describe('finding messages (the style of CONTRIBUTING.md)', () => {
  test.each(Object.entries(CASES))('%s names its construct, the value and the fix', (id, c) => {
    const w = world();
    c.failing(w);
    for (const f of CertificateChecks.run(w.app).filter((x) => x.ruleId === id)) {
      expect(f.path).not.toBe('');
      expect(f.path.startsWith('[')).toBe(false);
      expect(f.message).toMatch(/"[^"]+"|\d/);
      expect({ message: f.message, instruction: hasInstruction(f.message) }).toEqual({ message: f.message, instruction: true });
      expect(f.message).not.toMatch(/ {2}|\[\]/);
    }
  });
});

describe('severities', () => {
  test('warnings are the rate-limit, reference, churn, environment and alert rules', () => {
    const warnings = CertificateChecks.rules.filter((r) => r.severity === FindingSeverity.WARNING).map((r) => r.id);
    expect(warnings).toEqual(['CM-ACME4', 'CM-ISS2', 'CM-ENV2', 'CM-DUR2', 'CM-MON1']);
  });
});
