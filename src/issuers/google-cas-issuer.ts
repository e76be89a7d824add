import { Construct } from 'constructs';
import { ExternalIssuerBaseProps } from './external-issuer';
import { IssuerBase } from './issuer-base';
import { IssuerKind } from './issuer-ref';
import { SecretKeySelector } from './secret-key-selector';
import * as cas from '../imports/cas-issuer.jetstack.io';
import { clusterScoped } from '../private/cluster-scoped';
import { ExternalIssuerDeclaration } from './private/external-issuer-declaration';
import { DEFAULT_CLUSTER_RESOURCE_NAMESPACE } from '../private/defaults';
import { checkDnsLabel } from '../private/names';

const CA_POOL = /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9])\/locations\/([a-z]+(?:-[a-z]+)*\d*)\/caPools\/([A-Za-z0-9_-]{1,63})$/;
const TEMPLATE = /^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/locations\/([a-z]+(?:-[a-z]+)*\d*)\/certificateTemplates\/[A-Za-z0-9_-]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * How the Google CAS issuer controller authenticates to Google Cloud.
 *
 * @see https://github.com/jetstack/google-cas-issuer
 */
export class GoogleCasCredentials {
  /**
   * The controller's own identity (recommended): GKE Workload Identity (annotate the
   * google-cas-issuer ServiceAccount with `iam.gke.io/gcp-service-account: <GSA email>`), or the
   * node's service account. No key to rotate, no Secret.
   */
  public static workloadIdentity(): GoogleCasCredentials {
    return new GoogleCasCredentials(undefined);
  }

  /**
   * A Google service account key (JSON) read from a Secret, in the issuer's namespace (for a
   * GoogleCASClusterIssuer, the controller's cluster resource namespace). Prefer Workload
   * Identity: keys must be rotated by hand.
   */
  public static serviceAccountKey(secret: SecretKeySelector): GoogleCasCredentials {
    return new GoogleCasCredentials(secret);
  }

  private constructor(private readonly secret: SecretKeySelector | undefined) {}

  /** @internal */
  public _render(decl: ExternalIssuerDeclaration, secretNamespace: string): cas.GoogleCasIssuerSpecCredentials | undefined {
    if (this.secret === undefined) return undefined;
    const where = decl.namespace === undefined ? 'the controller\'s cluster resource namespace' : 'its own namespace';
    const ref = decl.secret('credentials serviceAccountKey', this.secret, 'Google service account key', secretNamespace, where);
    return { name: ref.name, key: ref.key };
  }
}

/**
 * Options shared by {@link GoogleCasIssuer} and {@link GoogleCasClusterIssuer}.
 */
export interface GoogleCasIssuerOptions {
  /**
   * The CA pool that signs, as its resource name: `projects/<project>/locations/<location>/caPools/<pool>`.
   */
  readonly caPool: string;

  /**
   * A certificate authority of the pool to sign with.
   *
   * @default - the pool picks one of its enabled CAs for each request
   */
  readonly certificateAuthorityId?: string;

  /**
   * A certificate template, as its resource name
   * `projects/<project>/locations/<location>/certificateTemplates/<template>`, in the pool's location.
   *
   * @default - no template
   */
  readonly certificateTemplate?: string;

  /**
   * How the controller authenticates to Google Cloud.
   *
   * @default GoogleCasCredentials.workloadIdentity()
   */
  readonly credentials?: GoogleCasCredentials;
}

/**
 * Props of {@link GoogleCasIssuer}.
 */
export interface GoogleCasIssuerProps extends GoogleCasIssuerOptions, ExternalIssuerBaseProps {
  /**
   * Namespace of the issuer. Only Certificates in this namespace can use it, and a credentials
   * Secret is read from it.
   *
   * @default - the chart's namespace; required when the chart has none
   */
  readonly namespace?: string;
}

/**
 * Props of {@link GoogleCasClusterIssuer}.
 */
export interface GoogleCasClusterIssuerProps extends GoogleCasIssuerOptions, ExternalIssuerBaseProps {
  /**
   * The namespace the google-cas-issuer controller reads a GoogleCASClusterIssuer's credentials
   * Secret from: its cluster resource namespace, the namespace it runs in unless configured
   * otherwise.
   *
   * @default "cert-manager" (where the upstream instructions install the controller)
   */
  readonly clusterResourceNamespace?: string;
}

/** Renders the spec both Google CAS kinds share. */
function renderSpec(decl: ExternalIssuerDeclaration, props: GoogleCasIssuerOptions, secretNamespace: string): cas.GoogleCasIssuerSpec {
  const match = typeof props.caPool === 'string' ? CA_POOL.exec(props.caPool) : null;
  if (!match) {
    decl.fail(`caPool "${props.caPool}" is not a CA pool resource name; use projects/<project ID>/locations/<location>/caPools/<pool ID>, `
      + 'e.g. "projects/my-project/locations/europe-west1/caPools/internal"');
  }
  const [, project, location, caPoolId] = match;
  if (props.certificateAuthorityId !== undefined && !RESOURCE_ID.test(props.certificateAuthorityId)) {
    decl.fail(`certificateAuthorityId "${props.certificateAuthorityId}" is not a CA ID; use the CA's ID within the pool `
      + '(1-63 letters, digits, "-" or "_"), not its full resource name');
  }
  if (props.certificateTemplate !== undefined) {
    const t = TEMPLATE.exec(props.certificateTemplate);
    if (!t) {
      decl.fail(`certificateTemplate "${props.certificateTemplate}" is not a certificate template resource name; use `
        + 'projects/<project ID>/locations/<location>/certificateTemplates/<template ID>');
    }
    if (t[1] !== location) {
      decl.fail(`certificateTemplate "${props.certificateTemplate}" is in location "${t[1]}" but the CA pool is in "${location}"; `
        + `use a template in "${location}"`);
    }
  }
  const credentials = props.credentials ?? GoogleCasCredentials.workloadIdentity();
  if (!(credentials instanceof GoogleCasCredentials)) {
    decl.fail('credentials is not a GoogleCasCredentials; use GoogleCasCredentials.workloadIdentity() or .serviceAccountKey(secret)');
  }
  return {
    project,
    location,
    caPoolId,
    certificateAuthorityId: props.certificateAuthorityId,
    certificateTemplate: props.certificateTemplate,
    credentials: credentials._render(decl, secretNamespace),
  };
}

/**
 * A namespaced `GoogleCASIssuer` of the Google CAS issuer (google-cas-issuer): certificates in
 * its namespace are signed by a Google Cloud Certificate Authority Service CA pool.
 *
 * The issuer's controller must be installed separately. The pool's issuance policy caps the
 * lifetime, so a Certificate's duration is a request.
 *
 * @see https://github.com/jetstack/google-cas-issuer
 *
 * @example
 * new GoogleCasIssuer(chart, 'Cas', {
 *   namespace: 'payments',
 *   caPool: 'projects/my-project/locations/europe-west1/caPools/internal',
 * });
 */
export class GoogleCasIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.GOOGLE_CAS_ISSUER;
  public readonly namespace?: string;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: GoogleCasIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    new cas.GoogleCasIssuer(this, 'Resource', { metadata: decl.metadata, spec: renderSpec(decl, props, decl.namespace!) });
    this.issuerName = decl.name;
    this.namespace = decl.namespace;
    this._facts = decl.facts;
  }
}

/**
 * A cluster-scoped `GoogleCASClusterIssuer` of the Google CAS issuer: certificates in every
 * namespace are signed by a Google Cloud CAS CA pool.
 *
 * @see https://github.com/jetstack/google-cas-issuer
 *
 * @example
 * new GoogleCasClusterIssuer(chart, 'Cas', {
 *   name: 'google-cas',
 *   caPool: 'projects/my-project/locations/europe-west1/caPools/internal',
 * });
 */
export class GoogleCasClusterIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.GOOGLE_CAS_CLUSTER_ISSUER;
  public readonly namespace?: string = undefined;
  public readonly external: boolean = false;

  /** The namespace the controller reads this issuer's credentials Secret from. */
  public readonly clusterResourceNamespace: string;

  constructor(scope: Construct, id: string, props: GoogleCasClusterIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    this.clusterResourceNamespace = props.clusterResourceNamespace ?? DEFAULT_CLUSTER_RESOURCE_NAMESPACE;
    checkDnsLabel(this, 'clusterResourceNamespace', this.clusterResourceNamespace);
    const spec = renderSpec(decl, props, this.clusterResourceNamespace);
    clusterScoped(new cas.GoogleCasClusterIssuer(this, 'Resource', { metadata: decl.metadata, spec }));
    this.issuerName = decl.name;
    this._facts = decl.facts;
  }
}
