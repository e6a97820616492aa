/**
 * Envelope encryption of PII columns: each tenant has data keys (AES-256-GCM, random 32 bytes)
 * stored in `data_keys` wrapped by a master key of the KeyProvider; values are sealed with the
 * tenant's newest data key and name it, so older keys stay readable during a rotation. Blind
 * indexes (HMAC-SHA-256 of the normalised value, keyed by a secret derived from the master key)
 * make equality lookups and uniqueness possible without plaintext. Unwrapped data keys are
 * cached by id (a key id's material never changes); the tenant's current key is looked up per
 * writing transaction, so a rotation in another process is seen at once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { KeyProvider } from '../../ports.js';
import { isCiphertext, keyIdOf, open, seal } from '../crypto/aes-gcm.js';
import type { Tx } from './database.js';

/** Encrypts and decrypts one tenant's values; `field` and `rowId` are bound as associated data. */
export interface TenantCipher {
  /** Id of the data key new values are sealed with (null for a read-only cipher). */
  readonly keyId: string | null;
  encrypt(value: string, field: string, rowId: string): string;
  encryptNullable(value: string | null | undefined, field: string, rowId: string): string | null;
  /** Legacy plaintext (written before encryption) passes through unchanged. */
  decrypt(value: string, field: string, rowId: string): string;
  decryptNullable(value: string | null, field: string, rowId: string): string | null;
}

export type BlindIndexKind = 'email' | 'external_id';

export interface FieldEncryption {
  readonly keys: KeyProvider;
  /**
   * A cipher for the tenant inside `tx`: with `encrypt`, the newest data key under the current
   * master key (created if there is none); every key named by `decrypt` values is loaded.
   */
  forTenant(
    tx: Tx,
    tenantId: string,
    opts: { encrypt?: boolean; decrypt?: readonly (string | null | undefined)[] },
  ): Promise<TenantCipher>;
  /** Creates a fresh data key for the tenant under the current master key; returns its id. */
  createDataKey(tx: Tx, tenantId: string): Promise<string>;
  /** The blind index of a value under the current master key. */
  blindIndex(kind: BlindIndexKind, value: string): Promise<string>;
  /** Its blind index under every configured master key (lookups during a rotation). */
  blindIndexCandidates(kind: BlindIndexKind, value: string): Promise<string[]>;
  /** The master key id a stored blind index was made with. */
  blindIndexKeyId(index: string): string;
}

/** Emails compare case-insensitively and without surrounding space; ids exactly, trimmed. */
export function normalise(kind: BlindIndexKind, value: string): string {
  const v = value.normalize('NFC').trim();
  return kind === 'email' ? v.toLowerCase() : v;
}

export function createFieldEncryption(props: {
  keys: KeyProvider;
  newId: () => string;
}): FieldEncryption {
  const { keys } = props;
  const dataKeys = new Map<string, Uint8Array>();
  const indexSecrets = new Map<string, Promise<Uint8Array>>();
  const wrapContext = (tenantId: string, id: string) => `data-key:${tenantId}:${id}`;

  async function loadKeys(tx: Tx, tenantId: string, ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !dataKeys.has(id));
    if (missing.length === 0) {
      return;
    }
    const rows = await tx
      .selectFrom('data_keys')
      .select(['id', 'master_key_id', 'wrapped_key'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', missing)
      .execute();
    for (const r of rows) {
      dataKeys.set(
        r.id,
        await keys.unwrapKey(r.master_key_id, r.wrapped_key, wrapContext(tenantId, r.id)),
      );
    }
  }

  async function createDataKey(tx: Tx, tenantId: string): Promise<string> {
    const id = `dk-${props.newId().replace(/-/g, '')}`;
    const key = randomBytes(32);
    const { keyId, wrapped } = await keys.wrapKey(key, wrapContext(tenantId, id));
    await tx
      .insertInto('data_keys')
      .values({ id, tenant_id: tenantId, master_key_id: keyId, wrapped_key: wrapped })
      .execute();
    dataKeys.set(id, key);
    return id;
  }

  async function currentKey(tx: Tx, tenantId: string): Promise<string> {
    const row = await tx
      .selectFrom('data_keys')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('master_key_id', '=', keys.currentKeyId())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const id = row?.id ?? (await createDataKey(tx, tenantId));
    await loadKeys(tx, tenantId, [id]);
    return id;
  }

  function indexSecret(keyId: string): Promise<Uint8Array> {
    let s = indexSecrets.get(keyId);
    if (!s) {
      s = keys.deriveSecret(keyId, 'blind index v1');
      indexSecrets.set(keyId, s);
    }
    return s;
  }

  async function indexUnder(keyId: string, kind: BlindIndexKind, value: string): Promise<string> {
    const mac = createHmac('sha256', await indexSecret(keyId))
      .update(`${kind}\u0000${normalise(kind, value)}`)
      .digest('base64url');
    return `${keyId}.${mac}`;
  }

  return {
    keys,
    createDataKey,
    async forTenant(tx, tenantId, opts) {
      const keyId = opts.encrypt ? await currentKey(tx, tenantId) : null;
      const named = (opts.decrypt ?? []).flatMap((v) => {
        const id = v ? keyIdOf(v) : null;
        return id ? [id] : [];
      });
      await loadKeys(tx, tenantId, [...new Set(named)]);
      const aad = (field: string, rowId: string) => `${tenantId}/${field}/${rowId}`;
      const encrypt = (value: string, field: string, rowId: string) => {
        if (!keyId) {
          throw new Error('this cipher was opened for reading only');
        }
        return seal(
          dataKeys.get(keyId) as Uint8Array,
          keyId,
          Buffer.from(value, 'utf8'),
          aad(field, rowId),
        );
      };
      const decrypt = (value: string, field: string, rowId: string) => {
        if (!isCiphertext(value)) {
          return value;
        }
        const key = dataKeys.get(keyIdOf(value) ?? '');
        if (!key) {
          // Opened with a key the tenant does not have: the same failure as an altered value.
          return Buffer.from(open(new Uint8Array(32), value, aad(field, rowId))).toString('utf8');
        }
        return Buffer.from(open(key, value, aad(field, rowId))).toString('utf8');
      };
      return {
        keyId,
        encrypt,
        encryptNullable: (v, field, rowId) =>
          v === null || v === undefined ? null : encrypt(v, field, rowId),
        decrypt,
        decryptNullable: (v, field, rowId) => (v === null ? null : decrypt(v, field, rowId)),
      };
    },
    blindIndex: (kind, value) => indexUnder(keys.currentKeyId(), kind, value),
    blindIndexCandidates: (kind, value) =>
      Promise.all(keys.keyIds().map((id) => indexUnder(id, kind, value))),
    blindIndexKeyId: (index) => index.split('.')[0] ?? '',
  };
}
