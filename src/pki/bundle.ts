import { ApiObject, Lazy, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PrivateCa } from './private-ca';
import { Pkcs12Profile } from '../certificates/certificate-options';
import { MountOptions, RotationReload } from '../certificates/reload';
import { MountedObjectKind, WorkloadMount } from '../certificates/workload-mount';
import { BundleFact, CertificateGraph, PrivateCaFact, ReloadMode } from '../graph/certificate-graph';
import { BundleSpec, BundleSpecTargetAdditionalFormatsPkcs12Profile, toJson_BundleSpec } from '../imports/trust.cert-manager.io';
import type { TrustManager } from '../install/trust-manager';
import { clusterScoped } from '../private/cluster-scoped';
import { fail } from '../private/errors';
import { checkLabels } from '../private/metadata';
import { checkDnsLabel, checkSubdomain } from '../private/names';
import { warn } from '../private/warn';

/** The label every namespace carries with its own name (Kubernetes 1.22 and later). */
const NAME_LABEL = 'kubernetes.io/metadata.name';
const MATCH_ANNOTATION = 'reloader.stakater.com/match';
const KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Which namespaces a {@link Bundle} is written to (its `target.namespaceSelector`).
 */
export class BundleNamespaces {
  /**
   * The namespaces carrying all of these labels (exact values).
   *
   * @param labels at least one label
   */
  public static withLabels(labels: { [key: string]: string }): BundleNamespaces {
    return new BundleNamespaces(false, { ...labels }, undefined);
  }

  /**
   * These namespaces, by name (selected through the `kubernetes.io/metadata.name` label every
   * namespace carries).
   *
   * @param names at least one namespace
   */
  public static named(names: string[]): BundleNamespaces {
    return new BundleNamespaces(false, undefined, [...names]);
  }

  /** Every namespace of the cluster, present and future. */
  public static all(): BundleNamespaces {
    return new BundleNamespaces(true, undefined, undefined);
  }

  private constructor(
    /** Whether every namespace is selected. */
    public readonly allNamespaces: boolean,
    /** The labels a namespace must carry, for `withLabels`. */
    public readonly labels?: { [key: string]: string },
    /** The namespace names, for `named`. */
    public readonly names?: string[],
  ) {}
}

/** The kind of object a {@link Bundle} writes into each selected namespace. */
export enum BundleTargetKind {
  /** A ConfigMap: readable by any pod of the namespace, and trust-manager's default. */
  CONFIG_MAP = 'ConfigMap',
  /**
   * A Secret. trust-manager writes Secrets only when its install authorizes the name: pass the
   * {@link TrustManager} as `trustManager` (the Bundle authorizes itself) or list the name in
   * its `secretTargets`.
   */
  SECRET = 'Secret',
}

/** Props of {@link Bundle}. */
export interface BundleProps {
  /**
   * The private CAs whose roots the bundle carries: every root each one trusts now, so during a
   * {@link CaRotation} both the old and the new root.
   */
  readonly privateCas: PrivateCa[];

  /** The namespaces the bundle is written to. */
  readonly namespaces: BundleNamespaces;

  /**
   * Name of the Bundle (cluster-scoped) and of the ConfigMap or Secret it writes in each namespace.
   *
   * @default - a name derived from the construct path
   */
  readonly name?: string;

  /**
   * The kind of object written into each namespace.
   *
   * @default BundleTargetKind.CONFIG_MAP
   */
  readonly targetKind?: BundleTargetKind;

  /**
   * The key of the PEM bundle in the written object.
   *
   * @default "ca.crt"
   */
  readonly key?: string;

  /**
   * Add the public CA roots of trust-manager's default package (Debian's `ca-certificates`),
   * for clients that call public endpoints with the same trust store.
   *
   * @default false
   */
  readonly includePublicRoots?: boolean;

  /**
   * Also write a JKS truststore under this key, for Java clients.
   *
   * @default - no JKS truststore
   */
  readonly jksKey?: string;

  /**
   * Password of the JKS truststore (a truststore holds no secrets; Java requires a password).
   *
   * @default "changeit"
   */
  readonly jksPassword?: string;

  /**
   * Also write a PKCS#12 truststore under this key.
   *
   * @default - no PKCS#12 truststore
   */
  readonly pkcs12Key?: string;

  /**
   * Password of the PKCS#12 truststore.
   *
   * @default "" (no password)
   */
  readonly pkcs12Password?: string;

  /**
   * Encryption profile of the PKCS#12 truststore. trust-manager v0.24.0 offers LEGACY_RC2,
   * LEGACY_DES and MODERN_2023.
   *
   * @default Pkcs12Profile.LEGACY_RC2 (trust-manager's default)
   */
  readonly pkcs12Profile?: Pkcs12Profile;

  /**
   * The trust-manager install that distributes the bundle: its trust namespace must hold the
   * CAs' root Secrets, and it is authorized to write the bundle as a Secret when
   * `targetKind` is SECRET.
   *
   * @default - an install whose trust namespace is `trustNamespace`
   */
  readonly trustManager?: TrustManager;

  /**
   * The trust namespace of the trust-manager install (its `--trust-namespace`), when the install
   * is not given as `trustManager`.
   *
   * @default - trustManager's, else "cert-manager"
   */
  readonly trustNamespace?: string;

  /**
   * Labels of the Bundle object.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A trust-manager Bundle that distributes private CAs' roots to the namespaces that need them,
 * as a ConfigMap (or Secret) holding a PEM bundle, optionally with JKS and PKCS#12 truststores.
 * trust-manager keeps it current: when a root is renewed or, during a {@link CaRotation}, added
 * or removed, every copy changes within seconds, and `mount` wires workloads to reload.
 *
 * The sources are the CAs' root Secrets (`tls.crt`), which trust-manager reads only from its
 * trust namespace, so each CA's cluster resource namespace must be that namespace.
 *
 * @see https://cert-manager.io/docs/trust/trust-manager/
 * @example
 * const ca = new PrivateCa(chart, 'InternalCa', { name: 'internal-ca' });
 * const bundle = new Bundle(chart, 'InternalTrust', {
 *   privateCas: [ca],
 *   namespaces: BundleNamespaces.withLabels({ 'trust.example.com/internal-ca': 'true' }),
 * });
 */
export class Bundle extends Construct {
  /** Name of the Bundle and of the object it writes into each namespace. */
  public readonly name: string;

  /** The kind of object written into each namespace. */
  public readonly targetKind: BundleTargetKind;

  /** The key of the PEM bundle in the written object. */
  public readonly key: string;

  /** The Bundle object (a plain ApiObject, for JSON patches). */
  public readonly apiObject: ApiObject;

  private readonly fact: BundleFact;
  private readonly targetAnnotations: { [key: string]: string } = {};

  constructor(scope: Construct, id: string, props: BundleProps) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this);
    this.targetKind = props.targetKind ?? BundleTargetKind.CONFIG_MAP;
    this.key = props.key ?? 'ca.crt';
    checkSubdomain(this, 'name', this.name);
    checkLabels(this, 'labels', props.labels);
    for (const [prop, key] of [['key', this.key], ['jksKey', props.jksKey], ['pkcs12Key', props.pkcs12Key]] as const) {
      if (key !== undefined && (!KEY.test(key) || key.length > 253)) {
        fail(this, `${prop} "${key}" is not a valid ConfigMap or Secret key; use letters, digits, "-", "_" and ".", e.g. "ca.crt"`);
      }
    }
    const keys = [this.key, props.jksKey, props.pkcs12Key].filter((k) => k !== undefined);
    if (new Set(keys).size !== keys.length) {
      fail(this, `key, jksKey and pkcs12Key must differ, but they are ${keys.map((k) => `"${k}"`).join(', ')}; `
        + 'give each format its own key');
    }
    if (props.jksPassword !== undefined && props.jksKey === undefined) {
      fail(this, 'jksPassword is set but jksKey is not, so no JKS truststore is written; set jksKey, or remove jksPassword');
    }
    if ((props.pkcs12Password !== undefined || props.pkcs12Profile !== undefined) && props.pkcs12Key === undefined) {
      fail(this, 'pkcs12Password or pkcs12Profile is set but pkcs12Key is not, so no PKCS#12 truststore is written; '
        + 'set pkcs12Key, or remove them');
    }
    if (props.pkcs12Profile === Pkcs12Profile.MODERN_2026) {
      fail(this, 'pkcs12Profile is MODERN_2026, which trust-manager v0.24.0 does not offer; use Pkcs12Profile.MODERN_2023');
    }
    const selection = this.checkNamespaces(props.namespaces);
    const cas = this.checkSources(props);

    if (this.targetKind === BundleTargetKind.SECRET) {
      if (props.trustManager) {
        props.trustManager.addSecretTarget(this.name);
      } else {
        warn(this, `targetKind is SECRET: trust-manager writes the Secret "${this.name}" only if its install authorizes it; `
          + `pass the TrustManager as trustManager, or list "${this.name}" in its secretTargets`);
      }
    }

    const spec = (): BundleSpec => {
      const metadata = Object.keys(this.targetAnnotations).length ? { annotations: { ...this.targetAnnotations } } : undefined;
      const target = { key: this.key, metadata };
      return {
        sources: [
          ...props.privateCas.flatMap((ca) => ca.trustedRoots.map((root) => ({ secret: { name: root.secretName, key: 'tls.crt' } }))),
          ...(props.includePublicRoots ? [{ useDefaultCAs: true }] : []),
        ],
        target: {
          ...(this.targetKind === BundleTargetKind.CONFIG_MAP ? { configMap: target } : { secret: target }),
          namespaceSelector: selection,
          additionalFormats: props.jksKey === undefined && props.pkcs12Key === undefined ? undefined : {
            jks: props.jksKey === undefined ? undefined : { key: props.jksKey, password: props.jksPassword },
            pkcs12: props.pkcs12Key === undefined ? undefined : {
              key: props.pkcs12Key,
              password: props.pkcs12Password,
              profile: props.pkcs12Profile as string as BundleSpecTargetAdditionalFormatsPkcs12Profile | undefined,
            },
          },
        },
      };
    };
    this.apiObject = clusterScoped(new ApiObject(this, 'Resource', {
      apiVersion: 'trust.cert-manager.io/v1alpha1',
      kind: 'Bundle',
      metadata: { name: this.name, labels: props.labels },
      spec: Lazy.any({ produce: () => toJson_BundleSpec(spec()) }),
    }));

    const ns = props.namespaces;
    this.fact = {
      scope: this,
      name: this.name,
      privateCas: cas,
      namespaces: ns.names,
      namespaceLabels: ns.labels,
      allNamespaces: ns.allNamespaces,
    };
    CertificateGraph.of(this).addBundle(this.fact);
    if (!props.trustManager) this.checkTrustManagers(trustNamespaceOf(props));
  }

  /**
   * Without a `trustManager`, the Bundle assumes an install with `trustNamespace`: fails at synth
   * when the app declares trust-manager installs and none of them reads that namespace.
   */
  private checkTrustManagers(trustNamespace: string): void {
    const graph = CertificateGraph.of(this);
    this.node.addValidation({
      validate: () => {
        const installs = graph.trustManagers;
        if (installs.length === 0 || installs.some((t) => t.trustNamespace === trustNamespace)) return [];
        return [`the Bundle assumes trust-manager reads sources from namespace "${trustNamespace}", but the TrustManager of this `
          + `app (${installs.map((t) => `${t.scope.node.path}: "${t.trustNamespace}"`).join(', ')}) reads another; pass it as `
          + 'trustManager, so the Bundle checks its sources against its trust namespace'];
      },
    });
  }

  /**
   * Mounts the bundle into a container of `workload` as a read-only directory (the PEM bundle is
   * the file named `key` in it; never with subPath, whose files are never updated) and wires the
   * reload, so a workload that reads its trust store only at start picks up a renewed or rotated
   * root. Default reload: Reloader's `configmap.reloader.stakater.com/reload` (or
   * `secret.reloader.stakater.com/reload`) annotation. With `RotationReload.reloaderSearch()` the
   * written objects get `reloader.stakater.com/match: "true"`.
   *
   * Fails when the workload's namespace is not one the bundle is written to (for a bundle
   * selecting namespaces by name; a label selection is judged by the check pack).
   *
   * @param workload a cdk8s-plus Deployment, StatefulSet or DaemonSet, or a raw ApiObject of those kinds
   */
  public mount(workload: IConstruct, options: MountOptions): void {
    const namespace = workloadNamespace(this, workload);
    if (this.fact.namespaces && !this.fact.namespaces.includes(namespace)) {
      fail(this, `the workload ${workload.node.path} is in namespace "${namespace}", which the Bundle "${this.name}" is not `
        + `written to (it selects ${this.fact.namespaces.map((n) => `"${n}"`).join(', ')}); add "${namespace}" to BundleNamespaces.named`);
    }
    const kind = this.targetKind === BundleTargetKind.SECRET ? MountedObjectKind.SECRET : MountedObjectKind.CONFIG_MAP;
    const mounted = WorkloadMount.mount(this, workload, kind, namespace, this.name, {
      ...options,
      volumeName: options.volumeName ?? `trust-${this.name}`.slice(0, 63).replace(/-+$/, ''),
    });
    if ((options.reload ?? RotationReload.reloaderAnnotation())._mode === ReloadMode.RELOADER_SEARCH) {
      this.targetAnnotations[MATCH_ANNOTATION] = 'true';
    }
    CertificateGraph.of(this).addBundleConsumer({ scope: workload, bundle: this.fact, kind: mounted.kind, name: mounted.name, namespace });
  }

  /** The namespace selector, after checking that it selects something. */
  private checkNamespaces(namespaces: BundleNamespaces): any {
    if (!(namespaces instanceof BundleNamespaces)) {
      fail(this, 'namespaces is not set; choose where the bundle goes with BundleNamespaces.withLabels({...}), '
        + 'BundleNamespaces.named([...]) or BundleNamespaces.all()');
    }
    if (namespaces.allNamespaces) return undefined;
    if (namespaces.names) {
      if (namespaces.names.length === 0) {
        fail(this, 'namespaces is BundleNamespaces.named([]), which selects no namespace, so the bundle reaches no client; '
          + 'name at least one namespace');
      }
      for (const n of namespaces.names) checkDnsLabel(this, 'namespaces', n);
      if (new Set(namespaces.names).size !== namespaces.names.length) {
        fail(this, `namespaces names a namespace twice (${namespaces.names.join(', ')}); list each once`);
      }
      return { matchExpressions: [{ key: NAME_LABEL, operator: 'In', values: [...namespaces.names] }] };
    }
    const labels = namespaces.labels ?? {};
    if (Object.keys(labels).length === 0) {
      fail(this, 'namespaces is BundleNamespaces.withLabels({}), which names no label, so it selects no namespace in '
        + 'particular; give at least one label, or use BundleNamespaces.all() to write the bundle into every namespace');
    }
    checkLabels(this, 'namespaces', labels);
    return { matchLabels: labels };
  }

  /** The CAs' graph facts, after checking trust-manager can read their root Secrets. */
  private checkSources(props: BundleProps): PrivateCaFact[] {
    if (!Array.isArray(props.privateCas) || props.privateCas.length === 0) {
      fail(this, 'privateCas is empty, so the bundle would distribute nothing; list the PrivateCa whose roots clients must trust');
    }
    if (new Set(props.privateCas).size !== props.privateCas.length) {
      fail(this, 'privateCas lists a PrivateCa twice; list each once');
    }
    const trustNamespace = trustNamespaceOf(props);
    if (props.trustManager && props.trustNamespace !== undefined && props.trustNamespace !== props.trustManager.trustNamespace) {
      fail(this, `trustNamespace "${props.trustNamespace}" differs from the trust namespace "${props.trustManager.trustNamespace}" `
        + `of the trustManager ${props.trustManager.node.path}; remove trustNamespace`);
    }
    checkDnsLabel(this, 'trustNamespace', trustNamespace);
    const graph = CertificateGraph.of(this);
    return props.privateCas.map((ca) => {
      if (ca.certificateNamespace !== trustNamespace) {
        fail(this, `the root Secret "${ca.secretName}" of PrivateCa ${ca.node.path} is in namespace "${ca.certificateNamespace}", `
          + `but trust-manager reads Bundle sources only from its trust namespace "${trustNamespace}"; set the PrivateCa's `
          + `clusterResourceNamespace to "${trustNamespace}", or run trust-manager with trustNamespace "${ca.certificateNamespace}"`);
      }
      return graph.privateCas.find((f) => f.scope === ca)!;
    });
  }
}

/** The trust namespace a Bundle assumes: its TrustManager's, else `trustNamespace`, else cert-manager's. */
function trustNamespaceOf(props: BundleProps): string {
  return props.trustManager?.trustNamespace ?? props.trustNamespace ?? 'cert-manager';
}

/** The namespace of a workload construct (a cdk8s-plus workload or an ApiObject). */
function workloadNamespace(scope: IConstruct, workload: IConstruct): string {
  let namespace: string | undefined;
  try {
    namespace = ApiObject.of(workload).metadata.namespace;
  } catch {
    fail(scope, `the workload ${workload?.node?.path ?? String(workload)} is not a Kubernetes object; pass a cdk8s-plus `
      + 'Deployment, StatefulSet or DaemonSet, or an ApiObject of those kinds');
  }
  if (namespace === undefined) {
    fail(scope, `the workload ${workload.node.path} has no namespace; a Bundle is written only into namespaces, so set the `
      + 'workload\'s namespace (or its chart\'s)');
  }
  return namespace;
}
