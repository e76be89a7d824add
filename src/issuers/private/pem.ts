import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';

/** Checks a PEM certificate bundle and encodes it as the base64 `caBundle` fields expect. */
export function pemBundle(scope: IConstruct, prop: string, pem: string): string {
  if (typeof pem !== 'string' || !/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(pem)) {
    fail(scope, `${prop} is not a PEM certificate bundle; pass the CA certificates as PEM text starting with `
      + '"-----BEGIN CERTIFICATE-----" (not base64-encoded)');
  }
  if (/PRIVATE KEY-----/.test(pem)) {
    fail(scope, `${prop} contains a private key; pass only the CA certificates, never a key`);
  }
  return Buffer.from(pem, 'utf8').toString('base64');
}
