/**
 * Resolves who is calling: `Authorization: Bearer <api key>` or the web session cookie.
 * Every /v1 route requires one; the actor then carries its tenant into every service call.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import type { Actor } from '../services/access.js';
import type { AuthService } from '../services/auth-service.js';

export const SESSION_COOKIE = 'pathwise_session';

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
      request.actor = {
        ...(await auth.principalForApiKey(match[1] as string)),
        requestId: request.id,
      };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.actor = { ...(await auth.principalForSession(token)), requestId: request.id };
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
