import type { IIssuer } from '../../issuers/issuer-ref';

/** What the controller's pods carry, as far as cloud identities go. */
export interface ControllerIdentity {
  /** Annotations of the controller's ServiceAccount; undefined when the ServiceAccount is not created here. */
  readonly serviceAccountAnnotations?: { [key: string]: string };
  readonly podLabels: { [key: string]: string };
  readonly envNames: string[];
}

/** How each cloud DNS provider's ambient credentials reach the controller, and how to see it is set up. */
const PROVIDERS: Record<string, { cloud: string; configured: (id: ControllerIdentity) => boolean; fix: string }> = {
  route53: {
    cloud: 'AWS',
    configured: (id) => id.serviceAccountAnnotations?.['eks.amazonaws.com/role-arn'] !== undefined || id.envNames.includes('AWS_ROLE_ARN'),
    fix: 'annotate the controller\'s ServiceAccount with eks.amazonaws.com/role-arn (controller.serviceAccountAnnotations, IRSA)',
  },
  cloudDNS: {
    cloud: 'Google Cloud',
    configured: (id) => id.serviceAccountAnnotations?.['iam.gke.io/gcp-service-account'] !== undefined,
    fix: 'annotate the controller\'s ServiceAccount with iam.gke.io/gcp-service-account (controller.serviceAccountAnnotations, Workload Identity)',
  },
  azureDNS: {
    cloud: 'Azure',
    configured: (id) => id.podLabels['azure.workload.identity/use'] === 'true',
    fix: 'label the controller\'s pods azure.workload.identity/use: "true" (controller.podLabels) and annotate its ServiceAccount '
      + 'with azure.workload.identity/client-id (controller.serviceAccountAnnotations)',
  },
};

/**
 * One warning per issuer solver that uses a cloud DNS provider's ambient credentials while the
 * controller carries no sign of that cloud's workload identity, naming both places to fix.
 * Nothing when the ServiceAccount is not created here (its annotations are not known).
 */
export function ambientIdentityWarnings(issuers: readonly IIssuer[], identity: ControllerIdentity): string[] {
  if (identity.serviceAccountAnnotations === undefined) return [];
  const out: string[] = [];
  for (const issuer of issuers) {
    for (const solver of issuer.acmeSolvers) {
      const provider = PROVIDERS[solver.provider];
      if (!solver.ambientCredentials || !provider || provider.configured(identity)) continue;
      out.push(`${issuer.kind} "${issuer.issuerName}" (${issuer.node.path}) solves DNS-01 with ${solver.provider} and ambient `
        + `credentials, but the cert-manager controller has no ${provider.cloud} workload identity, so the solver will be `
        + `denied: ${provider.fix}, or give the solver explicit credentials (ignore this when node credentials or EKS Pod Identity provide them)`);
    }
  }
  return out;
}
