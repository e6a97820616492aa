/**
 * Resolves who is calling: `Authorization: Bearer <api key>` or the web session cookie.
 * Every /v1 route requires one; the actor then carries its tenant into every service call.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalidInput } from '../domain/errors.js';
import { PURPOSES_BY_ROLE, purposeAllowed, type Actor, type Purpose } from '../services/access.js';
import type { AuthService } from '../services/auth-service.js';

export const SESSION_COOKIE = 'pathwise_session';
/** Optional request header stating why records are accessed; recorded in the audit log. */
export const PURPOSE_HEADER = 'x-pathwise-purpose';

/** The purpose a request states, checked against the caller's role; none means the default. */
function statedPurpose(request: FastifyRequest, actor: Actor): { purpose?: Purpose } {
  const stated = request.headers[PURPOSE_HEADER];
  if (stated === undefined) {
    return {};
  }
  if (typeof stated === 'string' && purposeAllowed(actor.role, stated)) {
    return { purpose: stated };
  }
  throw invalidInput('Invalid purpose', [
    {
      path: `/headers/${PURPOSE_HEADER}`,
      message: `must be one of ${PURPOSES_BY_ROLE[actor.role].join(', ')} for the ${actor.role} role`,
    },
  ]);
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function createAuthenticate(auth: AuthService) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new AppError({
          kind: 'Unauthenticated',
          code: 'authentication_required',
          message: 'Use "Authorization: Bearer <api key>"',
        });
      }
      const principal = await auth.principalForApiKey(match[1] as string);
      request.actor = { ...principal, requestId: request.id };
      request.actor = { ...request.actor, ...statedPurpose(request, request.actor) };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const principal = await auth.principalForSession(token);
      request.actor = { ...principal, requestId: request.id };
      request.actor = { ...request.actor, ...statedPurpose(request, request.actor) };
      return;
    }
    throw new AppError({
      kind: 'Unauthenticated',
      code: 'authentication_required',
      message: 'Send an API key as "Authorization: Bearer <key>", or sign in',
    });
  };
}

/** The authenticated actor; routes behind `authenticate` always have one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new AppError({
      kind: 'Unauthenticated',
      code: 'authentication_required',
      message: 'Not signed in',
    });
  }
  return request.actor;
}
