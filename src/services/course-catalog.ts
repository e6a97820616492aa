/**
 * What the hot path needs to know about a course, loaded once and kept in memory: objectives
 * with their prerequisites, content with its type and objectives, the mastery threshold.
 * Entries expire after `ttlMs` (so edits made by other processes show up) and are dropped at
 * once when this process edits a course of the tenant.
 */
import type { CatalogContent, CatalogObjective } from '../domain/recommendation/catalog.js';
import type { Course } from '../domain/records.js';
import { itemFormatInfoOf } from '../domain/knowledge-tracing/item-format-evidence.js';
import type { Logger } from 'pino';
import type { LearningEvent } from '../domain/events/learning-event.js';
import type { BusMessage, CourseStore, SectionControlStore } from '../ports.js';

export interface CourseCatalog {
  course: Course;
  objectives: CatalogObjective[];
  content: Map<string, CatalogContent>;
  /** Assessment items answered in free text (short text), for the COPPA guardrail. */
  freeTextItems: ReadonlySet<string>;
  /**
   * Content hidden or flagged in any section of the course: the event reply, which does not look
   * up the student's section, never recommends it (the recommendations route applies each
   * section's own controls).
   */
  hiddenContentIds: ReadonlySet<string>;
}

export interface CourseCatalogCache {
  /** The catalog, or null when the course is not in the tenant. */
  get(tenantId: string, courseId: string): Promise<CourseCatalog | null>;
  /** Drops every cached course of a tenant. */
  invalidateTenant(tenantId: string): void;
}

async function loadAll<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

export function createCourseCatalogCache(props: {
  courses: CourseStore;
  /** Instructor controls; without it nothing is hidden. */
  controls?: SectionControlStore;
  now: () => number;
  ttlMs?: number;
  maxEntries?: number;
}): CourseCatalogCache {
  const ttl = props.ttlMs ?? 30_000;
  const max = props.maxEntries ?? 500;
  const entries = new Map<string, { at: number; value: Promise<CourseCatalog | null> }>();

  async function load(tenantId: string, courseId: string): Promise<CourseCatalog | null> {
    const course = await props.courses.get(tenantId, courseId);
    if (!course) {
      return null;
    }
    const [objectives, edges, content, hidden] = await Promise.all([
      loadAll((cursor) =>
        props.courses.listObjectives(tenantId, courseId, { limit: 1000, cursor }),
      ),
      loadAll((cursor) =>
        props.courses.listPrerequisites(tenantId, courseId, { limit: 1000, cursor }),
      ),
      loadAll((cursor) =>
        props.courses.listContent(tenantId, courseId, {}, { limit: 1000, cursor }),
      ),
      props.controls?.hiddenInCourse(tenantId, courseId) ?? Promise.resolve([]),
    ]);
    const prereqs = new Map<string, string[]>();
    for (const e of edges) {
      prereqs.set(e.objectiveId, [...(prereqs.get(e.objectiveId) ?? []), e.prerequisiteId]);
    }
    return {
      course,
      objectives: objectives.map((o) => ({
        id: o.id,
        title: o.title,
        position: o.position,
        prerequisiteIds: prereqs.get(o.id) ?? [],
      })),
      content: new Map(
        content.map((c) => [
          c.id,
          {
            id: c.id,
            type: c.type,
            title: c.title,
            objectiveIds: c.objectiveIds,
            difficulty: c.difficulty,
            format: itemFormatInfoOf(c.item),
          },
        ]),
      ),
      freeTextItems: new Set(
        content.filter((c) => c.item?.format === 'short_text').map((c) => c.id),
      ),
      hiddenContentIds: new Set(hidden),
    };
  }

  return {
    get(tenantId, courseId) {
      const key = `${tenantId}/${courseId}`;
      const hit = entries.get(key);
      if (hit && props.now() - hit.at < ttl) {
        return hit.value;
      }
      const value = load(tenantId, courseId);
      entries.set(key, { at: props.now(), value });
      value.catch(() => entries.delete(key));
      if (entries.size > max) {
        entries.delete(entries.keys().next().value as string);
      }
      return value;
    },
    invalidateTenant(tenantId) {
      for (const key of [...entries.keys()]) {
        if (key.startsWith(`${tenantId}/`)) {
          entries.delete(key);
        }
      }
    },
  };
}

/** The payload of an `events.*` bus message, as the ingestion service writes it. */
export type EventMessagePayload = {
  event: LearningEvent;
  /** Answered items: P(mastered) of each tagged objective before (null: none yet) and after. */
  mastery?: { objectiveId: string; before: number | null; after: number }[];
};

/**
 * A bus message's event with the catalog of its course, for the consumers; null (logged) when
 * the course, or its tenant, was deleted since: there is nothing left to apply it to.
 */
export async function courseEventOf(
  message: BusMessage,
  catalogs: CourseCatalogCache,
  logger: Logger,
): Promise<{ payload: EventMessagePayload; catalog: CourseCatalog } | null> {
  const payload = message.payload as EventMessagePayload;
  const catalog = await catalogs.get(message.tenantId, payload.event.courseId);
  if (!catalog) {
    logger.warn({ messageId: message.id }, 'event for a course that no longer exists; skipped');
    return null;
  }
  return { payload, catalog };
}
