/**
 * Learning events: what a student did, as posted to `POST /v1/events` and stored append-only.
 * Each type maps onto an xAPI statement (verb, object, result); see docs/EVENTS.md.
 */
import { Type, type Static } from '@sinclair/typebox';

const Common = {
  id: Type.String({
    minLength: 1,
    maxLength: 128,
    description: 'Client-generated id; a repeat is a duplicate.',
  }),
  studentId: Type.String({ format: 'uuid' }),
  courseId: Type.String({ format: 'uuid' }),
  sectionId: Type.Optional(Type.String({ format: 'uuid' })),
  sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  timestamp: Type.String({ format: 'date-time', description: 'When it happened (ISO-8601).' }),
};

const Seconds = Type.Number({ minimum: 0, maximum: 86400 });
const Milliseconds = Type.Integer({ minimum: 0, maximum: 86_400_000 });

const VideoFields = {
  contentId: Type.String({ format: 'uuid' }),
  positionSeconds: Seconds,
  durationSeconds: Seconds,
};

export const VideoStarted = Type.Object(
  { ...Common, type: Type.Literal('video_started'), ...VideoFields },
  { additionalProperties: false, description: 'xAPI: launched / video.' },
);
export const VideoProgressed = Type.Object(
  { ...Common, type: Type.Literal('video_progressed'), ...VideoFields },
  {
    additionalProperties: false,
    description: 'xAPI: progressed / video, result.extensions.progress.',
  },
);
export const VideoCompleted = Type.Object(
  { ...Common, type: Type.Literal('video_completed'), ...VideoFields },
  { additionalProperties: false, description: 'xAPI: completed / video, result.completion=true.' },
);
export const ContentViewed = Type.Object(
  {
    ...Common,
    type: Type.Literal('content_viewed'),
    contentId: Type.String({ format: 'uuid' }),
    durationMs: Milliseconds,
  },
  { additionalProperties: false, description: 'xAPI: experienced / content, result.duration.' },
);
export const ItemAttempted = Type.Object(
  {
    ...Common,
    type: Type.Literal('item_attempted'),
    itemId: Type.String({ format: 'uuid' }),
    response: Type.Union([
      Type.String({ maxLength: 2000 }),
      Type.Number(),
      Type.Array(Type.String({ maxLength: 64 }), { maxItems: 32 }),
    ]),
    correct: Type.Boolean(),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    durationMs: Milliseconds,
    hintsUsed: Type.Integer({ minimum: 0, maximum: 100 }),
    attempt: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: '1 for the first try at this item.',
    }),
  },
  {
    additionalProperties: false,
    description: 'xAPI: answered / item, result.success, result.score.scaled, result.response.',
  },
);
export const HintRequested = Type.Object(
  {
    ...Common,
    type: Type.Literal('hint_requested'),
    itemId: Type.String({ format: 'uuid' }),
    hintIndex: Type.Integer({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false, description: 'xAPI: asked (hint) / item.' },
);
export const ForumPosted = Type.Object(
  {
    ...Common,
    type: Type.Literal('forum_posted'),
    text: Type.String({ minLength: 1, maxLength: 20000 }),
    contentId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false, description: 'xAPI: commented / discussion, result.response.' },
);
export const SessionStarted = Type.Object(
  { ...Common, type: Type.Literal('session_started') },
  { additionalProperties: false, description: 'xAPI: initialized / course.' },
);
export const SessionEnded = Type.Object(
  { ...Common, type: Type.Literal('session_ended') },
  { additionalProperties: false, description: 'xAPI: terminated / course.' },
);

export const LearningEventSchema = Type.Union(
  [
    VideoStarted,
    VideoProgressed,
    VideoCompleted,
    ContentViewed,
    ItemAttempted,
    HintRequested,
    ForumPosted,
    SessionStarted,
    SessionEnded,
  ],
  { discriminator: { propertyName: 'type' } },
);

export type LearningEvent = Static<typeof LearningEventSchema>;
export type LearningEventType = LearningEvent['type'];
export const LearningEventTypes: readonly LearningEventType[] = [
  'video_started',
  'video_progressed',
  'video_completed',
  'content_viewed',
  'item_attempted',
  'hint_requested',
  'forum_posted',
  'session_started',
  'session_ended',
];
