/**
 * AES-256-GCM with node:crypto, in the one versioned text format every encrypted value uses:
 * `pw1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts, 96-bit random IV, 128-bit tag). The
 * associated data binds a ciphertext to where it belongs (tenant, column, row), so a value
 * copied to another row fails to decrypt. A failed authentication is an error of kind Internal,
 * never garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.js';

export const CIPHERTEXT_PREFIX = 'pw1:';

/** Whether a stored value is in the ciphertext format (else it is legacy plaintext). */
export const isCiphertext = (value: string): boolean => value.startsWith(CIPHERTEXT_PREFIX);

/** The key id a ciphertext names, or null if the value is not a ciphertext. */
export function keyIdOf(value: string): string | null {
  if (!isCiphertext(value)) {
    return null;
  }
  return value.split(':')[1] ?? null;
}

export function seal(key: Uint8Array, keyId: string, plaintext: Uint8Array, aad: string): string {
  if (keyId.includes(':')) {
    throw new Error('key ids must not contain ":"');
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${CIPHERTEXT_PREFIX}${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}:${tag.toString('base64url')}`;
}

const decryptionFailed = (cause?: unknown) =>
  new AppError({
    kind: 'Internal',
    code: 'decryption_failed',
    message: 'An encrypted value could not be decrypted (wrong key or altered ciphertext)',
    cause,
  });

/** Opens a `seal`ed value with `key`; throws kind Internal if it was altered or the key is wrong. */
export function open(key: Uint8Array, value: string, aad: string): Uint8Array {
  const parts = value.split(':');
  if (parts.length !== 5 || `${parts[0]}:` !== CIPHERTEXT_PREFIX) {
    throw decryptionFailed();
  }
  const [, , iv, body, tag] = parts as [string, string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  } catch (error) {
    throw decryptionFailed(error);
  }
}
