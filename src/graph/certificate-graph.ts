import { IConstruct } from 'constructs';
import type { IIssuer } from '../issuers/issuer-ref';
import { fail } from '../private/errors';

/** Where a certificate fact came from. */
export enum CertificateSource {
  /** A `Certificate` construct. */
  CERTIFICATE = 'Certificate',
  /** The ingress-shim: cert-manager creates the Certificate from an annotated Ingress. */
  INGRESS_SHIM = 'ingress-shim',
  /** The gateway-shim: cert-manager creates the Certificate from an annotated Gateway. */
  GATEWAY_SHIM = 'gateway-shim',
}

/** A certificate the app declares, directly or through a shim annotation. */
export interface CertificateFact {
  /** The construct that declared it (errors and findings name its path). */
  readonly scope: IConstruct;
  readonly source: CertificateSource;
  readonly name: string;
  readonly namespace: string;
  /** The Secret cert-manager writes, in `namespace`. */
  readonly secretName: string;
  readonly commonName?: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly uris: readonly string[];
  readonly emailAddresses: readonly string[];
  readonly issuer: IIssuer;
  readonly isCa: boolean;
  /** Requested lifetime, in seconds (cert-manager's 90-day default when unset). */
  readonly durationSeconds: number;
  /** Whether `durationSeconds` was set explicitly. */
  readonly durationSet: boolean;
  /** Effective time before expiry at which cert-manager renews, in seconds. */
  readonly renewBeforeSeconds: number;
  /** Labels of the Certificate (they select ACME solvers). */
  readonly labels: Readonly<Record<string, string>>;
}

/** How a workload picks up a renewed certificate. */
export enum ReloadMode {
  /** Reloader's `secret.reloader.stakater.com/reload` annotation on the workload. */
  RELOADER_ANNOTATION = 'reloader-annotation',
  /** Reloader's search/match pair. */
  RELOADER_SEARCH = 'reloader-search',
  /** The workload reloads the files by itself (declared, with a reason). */
  SELF = 'self',
}

/** A workload that uses a certificate's Secret. */
export interface ConsumerFact {
  /** The workload construct. */
  readonly scope: IConstruct;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly secretName: string;
  readonly reload: ReloadMode;
  /** Why the workload needs no reload wiring, for `ReloadMode.SELF`. */
  readonly reason?: string;
}

/** Hosts served with a certificate Secret by an Ingress or a Gateway listener. */
export interface ServedHostsFact {
  /** The Ingress or Gateway construct. */
  readonly scope: IConstruct;
  readonly kind: 'Ingress' | 'Gateway';
  readonly name: string;
  readonly namespace: string;
  /** Gateway listener name; undefined for an Ingress. */
  readonly listener?: string;
  readonly hosts: readonly string[];
  readonly secretName: string;
}

/** A private CA: its CA certificate and the issuer it backs. */
export interface PrivateCaFact {
  readonly scope: IConstruct;
  readonly certificate: CertificateFact;
  readonly issuer: IIssuer;
}

/** A cert-manager install declared in the app. */
export interface InstallFact {
  readonly scope: IConstruct;
  readonly namespace: string;
  /** Where cert-manager reads ClusterIssuer Secrets from. */
  readonly clusterResourceNamespace: string;
}

/** The thresholds of an alert rule set, for checks against certificates' renewal windows. */
export interface AlertThresholdsFact {
  readonly scope: IConstruct;
  /** Names of the alerts emitted. */
  readonly alertNames: readonly string[];
  /** Time past the renewal time before the renewal-overdue alert's condition holds, in seconds. */
  readonly renewalGraceSeconds: number;
  /** The renewal-overdue alert's `for`, in seconds. */
  readonly renewalOverdueForSeconds: number;
  /**
   * Whether the rule set gives certificates that renew late in their life a renewal-overdue rule
   * of their own (see `renewalOverdueThreshold`), rather than only the generic threshold.
   */
  readonly perCertificate?: boolean;
}

/** What a scope of the app is marked as, for environment-aware checks. */
export enum ScopeMark {
  PRODUCTION = 'production',
  STAGING = 'staging',
  TEST = 'test',
  PRIVATE_NETWORK = 'private-network',
  PUBLIC_NETWORK = 'public-network',
}

/** What each mark describes; the nearest mark of a dimension wins. */
const MARK_DIMENSION: Record<ScopeMark, string> = {
  [ScopeMark.PRODUCTION]: 'environment',
  [ScopeMark.STAGING]: 'environment',
  [ScopeMark.TEST]: 'environment',
  [ScopeMark.PRIVATE_NETWORK]: 'network',
  [ScopeMark.PUBLIC_NETWORK]: 'network',
};

/**
 * Whether two issuer references name the same issuer: the same construct, or the same kind, name
 * and namespace (an issuer created in this app and one referenced by name).
 */
export function sameIssuer(a: IIssuer, b: IIssuer): boolean {
  return a === b || (a.kind === b.kind && a.issuerName === b.issuerName && a.namespace === b.namespace);
}

const graphs = new WeakMap<IConstruct, CertificateGraph>();
const graphListeners: Array<(root: IConstruct) => void> = [];

/**
 * Calls `listener` with the root of every app whose graph is created from now on, i.e. the first
 * time a construct of this library is created in that app. The check pack turns itself on this way
 * without the graph importing it.
 */
export function onGraphCreated(listener: (root: IConstruct) => void): void {
  graphListeners.push(listener);
}

/**
 * What an app declares about certificates: issuers, certificates, the workloads and hosts that
 * use them. Constructs record facts here as they are created; checks and derived parts (alerts,
 * probes) read them. One graph per app, keyed by the construct tree's root.
 *
 * Facts are appended in construction order, so everything derived from them is deterministic.
 */
export class CertificateGraph {
  /** The graph of the app `scope` belongs to. */
  public static of(scope: IConstruct): CertificateGraph {
    const root = scope.node.root;
    let graph = graphs.get(root);
    if (!graph) {
      graph = new CertificateGraph();
      graphs.set(root, graph);
      for (const listener of graphListeners) listener(root);
    }
    return graph;
  }

  private readonly _issuers: IIssuer[] = [];
  private readonly _certificates: CertificateFact[] = [];
  private readonly _consumers: ConsumerFact[] = [];
  private readonly _servedHosts: ServedHostsFact[] = [];
  private readonly _privateCas: PrivateCaFact[] = [];
  private readonly _installs: InstallFact[] = [];
  private readonly _alertThresholds: AlertThresholdsFact[] = [];
  private readonly marks = new Map<IConstruct, Set<ScopeMark>>();
  /** identity → path of the construct that claimed it (issuers, certificates, secrets). */
  private readonly claims = new Map<string, string>();
  /** `namespace/secret` → the certificates that write it. */
  private readonly bySecret = new Map<string, CertificateFact>();

  private constructor() {}

  public get issuers(): readonly IIssuer[] {
    return this._issuers;
  }

  public get certificates(): readonly CertificateFact[] {
    return this._certificates;
  }

  public get consumers(): readonly ConsumerFact[] {
    return this._consumers;
  }

  public get servedHosts(): readonly ServedHostsFact[] {
    return this._servedHosts;
  }

  public get privateCas(): readonly PrivateCaFact[] {
    return this._privateCas;
  }

  public get installs(): readonly InstallFact[] {
    return this._installs;
  }

  public get alertThresholds(): readonly AlertThresholdsFact[] {
    return this._alertThresholds;
  }

  /**
   * Records an issuer declared in this app; fails when another construct already declared one
   * with the same identity (`Issuer` name in a namespace, or `ClusterIssuer` name), since the two
   * would overwrite each other when applied.
   */
  public addIssuer(issuer: IIssuer, identity: string, fix: string): void {
    this.claim(issuer, identity, fix);
    this._issuers.push(issuer);
  }

  /**
   * Records a certificate; fails when another one has the same name in the namespace, or writes
   * the same Secret (cert-manager would re-issue them against each other forever).
   *
   * Shim certificates claim their name too: the shims name the Certificate after its Secret and
   * never take over a Certificate they do not own, so a clash leaves the Secret unissued.
   */
  public addCertificate(fact: CertificateFact): void {
    const fix = fact.source === CertificateSource.CERTIFICATE
      ? 'give one of them a different name'
      : `cert-manager's ${fact.source} names its Certificate after the Secret; use another secretName or rename the Certificate`;
    this.claim(fact.scope, `Certificate "${fact.namespace}/${fact.name}"`, fix);
    const key = `${fact.namespace}/${fact.secretName}`;
    const writer = this.bySecret.get(key);
    if (writer) {
      fail(fact.scope, `secretName "${fact.secretName}" in namespace "${fact.namespace}" is already written by `
        + `${writer.scope.node.path}; two certificates writing one Secret overwrite each other on every renewal; `
        + 'give each certificate its own secretName');
    }
    this.bySecret.set(key, fact);
    this._certificates.push(fact);
  }

  /** The certificate that writes Secret `name` in `namespace`, if the app declares one. */
  public certificateForSecret(namespace: string, name: string): CertificateFact | undefined {
    return this.bySecret.get(`${namespace}/${name}`);
  }

  /** The certificates a private CA signs: those whose issuer is its issuer, by identity or by kind and name. */
  public certificatesSignedBy(ca: PrivateCaFact): CertificateFact[] {
    return this._certificates.filter((c) => c !== ca.certificate && sameIssuer(c.issuer, ca.issuer));
  }

  /** Records a workload that uses a certificate Secret. */
  public addConsumer(fact: ConsumerFact): void {
    this._consumers.push(fact);
  }

  /** Records hosts served with a certificate Secret. */
  public addServedHosts(fact: ServedHostsFact): void {
    this._servedHosts.push(fact);
  }

  /** Records a private CA. */
  public addPrivateCa(fact: PrivateCaFact): void {
    this._privateCas.push(fact);
  }

  /** Records a cert-manager install. */
  public addInstall(fact: InstallFact): void {
    this._installs.push(fact);
  }

  /** Records the thresholds of an alert rule set. */
  public addAlertThresholds(fact: AlertThresholdsFact): void {
    this._alertThresholds.push(fact);
  }

  /**
   * Marks `scope` and everything below it. Marks of one dimension (the environment, or the
   * network) nest: the mark nearest to a construct wins, so a staging chart inside an app marked
   * production is staging. One construct carries at most one mark of each dimension; a second,
   * different one fails.
   */
  public mark(scope: IConstruct, mark: ScopeMark): void {
    let set = this.marks.get(scope);
    if (!set) {
      set = new Set();
      this.marks.set(scope, set);
    }
    const clash = [...set].find((m) => m !== mark && MARK_DIMENSION[m] === MARK_DIMENSION[mark]);
    if (clash) {
      fail(scope, `is already marked ${clash} and is now marked ${mark}; a construct has one ${MARK_DIMENSION[mark]}; `
        + 'keep one of the two marks, or mark a child construct (the nearest mark wins)');
    }
    set.add(mark);
  }

  /**
   * The marks in effect for `scope`, with the construct that carries each: per dimension, the
   * mark of the nearest construct among `scope` and its ancestors.
   */
  public marksOf(scope: IConstruct): Map<ScopeMark, IConstruct> {
    const found = new Map<ScopeMark, IConstruct>();
    if (this.marks.size === 0) return found;
    const seen = new Set<string>();
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      for (const m of this.marks.get(scopes[i]) ?? []) {
        if (seen.has(MARK_DIMENSION[m])) continue;
        seen.add(MARK_DIMENSION[m]);
        found.set(m, scopes[i]);
      }
    }
    return found;
  }

  private claim(scope: IConstruct, identity: string, fix: string): void {
    const existing = this.claims.get(identity);
    if (existing !== undefined) {
      fail(scope, `${identity} is already declared by ${existing} in this app; the two would overwrite each other `
        + `when applied; ${fix}`);
    }
    this.claims.set(identity, scope.node.path);
  }
}
