/**
 * The KeyProvider port on master keys held in process memory (from PATHWISE_MASTER_KEY, or the
 * data directory's `master-key.json` on an embedded first start). Data keys are wrapped with
 * AES-256-GCM under the master key; blind-index secrets are derived with HKDF-SHA-256.
 */
import { createHash, hkdfSync } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { KeyProvider } from '../../ports.js';
import { open, seal } from './aes-gcm.js';

/** A stable, non-secret id for a master key: `mk-` and 12 hex digits of a hash of it. */
export function masterKeyId(key: Uint8Array): string {
  return `mk-${createHash('sha256').update('pathwise master key id').update(key).digest('hex').slice(0, 12)}`;
}

/** `keys[0]` is the current master key; the rest stay readable (a rotation in progress). */
export function createLocalKeyProvider(keys: readonly Uint8Array[]): KeyProvider {
  if (keys.length === 0) {
    throw new Error('at least one master key is needed');
  }
  for (const k of keys) {
    if (k.length !== 32) {
      throw new Error('master keys must be 32 bytes');
    }
  }
  const byId = new Map(keys.map((k) => [masterKeyId(k), k]));
  const current = masterKeyId(keys[0] as Uint8Array);
  const keyOf = (id: string) => {
    const k = byId.get(id);
    if (!k) {
      throw new AppError({
        kind: 'Internal',
        code: 'unknown_master_key',
        message: `Master key ${id} is not configured (set it in PATHWISE_MASTER_KEY_PREVIOUS to read data wrapped with it)`,
      });
    }
    return k;
  };
  return {
    currentKeyId: () => current,
    keyIds: () => [...byId.keys()],
    // async: a failure is a rejected promise, as from a remote KMS.
    async wrapKey(dataKey, context) {
      await Promise.resolve();
      return { keyId: current, wrapped: seal(keyOf(current), current, dataKey, `wrap:${context}`) };
    },
    async unwrapKey(keyId, wrapped, context) {
      await Promise.resolve();
      return open(keyOf(keyId), wrapped, `wrap:${context}`);
    },
    async deriveSecret(keyId, purpose) {
      await Promise.resolve();
      return new Uint8Array(
        hkdfSync('sha256', keyOf(keyId), new Uint8Array(0), `pathwise ${purpose}`, 32),
      );
    },
  };
}
