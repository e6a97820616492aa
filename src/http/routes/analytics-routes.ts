import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { ContentTypeSchema } from '../../domain/course-package/course-package-schema.js';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Timestamp, Uuid, problemResponses } from '../schemas.js';

const tags = ['analytics'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const NotModified = Type.Null({ description: 'Not modified: the If-None-Match ETag is current.' });

const Objective = Type.Object({ id: Uuid, key: Type.String(), title: Type.String() });

const Dashboard = Type.Object(
  {
    sectionId: Uuid,
    courseId: Uuid,
    updatedAt: Timestamp,
    objectives: Type.Array(Objective, { description: 'Topological order of the course.' }),
    students: Type.Array(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        lastActiveAt: Nullable(Timestamp),
        masteredCount: Type.Integer(),
        atRisk: Type.Boolean(),
        mastery: Type.Array(Nullable(Type.Number({ minimum: 0, maximum: 1 })), {
          description: 'P(mastered) aligned with `objectives`; null without evidence.',
        }),
      }),
    ),
    summary: Type.Object({
      students: Type.Integer(),
      activeLast7Days: Type.Integer(),
      meanMastery: Type.Number(),
      masteredShare: Type.Number(),
      videoCompletionRate: Type.Number(),
      attemptsLast7Days: Type.Integer(),
      engagementTrend: Type.Number({
        description: '>0 rising, <0 falling (events, 7 days vs the 7 before).',
      }),
    }),
  },
  { title: 'SectionDashboard' },
);

const AtRisk = Type.Object(
  {
    sectionId: Uuid,
    updatedAt: Timestamp,
    students: Type.Array(
      Type.Object({
        studentId: Uuid,
        name: Type.String(),
        risk: Type.Number({ minimum: 0, maximum: 1 }),
        lastActiveAt: Nullable(Timestamp),
        reasons: Type.Array(
          Type.Object({
            code: Type.String(),
            text: Type.String(),
            objectiveId: Nullable(Uuid),
            since: Nullable(Timestamp),
          }),
        ),
      }),
    ),
  },
  { title: 'AtRiskList' },
);

const Timeline = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        at: Timestamp,
        kind: Type.Union([
          Type.Literal('event'),
          Type.Literal('mastery'),
          Type.Literal('intervention'),
        ]),
        type: Type.String(),
        text: Type.String(),
        objectiveId: Nullable(Uuid),
        contentId: Nullable(Uuid),
        correct: Nullable(Type.Boolean()),
        pMastery: Nullable(Type.Number()),
      }),
    ),
    nextCursor: Nullable(Type.String()),
  },
  { title: 'StudentTimeline' },
);

const MasteryHistory = Type.Object(
  {
    courseId: Uuid,
    objectives: Type.Array(Objective),
    points: Type.Array(Type.Object({ objectiveId: Uuid, at: Timestamp, pMastery: Type.Number() })),
  },
  { title: 'MasteryHistory' },
);

const ContentEffectiveness = Type.Object(
  {
    sectionId: Uuid,
    updatedAt: Timestamp,
    items: Type.Array(
      Type.Object({
        contentId: Uuid,
        title: Type.String(),
        type: ContentTypeSchema,
        objectiveId: Uuid,
        learners: Type.Integer({
          description: 'Students with at least one answer after first use.',
        }),
        meanGain: Type.Number({
          description: 'Mean change of P(mastered) over the next 5 answers.',
        }),
        ciLow: Type.Number(),
        ciHigh: Type.Number(),
        baselineLearners: Type.Integer(),
        baselineGain: Nullable(
          Type.Number({ description: 'Practice-only baseline (no content used).' }),
        ),
        lift: Nullable(Type.Number({ description: 'meanGain − baselineGain.' })),
        liftCiLow: Nullable(Type.Number()),
        liftCiHigh: Nullable(Type.Number()),
      }),
    ),
  },
  { title: 'ContentEffectiveness' },
);

/** The body with its ETag, or 304 when the service found If-None-Match current (body null). */
function withEtag<T>(reply: FastifyReply, result: { body: T | null; etag: string }) {
  void reply.header('etag', result.etag).header('cache-control', 'private, no-cache');
  return result.body === null ? reply.code(304).send() : result.body;
}

export function registerAnalyticsRoutes(app: App, { analytics }: Services): void {
  app.get(
    '/v1/sections/:id/dashboard',
    {
      schema: {
        tags,
        summary: 'Class heatmap and summary (objectives × students)',
        description:
          'From precomputed analytics, fresh within seconds of an event. ETag; If-None-Match answers 304. Instructors of the section, admins.',
        params: IdParams,
        response: { 200: Dashboard, 304: NotModified, ...problemResponses },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await analytics.dashboard(actorOf(req), req.params.id, req.headers['if-none-match']),
      ),
  );
  app.get(
    '/v1/sections/:id/at-risk',
    {
      schema: {
        tags,
        summary: 'Students at risk, with reasons (highest risk first)',
        description: 'Definitions in docs/ANALYTICS.md. ETag; If-None-Match answers 304.',
        params: IdParams,
        response: { 200: AtRisk, 304: NotModified, ...problemResponses },
      },
    },
    async (req, reply) =>
      withEtag(
        reply,
        await analytics.atRisk(actorOf(req), req.params.id, req.headers['if-none-match']),
      ),
  );
  app.get(
    '/v1/sections/:id/content-effectiveness',
    {
      schema: {
        tags,
        summary: 'Learning gain after each content item, with a 95% interval',
        description: 'Method in docs/ANALYTICS.md. Descriptive, not causal.',
        params: IdParams,
        response: { 200: ContentEffectiveness, ...problemResponses },
      },
    },
    (req) => analytics.contentEffectiveness(actorOf(req), req.params.id),
  );
  app.get(
    '/v1/sections/:id/export.csv',
    {
      schema: {
        tags,
        summary: 'CSV export (RFC 4180) of the heatmap or the at-risk list',
        params: IdParams,
        querystring: Type.Object({
          view: Type.Union([Type.Literal('heatmap'), Type.Literal('at-risk')], {
            default: 'heatmap',
          }),
        }),
        response: { 200: Type.String({ description: 'text/csv' }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const csv = await analytics.exportCsv(actorOf(req), req.params.id, req.query.view);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="section-${req.params.id}-${req.query.view}.csv"`,
        )
        .send(csv);
    },
  );
  app.get(
    '/v1/students/:id/timeline',
    {
      schema: {
        tags,
        summary: "A student's timeline: activity, mastery changes and interventions, newest first",
        params: IdParams,
        querystring: Type.Object({
          courseId: Type.Optional(Uuid),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 300 })),
        }),
        response: { 200: Timeline, ...problemResponses },
      },
    },
    (req) => analytics.timeline(actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/v1/students/:id/mastery-history',
    {
      schema: {
        tags,
        summary: "A student's mastery trajectory per objective, oldest first",
        description:
          'A point when P(mastered) moved by 0.02 or more, or on the first answer of a day.',
        params: IdParams,
        querystring: Type.Object({ courseId: Uuid }),
        response: { 200: MasteryHistory, ...problemResponses },
      },
    },
    (req) => analytics.masteryHistory(actorOf(req), req.params.id, req.query.courseId),
  );
}
