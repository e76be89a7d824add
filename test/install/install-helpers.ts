import { Testing } from 'cdk8s';
import { CertManager, CertManagerProps } from '../../src';
import { Manifests, synth } from '../harness/manifests';

/** A CertManager with `props` in a test chart, and the chart's synthesized manifests. */
export function install(props: CertManagerProps = {}): { cm: CertManager; m: Manifests } {
  const chart = Testing.chart();
  const cm = new CertManager(chart, 'CertManager', props);
  return { cm, m: synth(chart) };
}

/** Creating a CertManager with `props`, for `expect(...).toThrow`. */
export function build(props: CertManagerProps) {
  return () => new CertManager(Testing.chart(), 'CertManager', props);
}
