import { ApiObject, Duration, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../certificates/certificate';
import { PrivateKeyRotationPolicy } from '../certificates/certificate-options';
import { CertificateGraph } from '../graph/certificate-graph';
import { ClusterIssuer } from '../issuers/cluster-issuer';
import { IssuerConfig } from '../issuers/issuer-config';
import { PrivateKeyAlgorithm } from '../issuers/private-key-algorithm';
import { DEFAULT_CLUSTER_RESOURCE_NAMESPACE } from '../private/defaults';
import { goDuration, humanSeconds } from '../private/duration';
import { fail } from '../private/errors';
import { checkLabels } from '../private/metadata';
import { checkSubdomain } from '../private/names';
import { SynthesisCache } from '../private/synthesis-cache';
import { warn } from '../private/warn';

/**
 * Props of {@link PrivateCa}.
 */
export interface PrivateCaProps {
  /**
   * Name of the CA ClusterIssuer that Certificates use. The other objects are named after it:
   * `<name>-selfsigned` (the bootstrap ClusterIssuer) and `<name>-root` (the CA Certificate and
   * its Secret; `<name>-root-<generation>` from generation 2 on).
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * Common name of the CA certificate (at most 64 characters), the same for every root
   * generation when set.
   *
   * @default - the name; from root generation 2 on, the name followed by ` G<generation>`, so the
   * two roots of a rotation differ in subject
   */
  readonly commonName?: string;

  /**
   * Organizations (O) in the CA certificate's subject.
   *
   * @default - none
   */
  readonly organizations?: string[];

  /**
   * Organizational units (OU) in the CA certificate's subject.
   *
   * @default - none
   */
  readonly organizationalUnits?: string[];

  /**
   * Countries (C) in the CA certificate's subject.
   *
   * @default - none
   */
  readonly countries?: string[];

  /**
   * Lifetime of the CA certificate (at least one hour).
   *
   * @default Duration.days(3650) - about ten years, rendered as `87600h`
   */
  readonly duration?: Duration;

  /**
   * How long before expiry cert-manager renews the CA certificate. Leaf certificates signed by
   * the old CA stay valid until it expires, so this is the time you have to roll out the renewed
   * CA to everything that trusts it. Must be at least five minutes and shorter than `duration`.
   *
   * @default - a third of `duration`, at most Duration.days(365) (`8760h` for the default ten years)
   */
  readonly renewBefore?: Duration;

  /**
   * Algorithm and size of the CA's private key.
   *
   * @default PrivateKeyAlgorithm.ECDSA_P256
   */
  readonly privateKey?: PrivateKeyAlgorithm;

  /**
   * Whether to generate a new CA private key on every renewal (`rotationPolicy: Always`). Off by
   * default: keeping the key (`Never`) lets leaf certificates issued before a renewal validate
   * against the renewed CA certificate, so a renewal does not break clients.
   *
   * @default false
   */
  readonly rotatePrivateKey?: boolean;

  /**
   * The namespace cert-manager reads ClusterIssuer Secrets from (its `--cluster-resource-namespace`).
   * The CA Certificate and its Secret are created there.
   *
   * @default "cert-manager"
   */
  readonly clusterResourceNamespace?: string;

  /**
   * Extra labels on the three objects.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The root generation that signs certificates. Generation 1 is the CA's first root
   * (Certificate and Secret `<name>-root`); each rotation moves to the next one
   * (`<name>-root-2`, `<name>-root-3`, ...). Raise it only as {@link CaRotation} describes.
   *
   * @default 1
   */
  readonly generation?: number;

  /**
   * The step of a root rotation in progress, which keeps two roots trusted at once.
   *
   * @default - no rotation: only the root of `generation` exists and is trusted
   */
  readonly rotation?: CaRotation;
}

/** The step of a root rotation, see {@link CaRotation}. */
export enum CaRotationStep {
  /** The next root exists and is distributed, the current root still signs. */
  DISTRIBUTE_NEXT_ROOT = 'distribute-next-root',
  /** The current root signs, the previous root is still distributed. */
  KEEP_PREVIOUS_ROOT = 'keep-previous-root',
}

/**
 * A step of rotating a {@link PrivateCa}'s root (its key and certificate) without an outage.
 *
 * A client trusts a leaf certificate only if its trust bundle holds the root that signed it, so
 * the new root must reach every client before any leaf is signed by it, and the old root must
 * stay in the bundles until no leaf it signed is in use. Three deployments, each applied once the
 * previous one has taken effect:
 *
 * 1. `generation: N, rotation: CaRotation.distributeNextRoot()`: creates root N+1 next to root N;
 *    bundles carry both; root N still signs. Wait until every client has reloaded its bundle
 *    (trust-manager updates the bundle within seconds; workloads restart through their reload
 *    wiring).
 * 2. `generation: N+1, rotation: CaRotation.keepPreviousRoot()`: the CA issuer signs with root
 *    N+1, so each leaf is re-issued from it at its next renewal (or at once with
 *    `cmctl renew --all`); bundles still carry both roots. Wait the longest lifetime of the
 *    leaves (every leaf of root N has then been renewed or has expired).
 * 3. `generation: N+1` without rotation: root N, its Secret and its place in the bundles go.
 *
 * The CA-expiry alert (CertManagerPrivateCaExpiringBeforeLeaves) and the check CM-CA1 judge the
 * root that signs in each step. Unless `commonName` is set, root N is named `<name> G<N>` from
 * generation 2 on, so the two roots differ in subject; with the same subject, clients tell them
 * apart only by key identifier (Go, OpenSSL and Java do).
 */
export class CaRotation {
  /** Step 1: create root `generation + 1` and distribute it beside the current root, which still signs. */
  public static distributeNextRoot(): CaRotation {
    return new CaRotation(CaRotationStep.DISTRIBUTE_NEXT_ROOT);
  }

  /** Step 2: root `generation` signs; root `generation - 1` stays in the bundles until its leaves are gone. */
  public static keepPreviousRoot(): CaRotation {
    return new CaRotation(CaRotationStep.KEEP_PREVIOUS_ROOT);
  }

  private constructor(
    /** The step. */
    public readonly step: CaRotationStep,
  ) {}
}

/** One root of a {@link PrivateCa}. */
export interface PrivateCaRoot {
  /** Its generation (1 for the CA's first root). */
  readonly generation: number;
  /** Name of its Certificate (in the cluster resource namespace). */
  readonly certificateName: string;
  /** Name of its Secret; the certificate is `tls.crt`. */
  readonly secretName: string;
  /** Whether the CA issuer signs with it. */
  readonly signing: boolean;
  /** The Certificate object, for escape-hatch patches. */
  readonly certificate: ApiObject;
}

const MIN_DURATION = Duration.hours(1);
const MIN_RENEW_BEFORE = Duration.minutes(5);

/**
 * A private certificate authority run by cert-manager: a self-signed bootstrap ClusterIssuer, a
 * CA Certificate it signs (kept in a Secret in the cluster resource namespace), and a CA
 * ClusterIssuer backed by that Secret, which Certificates in any namespace can use.
 *
 * Clients must trust the CA: distribute its root with a {@link Bundle} (trust-manager). Rotate the
 * root (a new key) without an outage in the steps {@link CaRotation} describes.
 *
 * @see https://cert-manager.io/docs/configuration/selfsigned/#bootstrapping-ca-issuers
 *
 * @example
 * const ca = new PrivateCa(chart, 'InternalCa', { name: 'internal-ca', organizations: ['Example Corp'] });
 * // ca.issuer is the ClusterIssuer Certificates use.
 */
export class PrivateCa extends Construct {
  /** The CA ClusterIssuer that signs Certificates with the private CA. */
  public readonly issuer: ClusterIssuer;

  /** The self-signed ClusterIssuer that signs the CA certificate. */
  public readonly selfSignedIssuer: ClusterIssuer;

  /** The CA Certificate object of the signing root, for escape-hatch patches. */
  public readonly certificate: ApiObject;

  /** Name of the signing root's CA Certificate. */
  public readonly certificateName: string;

  /** Namespace of the CA Certificate and its Secret (the cluster resource namespace). */
  public readonly certificateNamespace: string;

  /** Name of the Secret holding the signing root's certificate (`tls.crt`, `ca.crt`) and key (`tls.key`). */
  public readonly secretName: string;

  /** Lifetime of the CA certificate. */
  public readonly duration: Duration;

  /** How long before expiry the CA certificate is renewed. */
  public readonly renewBefore: Duration;

  /** The root generation that signs. */
  public readonly generation: number;

  /** Every root clients must trust now, oldest first: the signing root, plus during a rotation the other one. */
  public readonly trustedRoots: PrivateCaRoot[];

  constructor(scope: Construct, id: string, props: PrivateCaProps = {}) {
    super(scope, id);
    const name = props.name ?? Names.toDnsLabel(this);
    checkSubdomain(this, 'name', name);
    checkLabels(this, 'labels', props.labels);
    const commonName = props.commonName ?? name;
    if (commonName.length === 0 || commonName.length > 64) {
      fail(this, `commonName "${commonName}" must be 1-64 characters (the X.509 limit); set a shorter commonName`);
    }
    this.duration = props.duration ?? DEFAULT_CA_DURATION;
    goDuration(this, 'duration', this.duration);
    // The default scales with the lifetime, so a short-lived CA needs no renewBefore of its own.
    this.renewBefore = props.renewBefore
      ?? Duration.seconds(Math.min(MAX_DEFAULT_RENEW_BEFORE.toSeconds(), Math.floor(this.duration.toSeconds() / 3)));
    goDuration(this, 'renewBefore', this.renewBefore);
    checkDurations(this, this.duration, this.renewBefore, {
      duration: props.duration === undefined ? ', the default' : '',
      renewBefore: props.renewBefore === undefined ? ', the default: a third of duration' : '',
    });
    const namespace = props.clusterResourceNamespace ?? DEFAULT_CLUSTER_RESOURCE_NAMESPACE;
    const key = props.privateKey ?? PrivateKeyAlgorithm.ECDSA_P256;

    this.selfSignedIssuer = new ClusterIssuer(this, 'SelfSignedIssuer', {
      name: `${name}-selfsigned`,
      labels: props.labels,
      clusterResourceNamespace: namespace,
      config: IssuerConfig.selfSigned(),
    });

    this.generation = props.generation ?? 1;
    if (!Number.isInteger(this.generation) || this.generation < 1) {
      fail(this, `generation ${this.generation} is not a whole number of 1 or more; set 1 for the CA's first root and raise it by one per rotation`);
    }
    const step = props.rotation?.step;
    if (step === CaRotationStep.KEEP_PREVIOUS_ROOT && this.generation === 1) {
      fail(this, 'rotation is CaRotation.keepPreviousRoot() but generation is 1, which has no previous root; '
        + 'use CaRotation.distributeNextRoot() to start a rotation, and raise generation to 2 in the next step');
    }
    if (props.rotatePrivateKey) {
      warn(this, 'rotatePrivateKey is true: every renewal replaces the CA key, and bundles switch to the new CA certificate '
        + 'at once, so certificates signed with the old key stop validating until they are re-issued; keep the key and '
        + 'rotate it with CaRotation instead');
    }
    const generations = step === CaRotationStep.DISTRIBUTE_NEXT_ROOT ? [this.generation, this.generation + 1]
      : step === CaRotationStep.KEEP_PREVIOUS_ROOT ? [this.generation - 1, this.generation] : [this.generation];
    this.certificateNamespace = namespace;
    this.trustedRoots = generations.map((generation) => {
      const rootName = generation === 1 ? `${name}-root` : `${name}-root-${generation}`;
      checkSubdomain(this, 'certificate name', rootName);
      const certificate = new Certificate(this, generation === 1 ? 'Certificate' : `Certificate${generation}`, {
        name: rootName,
        namespace,
        secretName: rootName,
        issuer: this.selfSignedIssuer,
        isCa: true,
        commonName: rootCommonName(this, commonName, generation, props.commonName !== undefined),
        subject: { organizations: props.organizations, organizationalUnits: props.organizationalUnits, countries: props.countries },
        duration: this.duration,
        renewBefore: this.renewBefore,
        privateKey: key,
        privateKeyRotationPolicy: props.rotatePrivateKey ? PrivateKeyRotationPolicy.ALWAYS : PrivateKeyRotationPolicy.NEVER,
        labels: props.labels,
      });
      return {
        generation,
        certificateName: rootName,
        secretName: rootName,
        signing: generation === this.generation,
        certificate: ApiObject.of(certificate),
      };
    });
    const signing = this.trustedRoots.find((r) => r.signing)!;
    this.certificateName = signing.certificateName;
    this.secretName = signing.secretName;
    this.certificate = signing.certificate;

    this.issuer = new ClusterIssuer(this, 'Issuer', {
      name,
      labels: props.labels,
      clusterResourceNamespace: namespace,
      config: IssuerConfig.ca({ secretName: this.secretName }),
    });

    const graph = CertificateGraph.of(this);
    if (step === CaRotationStep.KEEP_PREVIOUS_ROOT) this.remindRetirement(graph);
    graph.addPrivateCa({
      scope: this,
      certificate: graph.certificateForSecret(namespace, this.secretName)!,
      issuer: this.issuer,
      trustedRoots: this.trustedRoots.map((r) => graph.certificateForSecret(namespace, r.secretName)!),
    });
  }

  /**
   * In the second rotation step, prints once per synthesis how long the previous root must stay:
   * the longest lifetime of the certificates of this app the CA signs.
   */
  private remindRetirement(graph: CertificateGraph): void {
    const cache = SynthesisCache.of(this);
    const key = {};
    this.node.addValidation({
      validate: () => cache.get(key, () => {
        const fact = graph.privateCas.find((f) => f.scope === this)!;
        const leaves = graph.certificatesSignedBy(fact);
        const longest = leaves.length > 0 ? Math.max(...leaves.map((c) => c.durationSeconds)) : DEFAULT_LEAF_DURATION.toSeconds();
        const previous = this.trustedRoots.find((r) => !r.signing)!;
        warn(this, `CA rotation step 2: root "${previous.secretName}" no longer signs but stays in the bundles; remove it `
          + `(generation ${this.generation} without rotation) no earlier than ${humanSeconds(longest)} after this step is applied, `
          + (leaves.length > 0
            ? `the lifetime of the longest-lived of the ${leaves.length} certificate(s) of this app it signed`
            : 'cert-manager\'s default lifetime (no certificate of this app uses the CA)'));
        return [];
      }),
    });
  }
}

/** The CA's lifetime when `duration` is unset. */
const DEFAULT_CA_DURATION = Duration.days(3650);
/** The longest default renewBefore: a year to roll out a renewed CA is plenty. */
const MAX_DEFAULT_RENEW_BEFORE = Duration.days(365);

/**
 * The common name of root `generation`: the CA's, and by default from generation 2 on the CA's
 * followed by ` G<generation>`, so the two roots of a rotation differ in subject and no client
 * confuses them. An explicit commonName is kept as written.
 */
function rootCommonName(scope: Construct, commonName: string, generation: number, explicit: boolean): string {
  if (explicit || generation === 1) return commonName;
  const cn = `${commonName} G${generation}`;
  if (cn.length > 64) {
    fail(scope, `the common name "${cn}" of root generation ${generation} is longer than 64 characters (the X.509 limit); `
      + 'set a shorter commonName');
  }
  return cn;
}

/** cert-manager's lifetime of a certificate that sets none. */
const DEFAULT_LEAF_DURATION = Duration.days(90);

/** `defaulted` says, per prop, how to name a value the user did not set (`, the default`). */
function checkDurations(scope: Construct, duration: Duration, renewBefore: Duration, defaulted: { duration: string; renewBefore: string }): void {
  if (duration.toSeconds() < MIN_DURATION.toSeconds()) {
    fail(scope, `duration is ${duration.toHumanString()}, below cert-manager's minimum of 1 hour; set a longer duration`);
  }
  if (renewBefore.toSeconds() < MIN_RENEW_BEFORE.toSeconds()) {
    fail(scope, `renewBefore is ${renewBefore.toHumanString()}${defaulted.renewBefore}, below cert-manager's minimum of 5 minutes; `
      + 'set a longer renewBefore');
  }
  if (renewBefore.toSeconds() >= duration.toSeconds()) {
    fail(scope, `renewBefore (${renewBefore.toHumanString()}${defaulted.renewBefore}) is not shorter than duration `
      + `(${duration.toHumanString()}${defaulted.duration}), so the CA would be renewed forever; set renewBefore well below duration`);
  }
}
