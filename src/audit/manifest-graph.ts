import { isIP } from 'node:net';
import { ApiObject, App, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ManifestIssuer } from './manifest-issuer';
import { InputProblem, SourceObject } from './manifest-source';
import { Inventory } from '../checks/inventory';
import { describe } from '../checks/rules/support';
import {
  BundleFact, CertificateFact, CertificateGraph, CertificateSource, ReloadMode, ScopeMark,
} from '../graph/certificate-graph';
import { IIssuer, IssuerKind, IssuerScope } from '../issuers/issuer-ref';
import {
  ENVIRONMENT_ANNOTATION, isChecked, PRIVATE_NETWORK_ANNOTATION, SELF_RELOAD_ANNOTATION, SELF_RELOAD_REASON_ANNOTATION,
} from '../private/check-annotations';
import { CERT_MANAGER_GROUP } from '../private/defaults';

/** Facts manifests lack, given on the command line. */
export interface ManifestGraphOptions {
  /** Namespaces that serve real users (CM-ENV1). */
  readonly productionNamespaces?: readonly string[];
  /** Pre-production namespaces (CM-ENV2). */
  readonly stagingNamespaces?: readonly string[];
  /** Test namespaces (CM-ENV2). */
  readonly testNamespaces?: readonly string[];
  /** Namespaces unreachable from the internet (CM-NET1). */
  readonly privateNetworkNamespaces?: readonly string[];
  /** Namespace of namespaced objects that do not name one, as kubectl applies them. @default 'default' */
  readonly defaultNamespace?: string;
  /** Where cert-manager reads ClusterIssuer Secrets from. @default 'cert-manager' */
  readonly clusterResourceNamespace?: string;
  /**
   * The only namespace trust-manager reads Bundle source Secrets from (its `--trust-namespace`).
   * @default - the `--trust-namespace` of a trust-manager Deployment in the input, else 'cert-manager'
   */
  readonly trustNamespace?: string;
  /**
   * The issuer the ingress-shim uses for Ingresses annotated `kubernetes.io/tls-acme: "true"`
   * (the controller's `--default-issuer-kind` and `--default-issuer-name`).
   * @default - unknown: the Certificates of such Ingresses are not judged
   */
  readonly defaultIssuer?: { readonly kind: 'Issuer' | 'ClusterIssuer'; readonly name: string };
}

/** A manifest the audit read, with its construct in the graph's tree. */
export interface AuditedObject {
  readonly source: SourceObject;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly apiObject: SourceApiObject;
}

/** `kind/namespace/name` (or `kind/name` for cluster-scoped objects). */
export function objectRef(o: { kind: string; namespace?: string; name: string }): string {
  return o.namespace === undefined ? `${o.kind}/${o.name}` : `${o.kind}/${o.namespace}/${o.name}`;
}

/** An object read from a file: renders as it was written. */
export class SourceApiObject extends ApiObject {
  constructor(scope: Construct, id: string, public readonly manifest: any, namespace: string | undefined) {
    super(scope, id, { apiVersion: manifest.apiVersion, kind: manifest.kind, metadata: { name: manifest.metadata.name, namespace } });
  }

  public toJson(): any {
    return this.manifest;
  }
}

const CLUSTER_SCOPED = new Set(['ClusterIssuer', 'Namespace', 'Bundle']);
/** Kinds the audit reads besides those the checks annotate: trust-manager Bundles (for CM-CA2). */
const AUDIT_ONLY_KINDS: Readonly<Record<string, readonly string[]>> = { 'trust.cert-manager.io': ['Bundle'] };
/** The label every namespace carries with its own name, which a Bundle selects namespaces by name with. */
const NAME_LABEL = 'kubernetes.io/metadata.name';
/** trust-manager's flag naming the namespace it reads Bundle sources from. */
const TRUST_NAMESPACE_ARG = '--trust-namespace=';
/** A PrivateCa root's Secret: `<name>-root` (generation 1) or `<name>-root-<generation>`. */
const ROOT_SERIES = /^(.*-root)(?:-(\d+))?$/;
/** Workload kinds a Bundle can be mounted into, as Bundle.mount accepts them. */
const BUNDLE_WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const SHIM = { clusterIssuer: 'cert-manager.io/cluster-issuer', issuer: 'cert-manager.io/issuer' };
const TLS_ACME = 'kubernetes.io/tls-acme';
const RENEWAL_OVERDUE = 'CertManagerCertificateRenewalOverdue';
const DEFAULT_DURATION_SECONDS = 90 * 86400;

/** The certificate graph and inventory of a set of manifests, with the way back to their files. */
export class ManifestGraph {
  public readonly root = new App({ outdir: '.' });
  public readonly graph = CertificateGraph.of(this.root);
  public readonly objects: AuditedObject[] = [];
  /** Objects of kinds the audit does not read, by `kind (apiVersion)`. */
  public readonly ignored = new Map<string, number>();
  public readonly problems: InputProblem[] = [];
  /** Ingresses annotated `kubernetes.io/tls-acme: "true"` whose issuer is unknown (no default issuer given). */
  public readonly tlsAcmeUnresolved = new Set<AuditedObject>();
  /** Marks given by flags, labels or annotations. */
  public readonly marksGiven = new Set<ScopeMark>();
  private readonly charts = new Map<string, Chart>();
  private readonly byKey = new Map<string, AuditedObject>();
  private readonly byConstruct = new Map<IConstruct, AuditedObject>();
  private readonly issuers = new Map<string, ManifestIssuer>();
  /** `namespace/name` → certificate, for lookups in constant time. */
  private readonly certificatesByName = new Map<string, CertificateFact>();
  /** Referenced issuers → the objects that reference them. */
  private readonly users = new Map<IIssuer, AuditedObject[]>();
  /** Bundle name → its fact, and whether its target is a Secret (else a ConfigMap). */
  private readonly bundles = new Map<string, { fact: BundleFact; secret: boolean }>();
  private readonly defaultNamespace: string;
  private readonly clusterResourceNamespace: string;
  private readonly trustNamespace: string;
  private _inventory?: Inventory;

  constructor(sources: readonly SourceObject[], private readonly options: ManifestGraphOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.clusterResourceNamespace = options.clusterResourceNamespace ?? 'cert-manager';
    for (const s of sources) this.read(s);
    this.trustNamespace = options.trustNamespace ?? this.trustNamespaceOfInstall() ?? 'cert-manager';
    this.markNamespaces();
    for (const o of this.objects) this.markObject(o);
    for (const o of this.ofKind('Issuer', 'ClusterIssuer')) this.addIssuer(o);
    for (const o of this.ofKind('Certificate')) this.addCertificate(o);
    for (const o of this.ofKind('Issuer', 'ClusterIssuer')) this.addPrivateCa(o);
    for (const o of this.ofKind('Bundle')) this.addBundle(o);
    for (const o of this.ofKind(...BUNDLE_WORKLOADS)) this.addBundleConsumers(o);
    for (const o of this.ofKind('Ingress')) this.addIngress(o);
    for (const o of this.ofKind('Gateway')) this.addGateway(o);
    for (const o of this.objects) this.addSelfReload(o);
    for (const o of this.ofKind('PrometheusRule')) this.addAlertThresholds(o);
  }

  /** The objects of the app, by kind, as the rules read them. */
  public get inventory(): Inventory {
    this._inventory ??= new Inventory(this.root);
    return this._inventory;
  }

  /**
   * The manifests a construct of the graph stands for: its own object (an issuer's, a
   * Certificate's, a workload's), or for an issuer only referenced, the objects that reference it.
   */
  public objectsOf(scope: IConstruct): AuditedObject[] {
    for (const c of [...scope.node.scopes].reverse()) {
      const o = this.byConstruct.get(c);
      if (o) return [o];
      const users = this.users.get(c as IIssuer);
      if (users) return users;
    }
    return [];
  }

  /** The Namespace object named `name`, when the input has it. */
  public namespaceObject(name: string | undefined): AuditedObject | undefined {
    return name === undefined ? undefined : this.byKey.get(`/Namespace//${name}`);
  }

  /**
   * The `--trust-namespace` of the trust-manager Deployment of the input, when it has one; two
   * installs that disagree are reported (the flag settles it).
   */
  private trustNamespaceOfInstall(): string | undefined {
    const containers = (pod: any) => [...arr(pod?.initContainers), ...arr(pod?.containers)];
    const found = this.ofKind('Deployment').flatMap((o) => containers(o.source.manifest.spec?.template?.spec)
      .flatMap((c: any) => strings(c?.args))
      .flatMap((a) => (a.startsWith(TRUST_NAMESPACE_ARG) ? [{ o, namespace: a.slice(TRUST_NAMESPACE_ARG.length) }] : [])));
    const other = found.find((f) => f.namespace !== found[0].namespace);
    if (other) {
      this.problem(other.o, `${objectRef(other.o)} runs trust-manager with ${TRUST_NAMESPACE_ARG}${other.namespace}, but `
        + `${objectRef(found[0].o)} with ${TRUST_NAMESPACE_ARG}${found[0].namespace}; pass --trust-namespace to say which one `
        + 'reads the Bundles\' sources');
    }
    return found[0]?.namespace;
  }

  private ofKind(...kinds: string[]): AuditedObject[] {
    return this.objects.filter((o) => kinds.includes(o.kind));
  }

  private problem(o: { source: SourceObject }, message: string): void {
    this.problems.push({ file: o.source.file, line: o.source.line, message });
  }

  private chart(namespace: string | undefined): Chart {
    const key = namespace ?? '';
    let chart = this.charts.get(key);
    if (!chart) {
      chart = new Chart(this.root, namespace === undefined ? 'cluster' : `namespace ${namespace}`, { namespace, disableResourceNameHashes: true });
      this.charts.set(key, chart);
    }
    return chart;
  }

  private read(source: SourceObject): void {
    const m = source.manifest;
    const slash = m.apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : m.apiVersion.slice(0, slash);
    if (!isChecked(m.apiVersion, m.kind) && !(AUDIT_ONLY_KINDS[group] ?? []).includes(m.kind)) {
      const key = `${m.kind} (${m.apiVersion})`;
      this.ignored.set(key, (this.ignored.get(key) ?? 0) + 1);
      return;
    }
    const name = m.metadata?.name;
    if (name !== undefined && typeof name !== 'string') {
      this.problem({ source }, `${m.kind} has metadata.name ${JSON.stringify(name)}, not a string; render templates (helm template, `
        + 'kustomize build) before auditing them');
      return;
    }
    if (typeof name !== 'string' || name === '') {
      this.problem({ source }, `${m.kind} has no metadata.name; give every object a name (generateName cannot be audited)`);
      return;
    }
    const declared = m.metadata?.namespace;
    const namespace = CLUSTER_SCOPED.has(m.kind) ? undefined : typeof declared === 'string' && declared !== '' ? declared : this.defaultNamespace;
    const key = `${group}/${m.kind}/${namespace ?? ''}/${name}`;
    const first = this.byKey.get(key);
    const ref = objectRef({ kind: m.kind, namespace, name });
    if (first) {
      this.problem({ source }, `${ref} is defined twice: also at ${first.source.file}:${first.source.line}; an apply keeps only `
        + 'one of them; remove one, or give them different names');
      return;
    }
    // Ingress is the one kind read from two API groups.
    const id = `${m.kind} ${name}${group === 'extensions' ? ' (extensions)' : ''}`;
    const apiObject = new SourceApiObject(this.chart(namespace), id, m, namespace);
    const o: AuditedObject = { source, group, kind: m.kind, name, namespace, apiObject };
    this.byKey.set(key, o);
    this.byConstruct.set(apiObject, o);
    this.objects.push(o);
  }

  private markNamespaces(): void {
    const flags: Array<[readonly string[] | undefined, ScopeMark]> = [
      [this.options.productionNamespaces, ScopeMark.PRODUCTION],
      [this.options.stagingNamespaces, ScopeMark.STAGING],
      [this.options.testNamespaces, ScopeMark.TEST],
      [this.options.privateNetworkNamespaces, ScopeMark.PRIVATE_NETWORK],
    ];
    for (const [namespaces, mark] of flags) {
      for (const ns of namespaces ?? []) {
        this.mark(this.chart(ns), mark, (e) => this.problems.push({ file: '(command line)', message: `namespace ${ns}: ${e}` }));
      }
    }
    for (const ns of this.ofKind('Namespace')) {
      const meta = ns.source.manifest.metadata ?? {};
      this.markFrom(ns, this.chart(ns.name), { ...meta.labels, ...meta.annotations });
    }
  }

  private markObject(o: AuditedObject): void {
    if (o.kind !== 'Namespace') this.markFrom(o, o.apiObject, o.source.manifest.metadata?.annotations ?? {});
  }

  private markFrom(o: AuditedObject, scope: IConstruct, values: Record<string, unknown>): void {
    const env = values[ENVIRONMENT_ANNOTATION];
    if (env !== undefined) {
      const mark = { production: ScopeMark.PRODUCTION, staging: ScopeMark.STAGING, test: ScopeMark.TEST }[String(env)];
      if (mark) this.mark(scope, mark, (e) => this.problem(o, `${objectRef(o)}: ${e}`));
      else this.problem(o, `${objectRef(o)} has ${ENVIRONMENT_ANNOTATION}: "${env}"; use production, staging or test`);
    }
    const priv = values[PRIVATE_NETWORK_ANNOTATION];
    if (priv !== undefined) {
      const report = (e: string) => this.problem(o, `${objectRef(o)}: ${e}`);
      if (String(priv) === 'true') this.mark(scope, ScopeMark.PRIVATE_NETWORK, report);
      else if (String(priv) === 'false') this.mark(scope, ScopeMark.PUBLIC_NETWORK, report);
      else this.problem(o, `${objectRef(o)} has ${PRIVATE_NETWORK_ANNOTATION}: "${priv}"; use "true" or "false"`);
    }
  }

  /** Marks `scope`; a second, different mark of the same kind (a flag and a label) is reported, not thrown. */
  private mark(scope: IConstruct, mark: ScopeMark, report: (message: string) => void): void {
    try {
      this.graph.mark(scope, mark);
      this.marksGiven.add(mark);
    } catch (e: any) {
      report(`${String(e?.message ?? e).replace(/^\[[^\]]*\]\s*/, '')} (from flags, Namespace labels or annotations)`);
    }
  }

  private addIssuer(o: AuditedObject): void {
    if (o.group !== CERT_MANAGER_GROUP) return;
    const cluster = o.kind === 'ClusterIssuer';
    const issuer = new ManifestIssuer(o.apiObject, 'issuer', {
      name: o.name,
      kind: cluster ? IssuerKind.CLUSTER_ISSUER : IssuerKind.ISSUER,
      namespace: o.namespace,
      external: false,
      spec: o.source.manifest.spec ?? {},
      secretNamespace: cluster ? this.clusterResourceNamespace : o.namespace,
    });
    const identity = cluster ? `ClusterIssuer "${o.name}"` : `Issuer "${o.namespace}/${o.name}"`;
    this.graph.addIssuer(issuer, identity, 'give one of them a different name');
    this.issuers.set(issuerKey(CERT_MANAGER_GROUP, o.kind, o.namespace, o.name), issuer);
  }

  /** The issuer an object refers to: declared in the input, or a reference to one that is not. */
  private issuerFor(user: AuditedObject, group: string, kind: string, name: string): IIssuer {
    const cluster = group === CERT_MANAGER_GROUP ? kind === 'ClusterIssuer' : /Cluster/.test(kind);
    const namespace = cluster ? undefined : user.namespace;
    const key = issuerKey(group, kind, namespace, name);
    let issuer = this.issuers.get(key);
    if (!issuer && !cluster && group === CERT_MANAGER_GROUP) {
      // cert-manager looks a namespaced Issuer up in the user's namespace only; one of that name
      // elsewhere in the input is most likely the one meant (CM-ISS1 says so).
      issuer = [...this.issuers.values()].find((i) => !i.external && i.kind === IssuerKind.ISSUER && i.issuerName === name);
    }
    if (!issuer) {
      const scope = this.chart(namespace);
      issuer = new ManifestIssuer(scope, `referenced ${group === CERT_MANAGER_GROUP ? '' : `${group} `}${kind} ${name}`, {
        name, kind: IssuerKind.of(group, kind, cluster ? IssuerScope.CLUSTER : IssuerScope.NAMESPACE), namespace, external: true,
      });
      this.issuers.set(key, issuer);
    }
    if (issuer.external) {
      const users = this.users.get(issuer) ?? [];
      if (!users.includes(user)) users.push(user);
      this.users.set(issuer, users);
    }
    return issuer;
  }

  /** Records a certificate unless another one already has its name or its Secret. */
  private record(o: AuditedObject, fact: CertificateFact): boolean {
    const sameName = this.certificatesByName.get(`${fact.namespace}/${fact.name}`);
    const sameSecret = this.graph.certificateForSecret(fact.namespace, fact.secretName);
    const clash = sameName ?? sameSecret;
    if (clash) {
      const other = this.byConstruct.get(clash.scope)!;
      this.problem(o, `${describe(fact)} ${sameName ? 'has the name' : 'writes the Secret'} of ${describe(clash)} `
        + `(${other.source.file}:${other.source.line}); two certificates writing one Secret overwrite each other on every `
        + 'renewal; give each certificate its own secretName');
      return false;
    }
    this.graph.addCertificate(fact);
    this.certificatesByName.set(`${fact.namespace}/${fact.name}`, fact);
    return true;
  }

  private addCertificate(o: AuditedObject): void {
    if (o.group !== CERT_MANAGER_GROUP) return;
    const m = o.source.manifest;
    const spec = m.spec ?? {};
    const ref = spec.issuerRef ?? {};
    // The webhook validation reports a Certificate without them; cert-manager never issues it.
    if (typeof spec.secretName !== 'string' || typeof ref.name !== 'string') return;
    const issuer = this.issuerFor(o, ref.group || CERT_MANAGER_GROUP, ref.kind || 'Issuer', ref.name);
    const lifetime = this.lifetime(o, spec.duration, spec.renewBefore, spec.renewBeforePercentage);
    this.record(o, {
      scope: o.apiObject,
      source: CertificateSource.CERTIFICATE,
      name: o.name,
      namespace: o.namespace!,
      secretName: spec.secretName,
      commonName: typeof spec.commonName === 'string' ? spec.commonName : undefined,
      dnsNames: strings(spec.dnsNames),
      ipAddresses: strings(spec.ipAddresses),
      uris: strings(spec.uris),
      emailAddresses: strings(spec.emailAddresses),
      issuer,
      isCa: spec.isCA === true,
      ...lifetime,
      labels: { ...m.metadata?.labels },
    });
  }

  /** Lifetime and renewal window as cert-manager computes them; a value that does not parse is reported. */
  private lifetime(o: AuditedObject, duration: unknown, renewBefore: unknown, percentage: unknown) {
    const parse = (field: string, value: unknown): number | undefined => {
      if (value === undefined || value === null) return undefined;
      const seconds = typeof value === 'string' ? goDurationSeconds(value) : undefined;
      if (seconds === undefined) {
        this.problem(o, `${objectRef(o)} has ${field} ${JSON.stringify(value)}, which is not a Go duration; write it as e.g. "2160h" or "1h30m"`);
      }
      return seconds;
    };
    const set = parse('duration', duration);
    const durationSeconds = set ?? DEFAULT_DURATION_SECONDS;
    const before = parse('renewBefore', renewBefore);
    const pct = typeof percentage === 'number' ? percentage : typeof percentage === 'string' && /^\d+$/.test(percentage) ? Number(percentage) : undefined;
    const renewBeforeSeconds = before ?? (pct !== undefined ? Math.floor(durationSeconds * pct / 100) : Math.floor(durationSeconds / 3));
    return { durationSeconds, durationSet: set !== undefined, renewBeforeSeconds };
  }

  private addPrivateCa(o: AuditedObject): void {
    const issuer = this.issuers.get(issuerKey(o.group, o.kind, o.namespace, o.name));
    const secretName = o.source.manifest.spec?.ca?.secretName;
    if (!issuer || typeof secretName !== 'string') return;
    const namespace = o.kind === 'ClusterIssuer' ? this.clusterResourceNamespace : o.namespace!;
    let certificate = this.graph.certificateForSecret(namespace, secretName);
    if (!certificate && o.kind === 'ClusterIssuer') {
      const candidates = this.graph.certificates.filter((c) => c.isCa && c.secretName === secretName);
      if (candidates.length === 1) certificate = candidates[0];
    }
    if (!certificate?.isCa) return;
    this.graph.addPrivateCa({ scope: issuer, certificate, issuer, trustedRoots: this.rootsOf(certificate) });
  }

  /**
   * The roots clients of a CA must trust, oldest first: the signing root and, during a rotation,
   * the other CA Certificates of its generation series (PrivateCa names them `<name>-root` and
   * `<name>-root-<generation>`) in its namespace.
   */
  private rootsOf(signing: CertificateFact): CertificateFact[] {
    const series = ROOT_SERIES.exec(signing.secretName);
    if (!series) return [signing];
    const generation = (c: CertificateFact) => {
      const m = ROOT_SERIES.exec(c.secretName);
      return m && m[1] === series[1] ? Number(m[2] ?? 1) : undefined;
    };
    return this.graph.certificates
      .filter((c) => c.isCa && c.namespace === signing.namespace && generation(c) !== undefined)
      .sort((a, b) => generation(a)! - generation(b)!);
  }

  /**
   * A trust-manager Bundle: the private CAs one of whose roots it sources from the trust namespace,
   * and the namespaces its target goes to. A selector that is neither a name list nor plain labels
   * (matchExpressions other than `kubernetes.io/metadata.name In`) is reported.
   */
  private addBundle(o: AuditedObject): void {
    const spec = o.source.manifest.spec ?? {};
    const sources = new Set(arr(spec.sources)
      .map((s: any) => s?.secret?.name)
      .filter((n: unknown): n is string => typeof n === 'string')
      .map((n) => this.graph.certificateForSecret(this.trustNamespace, n))
      .filter((c): c is CertificateFact => c !== undefined));
    const privateCas = this.graph.privateCas.filter((ca) => (ca.trustedRoots ?? [ca.certificate]).some((r) => sources.has(r)));
    const selection = this.namespaceSelection(o, spec.target?.namespaceSelector);
    if (!selection) return;
    const fact: BundleFact = { scope: o.apiObject, name: o.name, privateCas, ...selection };
    this.graph.addBundle(fact);
    this.bundles.set(o.name, { fact, secret: spec.target?.secret !== undefined && spec.target?.configMap === undefined });
  }

  private namespaceSelection(o: AuditedObject, selector: any): Pick<BundleFact, 'namespaces' | 'namespaceLabels' | 'allNamespaces'> | undefined {
    const matchLabels = selector?.matchLabels;
    const labels: Record<string, string> = typeof matchLabels === 'object' && !Array.isArray(matchLabels) ? { ...matchLabels } : {};
    const expressions = arr(selector?.matchExpressions);
    if (Object.keys(labels).length === 0 && expressions.length === 0) return { allNamespaces: true };
    const byName = expressions.filter((e: any) => e?.key === NAME_LABEL && e?.operator === 'In');
    if (byName.length !== expressions.length || byName.length > 1) {
      this.problem(o, `${objectRef(o)} selects namespaces with matchExpressions the audit does not read; select them by `
        + `matchLabels, or by name with matchExpressions [{key: ${NAME_LABEL}, operator: In, values: [...]}]`);
      return undefined;
    }
    let names: string[] | undefined = byName.length === 1 ? strings(byName[0].values) : undefined;
    const named = labels[NAME_LABEL];
    if (named !== undefined) {
      names = names ? names.filter((n) => n === named) : [named];
      delete labels[NAME_LABEL];
    }
    if (names && Object.keys(labels).length > 0) {
      this.problem(o, `${objectRef(o)} selects namespaces both by name and by other labels, which the audit does not read; `
        + 'select them by name or by labels');
      return undefined;
    }
    return names ? { namespaces: names, allNamespaces: false } : { namespaceLabels: labels, allNamespaces: false };
  }

  /** The workloads that mount a Bundle's target: a ConfigMap (or Secret) of the Bundle's name, in a volume. */
  private addBundleConsumers(o: AuditedObject): void {
    const volumes = arr(o.source.manifest.spec?.template?.spec?.volumes);
    const mounted = new Set<BundleFact>();
    for (const v of volumes) {
      const refs = [
        { name: v?.configMap?.name, secret: false },
        { name: v?.secret?.secretName, secret: true },
        ...arr(v?.projected?.sources).flatMap((s: any) => [{ name: s?.configMap?.name, secret: false }, { name: s?.secret?.name, secret: true }]),
      ];
      for (const r of refs) {
        const bundle = typeof r.name === 'string' ? this.bundles.get(r.name) : undefined;
        if (bundle && bundle.secret === r.secret) mounted.add(bundle.fact);
      }
    }
    for (const bundle of mounted) {
      this.graph.addBundleConsumer({ scope: o.apiObject, bundle, kind: o.kind, name: o.name, namespace: o.namespace! });
    }
  }

  /** The issuer, lifetime and common name of the certificates a shim makes from an annotated object. */
  private shim(o: AuditedObject) {
    const a: Record<string, string> = o.source.manifest.metadata?.annotations ?? {};
    const name = a[SHIM.clusterIssuer] ?? a[SHIM.issuer];
    let issuer: IIssuer;
    if (name !== undefined) {
      issuer = a[SHIM.clusterIssuer] !== undefined
        ? this.issuerFor(o, CERT_MANAGER_GROUP, 'ClusterIssuer', name)
        : this.issuerFor(o, a['cert-manager.io/issuer-group'] || CERT_MANAGER_GROUP, a['cert-manager.io/issuer-kind'] || 'Issuer', name);
    } else if (o.kind === 'Ingress' && a[TLS_ACME] === 'true') {
      // The ingress-shim also serves this annotation, with the controller's default issuer.
      const d = this.options.defaultIssuer;
      if (!d) {
        this.tlsAcmeUnresolved.add(o);
        return undefined;
      }
      issuer = this.issuerFor(o, CERT_MANAGER_GROUP, d.kind, d.name);
    } else {
      return undefined;
    }
    return {
      issuer,
      commonName: a['cert-manager.io/common-name'],
      ...this.lifetime(o, a['cert-manager.io/duration'], a['cert-manager.io/renew-before'], a['cert-manager.io/renew-before-percentage']),
    };
  }

  /**
   * Records the Certificates a shim creates for an annotated Ingress or Gateway, one per Secret. A
   * Certificate of the input that the object owns (as `kubectl get` shows a live cluster) is the
   * shim's own product, already recorded.
   */
  private addShimCertificates(o: AuditedObject, source: CertificateSource, hostsBySecret: Map<string, string[]>): void {
    const settings = this.shim(o);
    if (!settings) return;
    for (const [secretName, hosts] of hostsBySecret) {
      const existing = this.certificatesByName.get(`${o.namespace}/${secretName}`);
      const owners: any[] = existing ? this.byConstruct.get(existing.scope)?.source.manifest.metadata?.ownerReferences ?? [] : [];
      if (owners.some((r) => r?.kind === o.kind && r?.name === o.name)) continue;
      const unique = [...new Set(hosts)];
      this.record(o, {
        scope: o.apiObject,
        source,
        name: secretName,
        namespace: o.namespace!,
        secretName,
        commonName: settings.commonName,
        dnsNames: unique.filter((h) => isIP(h) === 0),
        ipAddresses: unique.filter((h) => isIP(h) !== 0),
        uris: [],
        emailAddresses: [],
        issuer: settings.issuer,
        isCa: false,
        durationSeconds: settings.durationSeconds,
        durationSet: settings.durationSet,
        renewBeforeSeconds: settings.renewBeforeSeconds,
        labels: { ...o.source.manifest.metadata?.labels },
      });
    }
  }

  private addIngress(o: AuditedObject): void {
    const bySecret = new Map<string, string[]>();
    for (const tls of arr(o.source.manifest.spec?.tls)) {
      if (typeof tls?.secretName !== 'string') continue;
      const hosts = strings(tls.hosts);
      bySecret.set(tls.secretName, [...(bySecret.get(tls.secretName) ?? []), ...hosts]);
      this.graph.addServedHosts({ scope: o.apiObject, kind: 'Ingress', name: o.name, namespace: o.namespace!, hosts, secretName: tls.secretName });
    }
    this.addShimCertificates(o, CertificateSource.INGRESS_SHIM, bySecret);
  }

  private addGateway(o: AuditedObject): void {
    const bySecret = new Map<string, string[]>();
    for (const l of arr(o.source.manifest.spec?.listeners)) {
      if (!['HTTPS', 'TLS'].includes(l?.protocol) || l.tls?.mode === 'Passthrough' || typeof l.hostname !== 'string') continue;
      const refs = arr(l.tls?.certificateRefs);
      const local = (r: any) => ['', 'core', undefined].includes(r?.group) && ['Secret', '', undefined].includes(r?.kind)
        && (r?.namespace === undefined || r.namespace === o.namespace);
      if (refs.length === 0 || !refs.every(local)) continue;
      for (const r of refs) {
        bySecret.set(r.name, [...(bySecret.get(r.name) ?? []), l.hostname]);
        this.graph.addServedHosts({
          scope: o.apiObject, kind: 'Gateway', name: o.name, namespace: o.namespace!, listener: l.name, hosts: [l.hostname], secretName: r.name,
        });
      }
    }
    this.addShimCertificates(o, CertificateSource.GATEWAY_SHIM, bySecret);
  }

  private addSelfReload(o: AuditedObject): void {
    const a = o.source.manifest.metadata?.annotations ?? {};
    const secrets = a[SELF_RELOAD_ANNOTATION];
    if (typeof secrets !== 'string') return;
    const reason = a[SELF_RELOAD_REASON_ANNOTATION];
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      this.problem(o, `${objectRef(o)} has ${SELF_RELOAD_ANNOTATION} without a ${SELF_RELOAD_REASON_ANNOTATION} of at least 10 `
        + 'characters; say how the workload picks up a renewed certificate');
      return;
    }
    for (const secretName of secrets.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      this.graph.addConsumer({
        scope: o.apiObject, kind: o.kind, name: o.name, namespace: o.namespace!, secretName, reload: ReloadMode.SELF, reason,
      });
    }
  }

  /**
   * The renewal-overdue thresholds of a rule set that has the CertManagerCertificateRenewalOverdue
   * alert as CertManagerAlerts writes it: the shared rule's grace period and `for`. Rules for one
   * certificate (a `{namespace=…,name=…}` selector) mean the set derives thresholds per certificate.
   */
  private addAlertThresholds(o: AuditedObject): void {
    const rules = arr(o.source.manifest.spec?.groups).flatMap((g: any) => arr(g?.rules));
    const alertNames = [...new Set(rules.map((r: any) => r?.alert).filter((a: unknown) => typeof a === 'string'))] as string[];
    const overdue = rules.filter((r: any) => r?.alert === RENEWAL_OVERDUE && typeof r.expr === 'string');
    const series = 'certmanager_certificate_renewal_timestamp_seconds';
    const shared = overdue.find((r: any) => !r.expr.includes(`${series}{`));
    const grace = shared && /certmanager_certificate_renewal_timestamp_seconds\s*>\s*0\s*\)\s*>\s*(\d+)/.exec(shared.expr);
    if (!grace) return;
    const forSeconds = shared.for === undefined ? 0 : promDurationSeconds(String(shared.for));
    if (forSeconds === undefined) return;
    this.graph.addAlertThresholds({
      scope: o.apiObject,
      alertNames,
      renewalGraceSeconds: Number(grace[1]),
      renewalOverdueForSeconds: forSeconds,
      perCertificate: overdue.some((r: any) => r.expr.includes(`${series}{`)) || /\bunless\b/.test(shared.expr),
    });
  }
}

function issuerKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

function arr(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return arr(value).filter((v) => typeof v === 'string');
}

const GO_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

/** Seconds of a Go duration (`2160h`, `1h30m`, `90s`), or undefined when it does not parse. */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.floor(parts.reduce((sum, p) => sum + Number(p[1]) * GO_UNITS[p[2]], 0));
}

const PROM_UNITS: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 1e-3 };

/** Seconds of a Prometheus duration (`15m`, `1h30m`), or undefined when it does not parse. */
export function promDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return Math.floor(parts.reduce((sum, p) => sum + Number(p[1]) * PROM_UNITS[p[2]], 0));
}
