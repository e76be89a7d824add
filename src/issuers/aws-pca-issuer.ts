import { Construct } from 'constructs';
import { ExternalIssuerBaseProps } from './external-issuer';
import { IssuerBase } from './issuer-base';
import { IssuerKind } from './issuer-ref';
import * as awspca from '../imports/awspca.cert-manager.io';
import { clusterScoped } from '../private/cluster-scoped';
import { ExternalIssuerDeclaration } from './private/external-issuer-declaration';
import { checkNonEmpty } from '../private/names';

const CA_ARN = /^arn:(aws[a-z-]*):acm-pca:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):certificate-authority\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/**
 * Options of {@link AwsPcaCredentials.accessKey}.
 */
export interface AwsPcaAccessKeyOptions {
  /** Name of the Secret holding the access key. */
  readonly secretName: string;

  /**
   * Namespace of the Secret. For an `AwsPcaIssuer` it must be the issuer's namespace; an
   * `AwsPcaClusterIssuer` needs it, since the Secret's namespace is written into the issuer.
   *
   * @default - the issuer's namespace (required for an AwsPcaClusterIssuer)
   */
  readonly namespace?: string;

  /**
   * Key of the access key ID in the Secret.
   *
   * @default "AWS_ACCESS_KEY_ID"
   */
  readonly accessKeyIdKey?: string;

  /**
   * Key of the secret access key in the Secret.
   *
   * @default "AWS_SECRET_ACCESS_KEY"
   */
  readonly secretAccessKeyKey?: string;
}

/**
 * How the AWS Private CA issuer controller authenticates to AWS.
 *
 * @see https://github.com/cert-manager/aws-privateca-issuer#configuration
 */
export class AwsPcaCredentials {
  /**
   * The controller's own AWS identity (recommended): IAM Roles for Service Accounts (annotate the
   * aws-privateca-issuer ServiceAccount with `eks.amazonaws.com/role-arn: <role ARN>`), EKS Pod
   * Identity, or the node's instance profile. Nothing to rotate, no Secret.
   */
  public static ambient(): AwsPcaCredentials {
    return new AwsPcaCredentials(undefined);
  }

  /**
   * A static IAM access key read from a Secret. Prefer ambient credentials: static keys must be
   * rotated by hand.
   */
  public static accessKey(options: AwsPcaAccessKeyOptions): AwsPcaCredentials {
    return new AwsPcaCredentials(options);
  }

  private constructor(private readonly accessKeyOptions: AwsPcaAccessKeyOptions | undefined) {}

  /** @internal */
  public _render(decl: ExternalIssuerDeclaration): awspca.AwspcaIssuerSpecSecretRef | undefined {
    const o = this.accessKeyOptions;
    if (o === undefined) return undefined;
    const namespace = decl.namespace ?? o.namespace
      ?? decl.fail('credentials accessKey has no namespace; an AwsPcaClusterIssuer writes the Secret\'s namespace into the issuer, '
        + 'so set namespace to where the Secret is (e.g. the namespace aws-privateca-issuer runs in)');
    const where = decl.namespace === undefined ? 'the namespace' : 'its own namespace';
    const id = decl.secret('credentials accessKeyId', { name: o.secretName, key: o.accessKeyIdKey ?? 'AWS_ACCESS_KEY_ID', namespace: o.namespace },
      'AWS access key ID', namespace, where);
    const secret = decl.secret('credentials secretAccessKey', { name: o.secretName, key: o.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY', namespace: o.namespace },
      'AWS secret access key', namespace, where);
    return {
      name: o.secretName,
      namespace,
      accessKeyIdSelector: { name: o.secretName, key: id.key },
      secretAccessKeySelector: { name: o.secretName, key: secret.key },
    };
  }
}

/**
 * Options shared by {@link AwsPcaIssuer} and {@link AwsPcaClusterIssuer}.
 */
export interface AwsPcaIssuerOptions {
  /**
   * ARN of the AWS Private CA that signs, e.g.
   * `arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555`.
   */
  readonly certificateAuthorityArn: string;

  /**
   * AWS region of the CA. It must be the region in the ARN, which is where the CA lives.
   *
   * @default - the region in `certificateAuthorityArn`
   */
  readonly region?: string;

  /**
   * How the controller authenticates to AWS.
   *
   * @default AwsPcaCredentials.ambient()
   */
  readonly credentials?: AwsPcaCredentials;

  /**
   * ARN of an IAM role the controller assumes (with its credentials) before issuing, e.g. for a
   * CA in another account.
   *
   * @default - no role is assumed
   */
  readonly roleArn?: string;

  /**
   * AWS Private CA template for every request (e.g. `EndEntityCertificate/V1`), instead of one
   * chosen from each certificate's usages.
   *
   * @default - chosen from the certificate's usages
   */
  readonly templateName?: string;
}

/**
 * Props of {@link AwsPcaIssuer}.
 */
export interface AwsPcaIssuerProps extends AwsPcaIssuerOptions, ExternalIssuerBaseProps {
  /**
   * Namespace of the issuer. Only Certificates in this namespace can use it.
   *
   * @default - the chart's namespace; required when the chart has none
   */
  readonly namespace?: string;
}

/**
 * Props of {@link AwsPcaClusterIssuer}.
 */
export interface AwsPcaClusterIssuerProps extends AwsPcaIssuerOptions, ExternalIssuerBaseProps {}

/** Renders the spec both AWS PCA kinds share. */
function renderSpec(decl: ExternalIssuerDeclaration, props: AwsPcaIssuerOptions): awspca.AwspcaIssuerSpec {
  const arn = props.certificateAuthorityArn;
  const match = typeof arn === 'string' ? CA_ARN.exec(arn) : null;
  if (!match) {
    decl.fail(`certificateAuthorityArn "${arn}" is not an AWS Private CA ARN; use the CA's ARN as AWS shows it, `
      + 'arn:<partition>:acm-pca:<region>:<12-digit account>:certificate-authority/<CA id>, e.g. '
      + '"arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555"');
  }
  const arnRegion = match[2];
  if (props.region !== undefined) {
    if (!REGION.test(props.region)) {
      decl.fail(`region "${props.region}" is not an AWS region; use a region code such as "${arnRegion}"`);
    }
    if (props.region !== arnRegion) {
      decl.fail(`region "${props.region}" differs from the CA's region "${arnRegion}" in certificateAuthorityArn; a Private CA is only `
        + `reachable in its own region; set region to "${arnRegion}" or leave it unset`);
    }
  }
  if (props.roleArn !== undefined && !ROLE_ARN.test(props.roleArn)) {
    decl.fail(`roleArn "${props.roleArn}" is not an IAM role ARN; use arn:aws:iam::<12-digit account>:role/<name>`);
  }
  if (props.templateName !== undefined) checkNonEmpty(decl.scope, 'templateName', props.templateName);
  const credentials = props.credentials ?? AwsPcaCredentials.ambient();
  if (!(credentials instanceof AwsPcaCredentials)) {
    decl.fail('credentials is not an AwsPcaCredentials; use AwsPcaCredentials.ambient() or AwsPcaCredentials.accessKey({ secretName })');
  }
  const secretRef = credentials._render(decl);
  return {
    arn,
    region: props.region ?? arnRegion,
    role: props.roleArn,
    secretRef,
    pcaTemplate: props.templateName === undefined ? undefined : { defaultTemplateName: props.templateName },
  };
}

/**
 * A namespaced `AWSPCAIssuer` of the AWS Private CA issuer (aws-privateca-issuer): certificates
 * in its namespace are signed by an AWS Private CA.
 *
 * The issuer's controller must be installed separately. The CA decides the lifetime within its
 * own validity, so a Certificate's duration is a request. Certificates use it through
 * `issuerRef` group `awspca.cert-manager.io`.
 *
 * @see https://github.com/cert-manager/aws-privateca-issuer
 *
 * @example
 * new AwsPcaIssuer(chart, 'Pca', {
 *   namespace: 'payments',
 *   certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
 * });
 */
export class AwsPcaIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.AWS_PCA_ISSUER;
  public readonly namespace?: string;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: AwsPcaIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    new awspca.AwspcaIssuer(this, 'Resource', { metadata: decl.metadata, spec: renderSpec(decl, props) });
    this.issuerName = decl.name;
    this.namespace = decl.namespace;
    this._facts = decl.facts;
  }
}

/**
 * A cluster-scoped `AWSPCAClusterIssuer` of the AWS Private CA issuer: certificates in every
 * namespace are signed by an AWS Private CA.
 *
 * @see https://github.com/cert-manager/aws-privateca-issuer
 *
 * @example
 * new AwsPcaClusterIssuer(chart, 'Pca', {
 *   name: 'aws-pca',
 *   certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555',
 * });
 */
export class AwsPcaClusterIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.AWS_PCA_CLUSTER_ISSUER;
  public readonly namespace?: string = undefined;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: AwsPcaClusterIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    clusterScoped(new awspca.AwspcaClusterIssuer(this, 'Resource', { metadata: decl.metadata, spec: renderSpec(decl, props) }));
    this.issuerName = decl.name;
    this._facts = decl.facts;
  }
}
