/**
 * Learning events the student app posts to `POST /v1/events` with the signed-in session: one
 * browser session id per tab (kept in sessionStorage), a fresh event id each, the time now.
 */
import { api } from '../../api/api-client';

const SESSION_KEY = 'pathwise.learningSession';

/** This tab's learning-session id, stored on every event it posts. */
export function learningSessionId(): string {
  try {
    const existing = window.sessionStorage.getItem(SESSION_KEY);
    if (existing) {
      return existing;
    }
    const id = crypto.randomUUID();
    window.sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return 'no-storage';
  }
}

interface EventBase {
  studentId: string;
  courseId: string;
}

/** Posts events; `leaving` keeps the request alive while the page is closed or left. */
export function postLearningEvents(
  base: EventBase,
  events: Record<string, unknown>[],
  leaving = false,
) {
  const sessionId = learningSessionId();
  const timestamp = new Date().toISOString();
  return api.postEvents(
    events.map((e) => ({
      id: crypto.randomUUID(),
      ...base,
      sessionId,
      timestamp,
      ...e,
    })),
    leaving,
  );
}
