/**
 * Instructor controls of a section: pin, hide or flag content, and set the section goal
 * objective. Instructors of the section and admins of the tenant; anyone else sees a 404 for a
 * section outside their scope, or a 403 when their role may not control sections at all.
 * Recommendations and learning paths of the section's students follow the controls.
 */
import { invalidInput, notFound } from '../domain/errors.js';
import type { Section } from '../domain/records.js';
import type { ContentControl, CourseStore, SectionControlStore, SectionStore } from '../ports.js';
import { authorize, scopedSectionIds, tenantActor, type Actor, type Authorizer } from './access.js';

export interface SectionControlsDeps {
  controls: SectionControlStore;
  sections: SectionStore;
  courses: CourseStore;
  authz: Authorizer;
  /** Called after a change, so cached recommendations are not served from before it. */
  onChanged?: (tenantId: string, sectionId: string) => void;
}

export function createSectionControlsService(deps: SectionControlsDeps) {
  async function sectionFor(actor: Actor, sectionId: string, action: 'read' | 'write') {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'section_controls', action);
    const section = await deps.sections.get(a.tenantId, sectionId);
    const scope = await scopedSectionIds(deps.sections, a);
    if (!section || (scope && !scope.includes(section.id))) {
      throw notFound('Section');
    }
    return { a, section };
  }

  return {
    async list(actor: Actor, sectionId: string) {
      const { a, section } = await sectionFor(actor, sectionId, 'read');
      return {
        sectionId,
        goalObjectiveId: section.goalObjectiveId,
        items: await deps.controls.list(a.tenantId, sectionId),
      };
    },
    async set(
      actor: Actor,
      sectionId: string,
      contentId: string,
      body: { kind: ContentControl['kind']; note?: string | undefined },
    ): Promise<ContentControl> {
      const { a, section } = await sectionFor(actor, sectionId, 'write');
      const content = await deps.courses.getContent(a.tenantId, contentId);
      if (!content || content.courseId !== section.courseId) {
        throw notFound('Content');
      }
      const saved = await deps.controls.set(a.tenantId, {
        sectionId,
        contentId,
        kind: body.kind,
        note: body.note ?? null,
        createdBy: a.userId,
      });
      deps.onChanged?.(a.tenantId, sectionId);
      return saved;
    },
    async remove(actor: Actor, sectionId: string, contentId: string): Promise<void> {
      const { a } = await sectionFor(actor, sectionId, 'write');
      if (!(await deps.controls.remove(a.tenantId, sectionId, contentId))) {
        throw notFound('Content control');
      }
      deps.onChanged?.(a.tenantId, sectionId);
    },
    async setGoal(
      actor: Actor,
      sectionId: string,
      goalObjectiveId: string | null,
    ): Promise<Section> {
      const { a, section } = await sectionFor(actor, sectionId, 'write');
      if (goalObjectiveId) {
        const o = await deps.courses.getObjective(a.tenantId, goalObjectiveId);
        if (!o || o.courseId !== section.courseId) {
          throw invalidInput('Unknown goal', [
            { path: '/goalObjectiveId', message: 'is not an objective of this course' },
          ]);
        }
      }
      const updated = await deps.sections.update(a.tenantId, sectionId, { goalObjectiveId });
      if (!updated) {
        throw notFound('Section');
      }
      deps.onChanged?.(a.tenantId, sectionId);
      return updated;
    },
  };
}

export type SectionControlsService = ReturnType<typeof createSectionControlsService>;
