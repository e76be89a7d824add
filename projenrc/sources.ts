/**
 * Pinned upstream inputs of the generated files (src/imports, assets/crds, test/fixtures).
 *
 * A version bump is one reviewed change here: update the version, URLs and content digests, run
 * `npx projen import` and `npx projen crd-asset`, and review the diff of the generated files.
 *
 * Each input is read from its upstream release URL, or, when the environment variable
 * CRD_SOURCE_DIR is set, from `<CRD_SOURCE_DIR>/<localPath>` (a folder laid out like
 * `reference/` beside this repository: `cert-manager/crds.yaml`,
 * `prometheus-operator/monitoring.coreos.com_<plural>.yaml`,
 * `gateway-api/gateway.networking.k8s.io_<plural>.yaml`).
 *
 * `contentSha256` is the SHA-256 of the CRD documents re-serialized as JSON (comments, licence
 * headers and YAML formatting do not count), so a download and a local copy of the same release
 * agree even when their bytes differ.
 */
export interface CrdInput {
  /** Upstream project. */
  readonly project: string;
  /** Pinned release. */
  readonly version: string;
  /** Upstream release file. */
  readonly url: string;
  /** Path below CRD_SOURCE_DIR when reading a local copy. */
  readonly localPath: string;
  /** SHA-256 of the CRD documents as JSON (see above). */
  readonly contentSha256: string;
}

export const CERT_MANAGER_VERSION = 'v1.21.1';
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';
export const GATEWAY_API_VERSION = 'v1.6.1';
export const AWS_PRIVATECA_ISSUER_VERSION = 'v1.9.0';
export const GOOGLE_CAS_ISSUER_VERSION = 'v0.9.0';
export const STEP_ISSUER_VERSION = 'v0.12.0';

export const CERT_MANAGER_CRDS: CrdInput = {
  project: 'cert-manager',
  version: CERT_MANAGER_VERSION,
  url: `https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.crds.yaml`,
  localPath: 'cert-manager/crds.yaml',
  contentSha256: '5de165722c6cc8dba53e9388571f52759238a22174ba596666b025a947034cfa',
};

function prometheusOperator(plural: string, contentSha256: string): CrdInput {
  const file = `monitoring.coreos.com_${plural}.yaml`;
  return {
    project: 'prometheus-operator',
    version: PROMETHEUS_OPERATOR_VERSION,
    url: `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/${PROMETHEUS_OPERATOR_VERSION}/example/prometheus-operator-crd/${file}`,
    localPath: `prometheus-operator/${file}`,
    contentSha256,
  };
}

function gatewayApi(plural: string, contentSha256: string): CrdInput {
  const file = `gateway.networking.k8s.io_${plural}.yaml`;
  return {
    project: 'gateway-api',
    version: GATEWAY_API_VERSION,
    url: `https://raw.githubusercontent.com/kubernetes-sigs/gateway-api/${GATEWAY_API_VERSION}/config/crd/standard/${file}`,
    localPath: `gateway-api/${file}`,
    contentSha256,
  };
}

/**
 * External issuers (issuer controllers outside cert-manager). Local copies live in
 * `<CRD_SOURCE_DIR>/external-issuers/`. The Google CAS issuer ships its CRDs only as Helm
 * templates; the local copy is that template rendered with the chart defaults, and the digest
 * covers the rendered documents.
 */
function externalIssuer(project: string, version: string, url: string, file: string, contentSha256: string): CrdInput {
  return { project, version, url: `${url}/${file}`, localPath: `external-issuers/${file}`, contentSha256 };
}

const AWS_PCA_CRDS = `https://raw.githubusercontent.com/cert-manager/aws-privateca-issuer/${AWS_PRIVATECA_ISSUER_VERSION}/config/crd/bases`;
const GOOGLE_CAS_CRDS = `https://raw.githubusercontent.com/jetstack/google-cas-issuer/${GOOGLE_CAS_ISSUER_VERSION}/deploy/charts/google-cas-issuer/templates`;
const STEP_CRDS = `https://raw.githubusercontent.com/smallstep/step-issuer/${STEP_ISSUER_VERSION}/config/crd/bases`;

/** Every CRD the library emits objects of: imported as typed classes and used by the schema tests. */
export const IMPORTED_CRDS: CrdInput[] = [
  CERT_MANAGER_CRDS,
  prometheusOperator('prometheusrules', 'a4190e9fed04f1877525ee5d1c0c0904251aafb0404fd82ced11b66aebb3c50e'),
  prometheusOperator('servicemonitors', '233a5a40080c441d7156aba8a7c0ff2bc590080c9a0980c209e2932a6424698a'),
  prometheusOperator('podmonitors', '7775dab4f11d968be22d60722e0af2803bf62d95d2c7999e4d521530eebf6474'),
  prometheusOperator('probes', 'a21b83343d14cc76af8e89d955d88e28e76a3261a068d35307afdcf2f2f71728'),
  gatewayApi('gateways', 'ebd1338cc08b9184582ced7741b1468071c06a54d0b81b8abe5cdf5f3a8e34b3'),
  gatewayApi('httproutes', '93fa1bd3506733f19a2edc784d3be640392c38bd742db4eaf697300a2b007e5f'),
  externalIssuer('aws-privateca-issuer', AWS_PRIVATECA_ISSUER_VERSION, AWS_PCA_CRDS, 'awspca.cert-manager.io_awspcaissuers.yaml',
    '98fffb6b1ec9a15347c7931ea60c1de9a55fc21bc991dc2d45e84ee5dc806009'),
  externalIssuer('aws-privateca-issuer', AWS_PRIVATECA_ISSUER_VERSION, AWS_PCA_CRDS, 'awspca.cert-manager.io_awspcaclusterissuers.yaml',
    '71c827ab67375b1e07d226b9d7d9156443b8769a3fdfac3449650b9a1fefa4b8'),
  externalIssuer('google-cas-issuer', GOOGLE_CAS_ISSUER_VERSION, GOOGLE_CAS_CRDS, 'cas-issuer.jetstack.io_googlecasissuers.yaml',
    'c100e3f8d0be15200c93080a97c10621ccaa08b24eb6783106e5977a7326656e'),
  externalIssuer('google-cas-issuer', GOOGLE_CAS_ISSUER_VERSION, GOOGLE_CAS_CRDS, 'cas-issuer.jetstack.io_googlecasclusterissuers.yaml',
    '553af6ea041a64263f61204655f9d32911d41a5263c61ab570b4be0b825431b7'),
  externalIssuer('step-issuer', STEP_ISSUER_VERSION, STEP_CRDS, 'certmanager.step.sm_stepissuers.yaml',
    '3236cf3c76bfc268cf107206328d5913f6e4585680fb6dccbefbb7aec9937546'),
  externalIssuer('step-issuer', STEP_ISSUER_VERSION, STEP_CRDS, 'certmanager.step.sm_stepclusterissuers.yaml',
    '828bc9a97f46bb0ce923c7ab6936d32592e1c59c1d9506ee9e0f23bbaeaf03ee'),
];
