import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { actorOf } from '../auth.js';
import { IdParams, Timestamp, Uuid, problemResponses } from '../schemas.js';
import { Recommendation } from './event-routes.js';

const tags = ['practice'];
const Token = Type.String({
  minLength: 1,
  maxLength: 4096,
  description: 'The attempt token from `POST /v1/students/{id}/practice` (HMAC-signed).',
});
const SessionId = Type.Optional(
  Type.String({ minLength: 1, maxLength: 128, description: 'Stored on the recorded event.' }),
);

const ItemView = Type.Union(
  [
    Type.Object({
      format: Type.Literal('multiple_choice'),
      prompt: Type.String(),
      choices: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
    }),
    Type.Object({
      format: Type.Literal('numeric'),
      prompt: Type.String({ description: 'The prompt of the variant drawn for this attempt.' }),
      unit: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Object({ format: Type.Literal('short_text'), prompt: Type.String() }),
  ],
  { title: 'PracticeItem', description: 'The item without its answer key, hints or feedback.' },
);

const PracticeStart = Type.Object(
  {
    token: Token,
    studentId: Uuid,
    courseId: Uuid,
    itemId: Uuid,
    title: Type.String(),
    objectiveIds: Type.Array(Uuid),
    item: ItemView,
    hintCount: Type.Integer({ description: 'How many hints can be asked for, one at a time.' }),
    expiresAt: Timestamp,
  },
  { title: 'PracticeAttempt' },
);

const PracticeHint = Type.Object(
  {
    hintIndex: Type.Integer({ minimum: 0 }),
    hint: Type.String(),
    hintsRemaining: Type.Integer({ minimum: 0 }),
  },
  { title: 'PracticeHint' },
);

const PracticeResult = Type.Object(
  {
    itemId: Uuid,
    correct: Type.Boolean(),
    feedback: Type.String(),
    correctAnswer: Type.Object({
      text: Type.String(),
      choiceIds: Type.Optional(Type.Array(Type.String())),
      value: Type.Optional(Type.Number()),
    }),
    hintsUsed: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    mastery: Type.Array(
      Type.Object({ studentId: Uuid, objectiveId: Uuid, pMastery: Type.Number() }),
    ),
    recommendations: Type.Array(Recommendation),
  },
  { title: 'PracticeResult' },
);

export function registerPracticeRoutes(app: App, { practice }: Services): void {
  app.post(
    '/v1/students/:id/practice',
    {
      schema: {
        tags,
        summary: 'Start practising an item',
        description:
          'The student themself, on an item of a course they are enrolled in. Returns the item as drawn for this ' +
          'attempt (a parameterized numeric item gets fresh values) without its answer key, hints or choice ' +
          'feedback, and an attempt token for the hint and answer calls.',
        params: IdParams,
        body: Type.Object({ courseId: Uuid, itemId: Uuid }, { additionalProperties: false }),
        response: { 200: PracticeStart, ...problemResponses },
      },
    },
    (req) => practice.start(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/v1/students/:id/practice/hints',
    {
      schema: {
        tags,
        summary: 'Reveal the next hint of an attempt',
        description:
          'Hints come one at a time, gentlest first; each is recorded as `hint_requested` through the event hot ' +
          'path. 409 when there are no more hints or the attempt was answered.',
        params: IdParams,
        body: Type.Object({ token: Token, sessionId: SessionId }, { additionalProperties: false }),
        response: { 200: PracticeHint, ...problemResponses },
      },
    },
    (req) => practice.hint(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/v1/students/:id/practice/answers',
    {
      schema: {
        tags,
        summary: 'Answer an attempt (checked on the server)',
        description:
          'Checks the response against the answer key on the server and records `item_attempted` through the ' +
          'same ingestion service as `POST /v1/events`. Replies with the verdict, feedback, the correct answer ' +
          '(only now), the updated mastery and the next recommendations. A token is good for one answer: a ' +
          'replay is 409, a forged, foreign or expired token 400, each naming `/token`.',
        params: IdParams,
        body: Type.Object(
          {
            token: Token,
            // Checked by the service against the item's format (array of choice ids, number,
            // or text), so that no type coercion turns a number into text or an array into one id.
            response: Type.Unknown({
              description:
                'Choice ids (multiple choice, at most 32 of 64 characters), a number (numeric), or text (short text, at most 2000 characters).',
            }),
            sessionId: SessionId,
          },
          { additionalProperties: false },
        ),
        response: { 200: PracticeResult, ...problemResponses },
      },
    },
    (req) => practice.answer(actorOf(req), req.params.id, req.body),
  );
}
