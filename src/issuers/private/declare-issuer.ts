import { Names } from 'cdk8s';
import { IssuerContext } from './issuer-context';
import { IssuerFacts } from './issuer-facts';
import { CertificateGraph } from '../../graph/certificate-graph';
import * as cm from '../../imports/cert-manager.io';
import { fail } from '../../private/errors';
import { checkAnnotations, checkLabels } from '../../private/metadata';
import { checkSubdomain } from '../../private/names';
import { validateIssuerSpec } from '../../validation/issuer-spec';
import { reportIssues } from '../../validation/report-issues';
import type { IssuerBase, IssuerBaseProps } from '../issuer-base';
import { IssuerConfig } from '../issuer-config';
import { IssuerKind } from '../issuer-ref';

/** An issuer's checked object metadata, spec and facts, ready for the low-level object. */
export interface DeclaredIssuer {
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: cm.IssuerSpec;
  readonly facts: IssuerFacts;
}

/**
 * The work `Issuer` and `ClusterIssuer` share: check the name and metadata, claim the name in the
 * app, and render the configuration with Secrets read from `secretNamespace`.
 */
export function declareIssuer(scope: IssuerBase, kind: IssuerKind, props: IssuerBaseProps,
  namespace: string | undefined, secretNamespace: string): DeclaredIssuer {
  const name = props.name ?? Names.toDnsLabel(scope);
  checkSubdomain(scope, 'name', name);
  checkLabels(scope, 'labels', props.labels);
  checkAnnotations(scope, 'annotations', props.annotations);
  if (!(props.config instanceof IssuerConfig)) {
    fail(scope, 'config is missing; set it, for example config: IssuerConfig.selfSigned()');
  }
  const identity = namespace === undefined ? `ClusterIssuer "${name}"` : `Issuer "${namespace}/${name}"`;
  CertificateGraph.of(scope).addIssuer(scope, identity, 'give one of them a different name');
  const ctx = new IssuerContext(scope, kind, name, secretNamespace);
  const rendered = props.config._render(ctx);
  // cert-manager's webhook rules for Issuer and ClusterIssuer specs hold when the issuer is declared.
  reportIssues(scope, validateIssuerSpec(cm.toJson_IssuerSpec(rendered.spec)), (path) => `config (${path})`);
  return {
    metadata: { name, namespace, labels: props.labels, annotations: props.annotations },
    spec: rendered.spec,
    facts: {
      acmeServer: rendered.acmeServer,
      solvers: rendered.solvers,
      secrets: ctx.secretDependencies,
      caDecidesLifetime: rendered.caDecidesLifetime,
    },
  };
}
