/**
 * Validates the body of `POST /v1/events`: one event, or `{ "events": [...] }` with 1..1000.
 * All or nothing: every problem of every event is listed with its JSON Pointer
 * (`/events/3/correct`); an unknown `type` is named.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldProblem, Result } from '../errors.js';
import {
  ContentViewed,
  ForumPosted,
  HintRequested,
  ItemAttempted,
  LearningEventTypes,
  SessionEnded,
  SessionStarted,
  VideoCompleted,
  VideoProgressed,
  VideoStarted,
  type LearningEvent,
  type LearningEventType,
} from './learning-event.js';

export const MAX_EVENTS_PER_REQUEST = 1000;

// ajv-formats is CommonJS; its default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators: Record<LearningEventType, ValidateFunction> = {
  video_started: ajv.compile(VideoStarted),
  video_progressed: ajv.compile(VideoProgressed),
  video_completed: ajv.compile(VideoCompleted),
  content_viewed: ajv.compile(ContentViewed),
  item_attempted: ajv.compile(ItemAttempted),
  hint_requested: ajv.compile(HintRequested),
  forum_posted: ajv.compile(ForumPosted),
  session_started: ajv.compile(SessionStarted),
  session_ended: ajv.compile(SessionEnded),
};

function describe(prefix: string, e: ErrorObject): FieldProblem {
  switch (e.keyword) {
    case 'required':
      return {
        path: `${prefix}${e.instancePath}/${String(e.params.missingProperty)}`,
        message: 'is required',
      };
    case 'additionalProperties':
      return {
        path: `${prefix}${e.instancePath}/${String(e.params.additionalProperty)}`,
        message: 'is not allowed for this type',
      };
    default:
      return { path: `${prefix}${e.instancePath}` || '/', message: e.message ?? 'is invalid' };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validateOne(
  value: unknown,
  prefix: string,
  problems: FieldProblem[],
): LearningEvent | null {
  if (!isObject(value)) {
    problems.push({ path: prefix || '/', message: 'must be an event object' });
    return null;
  }
  const type = value.type;
  if (typeof type !== 'string') {
    problems.push({ path: `${prefix}/type`, message: 'is required' });
    return null;
  }
  if (!(LearningEventTypes as readonly string[]).includes(type)) {
    problems.push({
      path: `${prefix}/type`,
      message: `unknown event type "${type.slice(0, 64)}"; known: ${LearningEventTypes.join(', ')}`,
    });
    return null;
  }
  const validate = validators[type as LearningEventType];
  if (!validate(value)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      const p = describe(prefix, e);
      if (!seen.has(p.path)) {
        seen.add(p.path);
        problems.push(p);
      }
    }
    return null;
  }
  const event = value as unknown as LearningEvent;
  if (
    event.type.startsWith('video_') &&
    'positionSeconds' in event &&
    event.positionSeconds > event.durationSeconds
  ) {
    problems.push({ path: `${prefix}/positionSeconds`, message: 'is past durationSeconds' });
    return null;
  }
  return event;
}

/** Returns the events, or every problem found (at most 200). */
export function validateEventBody(
  body: unknown,
): Result<{ events: LearningEvent[]; batch: boolean }> {
  const problems: FieldProblem[] = [];
  if (isObject(body) && 'events' in body) {
    const list = body.events;
    const extra = Object.keys(body).filter((k) => k !== 'events');
    for (const k of extra) {
      problems.push({ path: `/${k}`, message: 'is not allowed next to "events"' });
    }
    if (!Array.isArray(list)) {
      problems.push({ path: '/events', message: 'must be an array' });
      return { ok: false, error: problems };
    }
    if (list.length === 0 || list.length > MAX_EVENTS_PER_REQUEST) {
      problems.push({
        path: '/events',
        message: `must hold 1 to ${MAX_EVENTS_PER_REQUEST} events`,
      });
      return { ok: false, error: problems };
    }
    const events: LearningEvent[] = [];
    list.forEach((v, i) => {
      const e = validateOne(v, `/events/${i}`, problems);
      if (e) {
        events.push(e);
      }
    });
    return problems.length > 0
      ? { ok: false, error: problems.slice(0, 200) }
      : { ok: true, value: { events, batch: true } };
  }
  const one = validateOne(body, '', problems);
  return one
    ? { ok: true, value: { events: [one], batch: false } }
    : { ok: false, error: problems };
}
