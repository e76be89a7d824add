import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { crdAsset } from './private/crd-asset';
import { clusterScoped } from '../private/cluster-scoped';
import { checkAnnotations, checkLabels } from '../private/metadata';

/** Props of {@link TrustManagerCrds}. */
export interface TrustManagerCrdsProps {
  /**
   * Extra labels on the CRD.
   *
   * @default - `app.kubernetes.io/name` and `app.kubernetes.io/version` only
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on the CRD, for example Argo CD's
   * `argocd.argoproj.io/sync-options: ServerSideApply=true,Prune=false`.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * The CustomResourceDefinition of trust-manager's `Bundle` (`trust.cert-manager.io/v1alpha1`),
 * at the version this library pins, schema descriptions removed (see `assets/crds/`).
 * {@link TrustManager} installs it unless told not to; use this construct to apply it in an
 * earlier stage. Never let a tool delete it: deleting a CRD deletes every Bundle.
 */
export class TrustManagerCrds extends Construct {
  /** The CRD object, for escape-hatch patches. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: TrustManagerCrdsProps = {}) {
    super(scope, id);
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'annotations', props.annotations);
    const [crd] = crdAsset('trust-manager.crds.json');
    crd.metadata.labels = { ...crd.metadata.labels, ...props.labels };
    if (props.annotations) crd.metadata.annotations = { ...props.annotations };
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', crd));
  }
}
