/**
 * Interventions by email: with PATHWISE_SMTP_URL set, what reaches a student is also mailed to
 * them through SMTP (a tiny SMTP server on loopback here) and marked delivered.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import {
  bearer,
  seedTenant,
  startTestApp,
  type SeededTenant,
  type TestApp,
} from '../support/test-app.js';

interface Mail {
  to: string[];
  body: string;
}

describe('interventions by email', () => {
  let t: TestApp;
  let a: SeededTenant;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  after(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        let body = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (body += chunk));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestApp(undefined, { PATHWISE_SMTP_URL: `smtp://127.0.0.1:${port}` });
    a = await seedTenant(t.container, 'iv-mail');
  });

  test('an applied intervention is emailed to the student and marked delivered', async () => {
    const item = (
      await t.container.stores.courses.listContent(
        a.tenantId,
        a.courseId,
        { type: 'assessment_item' },
        { limit: 1 },
      )
    ).items[0] as { id: string };
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer(a.keys.student),
        payload: {
          id: `mail-${i}`,
          type: 'item_attempted',
          studentId: a.users.student,
          courseId: a.courseId,
          timestamp: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(),
          itemId: item.id,
          response: 'x',
          correct: false,
          durationMs: 300,
          hintsUsed: 0,
          attempt: 1,
        },
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    await t.container.relay.flush();
    const start = Date.now();
    let delivered: { status: string; action: { message: string } } | undefined;
    while (!delivered) {
      assert.ok(Date.now() - start < 10_000, 'timed out waiting for a delivered intervention');
      await new Promise((r) => setTimeout(r, 50));
      delivered = (
        await t.app.inject({
          method: 'GET',
          url: `/v1/students/${a.users.student}/interventions`,
          headers: bearer(a.keys.student),
        })
      )
        .json<{ items: { status: string; action: { message: string } }[] }>()
        .items.find((x) => x.status === 'delivered');
    }
    assert.equal(mails.length, 1);
    const mail = mails[0] as Mail;
    assert.deepEqual(mail.to, ['sam.student@iv-mail.example']);
    assert.match(mail.body, /Subject: A suggestion from Pathwise/);
    assert.ok(
      mail.body.replace(/=\r?\n/g, '').includes(delivered.action.message.slice(0, 30)),
      'the email carries the message',
    );
  });
});
