import { sql, type Selectable } from 'kysely';
import type { ItemSpec } from '../../domain/course-package/course-package-schema.js';
import { findCycleThrough } from '../../domain/prerequisite-graph/prerequisite-graph.js';
import type { Content, Course, Objective, Prerequisite } from '../../domain/records.js';
import type { CourseInput, CourseStore } from '../../ports.js';
import { inTenant, type Tx, type Db } from './database.js';
import type {
  ContentTable,
  CoursesTable,
  ObjectivesTable,
  PrerequisitesTable,
} from './database-schema.js';
import { decodeCursor, encodeCursor, iso, paginate } from './pagination.js';

const toCourse = (r: Selectable<CoursesTable>): Course => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  title: r.title,
  description: r.description,
  masteryThreshold: Number(r.mastery_threshold.toFixed(6)),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const toObjective = (r: Selectable<ObjectivesTable>): Objective => ({
  id: r.id,
  tenantId: r.tenant_id,
  courseId: r.course_id,
  key: r.key,
  title: r.title,
  description: r.description,
  position: r.position,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const toPrerequisite = (r: Selectable<PrerequisitesTable>): Prerequisite => ({
  courseId: r.course_id,
  objectiveId: r.objective_id,
  prerequisiteId: r.prerequisite_id,
  createdAt: iso(r.created_at),
});

type ContentRow = Selectable<ContentTable> & { objective_ids: string[] | null };

const toContent = (r: ContentRow): Content => ({
  id: r.id,
  tenantId: r.tenant_id,
  courseId: r.course_id,
  key: r.key,
  type: r.type,
  title: r.title,
  description: r.description,
  objectiveIds: r.objective_ids ?? [],
  media: r.media,
  item: r.item as unknown as ItemSpec | null,
  hints: r.hints,
  difficulty: r.difficulty === null ? null : Number(r.difficulty.toFixed(6)),
  irt: r.irt,
  position: r.position,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Runs `fn` on successive chunks of `rows`, so a 10,000-item import stays within parameter limits. */
async function inChunks<T>(
  rows: T[],
  size: number,
  fn: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await fn(rows.slice(i, i + size));
  }
}

function contentQuery(tx: Tx, tenantId: string) {
  return tx
    .selectFrom('content')
    .selectAll('content')
    .select(
      sql<
        string[] | null
      >`(select array_agg(co.objective_id order by co.objective_id) from content_objectives co where co.content_id = content.id)`.as(
        'objective_ids',
      ),
    )
    .where('content.tenant_id', '=', tenantId);
}

function courseColumns(input: Partial<CourseInput>) {
  return {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.masteryThreshold !== undefined ? { mastery_threshold: input.masteryThreshold } : {}),
  };
}

export function createPostgresCourseStore(db: Db): CourseStore {
  const tenantTx = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) => inTenant(db, tenantId, fn);

  async function getContentIn(tx: Tx, tenantId: string, id: string): Promise<Content | null> {
    const row = await contentQuery(tx, tenantId).where('content.id', '=', id).executeTakeFirst();
    return row ? toContent(row) : null;
  }

  return {
    create(tenantId, input) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .insertInto('courses')
          .values({
            id: input.id,
            tenant_id: tenantId,
            code: input.code,
            title: input.title,
            ...courseColumns(input),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCourse(row);
      });
    },
    get(tenantId, id) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .selectFrom('courses')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? toCourse(row) : null;
      });
    },
    list(tenantId, filter, page) {
      return tenantTx(tenantId, (tx) => {
        let q = tx.selectFrom('courses').selectAll().where('tenant_id', '=', tenantId);
        if (filter.ids) {
          if (filter.ids.length === 0) {
            return Promise.resolve({ items: [], nextCursor: null });
          }
          q = q.where('id', 'in', filter.ids);
        }
        return paginate(q, 'id', page, toCourse);
      });
    },
    update(tenantId, id, patch) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .updateTable('courses')
          .set({ ...courseColumns(patch), updated_at: new Date() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row ? toCourse(row) : null;
      });
    },
    delete(tenantId, id) {
      return tenantTx(tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('courses')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },

    importPackage(tenantId, pkg, newId) {
      return tenantTx(tenantId, async (tx) => {
        const course = await tx
          .insertInto('courses')
          .values({
            id: newId(),
            tenant_id: tenantId,
            code: pkg.course.code,
            title: pkg.course.title,
            description: pkg.course.description ?? null,
            ...(pkg.course.masteryThreshold !== undefined
              ? { mastery_threshold: pkg.course.masteryThreshold }
              : {}),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const objectiveId = new Map(pkg.objectives.map((o) => [o.key, newId()]));
        const idOf = (key: string) => objectiveId.get(key) as string;
        await inChunks(
          pkg.objectives.map((o, position) => ({
            id: idOf(o.key),
            tenant_id: tenantId,
            course_id: course.id,
            key: o.key,
            title: o.title,
            description: o.description ?? null,
            position,
          })),
          500,
          (chunk) => tx.insertInto('objectives').values(chunk).execute(),
        );
        const edges = pkg.objectives.flatMap((o) =>
          (o.prerequisites ?? []).map((p) => ({
            tenant_id: tenantId,
            course_id: course.id,
            objective_id: idOf(o.key),
            prerequisite_id: idOf(p),
          })),
        );
        await inChunks(edges, 500, (chunk) =>
          tx.insertInto('prerequisites').values(chunk).execute(),
        );
        const contentRows = pkg.content.map((c, position) => ({
          id: newId(),
          tenant_id: tenantId,
          course_id: course.id,
          key: c.key,
          type: c.type,
          title: c.title,
          description: c.description ?? null,
          media: jsonOrNull(c.media),
          item: jsonOrNull(c.item),
          hints: JSON.stringify(c.hints ?? []),
          difficulty: c.difficulty ?? null,
          irt: jsonOrNull(c.irt),
          position,
        }));
        await inChunks(contentRows, 250, (chunk) =>
          tx.insertInto('content').values(chunk).execute(),
        );
        await inChunks(
          pkg.content.flatMap((c, i) =>
            c.objectives.map((k) => ({
              tenant_id: tenantId,
              content_id: contentRows[i]?.id as string,
              objective_id: idOf(k),
            })),
          ),
          1000,
          (chunk) => tx.insertInto('content_objectives').values(chunk).execute(),
        );
        return {
          course: toCourse(course),
          objectives: pkg.objectives.length,
          prerequisites: edges.length,
          content: pkg.content.length,
          items: pkg.content.filter((c) => c.type === 'assessment_item').length,
        };
      });
    },

    createObjective(tenantId, courseId, input) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .insertInto('objectives')
          .values({
            id: input.id,
            tenant_id: tenantId,
            course_id: courseId,
            key: input.key,
            title: input.title,
            description: input.description ?? null,
            position: input.position ?? 0,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toObjective(row);
      });
    },
    getObjective(tenantId, id) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .selectFrom('objectives')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return row ? toObjective(row) : null;
      });
    },
    listObjectives(tenantId, courseId, page) {
      return tenantTx(tenantId, (tx) =>
        paginate(
          tx
            .selectFrom('objectives')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('course_id', '=', courseId),
          'id',
          page,
          toObjective,
        ),
      );
    },
    updateObjective(tenantId, id, patch) {
      return tenantTx(tenantId, async (tx) => {
        const row = await tx
          .updateTable('objectives')
          .set({
            ...(patch.key !== undefined ? { key: patch.key } : {}),
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.position !== undefined ? { position: patch.position } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return row ? toObjective(row) : null;
      });
    },
    deleteObjective(tenantId, id) {
      return tenantTx(tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('objectives')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },

    listPrerequisites(tenantId, courseId, page) {
      // Edges have a composite key: page by (objective_id, prerequisite_id).
      return tenantTx(tenantId, async (tx) => {
        let q = tx
          .selectFrom('prerequisites')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('course_id', '=', courseId);
        if (page.cursor) {
          const [objectiveId, prerequisiteId] = decodeCursor(page.cursor).split('/');
          q = q.where(
            sql<boolean>`(objective_id, prerequisite_id) > (${objectiveId}, ${prerequisiteId})`,
          );
        }
        const rows = await q
          .orderBy('objective_id')
          .orderBy('prerequisite_id')
          .limit(page.limit + 1)
          .execute();
        const more = rows.length > page.limit;
        const items = rows.slice(0, page.limit).map(toPrerequisite);
        const last = items.at(-1);
        return {
          items,
          nextCursor:
            more && last ? encodeCursor(`${last.objectiveId}/${last.prerequisiteId}`) : null,
        };
      });
    },
    addPrerequisite(tenantId, edge) {
      return tenantTx(tenantId, async (tx) => {
        const objective = await tx
          .selectFrom('objectives')
          .select('course_id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', edge.objectiveId)
          .executeTakeFirstOrThrow();
        // Serialize graph edits per course so concurrent additions cannot form a cycle together.
        await tx
          .selectFrom('courses')
          .select('id')
          .where('id', '=', objective.course_id)
          .forUpdate()
          .execute();
        const existing = await tx
          .selectFrom('prerequisites')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('course_id', '=', objective.course_id)
          .execute();
        const same = existing.find(
          (e) => e.objective_id === edge.objectiveId && e.prerequisite_id === edge.prerequisiteId,
        );
        if (same) {
          return { exists: toPrerequisite(same) };
        }
        const cycle = findCycleThrough(
          existing.map((e) => ({ objectiveId: e.objective_id, prerequisiteId: e.prerequisite_id })),
          edge,
        );
        if (cycle) {
          return { cycle };
        }
        const row = await tx
          .insertInto('prerequisites')
          .values({
            tenant_id: tenantId,
            course_id: objective.course_id,
            objective_id: edge.objectiveId,
            prerequisite_id: edge.prerequisiteId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { added: toPrerequisite(row) };
      });
    },
    removePrerequisite(tenantId, edge) {
      return tenantTx(tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('prerequisites')
          .where('tenant_id', '=', tenantId)
          .where('objective_id', '=', edge.objectiveId)
          .where('prerequisite_id', '=', edge.prerequisiteId)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },

    createContent(tenantId, courseId, input) {
      return tenantTx(tenantId, async (tx) => {
        await tx
          .insertInto('content')
          .values({
            id: input.id,
            tenant_id: tenantId,
            course_id: courseId,
            key: input.key,
            type: input.type,
            title: input.title,
            description: input.description ?? null,
            media: jsonOrNull(input.media),
            item: jsonOrNull(input.item),
            hints: JSON.stringify(input.hints ?? []),
            difficulty: input.difficulty ?? null,
            irt: jsonOrNull(input.irt),
            position: input.position ?? 0,
          })
          .execute();
        await inChunks(
          input.objectiveIds.map((o) => ({
            tenant_id: tenantId,
            content_id: input.id,
            objective_id: o,
          })),
          500,
          (chunk) => tx.insertInto('content_objectives').values(chunk).execute(),
        );
        return (await getContentIn(tx, tenantId, input.id)) as Content;
      });
    },
    getContent(tenantId, id) {
      return tenantTx(tenantId, (tx) => getContentIn(tx, tenantId, id));
    },
    listContent(tenantId, courseId, filter, page) {
      return tenantTx(tenantId, (tx) => {
        let q = contentQuery(tx, tenantId).where('content.course_id', '=', courseId);
        if (filter.type) {
          q = q.where('content.type', '=', filter.type);
        }
        if (filter.objectiveId) {
          const objectiveId = filter.objectiveId;
          q = q.where('content.id', 'in', (eb) =>
            eb
              .selectFrom('content_objectives')
              .select('content_id')
              .where('objective_id', '=', objectiveId),
          );
        }
        return paginate(q, 'content.id', page, toContent);
      });
    },
    updateContent(tenantId, id, patch) {
      return tenantTx(tenantId, async (tx) => {
        const r = await tx
          .updateTable('content')
          .set({
            ...(patch.type !== undefined ? { type: patch.type } : {}),
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.media !== undefined ? { media: jsonOrNull(patch.media) } : {}),
            ...(patch.item !== undefined ? { item: jsonOrNull(patch.item) } : {}),
            ...(patch.hints !== undefined ? { hints: JSON.stringify(patch.hints) } : {}),
            ...(patch.difficulty !== undefined ? { difficulty: patch.difficulty } : {}),
            ...(patch.irt !== undefined ? { irt: jsonOrNull(patch.irt) } : {}),
            ...(patch.position !== undefined ? { position: patch.position } : {}),
            updated_at: new Date(),
          })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (r.numUpdatedRows === 0n) {
          return null;
        }
        if (patch.objectiveIds) {
          await tx.deleteFrom('content_objectives').where('content_id', '=', id).execute();
          await inChunks(
            patch.objectiveIds.map((o) => ({
              tenant_id: tenantId,
              content_id: id,
              objective_id: o,
            })),
            500,
            (chunk) => tx.insertInto('content_objectives').values(chunk).execute(),
          );
        }
        return getContentIn(tx, tenantId, id);
      });
    },
    deleteContent(tenantId, id) {
      return tenantTx(tenantId, async (tx) => {
        const r = await tx
          .deleteFrom('content')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .executeTakeFirst();
        return r.numDeletedRows > 0n;
      });
    },
  };
}
