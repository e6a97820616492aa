import { Type } from '@sinclair/typebox';
import { AppError, invalidInput } from '../../domain/errors.js';
import { LearningEventSchema } from '../../domain/events/learning-event.js';
import { MAX_EVENTS_PER_REQUEST } from '../../domain/events/validate-events.js';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, PageQuery, Timestamp, Uuid, problemResponses } from '../schemas.js';

export const Recommendation = Type.Object(
  {
    contentId: Uuid,
    type: Type.String(),
    title: Type.String(),
    objectiveId: Uuid,
    score: Type.Number(),
    reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.String() })),
  },
  { title: 'Recommendation' },
);

const IngestReply = Type.Object(
  {
    accepted: Type.Integer({ description: 'Events stored by this request.' }),
    withheld: Type.Optional(
      Type.Integer({
        description:
          'Events not stored for lack of a COPPA consent (behavioural events of a student under 13; docs/PRIVACY.md).',
      }),
    ),
    duplicates: Type.Integer({
      description: 'Events whose id was already stored; acknowledged, not stored again.',
    }),
    mastery: Type.Array(
      Type.Object({ studentId: Uuid, objectiveId: Uuid, pMastery: Type.Number() }),
      {
        description: 'Updated P(mastered) of every objective the events moved.',
      },
    ),
    recommendations: Type.Array(Recommendation, {
      description: "The student's next steps, when every event is about one student and course.",
    }),
  },
  { title: 'IngestReply' },
);

export function registerEventRoutes(
  app: App,
  { ingestion, learnerRecords }: Services,
  opts: { maxInFlight: number },
): void {
  // Admission control: past `maxInFlight` requests being ingested, more would only queue (for the
  // CPU and the connection pool) and slow every reply; they get 503 with Retry-After at once,
  // nothing stored, and the client retries (event ids make a retry safe).
  let inFlight = 0;
  app.post(
    '/v1/events',
    {
      // The body is validated by the ingestion service, which lists every problem by event
      // index and field; the schema here documents it.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      schema: {
        tags: ['events'],
        summary: 'Post learning events',
        description:
          `One event, or \`{"events": [...]}\` with up to ${MAX_EVENTS_PER_REQUEST}. All or nothing: a 400 lists every problem ` +
          'by index and field and stores nothing. An id seen before is acknowledged as a duplicate and not stored again. ' +
          'Every accepted event is committed before the reply. A student key may post only its own events. ' +
          'The reply carries the updated mastery and the next recommendations; `Server-Timing` gives each stage. ' +
          'A 503 `overloaded` with `Retry-After` means the server is at its bound of requests in progress: nothing was stored; retry.',
        querystring: Type.Object({
          recommendations: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 10,
              default: 3,
              description: 'How many next steps to return.',
            }),
          ),
        }),
        body: Type.Union([
          LearningEventSchema,
          Type.Object({
            events: Type.Array(LearningEventSchema, {
              minItems: 1,
              maxItems: MAX_EVENTS_PER_REQUEST,
            }),
          }),
        ]),
        response: { 200: IngestReply, ...problemResponses },
      },
    },
    async (req, reply) => {
      const raw = (req.query as Record<string, unknown>).recommendations;
      const count = raw === undefined ? 3 : Number(raw);
      if (!Number.isInteger(count) || count < 0 || count > 10) {
        throw invalidInput('Invalid query', [
          { path: '/recommendations', message: 'must be an integer from 0 to 10' },
        ]);
      }
      if (inFlight >= opts.maxInFlight) {
        void reply.header('retry-after', '1');
        throw new AppError({
          kind: 'Unavailable',
          code: 'overloaded',
          message: `This server is working on ${inFlight} event requests; retry in a second`,
        });
      }
      inFlight++;
      const result = await ingestion
        .ingest(actorOf(req), req.body, { recommendations: count })
        .finally(() => {
          inFlight--;
        });
      const t = result.timings;
      void reply.header(
        'server-timing',
        `guardrail;dur=${t.guardrail}, persist;dur=${t.persist}, update;dur=${t.update}, recommend;dur=${t.recommend}`,
      );
      return {
        accepted: result.accepted,
        ...(result.withheld > 0 ? { withheld: result.withheld } : {}),
        duplicates: result.duplicates,
        mastery: result.mastery,
        recommendations: result.recommendations,
      };
    },
  );

  const tags = ['students'];
  app.get(
    '/v1/students/:id/events',
    {
      schema: {
        tags,
        summary: "A student's learning events, newest first",
        params: IdParams,
        querystring: Type.Object({
          ...PageQuery,
          type: Type.Optional(Type.String({ maxLength: 64 })),
          courseId: Type.Optional(Uuid),
          from: Type.Optional(Timestamp),
          to: Type.Optional(Timestamp),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Record(Type.String(), Type.Unknown())),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses,
        },
      },
    },
    (req) =>
      learnerRecords.events(
        actorOf(req),
        req.params.id,
        {
          type: req.query.type,
          courseId: req.query.courseId,
          from: req.query.from,
          to: req.query.to,
        },
        req.query,
      ),
  );
  app.get(
    '/v1/students/:id/mastery',
    {
      schema: {
        tags,
        summary: "A student's mastery per objective",
        params: IdParams,
        querystring: Type.Object({ courseId: Type.Optional(Uuid) }),
        response: {
          200: Type.Object({
            studentId: Uuid,
            items: Type.Array(
              Type.Object({
                objectiveId: Uuid,
                courseId: Uuid,
                pMastery: Type.Number(),
                mastered: Type.Boolean(),
                attempts: Type.Integer(),
                correct: Type.Integer(),
                updatedAt: Timestamp,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => learnerRecords.mastery(actorOf(req), req.params.id, req.query.courseId),
  );
  app.get(
    '/v1/students/:id/features',
    {
      schema: {
        tags,
        summary: "A student's learner features in a course",
        params: IdParams,
        querystring: Type.Object({ courseId: Uuid }),
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...problemResponses },
      },
    },
    (req) => learnerRecords.features(actorOf(req), req.params.id, req.query.courseId),
  );
}
