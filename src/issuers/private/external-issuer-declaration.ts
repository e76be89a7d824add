import { Chart, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IssuerFacts } from './issuer-facts';
import { CertificateGraph } from '../../graph/certificate-graph';
import { fail } from '../../private/errors';
import { checkAnnotations, checkLabels } from '../../private/metadata';
import { checkDnsLabel, checkSecretKey, checkSubdomain } from '../../private/names';
import type { IssuerBase } from '../issuer-base';
import { IssuerKind, IssuerScope } from '../issuer-ref';
import { SecretDependency, SecretKeySelector } from '../secret-key-selector';

/** The metadata props every external issuer construct takes. */
export interface ExternalIssuerMetadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** An external issuer's checked metadata, and where its credentials are recorded. */
export class ExternalIssuerDeclaration {
  /** Checks the metadata and claims the issuer's name in the app. */
  public static declare(scope: IssuerBase, kind: IssuerKind, props: ExternalIssuerMetadata): ExternalIssuerDeclaration {
    if (!props) fail(scope, `props are missing; pass at least the ${kind.kind}'s CA settings`);
    const name = props.name ?? Names.toDnsLabel(scope);
    checkSubdomain(scope, 'name', name);
    checkLabels(scope, 'labels', props.labels);
    checkAnnotations(scope, 'annotations', props.annotations);
    let namespace: string | undefined;
    if (kind.scope === IssuerScope.NAMESPACE) {
      namespace = props.namespace ?? Chart.of(scope).namespace
        ?? fail(scope, `namespace is not set and the chart has no namespace; set namespace on the ${kind.kind} or the Chart`);
      checkDnsLabel(scope, 'namespace', namespace);
    }
    const identity = namespace === undefined ? `${kind.kind} "${name}"` : `${kind.kind} "${namespace}/${name}"`;
    CertificateGraph.of(scope).addIssuer(scope, identity, 'give one of them a different name');
    return new ExternalIssuerDeclaration(scope, kind, name, namespace, props);
  }

  private readonly secrets: SecretDependency[] = [];

  private constructor(
    public readonly scope: IConstruct,
    public readonly kind: IssuerKind,
    public readonly name: string,
    public readonly namespace: string | undefined,
    private readonly props: ExternalIssuerMetadata,
  ) {}

  /** Object metadata for the low-level object. */
  public get metadata(): { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
    return { name: this.name, namespace: this.namespace, labels: this.props.labels, annotations: this.props.annotations };
  }

  /** The facts checks read: never ACME, no solvers, the CA decides the lifetime. */
  public get facts(): IssuerFacts {
    return { solvers: [], secrets: [...this.secrets], caDecidesLifetime: true };
  }

  /** Throws an error naming the issuer's construct path. */
  public fail(message: string): never {
    return fail(this.scope, message);
  }

  /**
   * Checks and records a Secret key the issuer's controller reads from `namespace`. A namespaced
   * issuer reads only from its own namespace; `where` says where a cluster-scoped one reads from.
   */
  public secret(prop: string, ref: SecretKeySelector, purpose: string, namespace: string, where: string): SecretKeySelector {
    if (!ref || typeof ref.name !== 'string') this.fail(`${prop} is missing; reference the Secret that holds the ${purpose} by name and key`);
    checkSubdomain(this.scope, `${prop}.name`, ref.name);
    checkSecretKey(this.scope, `${prop}.key`, ref.key);
    checkDnsLabel(this.scope, `${prop}.namespace`, namespace);
    if (ref.namespace !== undefined && ref.namespace !== namespace) {
      this.fail(`${prop} names Secret "${ref.namespace}/${ref.name}" but the ${this.kind.kind} reads it from ${where} "${namespace}"; `
        + `create the Secret in "${namespace}"`);
    }
    this.secrets.push({ namespace, name: ref.name, key: ref.key, purpose, createdByCertManager: false });
    return { name: ref.name, key: ref.key, namespace };
  }
}
