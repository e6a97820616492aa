import type { Selectable } from 'kysely';
import type { CredentialStore, Principal } from '../../ports.js';
import type { Db } from './database.js';
import type { ApiKeysTable, WebSessionsTable } from './database-schema.js';
import type { FieldEncryption } from './field-encryption.js';
import { iso } from './pagination.js';

/** Turns a key or session row into the principal it stands for. */
function principalOf(
  row: Pick<Selectable<ApiKeysTable>, 'tenant_id' | 'user_id' | 'operator_id'> & {
    role: Principal['role'];
  },
): Principal | null {
  if (row.role === 'operator') {
    return row.operator_id
      ? { kind: 'operator', operatorId: row.operator_id, role: 'operator' }
      : null;
  }
  return row.tenant_id
    ? { kind: 'user', tenantId: row.tenant_id, userId: row.user_id, role: row.role }
    : null;
}

/**
 * Credentials are looked up before any tenant is known (the key or cookie names it), so these
 * queries are platform-level; they return only hashes' owners, never PII.
 */
export function createPostgresCredentialStore(db: Db, enc: FieldEncryption): CredentialStore {
  return {
    async createOperator(input) {
      const row = await db
        .insertInto('operators')
        .values({
          id: input.id,
          email: input.email,
          display_name: input.displayName,
          password_hash: input.passwordHash,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { id: row.id, email: row.email, displayName: row.display_name };
    },
    async getOperator(id) {
      const row = await db
        .selectFrom('operators')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { id: row.id, email: row.email, displayName: row.display_name } : null;
    },
    async saveApiKey(record) {
      const row = await db
        .insertInto('api_keys')
        .values({
          id: record.id,
          tenant_id: record.tenantId,
          role: record.role,
          user_id: record.userId,
          operator_id: record.operatorId,
          name: record.name,
          prefix: record.prefix,
          key_hash: record.keyHash,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        id: row.id,
        tenantId: row.tenant_id,
        role: row.role,
        userId: row.user_id,
        operatorId: row.operator_id,
        name: row.name,
        prefix: row.prefix,
        createdAt: iso(row.created_at),
      };
    },
    async principalForKeyHash(keyHash) {
      const row = await db
        .selectFrom('api_keys')
        .select(['tenant_id', 'user_id', 'operator_id', 'role'])
        .where('key_hash', '=', keyHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? principalOf(row) : null;
    },
    async signInCandidates(email, tenantSlug) {
      // Users' emails are encrypted: they are found by blind index (under every master key
      // configured, so sign-in keeps working during a key rotation).
      let users = db
        .selectFrom('users')
        .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
        .select(['users.id', 'users.tenant_id', 'users.role', 'users.password_hash'])
        .where('users.email_index', 'in', await enc.blindIndexCandidates('email', email))
        .where('users.password_hash', 'is not', null);
      if (tenantSlug) {
        users = users.where('tenants.slug', '=', tenantSlug);
      }
      const rows = await users.execute();
      const found: { principal: Principal; passwordHash: string }[] = rows.map((r) => ({
        principal: { kind: 'user', tenantId: r.tenant_id, userId: r.id, role: r.role },
        passwordHash: r.password_hash as string,
      }));
      if (!tenantSlug) {
        const op = await db
          .selectFrom('operators')
          .select(['id', 'password_hash'])
          .where('email', '=', email)
          .where('password_hash', 'is not', null)
          .executeTakeFirst();
        if (op) {
          found.push({
            principal: { kind: 'operator', operatorId: op.id, role: 'operator' },
            passwordHash: op.password_hash as string,
          });
        }
      }
      return found;
    },
    async createWebSession({ idHash, principal, expiresAt }) {
      await db
        .insertInto('web_sessions')
        .values({
          id_hash: idHash,
          tenant_id: principal.kind === 'user' ? principal.tenantId : null,
          user_id: principal.kind === 'user' ? principal.userId : null,
          operator_id: principal.kind === 'operator' ? principal.operatorId : null,
          expires_at: expiresAt,
        })
        .execute();
    },
    async principalForWebSession(idHash, now) {
      const row = await db
        .selectFrom('web_sessions as s')
        .leftJoin('users as u', 'u.id', 's.user_id')
        .select(['s.tenant_id', 's.user_id', 's.operator_id', 'u.role'])
        .where('s.id_hash', '=', idHash)
        .where('s.expires_at', '>', now)
        .executeTakeFirst();
      if (!row) {
        return null;
      }
      const session: Pick<
        Selectable<WebSessionsTable>,
        'tenant_id' | 'user_id' | 'operator_id'
      > = row;
      return principalOf({
        ...session,
        role: row.operator_id ? 'operator' : (row.role ?? 'student'),
      });
    },
    async deleteWebSession(idHash) {
      await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute();
    },
  };
}
