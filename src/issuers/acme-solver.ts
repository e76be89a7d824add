import { AcmeChallengeType, AcmeSolverDescription } from './acme-solver-description';
import { Dns01Provider } from './dns01-provider';
import * as cm from '../imports/cert-manager.io';
import { IssuerContext } from './private/issuer-context';
import { checkAnnotations, checkLabels } from '../private/metadata';
import { checkDnsLabel, checkNonEmpty, checkSubdomain } from '../private/names';
import { Renderer } from './private/issuer-facts';

/**
 * Which names a solver is used for. A solver without any selector matches every name, but any
 * solver whose selector matches wins over it.
 */
export interface AcmeSolverSelectorOptions {
  /**
   * Exact DNS names this solver is used for (`*.example.com` for a wildcard). A match here wins
   * over any `dnsZones` match.
   *
   * @default - not restricted by DNS name
   */
  readonly dnsNames?: string[];

  /**
   * DNS zones this solver is used for: the zone itself and every name below it. The longest
   * matching zone wins.
   *
   * @default - not restricted by DNS zone
   */
  readonly dnsZones?: string[];

  /**
   * Labels a Certificate must carry for this solver to be used.
   *
   * @default - not restricted by labels
   */
  readonly matchLabels?: { [key: string]: string };
}

/**
 * The Service cert-manager creates in front of an HTTP-01 solver pod.
 */
export enum Http01ServiceType {
  /** A NodePort Service (cert-manager's default; needed by ingress controllers that route to node ports). */
  NODE_PORT = 'NodePort',
  /** A ClusterIP Service. */
  CLUSTER_IP = 'ClusterIP',
}

/**
 * A toleration of the HTTP-01 solver pod.
 */
export interface SolverToleration {
  /**
   * Taint key to tolerate.
   *
   * @default - every key (with operator `Exists`)
   */
  readonly key?: string;

  /**
   * `Equal` or `Exists`.
   *
   * @default "Equal"
   */
  readonly operator?: string;

  /**
   * Taint value to tolerate, with operator `Equal`.
   *
   * @default - empty
   */
  readonly value?: string;

  /**
   * Taint effect to tolerate: `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
   *
   * @default - every effect
   */
  readonly effect?: string;

  /**
   * Seconds a `NoExecute` taint is tolerated before eviction.
   *
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * Settings of the pod and Service cert-manager runs to answer HTTP-01 challenges.
 */
export interface Http01SolverPodOptions {
  /**
   * Type of the Service in front of the solver pod.
   *
   * @default Http01ServiceType.NODE_PORT
   */
  readonly serviceType?: Http01ServiceType;

  /**
   * Extra labels on the solver pod.
   *
   * @default - cert-manager's labels only
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Extra annotations on the solver pod.
   *
   * @default - cert-manager's annotations only
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Node selector of the solver pod.
   *
   * @default - `kubernetes.io/os: linux`, cert-manager's default
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations of the solver pod.
   *
   * @default - none
   */
  readonly tolerations?: SolverToleration[];

  /**
   * PriorityClass of the solver pod.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * ServiceAccount of the solver pod.
   *
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: string;

  /**
   * Names of Secrets to pull the solver image with.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];
}

/**
 * Options of {@link AcmeSolver.http01Ingress}. Set at most one of `ingressClassName`,
 * `ingressClass` and `ingressName`.
 */
export interface Http01IngressSolverOptions extends AcmeSolverSelectorOptions, Http01SolverPodOptions {
  /**
   * IngressClass of the Ingress cert-manager creates for each challenge.
   *
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;

  /**
   * Value of the legacy `kubernetes.io/ingress.class` annotation on the challenge Ingress, for
   * ingress controllers that do not read `ingressClassName`.
   *
   * @default - no annotation
   */
  readonly ingressClass?: string;

  /**
   * Name of an existing Ingress to add the challenge paths to, instead of creating one per
   * challenge (for load balancers that give every Ingress a new IP address).
   *
   * @default - cert-manager creates an Ingress per challenge
   */
  readonly ingressName?: string;

  /**
   * Extra labels on the challenge Ingress.
   *
   * @default - cert-manager's labels only
   */
  readonly ingressLabels?: { [key: string]: string };

  /**
   * Extra annotations on the challenge Ingress (for example to keep a forced HTTPS redirect off
   * the challenge path).
   *
   * @default - cert-manager's annotations only
   */
  readonly ingressAnnotations?: { [key: string]: string };
}

/**
 * A Gateway (or other parent) the HTTP-01 challenge HTTPRoute attaches to.
 */
export interface GatewayParentRef {
  /** Name of the parent. */
  readonly name: string;

  /**
   * Namespace of the parent.
   *
   * @default - the namespace of the Certificate being issued
   */
  readonly namespace?: string;

  /**
   * Kind of the parent.
   *
   * @default "Gateway"
   */
  readonly kind?: string;

  /**
   * API group of the parent.
   *
   * @default "gateway.networking.k8s.io"
   */
  readonly group?: string;

  /**
   * Listener of the Gateway to attach to; it must serve plain HTTP on port 80.
   *
   * @default - every listener that allows the route
   */
  readonly sectionName?: string;

  /**
   * Port of the Gateway to attach to.
   *
   * @default - every port that allows the route
   */
  readonly port?: number;
}

/**
 * Options of {@link AcmeSolver.http01GatewayHttpRoute}.
 */
export interface Http01GatewaySolverOptions extends AcmeSolverSelectorOptions, Http01SolverPodOptions {
  /**
   * The Gateways the challenge HTTPRoute attaches to (at least one).
   */
  readonly parentRefs: GatewayParentRef[];

  /**
   * Extra labels on the challenge HTTPRoute.
   *
   * @default - cert-manager's labels only
   */
  readonly routeLabels?: { [key: string]: string };
}

/**
 * Whether a DNS-01 solver follows CNAME records at `_acme-challenge.<name>`.
 */
export enum CnameStrategy {
  /** Write the TXT record at `_acme-challenge.<name>` itself (cert-manager's default). */
  NONE = 'None',
  /** Follow a CNAME at `_acme-challenge.<name>` and write the TXT record at its target (delegation). */
  FOLLOW = 'Follow',
}

/**
 * Options of {@link AcmeSolver.dns01}.
 */
export interface Dns01SolverOptions extends AcmeSolverSelectorOptions {
  /**
   * Whether to follow a CNAME at `_acme-challenge.<name>`, to answer challenges in a delegated zone.
   *
   * @default CnameStrategy.NONE
   */
  readonly cnameStrategy?: CnameStrategy;
}

/** A solver rendered for one issuer. */
interface RenderedSolver {
  readonly challenge: Pick<cm.IssuerSpecAcmeSolvers, 'http01' | 'dns01'>;
  readonly provider: string;
  readonly ambientCredentials: boolean;
}

/**
 * One way of proving control of DNS names to an ACME server, with the names it is used for.
 *
 * @see https://cert-manager.io/docs/configuration/acme/#solving-challenges
 */
export class AcmeSolver {
  /**
   * HTTP-01 through an Ingress: cert-manager runs a solver pod and routes
   * `/.well-known/acme-challenge/` to it. Cannot prove wildcard names.
   *
   * @see https://cert-manager.io/docs/configuration/acme/http01/
   */
  public static http01Ingress(options: Http01IngressSolverOptions = {}): AcmeSolver {
    return new AcmeSolver(AcmeChallengeType.HTTP01, options, (ctx) => {
      const set = ['ingressClassName', 'ingressClass', 'ingressName'].filter((k) => (options as any)[k] !== undefined);
      if (set.length > 1) {
        ctx.fail(`the HTTP-01 ingress solver sets ${set.join(' and ')}; set only one of ingressClassName, ingressClass and ingressName`);
      }
      if (options.ingressName !== undefined) checkSubdomain(ctx.scope, 'http01Ingress ingressName', options.ingressName);
      if (options.ingressClassName !== undefined) checkSubdomain(ctx.scope, 'http01Ingress ingressClassName', options.ingressClassName);
      checkLabels(ctx.scope, 'http01Ingress ingressLabels', options.ingressLabels);
      checkAnnotations(ctx.scope, 'http01Ingress ingressAnnotations', options.ingressAnnotations);
      const ingressMetadata = options.ingressLabels || options.ingressAnnotations
        ? { metadata: { labels: options.ingressLabels, annotations: options.ingressAnnotations } }
        : undefined;
      return {
        challenge: {
          http01: {
            ingress: {
              ingressClassName: options.ingressClassName,
              class: options.ingressClass,
              name: options.ingressName,
              serviceType: options.serviceType,
              ingressTemplate: ingressMetadata,
              podTemplate: renderPodTemplate(ctx, 'http01Ingress', options),
            },
          },
        },
        provider: 'ingress',
        ambientCredentials: false,
      };
    });
  }

  /**
   * HTTP-01 through the Gateway API: cert-manager creates an HTTPRoute attached to the given
   * Gateways. Cannot prove wildcard names. cert-manager must run with Gateway API support enabled.
   *
   * @see https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver
   */
  public static http01GatewayHttpRoute(options: Http01GatewaySolverOptions): AcmeSolver {
    return new AcmeSolver(AcmeChallengeType.HTTP01, options, (ctx) => {
      if (!options.parentRefs || options.parentRefs.length === 0) {
        ctx.fail('the HTTP-01 Gateway solver has no parentRefs; add the Gateway that serves port 80 for these names, '
          + 'for example parentRefs: [{ name: "public", namespace: "gateway" }]');
      }
      options.parentRefs.forEach((ref, i) => {
        checkSubdomain(ctx.scope, `http01GatewayHttpRoute parentRefs[${i}].name`, ref.name);
        if (ref.namespace !== undefined) checkDnsLabel(ctx.scope, `http01GatewayHttpRoute parentRefs[${i}].namespace`, ref.namespace);
      });
      checkLabels(ctx.scope, 'http01GatewayHttpRoute routeLabels', options.routeLabels);
      return {
        challenge: {
          http01: {
            gatewayHttpRoute: {
              parentRefs: options.parentRefs.map((ref) => ({
                name: ref.name, namespace: ref.namespace, kind: ref.kind, group: ref.group, sectionName: ref.sectionName, port: ref.port,
              })),
              labels: options.routeLabels,
              serviceType: options.serviceType,
              podTemplate: renderPodTemplate(ctx, 'http01GatewayHttpRoute', options),
            },
          },
        },
        provider: 'gatewayHTTPRoute',
        ambientCredentials: false,
      };
    });
  }

  /**
   * DNS-01 with the given DNS provider: cert-manager writes a TXT record at
   * `_acme-challenge.<name>`. The only way to prove wildcard names.
   *
   * @see https://cert-manager.io/docs/configuration/acme/dns01/
   */
  public static dns01(provider: Dns01Provider, options: Dns01SolverOptions = {}): AcmeSolver {
    return new AcmeSolver(AcmeChallengeType.DNS01, options, (ctx) => {
      if (!(provider instanceof Dns01Provider)) {
        ctx.fail('a DNS-01 solver has no provider; pass one, for example AcmeSolver.dns01(Dns01Provider.route53())');
      }
      const rendered = provider._render(ctx);
      return {
        challenge: {
          dns01: {
            ...rendered.dns01,
            cnameStrategy: options.cnameStrategy as string as cm.IssuerSpecAcmeSolversDns01CnameStrategy | undefined,
          },
        },
        provider: rendered.provider,
        ambientCredentials: rendered.ambientCredentials,
      };
    });
  }

  private constructor(
    private readonly challengeType: AcmeChallengeType,
    private readonly selector: AcmeSolverSelectorOptions,
    private readonly render: Renderer<RenderedSolver>,
  ) {}

  /** @internal */
  public _render(ctx: IssuerContext, index: number): { solver: cm.IssuerSpecAcmeSolvers; description: AcmeSolverDescription } {
    const prop = `solvers[${index}]`;
    const { dnsNames = [], dnsZones = [], matchLabels = {} } = this.selector;
    dnsNames.forEach((name, i) => checkDnsName(ctx, `${prop}.dnsNames[${i}]`, name, true));
    dnsZones.forEach((zone, i) => checkDnsName(ctx, `${prop}.dnsZones[${i}]`, zone, false));
    checkLabels(ctx.scope, `${prop}.matchLabels`, matchLabels);
    const wildcard = dnsNames.find((n) => n.startsWith('*.'));
    if (this.challengeType === AcmeChallengeType.HTTP01 && wildcard) {
      ctx.fail(`${prop} is an HTTP-01 solver selected for the wildcard "${wildcard}", which HTTP-01 can never prove; `
        + `use AcmeSolver.dns01(...) for "${wildcard}"`);
    }
    const rendered = this.render(ctx);
    const hasSelector = dnsNames.length + dnsZones.length + Object.keys(matchLabels).length > 0;
    return {
      solver: {
        ...rendered.challenge,
        selector: hasSelector ? {
          dnsNames: dnsNames.length ? [...dnsNames] : undefined,
          dnsZones: dnsZones.length ? [...dnsZones] : undefined,
          matchLabels: Object.keys(matchLabels).length ? { ...matchLabels } : undefined,
        } : undefined,
      },
      description: {
        index,
        challengeType: this.challengeType,
        provider: rendered.provider,
        hasSelector,
        dnsNames: [...dnsNames],
        dnsZones: [...dnsZones],
        matchLabels: { ...matchLabels },
        ambientCredentials: rendered.ambientCredentials,
      },
    };
  }
}

const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function checkDnsName(ctx: IssuerContext, prop: string, name: string, allowWildcard: boolean): void {
  if (!DNS_NAME.test(name) || name.length > 253 || (!allowWildcard && name.startsWith('*.'))) {
    ctx.fail(`${prop} "${name}" is not a ${allowWildcard ? 'DNS name' : 'DNS zone'}; use lowercase names like `
      + `"${allowWildcard ? 'www.example.com' : 'example.com'}"${allowWildcard ? ' or "*.example.com"' : ' (no wildcard)'}`);
  }
}

function renderPodTemplate(ctx: IssuerContext, prop: string,
  options: Http01SolverPodOptions): cm.IssuerSpecAcmeSolversHttp01IngressPodTemplate | undefined {
  checkLabels(ctx.scope, `${prop} podLabels`, options.podLabels);
  checkAnnotations(ctx.scope, `${prop} podAnnotations`, options.podAnnotations);
  checkLabels(ctx.scope, `${prop} nodeSelector`, options.nodeSelector);
  if (options.serviceAccountName !== undefined) checkSubdomain(ctx.scope, `${prop} serviceAccountName`, options.serviceAccountName);
  if (options.priorityClassName !== undefined) checkNonEmpty(ctx.scope, `${prop} priorityClassName`, options.priorityClassName);
  (options.imagePullSecrets ?? []).forEach((name, i) => checkSubdomain(ctx.scope, `${prop} imagePullSecrets[${i}]`, name));
  const metadata = options.podLabels || options.podAnnotations
    ? { labels: options.podLabels, annotations: options.podAnnotations }
    : undefined;
  const spec = {
    nodeSelector: options.nodeSelector,
    tolerations: options.tolerations?.map((t) => ({ ...t })),
    priorityClassName: options.priorityClassName,
    serviceAccountName: options.serviceAccountName,
    imagePullSecrets: options.imagePullSecrets?.map((name) => ({ name })),
  };
  const hasSpec = Object.values(spec).some((v) => v !== undefined);
  return metadata || hasSpec ? { metadata, spec: hasSpec ? spec : undefined } : undefined;
}
