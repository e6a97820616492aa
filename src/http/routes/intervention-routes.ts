import { Type } from '@sinclair/typebox';
import { ActionKinds } from '../../domain/interventions/choose-action.js';
import { InterventionTypes } from '../../domain/interventions/detection.js';
import { InterventionStatuses } from '../../domain/interventions/intervention-agent.js';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Page, PageQuery, Timestamp, Uuid, problemResponses } from '../schemas.js';

const tags = ['interventions'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Status = literals(InterventionStatuses);

const Action = Type.Object(
  {
    kind: literals(ActionKinds),
    objectiveId: Nullable(Uuid),
    contentId: Nullable(Uuid),
    itemId: Nullable(Uuid),
    message: Type.String({ description: 'To the student, or to the instructor for an alert.' }),
  },
  { title: 'InterventionAction' },
);

const Intervention = Type.Object(
  {
    id: Uuid,
    studentId: Uuid,
    courseId: Uuid,
    sectionId: Nullable(Uuid),
    objectiveId: Nullable(Uuid),
    itemId: Nullable(Uuid),
    type: literals(InterventionTypes),
    evidence: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The numbers that triggered the detector (docs/INTERVENTIONS.md).',
    }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    action: Action,
    status: Status,
    queueReason: Nullable(
      Type.Union([Type.Literal('low_confidence'), Type.Literal('rate_limit')], {
        description: 'Why it waits for review: confidence below 0.7, or the hourly limit.',
      }),
    ),
    decidedBy: Nullable(Uuid),
    decidedAt: Nullable(Timestamp),
    outcome: Nullable(Type.Union([Type.Literal('mastered'), Type.Literal('not_mastered')])),
    outcomeAttempts: Nullable(Type.Integer()),
    outcomeAt: Nullable(Timestamp),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Intervention' },
);

const StudentIntervention = Type.Object(
  {
    id: Uuid,
    courseId: Uuid,
    objectiveId: Nullable(Uuid),
    status: Status,
    action: Action,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  {
    title: 'StudentIntervention',
    description: 'What a student sees: what to do, without the detector, evidence or confidence.',
  },
);

const OutcomeCounts = {
  count: Type.Integer(),
  resolved: Type.Integer({ description: 'Those whose outcome is known.' }),
  masteredWithinK: Type.Integer(),
  rate: Nullable(Type.Number({ description: 'masteredWithinK / resolved.' })),
};

export function registerInterventionRoutes(app: App, { interventions }: Services): void {
  app.get(
    '/v1/sections/:id/interventions',
    {
      schema: {
        tags,
        summary: "A section's interventions: the review queue and what was applied",
        description:
          'Newest first. `?status=queued_for_review` is the review queue. Instructors of the section and admins.',
        params: IdParams,
        querystring: Type.Object({ status: Type.Optional(Status), ...PageQuery }),
        response: { 200: Page(Intervention, 'Intervention'), ...problemResponses },
      },
    },
    (req) =>
      interventions.listForSection(actorOf(req), req.params.id, req.query.status, {
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );
  app.get(
    '/v1/sections/:id/interventions/outcomes',
    {
      schema: {
        tags,
        summary: 'Intervention outcomes per type',
        description:
          'Per type: how many, how many have a known outcome, and the share whose objective was mastered within K answers after the intervention (K = `outcomeAttempts`); `delivered` counts only those that reached the student. Not a causal estimate.',
        params: IdParams,
        response: {
          200: Type.Object({
            sectionId: Uuid,
            outcomeAttempts: Type.Integer(),
            items: Type.Array(
              Type.Object({
                type: literals(InterventionTypes),
                ...OutcomeCounts,
                delivered: Type.Object(OutcomeCounts),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => interventions.outcomes(actorOf(req), req.params.id),
  );
  app.post(
    '/v1/interventions/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a queued intervention (it reaches the student)',
        params: IdParams,
        response: { 200: Intervention, ...problemResponses },
      },
    },
    (req) => interventions.approve(actorOf(req), req.params.id),
  );
  app.post(
    '/v1/interventions/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss an intervention (withdrawn from the student)',
        params: IdParams,
        response: { 200: Intervention, ...problemResponses },
      },
    },
    (req) => interventions.dismiss(actorOf(req), req.params.id),
  );
  app.patch(
    '/v1/interventions/:id',
    {
      schema: {
        tags,
        summary: "Edit an intervention's message or action (it reaches the student as edited)",
        params: IdParams,
        body: Type.Object(
          {
            message: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
            kind: Type.Optional(literals(ActionKinds)),
            contentId: Type.Optional(Nullable(Uuid)),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Intervention, ...problemResponses },
      },
    },
    (req) => interventions.edit(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/v1/students/:id/interventions',
    {
      schema: {
        tags,
        summary: "A student's interventions",
        description:
          'A student reads those addressed to them that reached them (applied, approved, edited, delivered; no instructor alerts), as `StudentIntervention`; instructors (their sections) and admins read all of them in full.',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: {
          200: Page(Type.Union([Intervention, StudentIntervention]), 'StudentInterventions'),
          ...problemResponses,
        },
      },
    },
    (req) => interventions.listForStudent(actorOf(req), req.params.id, req.query),
  );
}
