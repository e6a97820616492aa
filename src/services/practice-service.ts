/**
 * Server-checked practice (docs/EVENTS.md, "Practice"). A student starts an attempt at an item of
 * a course they are enrolled in and gets the drawn variant without its answer key or hints, and a
 * signed attempt token (HMAC: tenant, student, course, item, variant seed, expiry). Hints are
 * revealed one at a time; the answer is checked here, never in the browser. Hints and answers are
 * recorded as `hint_requested` and `item_attempted` through the ingestion service, the same hot
 * path as `POST /v1/events`, with event ids derived from the token's nonce: an answer replayed
 * with the same token is a duplicate id and refused, and the hints used are counted from the
 * stored events, not taken from the browser.
 */
import { AppError, invalidInput, notFound } from '../domain/errors.js';
import type { LearningEvent } from '../domain/events/learning-event.js';
import { loadExpressionEngine } from '../domain/course-package/numeric-item.js';
import {
  drawPracticeVariant,
  scorePracticeResponse,
  type PracticeItemView,
  type PracticeResponse,
  type PracticeScore,
} from '../domain/practice/score-response.js';
import type { Content } from '../domain/records.js';
import type { CourseStore, LearningStore, SectionStore, TokenSigner } from '../ports.js';
import { authorize, tenantActor, type Actor, type Authorizer, type TenantActor } from './access.js';
import type { AuditTrail } from './audit.js';
import type { IngestResult, IngestionService } from './ingest-events.js';

export interface PracticeDeps {
  courses: Pick<CourseStore, 'getContent'>;
  sections: Pick<SectionStore, 'sectionsOfUser'>;
  learning: Pick<LearningStore, 'listEvents'>;
  ingestion: Pick<IngestionService, 'ingest'>;
  /** Reads of the student's events (hints used, earlier answers) are audited; writes are by ingestion. */
  audit: Pick<AuditTrail, 'record'>;
  signer: TokenSigner;
  authz: Authorizer;
  newId: () => string;
  now: () => Date;
  /** A fresh unsigned 32-bit seed for each attempt's variant. */
  newSeed: () => number;
  /** How long an attempt token stays valid, in milliseconds. */
  tokenTtlMs: number;
}

/** What the signed attempt token carries. Nothing in it is secret; its MAC makes it unforgeable. */
interface AttemptClaims {
  v: 1;
  /** Nonce: the attempt's id, from which its event ids are derived. */
  n: string;
  t: string;
  s: string;
  c: string;
  i: string;
  seed: number;
  /** Issued and expiry instants, epoch milliseconds. */
  iat: number;
  exp: number;
}

export interface PracticeStart {
  token: string;
  studentId: string;
  courseId: string;
  itemId: string;
  title: string;
  objectiveIds: string[];
  item: PracticeItemView;
  hintCount: number;
  expiresAt: string;
}

export interface PracticeHint {
  hintIndex: number;
  hint: string;
  hintsRemaining: number;
}

export interface PracticeAnswer extends PracticeScore {
  itemId: string;
  hintsUsed: number;
  attempt: number;
  mastery: IngestResult['mastery'];
  recommendations: IngestResult['recommendations'];
}

const TOKEN = '/token';
const eventPrefix = (nonce: string) => `practice:${nonce}:`;

function tokenProblem(
  code: string,
  message: string,
  kind: 'InvalidInput' | 'Conflict' = 'InvalidInput',
) {
  return new AppError({ kind, code, message, problems: [{ path: TOKEN, message }] });
}

function parseClaims(json: string): AttemptClaims | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) {
    return null;
  }
  const c = v as Record<string, unknown>;
  const str = (k: string) => typeof c[k] === 'string';
  const num = (k: string) => typeof c[k] === 'number' && Number.isFinite(c[k]);
  return c.v === 1 && ['n', 't', 's', 'c', 'i'].every(str) && ['seed', 'iat', 'exp'].every(num)
    ? (c as unknown as AttemptClaims)
    : null;
}

export function createPracticeService(deps: PracticeDeps) {
  /** The caller must be the student named in the path, allowed to practise. */
  function studentSelf(actor: Actor, studentId: string): TenantActor {
    const a = tenantActor(actor);
    authorize(deps.authz, a, 'practice', 'write');
    if (a.userId !== studentId) {
      throw notFound('Student');
    }
    return a;
  }

  async function assertEnrolled(a: TenantActor, courseId: string): Promise<void> {
    const sections = await deps.sections.sectionsOfUser(a.tenantId, a.userId as string);
    if (!sections.some((s) => s.courseId === courseId && s.role === 'student')) {
      throw notFound('Course');
    }
  }

  async function itemOf(a: TenantActor, courseId: string, itemId: string) {
    const content = await deps.courses.getContent(a.tenantId, itemId);
    if (!content || content.courseId !== courseId || content.type !== 'assessment_item') {
      throw notFound('Item');
    }
    if (!content.item) {
      throw notFound('Item');
    }
    return content as Content & { item: NonNullable<Content['item']> };
  }

  async function variantOf(item: NonNullable<Content['item']>, seed: number) {
    if (item.format === 'numeric') {
      await loadExpressionEngine();
    }
    return drawPracticeVariant(item, seed);
  }

  /** Verifies the token and that it belongs to this student, tenant and a live attempt. */
  function claimsOf(a: TenantActor, token: string): AttemptClaims {
    const payload = deps.signer.verify(token);
    const claims = payload === null ? null : parseClaims(payload);
    if (!claims) {
      throw tokenProblem('invalid_token', 'is not an attempt token issued by this server');
    }
    if (claims.t !== a.tenantId || claims.s !== a.userId) {
      throw tokenProblem('invalid_token', 'was issued for another student');
    }
    if (deps.now().getTime() > claims.exp) {
      throw tokenProblem('token_expired', 'has expired; start the item again');
    }
    return claims;
  }

  /** The events already recorded for this attempt (hints, and the answer if given). */
  async function attemptEvents(a: TenantActor, claims: AttemptClaims) {
    const prefix = eventPrefix(claims.n);
    await deps.audit.record(a, [claims.s], 'read', 'events');
    const page = await deps.learning.listEvents(
      a.tenantId,
      claims.s,
      { courseId: claims.c, from: new Date(claims.iat - 1000).toISOString() },
      { limit: 1000 },
    );
    const mine = page.items.filter((e) => e.event.id.startsWith(prefix));
    return {
      hints: mine.filter((e) => e.event.type === 'hint_requested').length,
      answered: mine.some((e) => e.event.type === 'item_attempted'),
    };
  }

  function replayed(): AppError {
    return tokenProblem(
      'attempt_already_answered',
      'was already used to answer; start the item again for a new attempt',
      'Conflict',
    );
  }

  async function record(actor: Actor, event: LearningEvent): Promise<IngestResult> {
    return deps.ingestion.ingest(actor, event, { recommendations: 3 });
  }

  return {
    /** Starts an attempt: the item's drawn variant, without answer key or hints, and its token. */
    async start(
      actor: Actor,
      studentId: string,
      body: { courseId: string; itemId: string },
    ): Promise<PracticeStart> {
      const a = studentSelf(actor, studentId);
      await assertEnrolled(a, body.courseId);
      const content = await itemOf(a, body.courseId, body.itemId);
      const seed = deps.newSeed() >>> 0;
      const variant = await variantOf(content.item, seed);
      if (!variant) {
        throw new AppError({
          kind: 'Conflict',
          code: 'no_variant',
          message: 'No variant of this item satisfies its constraint',
          problems: [{ path: '/itemId', message: 'has no drawable variant' }],
        });
      }
      const iat = deps.now().getTime();
      const claims: AttemptClaims = {
        v: 1,
        n: deps.newId(),
        t: a.tenantId,
        s: studentId,
        c: body.courseId,
        i: content.id,
        seed,
        iat,
        exp: iat + deps.tokenTtlMs,
      };
      return {
        token: deps.signer.sign(JSON.stringify(claims)),
        studentId,
        courseId: body.courseId,
        itemId: content.id,
        title: content.title,
        objectiveIds: content.objectiveIds,
        item: variant.view,
        hintCount: content.hints.length,
        expiresAt: new Date(claims.exp).toISOString(),
      };
    },

    /** Reveals the next hint of the attempt and records `hint_requested`. */
    async hint(
      actor: Actor,
      studentId: string,
      body: { token: string; sessionId?: string | undefined },
    ): Promise<PracticeHint> {
      const a = studentSelf(actor, studentId);
      const claims = claimsOf(a, body.token);
      await assertEnrolled(a, claims.c);
      const content = await itemOf(a, claims.c, claims.i);
      const done = await attemptEvents(a, claims);
      if (done.answered) {
        throw replayed();
      }
      const index = done.hints;
      const hint = content.hints[index];
      if (hint === undefined) {
        throw tokenProblem('no_more_hints', 'has no more hints for this item', 'Conflict');
      }
      await record(actor, {
        id: `${eventPrefix(claims.n)}hint:${index}`,
        type: 'hint_requested',
        studentId,
        courseId: claims.c,
        ...(body.sessionId ? { sessionId: body.sessionId } : {}),
        timestamp: deps.now().toISOString(),
        itemId: claims.i,
        hintIndex: index,
      });
      return { hintIndex: index, hint, hintsRemaining: content.hints.length - index - 1 };
    },

    /**
     * Checks the response on the server, records `item_attempted` through the ingestion hot
     * path, and replies with the verdict, the feedback, the correct answer (only now), and the
     * updated mastery and recommendations.
     */
    async answer(
      actor: Actor,
      studentId: string,
      body: { token: string; response?: unknown; sessionId?: string | undefined },
    ): Promise<PracticeAnswer> {
      const a = studentSelf(actor, studentId);
      const claims = claimsOf(a, body.token);
      await assertEnrolled(a, claims.c);
      const content = await itemOf(a, claims.c, claims.i);
      const done = await attemptEvents(a, claims);
      if (done.answered) {
        throw replayed();
      }
      const variant = await variantOf(content.item, claims.seed);
      if (!variant) {
        throw tokenProblem('invalid_token', 'names a variant the item no longer has');
      }
      const scored = scorePracticeResponse(content.item, variant, body.response);
      if (!scored.ok) {
        throw invalidInput('The response does not fit the item', scored.error);
      }
      const prior = await deps.learning.listEvents(
        a.tenantId,
        studentId,
        { courseId: claims.c, type: 'item_attempted' },
        { limit: 1000 },
      );
      const attempt = Math.min(
        1000,
        1 + prior.items.filter((e) => 'itemId' in e.event && e.event.itemId === claims.i).length,
      );
      const now = deps.now();
      const result = await record(actor, {
        id: `${eventPrefix(claims.n)}answer`,
        type: 'item_attempted',
        studentId,
        courseId: claims.c,
        ...(body.sessionId ? { sessionId: body.sessionId } : {}),
        timestamp: now.toISOString(),
        itemId: claims.i,
        response: body.response as PracticeResponse,
        correct: scored.value.correct,
        score: scored.value.correct ? 1 : 0,
        durationMs: Math.max(0, Math.min(86_400_000, now.getTime() - claims.iat)),
        hintsUsed: Math.min(100, done.hints),
        attempt,
      });
      // A concurrent answer with the same token got there first.
      if (result.duplicates > 0 && result.accepted === 0) {
        throw replayed();
      }
      return {
        ...scored.value,
        itemId: claims.i,
        hintsUsed: done.hints,
        attempt,
        mastery: result.mastery,
        recommendations: result.recommendations,
      };
    },
  };
}

export type PracticeService = ReturnType<typeof createPracticeService>;
