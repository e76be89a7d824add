import { ApiObject, Duration, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { Certificate } from '../certificates/certificate';
import { PrivateKeyRotationPolicy } from '../certificates/certificate-options';
import { CertificateGraph } from '../graph/certificate-graph';
import { ClusterIssuer } from '../issuers/cluster-issuer';
import { IssuerConfig } from '../issuers/issuer-config';
import { PrivateKeyAlgorithm } from '../issuers/private-key-algorithm';
import { DEFAULT_CLUSTER_RESOURCE_NAMESPACE } from '../private/defaults';
import { goDuration } from '../private/duration';
import { fail } from '../private/errors';
import { checkLabels } from '../private/metadata';
import { checkSubdomain } from '../private/names';

/**
 * Props of {@link PrivateCa}.
 */
export interface PrivateCaProps {
  /**
   * Name of the CA ClusterIssuer that Certificates use. The other objects are named after it:
   * `<name>-selfsigned` (the bootstrap ClusterIssuer) and `<name>-root` (the CA Certificate and
   * its Secret).
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * Common name of the CA certificate (at most 64 characters).
   *
   * @default - the name
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
}

const MIN_DURATION = Duration.hours(1);
const MIN_RENEW_BEFORE = Duration.minutes(5);

/**
 * A private certificate authority run by cert-manager: a self-signed bootstrap ClusterIssuer, a
 * CA Certificate it signs (kept in a Secret in the cluster resource namespace), and a CA
 * ClusterIssuer backed by that Secret, which Certificates in any namespace can use.
 *
 * Clients must trust the CA: distribute `ca.crt` from the CA Secret (for example with
 * trust-manager).
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

  /** The CA Certificate object, for escape-hatch patches. */
  public readonly certificate: ApiObject;

  /** Name of the CA Certificate. */
  public readonly certificateName: string;

  /** Namespace of the CA Certificate and its Secret (the cluster resource namespace). */
  public readonly certificateNamespace: string;

  /** Name of the Secret holding the CA certificate (`tls.crt`, `ca.crt`) and key (`tls.key`). */
  public readonly secretName: string;

  /** Lifetime of the CA certificate. */
  public readonly duration: Duration;

  /** How long before expiry the CA certificate is renewed. */
  public readonly renewBefore: Duration;

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

    this.certificateName = `${name}-root`;
    this.certificateNamespace = namespace;
    this.secretName = `${name}-root`;
    checkSubdomain(this, 'certificate name', this.certificateName);
    const certificate = new Certificate(this, 'Certificate', {
      name: this.certificateName,
      namespace,
      secretName: this.secretName,
      issuer: this.selfSignedIssuer,
      isCa: true,
      commonName,
      subject: { organizations: props.organizations, organizationalUnits: props.organizationalUnits, countries: props.countries },
      duration: this.duration,
      renewBefore: this.renewBefore,
      privateKey: key,
      privateKeyRotationPolicy: props.rotatePrivateKey ? PrivateKeyRotationPolicy.ALWAYS : PrivateKeyRotationPolicy.NEVER,
      labels: props.labels,
    });
    this.certificate = ApiObject.of(certificate);

    this.issuer = new ClusterIssuer(this, 'Issuer', {
      name,
      labels: props.labels,
      clusterResourceNamespace: namespace,
      config: IssuerConfig.ca({ secretName: this.secretName }),
    });

    const graph = CertificateGraph.of(this);
    graph.addPrivateCa({
      scope: this,
      certificate: graph.certificateForSecret(namespace, this.secretName)!,
      issuer: this.issuer,
    });
  }
}

/** The CA's lifetime when `duration` is unset. */
const DEFAULT_CA_DURATION = Duration.days(3650);
/** The longest default renewBefore: a year to roll out a renewed CA is plenty. */
const MAX_DEFAULT_RENEW_BEFORE = Duration.days(365);

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
