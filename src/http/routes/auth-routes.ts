import { Type } from '@sinclair/typebox';
import type { App, Services } from '../app-types.js';
import { SESSION_COOKIE } from '../auth.js';
import { problemResponses } from '../schemas.js';

const Session = Type.Object(
  {
    user: Type.Object({
      id: Type.String(),
      role: Type.Union([
        Type.Literal('student'),
        Type.Literal('instructor'),
        Type.Literal('admin'),
        Type.Literal('operator'),
      ]),
      displayName: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
    }),
    tenant: Type.Union([
      Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
      Type.Null(),
    ]),
    sections: Type.Array(
      Type.Object({
        id: Type.String(),
        code: Type.String(),
        name: Type.String(),
        courseId: Type.String(),
        courseTitle: Type.String(),
        role: Type.Union([Type.Literal('student'), Type.Literal('instructor')]),
      }),
    ),
    mediaOrigins: Type.Array(Type.String(), {
      description:
        'Origins besides this one that the web app may play video and audio from (`PATHWISE_MEDIA_ORIGINS`).',
    }),
  },
  { title: 'Session' },
);

export function registerAuthRoutes(
  app: App,
  { auth }: Services,
  opts: { cookieSecure: boolean; ttlHours: number; mediaOrigins: readonly string[] },
): void {
  const tags = ['auth'];
  const describe = async (principal: Parameters<typeof auth.describe>[0]) => ({
    ...(await auth.describe(principal)),
    mediaOrigins: [...opts.mediaOrigins],
  });
  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in to the web app',
        description: 'Sets an HttpOnly, SameSite=Strict session cookie.',
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            tenant: Type.Optional(
              Type.String({
                maxLength: 64,
                description: 'Institution slug, when the email is used in several.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session, ...problemResponses },
      },
    },
    async (req, reply) => {
      const { token, principal } = await auth.signIn(req.body);
      void reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: opts.cookieSecure,
        maxAge: opts.ttlHours * 3600,
      });
      return describe(principal);
    },
  );
  app.get(
    '/auth/session',
    {
      schema: {
        tags,
        summary: 'Who is signed in',
        response: { 200: Session, ...problemResponses },
      },
      onRequest: app.authenticate,
    },
    (req) => describe(req.actor as NonNullable<typeof req.actor>),
  );
  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'Sign out', security: [], response: { 204: Type.Null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await auth.signOut(token);
      }
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
}
