/**
 * Re-encryption of every encrypted value of a tenant under its newest data key, and the key
 * rotation built on it (`pathwise keys rotate`). Rows are re-encrypted in batches, each its own
 * transaction, so an interrupted rotation keeps its progress and the next run resumes it: a
 * tenant with more than one data key is mid-rotation. Old data keys stay readable until no row
 * names them, then they are deleted, and with them every old ciphertext's key.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { inTenant, type Db, type Tx } from './database.js';
import type { FieldEncryption } from './field-encryption.js';
import { USER_PII_COLUMNS, ciphertextsOf } from './postgres-user-store.js';

export interface ReencryptOutcome {
  tenantId: string;
  dataKeyId: string;
  users: number;
  consents: number;
  retiredKeys: number;
}

/** `column` is not sealed with `keyId` (plaintext or another key), and not null. */
const stale = (column: string, keyId: string): Expression<SqlBool> =>
  sql<SqlBool>`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${`pw1:${keyId}:%`})`;
const staleIndex = (column: string, masterKeyId: string): Expression<SqlBool> =>
  sql<SqlBool>`(${sql.ref(column)} is not null and ${sql.ref(column)} not like ${`${masterKeyId}.%`})`;

async function reencryptUsersBatch(
  tx: Tx,
  enc: FieldEncryption,
  tenantId: string,
  keyId: string,
  limit: number,
): Promise<number> {
  const mk = enc.keys.currentKeyId();
  const rows = await tx
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...USER_PII_COLUMNS.map((c) => stale(c, keyId)),
        staleIndex('email_index', mk),
        staleIndex('external_id_index', mk),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
  if (rows.length === 0) {
    return 0;
  }
  const c = await enc.forTenant(tx, tenantId, { encrypt: true, decrypt: ciphertextsOf(rows) });
  for (const r of rows) {
    const plain = Object.fromEntries(
      USER_PII_COLUMNS.map((col) => [col, c.decryptNullable(r[col], `users.${col}`, r.id)]),
    ) as Record<(typeof USER_PII_COLUMNS)[number], string | null>;
    await tx
      .updateTable('users')
      .set({
        ...Object.fromEntries(
          USER_PII_COLUMNS.map((col) => [col, c.encryptNullable(plain[col], `users.${col}`, r.id)]),
        ),
        display_name: c.encrypt(plain.display_name ?? '', 'users.display_name', r.id),
        email_index: plain.email === null ? null : await enc.blindIndex('email', plain.email),
        external_id_index:
          plain.external_id === null
            ? null
            : await enc.blindIndex('external_id', plain.external_id),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', r.id)
      .execute();
  }
  return rows.length;
}

async function reencryptConsentsBatch(
  tx: Tx,
  enc: FieldEncryption,
  tenantId: string,
  keyId: string,
  limit: number,
): Promise<number> {
  const rows = await tx
    .selectFrom('consents')
    .select(['id', 'granted_by', 'evidence'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([stale('granted_by', keyId), stale('evidence', keyId)]))
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
  if (rows.length === 0) {
    return 0;
  }
  const c = await enc.forTenant(tx, tenantId, {
    encrypt: true,
    decrypt: rows.flatMap((r) => [r.granted_by, r.evidence]),
  });
  for (const r of rows) {
    const reseal = (v: string | null, field: string) =>
      c.encryptNullable(c.decryptNullable(v, field, r.id), field, r.id);
    await tx
      .updateTable('consents')
      .set({
        granted_by: reseal(r.granted_by, 'consents.granted_by'),
        evidence: reseal(r.evidence, 'consents.evidence'),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', r.id)
      .execute();
  }
  return rows.length;
}

/** The tenant's data keys, newest first. */
function dataKeysOf(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('data_keys')
    .select(['id', 'master_key_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Re-encrypts every encrypted value of the tenant under its newest data key of the current
 * master key and recomputes blind indexes under the current master key. With `rotate`, a new
 * data key is created first unless a rotation is already under way (then it is resumed). With
 * `retire`, data keys no row needs any more are deleted at the end.
 */
export async function reencryptTenant(
  db: Db,
  enc: FieldEncryption,
  tenantId: string,
  opts: { rotate: boolean; retire: boolean; batchSize?: number },
): Promise<ReencryptOutcome> {
  const limit = opts.batchSize ?? 500;
  const keyId = await inTenant(db, tenantId, async (tx) => {
    const keys = await dataKeysOf(tx, tenantId);
    const newest = keys[0];
    const underWay = keys.length > 1 && newest?.master_key_id === enc.keys.currentKeyId();
    if (opts.rotate && !underWay) {
      return enc.createDataKey(tx, tenantId);
    }
    return (await enc.forTenant(tx, tenantId, { encrypt: true })).keyId as string;
  });
  let users = 0;
  let consents = 0;
  for (;;) {
    const n = await inTenant(db, tenantId, (tx) =>
      reencryptUsersBatch(tx, enc, tenantId, keyId, limit),
    );
    users += n;
    if (n < limit) {
      break;
    }
  }
  for (;;) {
    const n = await inTenant(db, tenantId, (tx) =>
      reencryptConsentsBatch(tx, enc, tenantId, keyId, limit),
    );
    consents += n;
    if (n < limit) {
      break;
    }
  }
  let retiredKeys = 0;
  if (opts.retire) {
    retiredKeys = await inTenant(db, tenantId, async (tx) => {
      // Re-check under lock: a writer that started before the new key existed may have used an old one.
      await sql`select id from data_keys where tenant_id = ${tenantId} for update`.execute(tx);
      const left =
        (await reencryptUsersBatch(tx, enc, tenantId, keyId, 1_000_000)) +
        (await reencryptConsentsBatch(tx, enc, tenantId, keyId, 1_000_000));
      users += left;
      const r = await tx
        .deleteFrom('data_keys')
        .where('tenant_id', '=', tenantId)
        .where('id', '<>', keyId)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }
  return { tenantId, dataKeyId: keyId, users, consents, retiredKeys };
}

/** Every tenant's id, for a platform-wide rotation. */
export async function allTenantIds(db: Db): Promise<string[]> {
  return (await db.selectFrom('tenants').select('id').orderBy('id').execute()).map((r) => r.id);
}

/** Whether any user row still holds plaintext PII (written before encryption at rest). */
export async function hasPlaintextUsers(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or(
        USER_PII_COLUMNS.map(
          (c) => sql<SqlBool>`(${sql.ref(c)} is not null and ${sql.ref(c)} not like 'pw1:%')`,
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
