import { cdk8s, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-cert-manager',
  packageName: 'cdk8s-cert-manager',
  description:
    'cdk8s constructs for cert-manager: a production-grade install, issuers, certificates, '
    + 'monitoring and rotation wiring, with synth-time checks for the common TLS failure modes.',
  author: 'cdk8s-cert-manager contributors',
  authorAddress: 'https://github.com/cdk8s-cert-manager/cdk8s-cert-manager',
  authorOrganization: true,
  repositoryUrl: 'https://github.com/cdk8s-cert-manager/cdk8s-cert-manager.git',
  license: 'Apache-2.0',
  keywords: ['cdk8s', 'cert-manager', 'kubernetes', 'tls', 'certificates', 'letsencrypt', 'prometheus'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: '20.0.0',

  jsiiVersion: '~6.0.0',
  // ts-jest (used by the test suite and by .projenrc.ts) supports TypeScript < 7 only.
  typescriptVersion: '~6.0.0',

  // The projen template still defaults to cdk8s 1.x.
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.4.2',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    '@marcbachmann/cel-js@8.0.0',
    'jsii-rosetta@~6.0.0',
    'cdk8s-cli@^2.207.60',
    'tsx@^4.23.0',
    'ajv@^8.20.0',
    'yaml@^2.9.0',
  ],

  // CI is `.ci/run`; no hosted workflows and no release pipeline yet.
  github: false,
  release: false,

  // jsii targets, so `jsii-pacmak --code-only` proves the API translates.
  publishToPypi: {
    distName: 'cdk8s-cert-manager',
    module: 'cdk8s_cert_manager',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_cert_manager',
    mavenGroupId: 'io.github.cdk8s-cert-manager',
    mavenArtifactId: 'cdk8s-cert-manager',
  },

  jestOptions: {
    // projen's default (`--updateSnapshot`) rewrites changed snapshots silently.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/'],
      testPathIgnorePatterns: ['/node_modules/', '/examples/'],
      // Every Testing.synth in a test validates its objects (schemas, Pod Security).
      setupFilesAfterEnv: ['<rootDir>/test/harness/setup.ts'],
    },
  },
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'projenrc', 'examples', 'bench', '.projenrc.ts'],
    ignorePatterns: ['src/imports/', 'examples/*/dist/', 'bench/.out/', '*.d.ts', '*.generated.ts', 'node_modules/'],
  },
  gitignore: ['examples/*/dist/', '/dist/', '.jsii.tabl.json', '/bench/.out/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/projenrc/', '/.ci/', '/rosetta/', '/bench/', '/BENCHMARK.md'] },
});

// `npm ci` fails on a lockfile written with unrs-resolver 1.13.0: the registry here does not
// serve all of its optional platform packages. 1.12.2 installs cleanly.
project.package.addPackageResolutions('unrs-resolver@1.12.2');

// ---------------------------------------------------------------------------------------------
// Generated inputs: typed imports of the pinned CRDs, and the CRD asset the library installs.
// Both read the pinned upstream release files by default; set CRD_SOURCE_DIR to a folder laid out
// like the upstream release files (see projenrc/sources.ts) to work without the internet.
// ---------------------------------------------------------------------------------------------
project.addTask('import', {
  description: 'Regenerate src/imports and test/fixtures/crds from the pinned upstream CRDs',
  exec: 'tsx projenrc/import-crds.ts',
});
project.addTask('crd-asset', {
  description: 'Regenerate assets/crds (cert-manager CRDs, descriptions stripped) from the pinned upstream file',
  exec: 'tsx projenrc/crd-asset.ts',
});

project.addTask('helm-schema', {
  description: 'Regenerate assets/helm (the cert-manager chart\'s values.schema.json) from the pinned chart release',
  exec: 'tsx projenrc/helm-schema.ts',
});

// ---------------------------------------------------------------------------------------------
// Examples: each is a cdk8s app importing the library from source.
// ---------------------------------------------------------------------------------------------
const rulesDocs = project.addTask('rules:docs', {
  description: 'Generate RULES.md from the check pack\'s rule metadata',
  exec: 'tsx projenrc/rules-md.ts',
});
project.preCompileTask.spawn(rulesDocs);

const helmValuesDocs = project.addTask('helm-values:docs', {
  description: 'Generate docs/helm-values.md from the chart\'s values schema (assets/helm) and the values-to-props mapping',
  exec: 'tsx projenrc/helm-values-doc.ts',
});
project.preCompileTask.spawn(helmValuesDocs);

// README snippets compile against the API (STYLE.md §10): rosetta/default.ts-fixture supplies the imports.
project.postCompileTask.exec('jsii-rosetta extract --strict');

const examples = project.addTask('examples:synth', {
  description: 'Type-check and synthesize every example app into examples/*/dist',
});
examples.exec('tsc --noEmit -p examples/tsconfig.json');
examples.exec('tsx projenrc/synth-examples.ts');
project.testTask.spawn(examples);

// ---------------------------------------------------------------------------------------------
// Synthesis benchmark (issue 9): minutes at N = 10,000, so never part of build or test. Compiles
// the bench app and the library with tsc and times the compiled JavaScript; writes BENCHMARK.md.
// `npx projen bench --sizes 100,1000 --runs 3 --no-report` for a quick look.
// ---------------------------------------------------------------------------------------------
const bench = project.addTask('bench', {
  description: 'Synthesis benchmark: library vs plain cdk8s vs YAML floor at 100, 1,000 and 10,000 certificates; writes BENCHMARK.md',
});
bench.exec('tsc -p bench/tsconfig.json');
bench.exec('node bench/.out/bench/run.js', { receiveArgs: true });

// promtool runs in the alert-rule tests; install it first when it is missing.
const tools = project.addTask('test:tools', {
  description: 'Install the external tools the tests need (promtool) when missing',
  exec: 'bash projenrc/ensure-tools.sh',
});
project.testTask.prependSpawn(tools);

// Packaging the Python and Java artifacts needs PyPI and Maven Central; `.ci/run` proves the API
// translates with `jsii-pacmak --code-only` instead. Only the npm tarball is built here.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

project.synth();
