import { validateCertificateSpec } from './certificate-spec';
import { validateIssuerSpec } from './issuer-spec';
import { ValidationIssue, ValidationOptions } from './validation-issue';

/**
 * Validates one parsed manifest by kind: a cert-manager.io Certificate, Issuer or ClusterIssuer.
 * Other kinds give no issues.
 */
export function validateManifest(manifest: { apiVersion?: string; kind?: string; spec?: unknown }, options?: ValidationOptions): ValidationIssue[] {
  if (!String(manifest?.apiVersion ?? 'cert-manager.io/v1').startsWith('cert-manager.io/')) return [];
  switch (manifest?.kind) {
    case 'Certificate': return validateCertificateSpec(manifest.spec, options);
    case 'Issuer':
    case 'ClusterIssuer': return validateIssuerSpec(manifest.spec);
    default: return [];
  }
}
