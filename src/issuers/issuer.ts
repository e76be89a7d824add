import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IssuerBase, IssuerBaseProps } from './issuer-base';
import { IIssuer, IssuerKind } from './issuer-ref';
import * as cm from '../imports/cert-manager.io';
import { declareIssuer } from './private/declare-issuer';
import { fail } from '../private/errors';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { typedObject } from '../private/plain-object';

/**
 * Props of {@link Issuer}.
 */
export interface IssuerProps extends IssuerBaseProps {
  /**
   * Namespace of the Issuer. Only Certificates in this namespace can use it, and it reads its
   * Secrets from this namespace.
   *
   * @default - the chart's namespace; required when the chart has none
   */
  readonly namespace?: string;
}

/**
 * A namespaced cert-manager `Issuer`.
 *
 * Only Certificates in the Issuer's namespace can use it, and every Secret it references
 * (credentials, CA key, ACME account key) is read from that namespace. Use a `ClusterIssuer`
 * to serve every namespace.
 *
 * Two Issuers with the same name in the same namespace in one app are refused.
 *
 * @see https://cert-manager.io/docs/concepts/issuer/
 *
 * @example
 * new Issuer(chart, 'Internal', {
 *   namespace: 'payments',
 *   name: 'payments-ca',
 *   config: IssuerConfig.ca({ secretName: 'payments-ca' }),
 * });
 */
export class Issuer extends IssuerBase {
  /**
   * References an Issuer created elsewhere. The library knows only its name and namespace: it is
   * treated as external, with unknown solvers and Secrets.
   *
   * @param name name of the Issuer
   * @param namespace namespace of the Issuer
   */
  public static fromIssuerName(scope: Construct, id: string, name: string, namespace: string): IIssuer {
    return new ImportedIssuer(scope, id, name, namespace);
  }

  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.ISSUER;
  public readonly namespace?: string;
  public readonly external: boolean = false;

  constructor(scope: Construct, id: string, props: IssuerProps) {
    super(scope, id);
    const namespace = props.namespace ?? Chart.of(this).namespace
      ?? fail(this, 'namespace is not set and the chart has no namespace; set namespace on the Issuer or the Chart');
    checkDnsLabel(this, 'namespace', namespace);
    const declared = declareIssuer(this, this.kind, props, namespace, namespace);
    typedObject(this, 'Resource', cm.Issuer.GVK, cm.toJson_IssuerProps, { metadata: declared.metadata, spec: declared.spec });
    this.issuerName = declared.metadata.name;
    this.namespace = namespace;
    this._facts = declared.facts;
  }
}

/** An Issuer created elsewhere, known by name and namespace only. */
class ImportedIssuer extends IssuerBase {
  public readonly issuerName: string;
  public readonly kind: IssuerKind = IssuerKind.ISSUER;
  public readonly namespace?: string;
  public readonly external: boolean = true;

  constructor(scope: Construct, id: string, name: string, namespace: string) {
    super(scope, id);
    checkSubdomain(this, 'name', name);
    checkDnsLabel(this, 'namespace', namespace);
    this.issuerName = name;
    this.namespace = namespace;
  }
}
