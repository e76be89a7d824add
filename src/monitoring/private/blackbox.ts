import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';

/**
 * The blackbox exporter as a Probe reaches it: the prober address, and the pieces of a target's
 * relabeling. Shared by the served-certificate probes and the rotation canary.
 */

/** The Service of the prometheus-blackbox-exporter Helm chart, release `prometheus-blackbox-exporter` in `monitoring`. */
export const DEFAULT_PROBER = 'prometheus-blackbox-exporter.monitoring.svc:9115';

/**
 * Labels of a rotation canary's objects and Certificate. The served-certificate probes leave
 * canary certificates out: the canary probes and alerts on them itself, on its own schedule.
 */
export const CANARY_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'rotation-canary' };

/** Whether a certificate's labels mark it as a rotation canary's. */
export function isCanaryCertificate(labels: Readonly<Record<string, string>> | undefined): boolean {
  return Object.entries(CANARY_LABELS).every(([k, v]) => labels?.[k] === v);
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PORT = /^[1-9][0-9]{0,4}$/;

/** Whether `host` is a lowercase DNS name without a wildcard. */
export function isDnsName(host: string): boolean {
  return host.length > 0 && host.length <= 253 && host.split('.').every((l) => l.length <= 63 && LABEL.test(l));
}

/** Whether `port` is a TCP port number (1-65535) written without leading zeros. */
export function isPort(port: string): boolean {
  return PORT.test(port) && Number(port) <= 65535;
}

/** `host:port`, without a scheme or path, as a Probe's `prober.url` needs it. */
export function checkProberAddress(scope: IConstruct, address: string | undefined): void {
  const value = address ?? '';
  const colon = value.lastIndexOf(':');
  const host = colon > 0 ? value.slice(0, colon) : value;
  const port = colon > 0 ? value.slice(colon + 1) : '';
  const ipv6 = /^\[[0-9a-fA-F:.]+\]$/.test(host);
  if (!(ipv6 || isDnsName(host)) || !isPort(port)) {
    fail(scope, `proberAddress "${value}" is not host:port; give the blackbox exporter's Service address and port without a `
      + `scheme or path, e.g. "${DEFAULT_PROBER}"`);
  }
}

/** `https://api.example.com` as an anchored RE2 regex that matches only itself. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
