/**
 * A thin fetch wrapper for the Pathwise API. The session lives in an HttpOnly cookie, so every
 * request is same-origin with credentials; errors arrive as `application/problem+json` and are
 * thrown as {@link ApiError}.
 */
import type {
  Conditional,
  ContentEffectiveness,
  ContentEntry,
  Course,
  CourseSection,
  Enrollment,
  Intervention,
  InterventionOutcomes,
  IngestReply,
  ListPage,
  MasteryHistory,
  MasteryEntry,
  Objective,
  PracticeAttempt,
  PracticeHint,
  PracticeResult,
  Prerequisite,
  Problem,
  SectionAtRisk,
  SectionDashboard,
  RecommendationsReply,
  Session,
  StudentIntervention,
  Tenant,
  TimelineItem,
} from './api-types';

/** A failed API call, carrying what the server said about it. */
export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** Stable snake_case code from the problem body, when there is one. */
  readonly code: string | undefined;
  readonly fieldErrors: { path: string; message: string }[];

  constructor(props: {
    status: number;
    message: string;
    code?: string | undefined;
    fieldErrors?: { path: string; message: string }[];
    cause?: unknown;
  }) {
    super(props.message, { cause: props.cause });
    this.name = 'ApiError';
    this.status = props.status;
    this.code = props.code;
    this.fieldErrors = props.fieldErrors ?? [];
  }
}

/** Largest page the list endpoints serve. */
const MAX_PAGE_SIZE = 1000;
/** Guards against a server that keeps returning a cursor. */
const MAX_PAGES = 100;

type Method = 'GET' | 'POST' | 'PATCH';

interface RequestProps {
  method: Method;
  path: string;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Lets the request outlive the page (events sent while leaving it). */
  keepalive?: boolean;
}

async function request<T>({ method, path, body, signal, keepalive }: RequestProps): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers, signal: signal ?? null };
  if (keepalive) {
    init.keepalive = true;
  }
  if (method !== 'GET') {
    // Always a JSON body: the server expects one with this content type, even when empty.
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (signal?.aborted) {
      throw cause;
    }
    throw new ApiError({
      status: 0,
      message: 'Cannot reach the Pathwise server. Check your connection and try again.',
      cause,
    });
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  // NOTE: the server validates its replies against its route schemas; the shapes are trusted here.
  return (await response.json()) as T;
}

/**
 * A GET with `If-None-Match`: the server answers 304 when nothing changed since `etag`, which
 * the live dashboard polls cheaply. Never served from the browser cache.
 */
async function requestConditional<T>(
  path: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<Conditional<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (etag !== null) {
    headers['if-none-match'] = etag;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers,
      signal: signal ?? null,
    });
  } catch (cause) {
    if (signal?.aborted) {
      throw cause;
    }
    throw new ApiError({
      status: 0,
      message: 'Cannot reach the Pathwise server. Check your connection and try again.',
      cause,
    });
  }
  if (response.status === 304) {
    return { modified: false };
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  return { modified: true, data: (await response.json()) as T, etag: response.headers.get('etag') };
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status text.
  }
  const problem = readProblem(body);
  const message =
    problem.detail ??
    problem.title ??
    (response.statusText || `The server answered with status ${response.status}.`);
  return new ApiError({
    status: response.status,
    message,
    code: problem.code,
    fieldErrors: problem.errors ?? [],
  });
}

/** Reads a problem+json body, or the older `{ error: { code, message } }` shape. */
function readProblem(body: unknown): Problem {
  if (typeof body !== 'object' || body === null) {
    return {};
  }
  const record = body as Record<string, unknown>;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value : undefined;
  const nested = record['error'];
  if (typeof nested === 'object' && nested !== null) {
    const error = nested as Record<string, unknown>;
    return { detail: text(error['message']), code: text(error['code']) };
  }
  const errors = Array.isArray(record['errors'])
    ? (record['errors'] as unknown[]).flatMap((entry) => {
        if (typeof entry !== 'object' || entry === null) {
          return [];
        }
        const { path, message } = entry as Record<string, unknown>;
        return typeof message === 'string' ? [{ path: text(path) ?? '', message }] : [];
      })
    : undefined;
  return {
    title: text(record['title']),
    detail: text(record['detail']),
    code: text(record['code']),
    ...(errors ? { errors } : {}),
  };
}

/** Fetches every page of a list endpoint, following `nextCursor`. */
async function listAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const url = new URL(path, window.location.origin);
    url.searchParams.set('limit', String(MAX_PAGE_SIZE));
    if (cursor !== null) {
      url.searchParams.set('cursor', cursor);
    }
    const result: ListPage<T> = await request<ListPage<T>>({
      method: 'GET',
      path: url.pathname + url.search,
      signal,
    });
    items.push(...result.items);
    cursor = result.nextCursor;
    if (cursor === null) {
      return items;
    }
  }
  return items;
}

const segment = encodeURIComponent;

/** Every call the web shell makes, one function per endpoint. */
export const api = {
  signIn: (credentials: { email: string; password: string; tenant?: string }) =>
    request<Session>({ method: 'POST', path: '/auth/login', body: credentials }),
  getSession: (signal?: AbortSignal) =>
    request<Session>({ method: 'GET', path: '/auth/session', signal }),
  signOut: () => request<undefined>({ method: 'POST', path: '/auth/logout' }),
  listCourses: (signal?: AbortSignal) => listAll<Course>('/v1/courses', signal),
  listObjectives: (courseId: string, signal?: AbortSignal) =>
    listAll<Objective>(`/v1/courses/${segment(courseId)}/objectives`, signal),
  listPrerequisites: (courseId: string, signal?: AbortSignal) =>
    listAll<Prerequisite>(`/v1/courses/${segment(courseId)}/prerequisites`, signal),
  listContent: (courseId: string, signal?: AbortSignal) =>
    listAll<ContentEntry>(`/v1/courses/${segment(courseId)}/content`, signal),
  listCourseSections: (courseId: string, signal?: AbortSignal) =>
    listAll<CourseSection>(`/v1/courses/${segment(courseId)}/sections`, signal),
  listEnrollments: (sectionId: string, signal?: AbortSignal) =>
    listAll<Enrollment>(`/v1/sections/${segment(sectionId)}/enrollments`, signal),
  listTenants: (signal?: AbortSignal) => listAll<Tenant>('/v1/tenants', signal),

  // Instructor dashboard
  getSectionDashboard: (sectionId: string, etag: string | null, signal?: AbortSignal) =>
    requestConditional<SectionDashboard>(
      `/v1/sections/${segment(sectionId)}/dashboard`,
      etag,
      signal,
    ),
  getSectionAtRisk: (sectionId: string, etag: string | null, signal?: AbortSignal) =>
    requestConditional<SectionAtRisk>(`/v1/sections/${segment(sectionId)}/at-risk`, etag, signal),
  getContentEffectiveness: (sectionId: string, etag: string | null, signal?: AbortSignal) =>
    requestConditional<ContentEffectiveness>(
      `/v1/sections/${segment(sectionId)}/content-effectiveness`,
      etag,
      signal,
    ),
  getReviewQueue: (sectionId: string, etag: string | null, signal?: AbortSignal) =>
    requestConditional<ListPage<Intervention>>(
      `/v1/sections/${segment(sectionId)}/interventions?status=queued_for_review&limit=${MAX_PAGE_SIZE}`,
      etag,
      signal,
    ),
  getInterventionOutcomes: (sectionId: string, signal?: AbortSignal) =>
    request<InterventionOutcomes>({
      method: 'GET',
      path: `/v1/sections/${segment(sectionId)}/interventions/outcomes`,
      signal,
    }),
  approveIntervention: (id: string) =>
    request<Intervention>({ method: 'POST', path: `/v1/interventions/${segment(id)}/approve` }),
  dismissIntervention: (id: string) =>
    request<Intervention>({ method: 'POST', path: `/v1/interventions/${segment(id)}/dismiss` }),
  editInterventionMessage: (id: string, message: string) =>
    request<Intervention>({
      method: 'PATCH',
      path: `/v1/interventions/${segment(id)}`,
      body: { message },
    }),
  getMasteryHistory: (studentId: string, courseId: string, signal?: AbortSignal) =>
    request<MasteryHistory>({
      method: 'GET',
      path: `/v1/students/${segment(studentId)}/mastery-history?courseId=${segment(courseId)}`,
      signal,
    }),
  getTimeline: (
    studentId: string,
    query: { courseId: string; limit: number; cursor: string | null },
    signal?: AbortSignal,
  ) => {
    const params = new URLSearchParams({ courseId: query.courseId, limit: String(query.limit) });
    if (query.cursor !== null) {
      params.set('cursor', query.cursor);
    }
    return request<ListPage<TimelineItem>>({
      method: 'GET',
      path: `/v1/students/${segment(studentId)}/timeline?${params.toString()}`,
      signal,
    });
  },
  // The student app (and the drill-down: the recommendations exactly as the student sees them).
  getRecommendations: (studentId: string, courseId: string, signal?: AbortSignal) =>
    request<RecommendationsReply>({
      method: 'GET',
      path: `/v1/students/${segment(studentId)}/recommendations?limit=3&courseId=${segment(courseId)}`,
      signal,
    }),
  getMastery: (studentId: string, courseId: string, signal?: AbortSignal) =>
    request<{ items: MasteryEntry[] }>({
      method: 'GET',
      path: `/v1/students/${segment(studentId)}/mastery?courseId=${segment(courseId)}`,
      signal,
    }).then((reply) => reply.items),
  listStudentInterventions: (studentId: string, signal?: AbortSignal) =>
    listAll<StudentIntervention>(`/v1/students/${segment(studentId)}/interventions`, signal),
  startPractice: (studentId: string, body: { courseId: string; itemId: string }) =>
    request<PracticeAttempt>({
      method: 'POST',
      path: `/v1/students/${segment(studentId)}/practice`,
      body,
    }),
  requestHint: (studentId: string, body: { token: string; sessionId?: string }) =>
    request<PracticeHint>({
      method: 'POST',
      path: `/v1/students/${segment(studentId)}/practice/hints`,
      body,
    }),
  answerPractice: (
    studentId: string,
    body: { token: string; response: string | number | string[]; sessionId?: string },
  ) =>
    request<PracticeResult>({
      method: 'POST',
      path: `/v1/students/${segment(studentId)}/practice/answers`,
      body,
    }),
  postEvents: (events: object[], keepalive = false) =>
    request<IngestReply>({
      method: 'POST',
      path: '/v1/events?recommendations=0',
      body: { events },
      keepalive,
    }),
};

/** The CSV export of a section view (RFC 4180, downloaded as an attachment). */
export function exportCsvHref(sectionId: string, view: 'heatmap' | 'at-risk'): string {
  return `/v1/sections/${segment(sectionId)}/export.csv?view=${view}`;
}

/** True when the error means the session is gone and the user must sign in again. */
export function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** A sentence to show the user for any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return error.message;
  }
  return 'Something went wrong. Please try again.';
}
