import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGroupCommit, type IngestDocument } from './ingest-group-commit.js';

const doc = (student: string, clientId: string, events = 1): IngestDocument => ({
  months: ['2026-12-01T00:00:00Z'],
  pairs: [{ student, course: 'c' }],
  events: Array.from({ length: events }, (_, i) => ({
    c: i === 0 ? clientId : `${clientId}.${i}`,
  })),
  mastery: [{ s: student }],
  features: [{ s: student }],
  outbox: [{ i: clientId }],
});

/** A statement that waits until released, recording what it was sent. */
function fakeStatement(answer: (d: IngestDocument) => unknown = () => ({ status: 'ok' })) {
  const sent: { tenant: string; doc: IngestDocument; audit: readonly string[] }[] = [];
  const pending: (() => void)[] = [];
  const send = (tenant: string, d: IngestDocument, audit: readonly string[]) => {
    sent.push({ tenant, doc: d, audit });
    return new Promise<unknown>((resolve, reject) => {
      pending.push(() => {
        try {
          resolve(answer(d));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  };
  const release = async () => {
    while (pending.length > 0) {
      pending.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { sent, send, release };
}

describe('ingestion group commit', () => {
  test('a request alone is sent at once; those arriving meanwhile go together in one statement', async () => {
    const f = fakeStatement();
    const gc = createGroupCommit(f.send, { maxInFlight: 1 });
    const first = gc.write('t', doc('s1', 'a'), ['audit-a']);
    assert.equal(f.sent.length, 1, 'nothing in flight: sent without waiting');
    const later = ['s2', 's3', 's4'].map((s) => gc.write('t', doc(s, `id-${s}`), [`audit-${s}`]));
    assert.equal(f.sent.length, 1, 'the others wait for the statement in flight');
    await f.release();
    const replies = await Promise.all([first, ...later]);
    assert.deepEqual(replies, Array(4).fill({ status: 'ok' }));
    assert.equal(f.sent.length, 2);
    const group = f.sent[1]!;
    assert.deepEqual(
      group.doc.pairs.map((p) => p.student),
      ['s2', 's3', 's4'],
    );
    assert.deepEqual(
      group.doc.events.map((e) => e.c),
      ['id-s2', 'id-s3', 'id-s4'],
    );
    assert.equal(group.doc.outbox.length, 3);
    assert.deepEqual(group.doc.months, ['2026-12-01T00:00:00Z'], 'months merged once');
    assert.deepEqual(group.audit, ['audit-s2', 'audit-s3', 'audit-s4']);
    assert.deepEqual(gc.stats, { statements: 2, requests: 4 });
  });

  test('by default two statements of a tenant are in flight; the requests behind them group', async () => {
    const f = fakeStatement();
    const gc = createGroupCommit(f.send);
    const writes = ['s1', 's2', 's3', 's4', 's5'].map((s) => gc.write('t', doc(s, s), []));
    assert.deepEqual(
      f.sent.map((x) => x.doc.pairs.map((p) => p.student).join(',')),
      ['s1', 's2'],
    );
    await f.release();
    await Promise.all(writes);
    assert.deepEqual(
      f.sent.map((x) => x.doc.pairs.map((p) => p.student).join(',')),
      ['s1', 's2', 's3,s4,s5'],
    );
  });

  test('never groups two requests of one student, one client id, or over the event limit', async () => {
    const f = fakeStatement();
    const gc = createGroupCommit(f.send, { maxEvents: 5, maxInFlight: 1 });
    const writes = [
      gc.write('t', doc('s0', 'x'), []),
      gc.write('t', doc('s1', 'a'), []),
      gc.write('t', doc('s1', 'b'), []), // same student as the previous
      gc.write('t', doc('s2', 'a'), []), // same client id as s1's
      gc.write('t', doc('s3', 'c', 4), []), // 1 + 4 events fit; the next does not
      gc.write('t', doc('s4', 'd'), []),
      gc.write('u', doc('s1', 'a'), []), // another tenant: its own queue, sent at once
    ];
    assert.deepEqual(
      f.sent.map((x) => x.tenant),
      ['t', 'u'],
    );
    await f.release();
    await Promise.all(writes);
    const groups = f.sent
      .filter((x) => x.tenant === 't')
      .map((x) => x.doc.pairs.map((p) => p.student).join(','));
    assert.deepEqual(groups, ['s0', 's1,s3', 's1,s2,s4']);
  });

  test('a failed group is written again one by one, so only the bad request fails', async () => {
    const f = fakeStatement((d) => {
      if (d.events.some((e) => e.c === 'bad')) {
        throw new Error('constraint');
      }
      return { status: 'ok' };
    });
    const gc = createGroupCommit(f.send, { maxInFlight: 1 });
    const first = gc.write('t', doc('s0', 'x'), []);
    const good = gc.write('t', doc('s1', 'a'), []);
    const bad = gc.write('t', doc('s2', 'bad'), []);
    const good2 = gc.write('t', doc('s3', 'b'), []);
    const badFails = assert.rejects(bad, /constraint/);
    await f.release();
    assert.deepEqual(await first, { status: 'ok' });
    assert.deepEqual(await good, { status: 'ok' });
    await badFails;
    assert.deepEqual(await good2, { status: 'ok' });
    assert.deepEqual(
      f.sent.map((x) => x.doc.events.map((e) => e.c).join(',')),
      ['x', 'a,bad,b', 'a', 'bad', 'b'],
    );
  });

  test('a race on a client id (23505) fails the whole group, for each to read the ids again', async () => {
    let calls = 0;
    const f = fakeStatement(() => {
      calls++;
      if (calls === 2) {
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      }
      return { status: 'ok' };
    });
    const gc = createGroupCommit(f.send, { maxInFlight: 1 });
    const first = gc.write('t', doc('s0', 'x'), []);
    const a = gc.write('t', doc('s1', 'a'), []);
    const b = gc.write('t', doc('s2', 'b'), []);
    const raced = (e: { code?: string }) => e.code === '23505';
    const bothFail = Promise.all([assert.rejects(a, raced), assert.rejects(b, raced)]);
    await f.release();
    await first;
    await bothFail;
    assert.equal(f.sent.length, 2, 'not retried one by one');
  });

  test('a stale or duplicates answer reaches every request of the group', async () => {
    const f = fakeStatement((d) =>
      d.pairs.length > 1 ? { status: 'stale', states: [{ student: 's2' }] } : { status: 'ok' },
    );
    const gc = createGroupCommit(f.send, { maxInFlight: 1 });
    const first = gc.write('t', doc('s0', 'x'), []);
    const a = gc.write('t', doc('s1', 'a'), []);
    const b = gc.write('t', doc('s2', 'b'), []);
    await f.release();
    await first;
    const stale = { status: 'stale', states: [{ student: 's2' }] };
    assert.deepEqual([await a, await b], [stale, stale]);
  });
});
