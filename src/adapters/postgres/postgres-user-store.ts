import type { Selectable } from 'kysely';
import type { User } from '../../domain/records.js';
import type { UserInput, UserStore } from '../../ports.js';
import { inTenant, type Db } from './database.js';
import type { UsersTable } from './database-schema.js';
import { iso, paginate } from './pagination.js';

export const toUser = (r: Selectable<UsersTable>): User => ({
  id: r.id,
  tenantId: r.tenant_id,
  role: r.role,
  email: r.email,
  displayName: r.display_name,
  givenName: r.given_name,
  familyName: r.family_name,
  externalId: r.external_id,
  birthDate: r.birth_date,
  ageBand: r.age_band,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

function columns(input: Partial<UserInput>) {
  return {
    ...(input.role !== undefined ? { role: input.role } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.givenName !== undefined ? { given_name: input.givenName } : {}),
    ...(input.familyName !== undefined ? { family_name: input.familyName } : {}),
    ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
    ...(input.birthDate !== undefined ? { birth_date: input.birthDate } : {}),
    ...(input.ageBand !== undefined ? { age_band: input.ageBand } : {}),
  };
}

export function createPostgresUserStore(db: Db): UserStore {
  return {
    create(tenantId, input) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .insertInto('users')
          .values({
            id: input.id,
            tenant_id: tenantId,
            role: input.role,
            display_name: input.displayName,
            password_hash: input.passwordHash ?? null,
            ...columns(input),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
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
        return row ? toUser(row) : null;
      });
    },
    list(tenantId, filter, page) {
      return inTenant(db, tenantId, (tx) => {
        let q = tx.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
        if (filter.role) {
          q = q.where('role', '=', filter.role);
        }
        if (filter.inSections) {
          const sections = filter.inSections;
          if (sections.length === 0) {
            return Promise.resolve({ items: [], nextCursor: null });
          }
          q = q.where('id', 'in', (eb) =>
            eb
              .selectFrom('enrollments')
              .select('user_id')
              .where('tenant_id', '=', tenantId)
              .where('section_id', 'in', sections),
          );
        }
        return paginate(q, 'id', page, toUser);
      });
    },
    update(tenantId, id, patch) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .updateTable('users')
          .set({ ...columns(patch), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row ? toUser(row) : null;
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
          .select(['given_name', 'family_name', 'display_name', 'email', 'external_id'])
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
        return rows.map((r) => ({
          givenName: r.given_name,
          familyName: r.family_name,
          displayName: r.display_name,
          email: r.email,
          externalId: r.external_id,
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
