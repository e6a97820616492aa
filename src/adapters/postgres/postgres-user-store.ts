import type { Selectable } from 'kysely';
import type { User } from '../../domain/records.js';
import type { UserInput, UserStore } from '../../ports.js';
import { inTenant, type Db, type Tx } from './database.js';
import type { UsersTable } from './database-schema.js';
import type { FieldEncryption, TenantCipher } from './field-encryption.js';
import { iso, paginate } from './pagination.js';

/** The PII columns of `users`, stored as ciphertext (docs/PRIVACY.md). */
export const USER_PII_COLUMNS = [
  'email',
  'display_name',
  'given_name',
  'family_name',
  'external_id',
  'birth_date',
] as const;
type PiiColumn = (typeof USER_PII_COLUMNS)[number];

/** Every ciphertext of some user rows, so a cipher can load the keys they name. */
export const ciphertextsOf = (rows: readonly Partial<Pick<Selectable<UsersTable>, PiiColumn>>[]) =>
  rows.flatMap((r) => USER_PII_COLUMNS.map((c) => r[c] ?? null));

export const toUser = (c: TenantCipher, r: Selectable<UsersTable>): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  role: r.role,
  email: c.decryptNullable(r.email, 'users.email', r.id),
  displayName: c.decrypt(r.display_name, 'users.display_name', r.id),
  givenName: c.decryptNullable(r.given_name, 'users.given_name', r.id),
  familyName: c.decryptNullable(r.family_name, 'users.family_name', r.id),
  externalId: c.decryptNullable(r.external_id, 'users.external_id', r.id),
  birthDate: c.decryptNullable(r.birth_date, 'users.birth_date', r.id),
  ageBand: r.age_band,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The stored columns of a (partial) input: PII encrypted, blind indexes beside email and external id. */
export async function userColumns(
  enc: FieldEncryption,
  c: TenantCipher,
  id: string,
  input: Partial<UserInput>,
) {
  const sealed = (v: string | null | undefined, column: PiiColumn) =>
    c.encryptNullable(v, `users.${column}`, id);
  return {
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.email !== undefined
      ? {
          email: sealed(input.email, 'email'),
          email_index: input.email === null ? null : await enc.blindIndex('email', input.email),
        }
      : {}),
    ...(input.displayName !== undefined
      ? { display_name: c.encrypt(input.displayName, 'users.display_name', id) }
      : {}),
    ...(input.givenName !== undefined ? { given_name: sealed(input.givenName, 'given_name') } : {}),
    ...(input.familyName !== undefined
      ? { family_name: sealed(input.familyName, 'family_name') }
      : {}),
    ...(input.externalId !== undefined
      ? {
          external_id: sealed(input.externalId, 'external_id'),
          external_id_index:
            input.externalId === null
              ? null
              : await enc.blindIndex('external_id', input.externalId),
        }
      : {}),
    ...(input.birthDate !== undefined ? { birth_date: sealed(input.birthDate, 'birth_date') } : {}),
    ...(input.ageBand !== undefined ? { age_band: input.ageBand } : {}),
  };
}

/** A birth date must be a calendar date even though the column now holds ciphertext. */
function checkBirthDate(input: Partial<UserInput>): void {
  const d = input.birthDate;
  if (d === undefined || d === null) {
    return;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  const t = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !t || t.getUTCDate() !== Number(m[3]) || t.getUTCMonth() !== Number(m[2]) - 1) {
    // The same failure the database gave for a malformed date before the column held ciphertext.
    throw Object.assign(new Error(`invalid input syntax for type date: "${d}"`), {
      code: '22007',
    });
  }
}

async function readUsers(
  enc: FieldEncryption,
  tx: Tx,
  tenantId: string,
  rows: Selectable<UsersTable>[],
): Promise<User[]> {
  const c = await enc.forTenant(tx, tenantId, { decrypt: ciphertextsOf(rows) });
  return rows.map((r) => toUser(c, r));
}

export function createPostgresUserStore(db: Db, enc: FieldEncryption): UserStore {
  return {
    async create(tenantId, input) {
      checkBirthDate(input);
      return inTenant(db, tenantId, async (tx) => {
        const c = await enc.forTenant(tx, tenantId, { encrypt: true });
        const row = await tx
          .insertInto('users')
          .values({
            id: input.id,
            tenant_id: tenantId,
            role: input.role,
            password_hash: input.passwordHash ?? null,
            ...(await userColumns(enc, c, input.id, input)),
            display_name: c.encrypt(input.displayName, 'users.display_name', input.id),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(c, row);
      });
    },
    get(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('users')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? ((await readUsers(enc, tx, tenantId, [row]))[0] ?? null) : null;
      });
    },
    list(tenantId, filter, page) {
      return inTenant(db, tenantId, async (tx) => {
        let q = tx.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
        if (filter.role) {
          q = q.where('role', '=', filter.role);
        }
        if (filter.inSections) {
          const sections = filter.inSections;
          if (sections.length === 0) {
            return { items: [], nextCursor: null };
          }
          q = q.where('id', 'in', (eb) =>
            eb
              .selectFrom('enrollments')
              .select('user_id')
              .where('tenant_id', '=', tenantId)
              .where('section_id', 'in', sections),
          );
        }
        const rows = await paginate(q, 'id', page, (r) => r);
        return {
          items: await readUsers(enc, tx, tenantId, rows.items),
          nextCursor: rows.nextCursor,
        };
      });
    },
    async update(tenantId, id, patch) {
      checkBirthDate(patch);
      return inTenant(db, tenantId, async (tx) => {
        const c = await enc.forTenant(tx, tenantId, { encrypt: true });
        const row = await tx
          .updateTable('users')
          .set({ ...(await userColumns(enc, c, id, patch)), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row ? ((await readUsers(enc, tx, tenantId, [row]))[0] ?? null) : null;
      });
    },
    rolesOf(tenantId, ids) {
      return inTenant(db, tenantId, async (tx) => {
        if (ids.length === 0) {
          return new Map();
        }
        const rows = await tx
          .selectFrom('users')
          .select(['id', 'role'])
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', [...ids])
          .execute();
        return new Map(rows.map((r) => [r.id, r.role]));
      });
    },
    rosterOfCourse(tenantId, courseId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('users')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', 'in', (eb) =>
            eb
              .selectFrom('enrollments')
              .innerJoin('sections', 'sections.id', 'enrollments.section_id')
              .select('enrollments.user_id')
              .where('enrollments.tenant_id', '=', tenantId)
              .where('sections.course_id', '=', courseId),
          )
          .execute();
        return (await readUsers(enc, tx, tenantId, rows)).map((u) => ({
          givenName: u.givenName,
          familyName: u.familyName,
          displayName: u.displayName,
          email: u.email,
          externalId: u.externalId,
        }));
      });
    },
    delete(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('users')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },
  };
}
