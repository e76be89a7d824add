// The smallest app: the cert-manager CRDs, as the first stage of an install.
import { App, Chart } from 'cdk8s';
import { CertManagerCrds } from '../../src';

const app = new App();
const crds = new Chart(app, 'cert-manager-crds');
new CertManagerCrds(crds, 'Crds');
app.synth();
