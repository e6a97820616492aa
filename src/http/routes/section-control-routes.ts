import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Timestamp, Uuid, problemResponses } from '../schemas.js';

const ControlKind = Type.Union(
  [Type.Literal('pinned'), Type.Literal('hidden'), Type.Literal('flagged')],
  {
    description:
      'pinned: recommended first when its prerequisites are met; hidden or flagged: never recommended.',
  },
);

const ContentControl = Type.Object(
  {
    sectionId: Uuid,
    contentId: Uuid,
    kind: ControlKind,
    note: Type.Union([Type.String(), Type.Null()]),
    createdBy: Type.Union([Uuid, Type.Null()]),
    createdAt: Timestamp,
  },
  { title: 'ContentControl' },
);

const ControlParams = Type.Object({ id: Uuid, contentId: Uuid });

export function registerSectionControlRoutes(app: App, { sectionControls }: Services): void {
  const tags = ['sections'];
  app.get(
    '/v1/sections/:id/controls',
    {
      schema: {
        tags,
        summary: "A section's goal and its pinned, hidden and flagged content",
        description: 'Instructors of the section and admins.',
        params: IdParams,
        response: {
          200: Type.Object({
            sectionId: Uuid,
            goalObjectiveId: Type.Union([Uuid, Type.Null()]),
            items: Type.Array(ContentControl),
          }),
          ...problemResponses,
        },
      },
    },
    (req) => sectionControls.list(actorOf(req), req.params.id),
  );
  app.put(
    '/v1/sections/:id/controls/content/:contentId',
    {
      schema: {
        tags,
        summary: 'Pin, hide or flag content for a section',
        description:
          "Recommendations for the section's students follow it at once. Instructors of the section and admins.",
        params: ControlParams,
        body: Type.Object(
          { kind: ControlKind, note: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: ContentControl, ...problemResponses },
      },
    },
    (req) =>
      sectionControls.set(actorOf(req), req.params.id, req.params.contentId, {
        kind: req.body.kind,
        note: req.body.note,
      }),
  );
  app.delete(
    '/v1/sections/:id/controls/content/:contentId',
    {
      schema: {
        tags,
        summary: 'Remove the control of content in a section',
        params: ControlParams,
        response: { 204: Type.Null(), ...problemResponses },
      },
    },
    async (req, reply) => {
      await sectionControls.remove(actorOf(req), req.params.id, req.params.contentId);
      return reply.code(204).send(null);
    },
  );
  app.put(
    '/v1/sections/:id/goal',
    {
      schema: {
        tags,
        summary: 'Set or clear the section goal objective',
        description:
          "Learning paths and recommendations of the section's students lead to it. Instructors of the section and admins.",
        params: IdParams,
        body: Type.Object(
          { goalObjectiveId: Type.Union([Uuid, Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Uuid, goalObjectiveId: Type.Union([Uuid, Type.Null()]) }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const s = await sectionControls.setGoal(
        actorOf(req),
        req.params.id,
        req.body.goalObjectiveId,
      );
      return { id: s.id, goalObjectiveId: s.goalObjectiveId };
    },
  );
}
