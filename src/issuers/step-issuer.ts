import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalIssuerBaseProps } from './external-issuer';
import { IssuerBase } from './issuer-base';
import { IssuerKind } from './issuer-ref';
import { SecretKeySelector } from './secret-key-selector';
import * as step from '../imports/certmanager.step.sm';
import { clusterScoped } from '../private/cluster-scoped';
import { ExternalIssuerDeclaration } from './private/external-issuer-declaration';
import { checkHttpsUrl, checkNonEmpty } from '../private/names';
import { pemBundle } from './private/pem';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The rendered password source of a step provisioner. */
interface RenderedPassword {
  readonly passwordRef?: { name: string; key: string; namespace: string };
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
}

/**
 * Where the step-issuer controller finds the password that decrypts the JWK provisioner's key.
 *
 * @see https://github.com/smallstep/step-issuer
 */
export class StepProvisionerPassword {
  /**
   * A Secret key. For a StepIssuer the Secret is in the issuer's namespace; a StepClusterIssuer
   * needs `namespace` on the selector, since it is written into the issuer.
   */
  public static fromSecret(secret: SecretKeySelector): StepProvisionerPassword {
    return new StepProvisionerPassword((decl) => {
      if (!secret || typeof secret.name !== 'string') decl.fail('provisionerPassword secret is missing; pass { name, key }');
      const namespace = decl.namespace ?? secret.namespace ?? decl.fail(`provisionerPassword secret "${secret.name}" has no namespace; `
        + 'a StepClusterIssuer writes the Secret\'s namespace into the issuer, so set namespace on the selector');
      const where = decl.namespace === undefined ? 'the namespace' : 'its own namespace';
      const ref = decl.secret('provisionerPassword secret', secret, 'step provisioner password', namespace, where);
      return { passwordRef: { name: ref.name, key: ref.key, namespace } };
    });
  }

  /**
   * An environment variable of the step-issuer controller (for example injected by a Vault
   * agent). The library cannot check the controller has it.
   *
   * @param name name of the environment variable
   */
  public static fromEnv(name: string): StepProvisionerPassword {
    return new StepProvisionerPassword((decl) => {
      if (typeof name !== 'string' || !ENV_NAME.test(name)) {
        decl.fail(`provisionerPassword environment variable "${name}" is not a valid name; use letters, digits and "_", `
          + 'not starting with a digit');
      }
      return { passwordEnv: name };
    });
  }

  /**
   * A file in the step-issuer controller's file system (for example rendered by a Vault agent).
   * The library cannot check the controller has it.
   *
   * @param path absolute path of the file
   */
  public static fromFile(path: string): StepProvisionerPassword {
    return new StepProvisionerPassword((decl) => {
      if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
        decl.fail(`provisionerPassword file "${path}" is not an absolute path; use the file's path in the controller container, `
          + 'e.g. "/vault/secrets/provisioner-password"');
      }
      return { passwordFile: path };
    });
  }

  private constructor(private readonly render: (decl: ExternalIssuerDeclaration) => RenderedPassword) {}

  /** @internal */
  public _render(decl: ExternalIssuerDeclaration): RenderedPassword {
    return this.render(decl);
  }
}

/**
 * Options shared by {@link StepIssuer} and {@link StepClusterIssuer}.
 */
export interface StepIssuerOptions {
  /** Base URL of the step-ca server, e.g. `https://step-ca.step.svc:9000`. */
  readonly url: string;

  /**
   * PEM bundle of the root that signs step-ca's TLS certificate (`step ca root`), not a secret.
   * The step-issuer CRD requires it.
   */
  readonly caBundle: string;

  /** Name of the JWK provisioner in step-ca. */
  readonly provisionerName: string;

  /** Key ID (`kid`) of the JWK provisioner. */
  readonly provisionerKid: string;

  /** Where the controller finds the provisioner password. */
  readonly provisionerPassword: StepProvisionerPassword;

  /**
   * The provisioner's `maxTLSCertDuration` claim. step-issuer asks step-ca for the Certificate's
   * duration and step-ca refuses anything longer, so Certificates that use this issuer are held
   * to it (cert-manager's default of 90 days fails against step-ca's default of 24 hours).
   *
   * @default Duration.hours(24) (step-ca's default claim)
   */
  readonly maxCertificateDuration?: Duration;
}

/**
 * Props of {@link StepIssuer}.
 */
export interface StepIssuerProps extends StepIssuerOptions, ExternalIssuerBaseProps {
  /**
   * Namespace of the issuer. Only Certificates in this namespace can use it.
   *
   * @default - the chart's namespace; required when the chart has none
   */
  readonly namespace?: string;
}

/**
 * Props of {@link StepClusterIssuer}.
 */
export interface StepClusterIssuerProps extends StepIssuerOptions, ExternalIssuerBaseProps {}

/** Renders the spec both step kinds share; the password ref's namespace is written for the cluster kind only. */
/** step-ca's default `maxTLSCertDuration` claim. */
const STEP_CA_DEFAULT_MAX = Duration.hours(24);

/** The provisioner's maximum lifetime, checked against cert-manager's one-hour minimum. */
function maxDuration(decl: ExternalIssuerDeclaration, props: StepIssuerOptions): Duration {
  const max = props.maxCertificateDuration ?? STEP_CA_DEFAULT_MAX;
  if (!(max instanceof Duration) || max.toSeconds() < 3600) {
    decl.fail(`maxCertificateDuration is ${max instanceof Duration ? max.toHumanString() : String(max)}, below cert-manager's minimum `
      + 'certificate duration of 1 hour, so no Certificate could use the issuer; set it to the provisioner\'s maxTLSCertDuration');
  }
  return max;
}

function renderSpec(decl: ExternalIssuerDeclaration, props: StepIssuerOptions): step.StepClusterIssuerSpec {
  checkHttpsUrl(decl.scope, 'url', props.url);
  checkNonEmpty(decl.scope, 'provisionerName', props.provisionerName);
  checkNonEmpty(decl.scope, 'provisionerKid', props.provisionerKid);
  if (props.caBundle === undefined) {
    decl.fail('caBundle is missing; the step-issuer CRD requires it: pass the PEM of step-ca\'s root certificate (`step ca root`)');
  }
  if (!(props.provisionerPassword instanceof StepProvisionerPassword)) {
    decl.fail('provisionerPassword is missing; use StepProvisionerPassword.fromSecret({ name, key }), .fromEnv(name) or .fromFile(path)');
  }
  const caBundle = pemBundle(decl.scope, 'caBundle', props.caBundle);
  const password = props.provisionerPassword._render(decl);
  return {
    url: props.url,
    caBundle,
    provisioner: {
      name: props.provisionerName,
      kid: props.provisionerKid,
      passwordRef: password.passwordRef,
      passwordEnv: password.passwordEnv,
      passwordFile: password.passwordFile,
    },
  };
}

/**
 * A namespaced `StepIssuer` of smallstep's step-issuer: certificates in its namespace are signed
 * by a step-ca server through a JWK provisioner.
 *
 * The issuer's controller must be installed separately. step-ca refuses a request longer than the
 * provisioner's `maxTLSCertDuration` (24 hours by default): Certificates that use the issuer must
 * set a `duration` within `maxCertificateDuration`.
 *
 * @see https://github.com/smallstep/step-issuer
 *
 * @example
 * declare const rootPem: string;
 * new StepIssuer(chart, 'Step', {
 *   namespace: 'payments',
 *   url: 'https://step-ca.step.svc:9000',
 *   caBundle: rootPem,
 *   provisionerName: 'cert-manager',
 *   provisionerKid: 'kid-from-step-ca',
 *   provisionerPassword: StepProvisionerPassword.fromSecret({ name: 'step-provisioner', key: 'password' }),
 * });
 */
export class StepIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.STEP_ISSUER;
  public readonly namespace?: string;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: StepIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    const spec = renderSpec(decl, props);
    const maxCertificateDuration = maxDuration(decl, props);
    const ref = spec.provisioner.passwordRef;
    new step.StepIssuer(this, 'Resource', {
      metadata: decl.metadata,
      spec: { ...spec, provisioner: { ...spec.provisioner, passwordRef: ref && { name: ref.name, key: ref.key } } },
    });
    this.issuerName = decl.name;
    this.namespace = decl.namespace;
    this._facts = { ...decl.facts, maxCertificateDuration };
  }
}

/**
 * A cluster-scoped `StepClusterIssuer` of smallstep's step-issuer: certificates in every
 * namespace are signed by a step-ca server.
 *
 * @see https://github.com/smallstep/step-issuer
 */
export class StepClusterIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.STEP_CLUSTER_ISSUER;
  public readonly namespace?: string = undefined;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: StepClusterIssuerProps) {
    super(scope, id);
    const decl = ExternalIssuerDeclaration.declare(this, this.kind, props);
    const spec = renderSpec(decl, props);
    const maxCertificateDuration = maxDuration(decl, props);
    clusterScoped(new step.StepClusterIssuer(this, 'Resource', { metadata: decl.metadata, spec }));
    this.issuerName = decl.name;
    this._facts = { ...decl.facts, maxCertificateDuration };
  }
}
