import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Timestamp, Uuid, problemResponses } from '../schemas.js';
import { Recommendation } from './event-routes.js';

const RecommendationsReply = Type.Object(
  {
    studentId: Uuid,
    courseId: Uuid,
    items: Type.Array(Recommendation),
    degraded: Type.Boolean({
      description: 'True when the knowledge model was unavailable and the ranking is rule-based.',
    }),
    degradedReason: Type.Optional(Type.String()),
    cached: Type.Boolean({
      description: 'True when the database was slow and this is the last answer from the cache.',
    }),
    generatedAt: Timestamp,
  },
  { title: 'Recommendations' },
);

const LearningPathReply = Type.Object(
  {
    studentId: Uuid,
    courseId: Uuid,
    goalObjectiveId: Uuid,
    steps: Type.Array(
      Type.Object({
        objectiveId: Uuid,
        title: Type.String(),
        pMastery: Type.Number(),
        ready: Type.Boolean(),
        estimatedItems: Type.Integer(),
        estimatedSeconds: Type.Integer(),
      }),
    ),
    estimatedItems: Type.Integer(),
    estimatedSeconds: Type.Integer(),
    secondsPerItem: Type.Number(),
  },
  { title: 'LearningPath' },
);

export function registerRecommendationRoutes(app: App, { recommendations }: Services): void {
  const tags = ['students'];
  app.get(
    '/v1/students/:id/recommendations',
    {
      schema: {
        tags,
        summary: "A student's next best content, with reasons",
        description:
          'Ranked by expected learning gain, desirable difficulty, content-type preference, novelty and due reviews; ' +
          'never content whose prerequisites are not mastered. The course defaults to that of the student\u2019s first section.',
        params: IdParams,
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 20, default: 3 }),
          courseId: Type.Optional(Uuid),
        }),
        response: { 200: RecommendationsReply, ...problemResponses },
      },
    },
    (req) =>
      recommendations.recommendations(actorOf(req), req.params.id, {
        courseId: req.query.courseId,
        limit: req.query.limit,
      }),
  );
  app.get(
    '/v1/students/:id/path',
    {
      schema: {
        tags,
        summary: "A student's learning path to a goal objective",
        description:
          'The goal and the objectives it requires that are not mastered yet, prerequisites first, each with the ' +
          'estimated practice items and time. The goal defaults to the section goal.',
        params: IdParams,
        querystring: Type.Object({
          goal: Type.Optional(Uuid),
          courseId: Type.Optional(Uuid),
        }),
        response: { 200: LearningPathReply, ...problemResponses },
      },
    },
    (req) =>
      recommendations.path(actorOf(req), req.params.id, {
        courseId: req.query.courseId,
        goal: req.query.goal,
      }),
  );
}
