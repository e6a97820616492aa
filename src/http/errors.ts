/**
 * The one place where error kinds become HTTP statuses, as RFC 9457 problem+json bodies that
 * name the field at fault. Unexpected errors become a 500 without internals, logged in full.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorKind, type FieldProblem } from '../domain/errors.js';

const STATUS: Record<ErrorKind, number> = {
  InvalidInput: 400,
  Unauthenticated: 401,
  NotAllowed: 403,
  NotFound: 404,
  Conflict: 409,
  Unavailable: 503,
  Internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: (FieldProblem & { in?: string })[];
  [extra: string]: unknown;
}

export function problem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Partial<ProblemBody> = {},
): ProblemBody {
  return {
    type: `https://pathwise.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): FastifyReply {
  if (body.status === 401) {
    void reply.header('www-authenticate', 'Bearer realm="pathwise"');
  }
  return reply.code(body.status).type('application/problem+json').send(body);
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns fastify's schema-validation issues into field problems with JSON Pointers. */
function validationProblems(
  error: FastifyError & { validation?: AjvIssue[]; validationContext?: string },
): (FieldProblem & { in?: string })[] {
  const where = error.validationContext ?? 'body';
  const specific = new Set<string>();
  const out: (FieldProblem & { in?: string })[] = [];
  for (const v of error.validation ?? []) {
    let path = v.instancePath || '';
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'required') {
      path = `${path}/${String(v.params.missingProperty)}`;
      message = 'is required';
    } else if (v.keyword === 'additionalProperties') {
      path = `${path}/${String(v.params.additionalProperty)}`;
      message = 'is not allowed';
    } else if (v.keyword === 'discriminator' && typeof v.params.tag === 'string') {
      path = `${path}/${v.params.tag}`;
    }
    const entry = { path: path || '/', in: where, message };
    // A union (e.g. "email or null") fails once per branch; report the most specific branch once.
    const generic = ['anyOf', 'oneOf', 'type', 'const'].includes(v.keyword);
    const existing = out.findIndex((p) => p.path === entry.path);
    if (existing === -1) {
      out.push(entry);
    } else if (!generic && !specific.has(entry.path)) {
      out[existing] = entry;
    }
    if (!generic) {
      specific.add(entry.path);
    }
  }
  return out;
}

export function toProblem(request: FastifyRequest, error: unknown): ProblemBody {
  if (error instanceof AppError) {
    const status = STATUS[error.kind];
    return problem(request, status, error.code, error.message, {
      ...(error.problems.length > 0 ? { errors: error.problems } : {}),
      ...error.detail,
    });
  }
  const e = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) {
    const errors = validationProblems(e);
    const first = errors[0];
    return problem(
      request,
      400,
      'invalid_input',
      first ? `${first.path} ${first.message}` : 'The request is invalid',
      { errors },
    );
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(
        request,
        413,
        'body_too_large',
        'The request body is larger than this endpoint accepts',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(request, 415, 'unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(request, 400, 'invalid_input', 'The JSON body is empty', {
        errors: [{ path: '/', in: 'body', message: 'is empty' }],
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(request, 400, 'invalid_input', 'Content-Length does not match the body');
    default:
      break;
  }
  if (e instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return problem(request, 400, 'malformed_json', `The body is not valid JSON: ${e.message}`, {
      errors: [{ path: '/', in: 'body', message: 'is not valid JSON' }],
    });
  }
  if (e.statusCode === 429) {
    return problem(request, 429, 'rate_limited', e.message);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return problem(request, e.statusCode, 'bad_request', e.message);
  }
  return problem(
    request,
    500,
    'internal_error',
    'Something went wrong on our side; the request id identifies it in the logs',
  );
}
