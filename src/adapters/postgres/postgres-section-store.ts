import type { Selectable } from 'kysely';
import type { Enrollment, Section } from '../../domain/records.js';
import type { SectionInput, SectionStore } from '../../ports.js';
import { inTenant, type Db, type Tx } from './database.js';
import type { EnrollmentsTable, SectionsTable } from './database-schema.js';
import type { FieldEncryption, TenantCipher } from './field-encryption.js';
import { iso, paginate } from './pagination.js';
import { ciphertextsOf } from './postgres-user-store.js';

const toSection = (r: Selectable<SectionsTable>): Section => ({
  id: r.id,
  tenantId: r.tenant_id,
  courseId: r.course_id,
  code: r.code,
  name: r.name,
  goalObjectiveId: r.goal_objective_id,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

type EnrollmentRow = Selectable<EnrollmentsTable> & { display_name: string; email: string | null };

const toEnrollment = (c: TenantCipher, r: EnrollmentRow): Enrollment => ({
  id: r.id,
  tenantId: r.tenant_id,
  sectionId: r.section_id,
  userId: r.user_id,
  role: r.role,
  createdAt: iso(r.created_at),
  user: {
    id: r.user_id,
    displayName: c.decrypt(r.display_name, 'users.display_name', r.user_id),
    email: c.decryptNullable(r.email, 'users.email', r.user_id),
  },
});

/** Enrollment rows with their user's name and email decrypted. */
async function toEnrollments(
  enc: FieldEncryption,
  tx: Tx,
  tenantId: string,
  rows: EnrollmentRow[],
): Promise<Enrollment[]> {
  const c = await enc.forTenant(tx, tenantId, { decrypt: ciphertextsOf(rows) });
  return rows.map((r) => toEnrollment(c, r));
}

function enrollmentQuery(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('enrollments')
    .innerJoin('users', 'users.id', 'enrollments.user_id')
    .selectAll('enrollments')
    .select(['users.display_name', 'users.email'])
    .where('enrollments.tenant_id', '=', tenantId);
}

function sectionColumns(input: Partial<SectionInput>) {
  return {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.goalObjectiveId !== undefined ? { goal_objective_id: input.goalObjectiveId } : {}),
  };
}

export function createPostgresSectionStore(db: Db, enc: FieldEncryption): SectionStore {
  const getEnrollmentIn = async (tx: Tx, tenantId: string, id: string) => {
    const row = await enrollmentQuery(tx, tenantId)
      .where('enrollments.id', '=', id)
      .executeTakeFirst();
    return row ? ((await toEnrollments(enc, tx, tenantId, [row]))[0] ?? null) : null;
  };
  return {
    create(tenantId, courseId, input) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .insertInto('sections')
          .values({
            id: input.id,
            tenant_id: tenantId,
            course_id: courseId,
            code: input.code,
            name: input.name,
            ...sectionColumns(input),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSection(row);
      });
    },
    get(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .selectFrom('sections')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? toSection(row) : null;
      });
    },
    list(tenantId, filter, page) {
      return inTenant(db, tenantId, (tx) => {
        let q = tx.selectFrom('sections').selectAll().where('tenant_id', '=', tenantId);
        if (filter.courseId) {
          q = q.where('course_id', '=', filter.courseId);
        }
        if (filter.ids) {
          if (filter.ids.length === 0) {
            return Promise.resolve({ items: [], nextCursor: null });
          }
          q = q.where('id', 'in', filter.ids);
        }
        return paginate(q, 'id', page, toSection);
      });
    },
    update(tenantId, id, patch) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .updateTable('sections')
          .set({ ...sectionColumns(patch), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row ? toSection(row) : null;
      });
    },
    delete(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('sections')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },
    enroll(tenantId, input) {
      return inTenant(db, tenantId, async (tx) => {
        await tx
          .insertInto('enrollments')
          .values({
            id: input.id,
            tenant_id: tenantId,
            section_id: input.sectionId,
            user_id: input.userId,
            role: input.role,
          })
          .execute();
        return (await getEnrollmentIn(tx, tenantId, input.id)) as Enrollment;
      });
    },
    getEnrollment(tenantId, id) {
      return inTenant(db, tenantId, (tx) => getEnrollmentIn(tx, tenantId, id));
    },
    listEnrollments(tenantId, filter, page) {
      return inTenant(db, tenantId, async (tx) => {
        let q = enrollmentQuery(tx, tenantId);
        if (filter.sectionId) {
          q = q.where('enrollments.section_id', '=', filter.sectionId);
        }
        if (filter.userId) {
          q = q.where('enrollments.user_id', '=', filter.userId);
        }
        const rows = await paginate(q, 'enrollments.id', page, (r) => r);
        return {
          items: await toEnrollments(enc, tx, tenantId, rows.items),
          nextCursor: rows.nextCursor,
        };
      });
    },
    updateEnrollment(tenantId, id, patch) {
      return inTenant(db, tenantId, async (tx) => {
        const r = await tx
          .updateTable('enrollments')
          .set({ role: patch.role })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numUpdatedRows > 0n ? getEnrollmentIn(tx, tenantId, id) : null;
      });
    },
    deleteEnrollment(tenantId, id) {
      return inTenant(db, tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('enrollments')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },
    sectionsOfUser(tenantId, userId) {
      return inTenant(db, tenantId, async (tx) => {
        const rows = await tx
          .selectFrom('enrollments')
          .innerJoin('sections', 'sections.id', 'enrollments.section_id')
          .innerJoin('courses', 'courses.id', 'sections.course_id')
          .select([
            'sections.id',
            'sections.code',
            'sections.name',
            'sections.course_id',
            'courses.title',
            'enrollments.role',
          ])
          .where('enrollments.tenant_id', '=', tenantId)
          .where('enrollments.user_id', '=', userId)
          .orderBy('sections.code')
          .execute();
        return rows.map((r) => ({
          id: r.id,
          code: r.code,
          name: r.name,
          courseId: r.course_id,
          courseTitle: r.title,
          role: r.role,
        }));
      });
    },
  };
}
