import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';
import { checkDnsLabel, checkSecretKey, checkSubdomain } from '../../private/names';
import { IssuerKind } from '../issuer-ref';
import { SecretDependency, SecretKeySelector } from '../secret-key-selector';

/** A rendered `{ name, key }` Secret reference, as every cert-manager `*SecretRef` field takes it. */
export interface RenderedSecretRef {
  readonly name: string;
  readonly key: string;
}

/**
 * What an issuer configuration needs to know about the issuer it renders for, and where it
 * records the Secrets it references. Every check reports against `scope`, the issuer construct.
 */
export class IssuerContext {
  private readonly secrets: SecretDependency[] = [];

  constructor(
    /** The Issuer or ClusterIssuer construct: errors name its path. */
    public readonly scope: IConstruct,
    public readonly kind: IssuerKind,
    public readonly issuerName: string,
    /** The namespace cert-manager reads this issuer's Secrets from. */
    public readonly secretNamespace: string,
  ) {}

  /** The Secrets recorded so far, in the order they were referenced. */
  public get secretDependencies(): SecretDependency[] {
    return [...this.secrets];
  }

  /** Throws an error naming the issuer's construct path. */
  public fail(message: string): never {
    return fail(this.scope, message);
  }

  /** Validates a credential reference, records it, and renders it. */
  public secretRef(prop: string, ref: SecretKeySelector, purpose: string): RenderedSecretRef {
    if (!ref) this.fail(`${prop} is missing; reference the Secret that holds the ${purpose} by name and key`);
    checkSubdomain(this.scope, `${prop}.name`, ref.name);
    checkSecretKey(this.scope, `${prop}.key`, ref.key);
    this.checkNamespace(prop, ref);
    this.secrets.push({ namespace: this.secretNamespace, name: ref.name, key: ref.key, purpose, createdByCertManager: false });
    return { name: ref.name, key: ref.key };
  }

  /** Validates and records a Secret referenced by name only (all its keys are read). */
  public secretName(prop: string, name: string, purpose: string, createdByCertManager: boolean): string {
    checkSubdomain(this.scope, prop, name);
    this.secrets.push({ namespace: this.secretNamespace, name, purpose, createdByCertManager });
    return name;
  }

  private checkNamespace(prop: string, ref: SecretKeySelector): void {
    const namespace = ref.namespace;
    if (namespace === undefined) return;
    checkDnsLabel(this.scope, `${prop}.namespace`, namespace);
    if (namespace === this.secretNamespace) return;
    if (this.kind === IssuerKind.CLUSTER_ISSUER) {
      this.fail(`${prop} names Secret "${namespace}/${ref.name}" but a ClusterIssuer reads Secrets `
        + `only from the cluster resource namespace "${this.secretNamespace}"; move the Secret to "${this.secretNamespace}", `
        + `or set clusterResourceNamespace to "${namespace}" if cert-manager runs with --cluster-resource-namespace=${namespace}`);
    }
    this.fail(`${prop} names Secret "${namespace}/${ref.name}" but an Issuer reads Secrets only from its own `
      + `namespace "${this.secretNamespace}"; create the Secret in "${this.secretNamespace}", or use a ClusterIssuer`);
  }
}
