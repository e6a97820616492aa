import type { Selectable } from 'kysely';
import type { ContentControl, SectionControlStore } from '../../ports.js';
import { inTenant, type Db } from './database.js';
import type { ContentControlsTable } from './database-schema.js';
import { iso } from './pagination.js';

const toControl = (r: Selectable<ContentControlsTable>): ContentControl => ({
  sectionId: r.section_id,
  contentId: r.content_id,
  kind: r.kind,
  note: r.note,
  createdBy: r.created_by,
  createdAt: iso(r.created_at),
});

export function createPostgresSectionControlStore(db: Db): SectionControlStore {
  return {
    list(tenantId, sectionId) {
      return inTenant(db, tenantId, async (tx) =>
        (
          await tx
            .selectFrom('content_controls')
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('section_id', '=', sectionId)
            .orderBy('created_at')
            .orderBy('content_id')
            .execute()
        ).map(toControl),
      );
    },
    hiddenInCourse(tenantId, courseId) {
      return inTenant(db, tenantId, async (tx) =>
        (
          await tx
            .selectFrom('content_controls')
            .innerJoin('sections', 'sections.id', 'content_controls.section_id')
            .select('content_controls.content_id')
            .distinct()
            .where('content_controls.tenant_id', '=', tenantId)
            .where('sections.course_id', '=', courseId)
            .where('content_controls.kind', '!=', 'pinned')
            .orderBy('content_controls.content_id')
            .execute()
        ).map((r) => r.content_id),
      );
    },
    set(tenantId, control) {
      return inTenant(db, tenantId, async (tx) => {
        const row = await tx
          .insertInto('content_controls')
          .values({
            tenant_id: tenantId,
            section_id: control.sectionId,
            content_id: control.contentId,
            kind: control.kind,
            note: control.note,
            created_by: control.createdBy,
          })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'section_id', 'content_id']).doUpdateSet({
              kind: control.kind,
              note: control.note,
              created_by: control.createdBy,
              created_at: new Date(),
            }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toControl(row);
      });
    },
    remove(tenantId, sectionId, contentId) {
      return inTenant(db, tenantId, async (tx) => {
        const result = await tx
          .deleteFrom('content_controls')
          .where('tenant_id', '=', tenantId)
          .where('section_id', '=', sectionId)
          .where('content_id', '=', contentId)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
