import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateGraph } from '../graph/certificate-graph';
import { clusterScoped } from '../private/cluster-scoped';
import { checkAnnotations, checkLabels } from '../private/metadata';

/**
 * Props of {@link CertManagerCrds}.
 */
export interface CertManagerCrdsProps {
  /**
   * Extra labels on every CRD, merged over the upstream labels.
   *
   * @default - the upstream labels only
   */
  readonly labels?: { [key: string]: string };

  /**
   * Extra annotations on every CRD.
   *
   * Use them for GitOps tooling, for example
   * `argocd.argoproj.io/sync-options: ServerSideApply=true,Prune=false` so Argo CD applies the
   * CRDs server-side and never deletes them (deleting a CRD deletes every Certificate and Issuer).
   *
   * @default - the upstream annotations only
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * The parsed asset, read once per process: every instance gets its own deep copy. Read from the
 * JSON twin of `cert-manager.crds.yaml` (same CRDs, written with it by `npx projen crd-asset`):
 * parsing the YAML took about half a second of every synthesis.
 */
let assetCache: any[] | undefined;

function loadAsset(): any[] {
  assetCache ??= JSON.parse(readFileSync(join(__dirname, '..', '..', 'assets', 'crds', 'cert-manager.crds.json'), 'utf8'));
  return assetCache!;
}

/**
 * The CustomResourceDefinitions of cert-manager, at the version this library pins.
 *
 * The CRDs are upstream's with schema descriptions removed, so each stays far below the
 * 262,144-byte annotation limit of client-side `kubectl apply` (see `assets/crds/` for the
 * source, version and checksums). They use `selectableFields`, so the cluster must run
 * Kubernetes 1.31 or later.
 *
 * Apply CRDs before anything that uses them, and never let a tool delete them: deleting a CRD
 * deletes every object of that kind.
 *
 * @example
 * new CertManagerCrds(chart, 'Crds', {
 *   annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false' },
 * });
 */
export class CertManagerCrds extends Construct {
  /** The names of the CRDs, e.g. `certificates.cert-manager.io`, sorted. */
  public readonly crdNames: string[];

  /** The CRD objects, one per custom resource kind, for escape-hatch patches. */
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: CertManagerCrdsProps = {}) {
    super(scope, id);
    CertificateGraph.of(this); // joins the app's graph, which turns the check pack on
    checkLabels(this, 'labels', props.labels);
    checkAnnotations(this, 'annotations', props.annotations);

    this.apiObjects = loadAsset().map((crd) => {
      const copy = structuredClone(crd);
      copy.metadata.labels = { ...copy.metadata.labels, ...props.labels };
      copy.metadata.annotations = { ...copy.metadata.annotations, ...props.annotations };
      return clusterScoped(new ApiObject(this, copy.metadata.name, copy));
    });
    this.crdNames = this.apiObjects.map((o) => o.name);
  }
}
