/**
 * The first bus consumer: live class aggregates per section and objective — attempts, accuracy,
 * and the distribution of students' mastery — updated from every answered item, exactly once
 * per message. And the service that reads them, for instructors of the section.
 */
import type { Logger } from 'pino';
import { AppError, notFound } from '../domain/errors.js';
import type {
  AttemptForAggregates,
  BusConsumer,
  BusMessage,
  ClassAggregateStore,
  SectionStore,
} from '../ports.js';
import { authorize, scopedSectionIds, tenantActor, type Actor, type Authorizer } from './access.js';
import { courseEventOf, type CourseCatalogCache } from './course-catalog.js';

export const CLASS_AGGREGATES_CONSUMER = 'class-aggregates';

export function createClassAggregatesConsumer(deps: {
  aggregates: ClassAggregateStore;
  catalog: CourseCatalogCache;
  logger: Logger;
}): BusConsumer {
  /** What one message adds to the aggregates; null when there is nothing to apply. */
  async function attemptOf(message: BusMessage): Promise<AttemptForAggregates | null> {
    // Subscribed to answered items only; the check narrows the event's type.
    const found = await courseEventOf(message, deps.catalog, deps.logger);
    const event = found?.payload.event;
    if (!found || event?.type !== 'item_attempted') {
      return null;
    }
    const { payload, catalog } = found;
    return {
      studentId: event.studentId,
      courseId: event.courseId,
      sectionId: event.sectionId ?? null,
      correct: event.correct,
      objectives: payload.mastery ?? [],
      threshold: catalog.course.masteryThreshold,
    };
  }

  return {
    name: CLASS_AGGREGATES_CONSUMER,
    subjects: ['events.item_attempted'],
    async perform(message) {
      const attempt = await attemptOf(message);
      if (!attempt) {
        return;
      }
      try {
        await deps.aggregates.applyAttempt(
          CLASS_AGGREGATES_CONSUMER,
          message.id,
          message.tenantId,
          attempt,
        );
      } catch (error) {
        // A section or objective deleted since the attempt: retrying cannot help.
        if (error instanceof AppError && error.kind === 'InvalidInput') {
          deps.logger.warn(
            { messageId: message.id, err: error },
            'attempt refers to deleted records; skipped',
          );
          return;
        }
        throw error;
      }
    },
    async performBatch(messages) {
      // One statement for the batch; if it fails (say, one attempt refers to a deleted
      // section), the bus performs the messages one by one, and perform() skips that one.
      const attempts: { messageId: string; tenantId: string; attempt: AttemptForAggregates }[] = [];
      for (const message of messages) {
        const attempt = await attemptOf(message);
        if (attempt) {
          attempts.push({ messageId: message.id, tenantId: message.tenantId, attempt });
        }
      }
      await deps.aggregates.applyAttempts(CLASS_AGGREGATES_CONSUMER, attempts);
    },
  };
}

export function createClassAggregatesService(deps: {
  aggregates: ClassAggregateStore;
  sections: SectionStore;
  authz: Authorizer;
}) {
  return {
    async forSection(actor: Actor, sectionId: string) {
      const a = tenantActor(actor);
      authorize(deps.authz, a, 'class_aggregates', 'read');
      const section = await deps.sections.get(a.tenantId, sectionId);
      const scope = await scopedSectionIds(deps.sections, a);
      if (!section || (scope && !scope.includes(section.id))) {
        throw notFound('Section');
      }
      const rows = await deps.aggregates.list(a.tenantId, sectionId);
      return {
        sectionId,
        items: rows.map((r) => ({
          ...r,
          accuracy: r.attempts > 0 ? Number((r.correct / r.attempts).toFixed(4)) : null,
        })),
      };
    },
  };
}

export type ClassAggregatesService = ReturnType<typeof createClassAggregatesService>;
