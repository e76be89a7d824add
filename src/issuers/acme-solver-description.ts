/**
 * The ACME challenge types cert-manager can solve.
 */
export enum AcmeChallengeType {
  /** HTTP-01: a token served over plain HTTP on port 80 of each DNS name. Cannot prove wildcards. */
  HTTP01 = 'HTTP-01',
  /** DNS-01: a TXT record under `_acme-challenge.<name>`. The only type that proves wildcards. */
  DNS01 = 'DNS-01',
}

/**
 * What one ACME solver of an issuer does and which names it covers, for synth-time checks.
 */
export interface AcmeSolverDescription {
  /**
   * Position of the solver in the issuer's `solvers` list (0-based).
   */
  readonly index: number;

  /**
   * The challenge type the solver answers.
   */
  readonly challengeType: AcmeChallengeType;

  /**
   * How the challenge is presented: `ingress` or `gatewayHTTPRoute` for HTTP-01; the DNS
   * provider for DNS-01 (`route53`, `cloudflare`, `cloudDNS`, `azureDNS`, `digitalocean`,
   * `rfc2136`, `akamai`, `acmeDNS`, or `webhook:<groupName>/<solverName>`).
   */
  readonly provider: string;

  /**
   * Whether the solver has a selector at all. A solver without one matches every name, but
   * loses to any solver whose selector matches.
   */
  readonly hasSelector: boolean;

  /**
   * Exact DNS names the solver is selected for (`*.example.com` for a wildcard).
   */
  readonly dnsNames: string[];

  /**
   * DNS zones the solver is selected for: each zone and every name below it.
   */
  readonly dnsZones: string[];

  /**
   * Labels a Certificate must carry for the solver to be selected.
   */
  readonly matchLabels: { [key: string]: string };

  /**
   * Whether the solver relies on ambient credentials (the cert-manager controller's own cloud
   * identity) rather than a referenced Secret. cert-manager allows ambient credentials for
   * ClusterIssuers by default, but for namespaced Issuers only when the controller runs with
   * `--issuer-ambient-credentials`.
   */
  readonly ambientCredentials: boolean;
}
