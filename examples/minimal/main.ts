// The smallest app: the cert-manager CRDs, as the first stage of an install.
import { Chart } from 'cdk8s';
import { CertManagerCrds, SinglePassApp } from '../../src';

const app = new SinglePassApp();
const crds = new Chart(app, 'cert-manager-crds');
new CertManagerCrds(crds, 'Crds');
app.synth();
