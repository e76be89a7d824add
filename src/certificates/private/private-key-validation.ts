import { IConstruct } from 'constructs';
import { PrivateKeyAlgorithm } from '../../issuers/private-key-algorithm';
import { fail } from '../../private/errors';

const ECDSA_CURVES = [256, 384, 521];

/**
 * Checks a private-key algorithm against the sizes cert-manager's webhook accepts: RSA 2048 to
 * 8192 bits, ECDSA 256, 384 or 521.
 */
export function checkPrivateKey(scope: IConstruct, prop: string, key: PrivateKeyAlgorithm): void {
  if (!(key instanceof PrivateKeyAlgorithm)) {
    fail(scope, `${prop} is not a PrivateKeyAlgorithm; use a preset such as PrivateKeyAlgorithm.ECDSA_P256`);
  }
  const size = key.size;
  if (key.algorithm === 'RSA' && (size === undefined || !Number.isInteger(size) || size < 2048 || size > 8192)) {
    fail(scope, `${prop} is RSA with ${size} bits; RSA keys below 2048 bits are refused by cert-manager and by browsers, `
      + 'and above 8192 are not supported; use PrivateKeyAlgorithm.RSA_2048 or larger, or PrivateKeyAlgorithm.ECDSA_P256');
  }
  if (key.algorithm === 'ECDSA' && !ECDSA_CURVES.includes(size as number)) {
    fail(scope, `${prop} is ECDSA with size ${size}; ECDSA keys use the P-256, P-384 or P-521 curve, so the size must be `
      + '256, 384 or 521; use PrivateKeyAlgorithm.ECDSA_P256');
  }
}
