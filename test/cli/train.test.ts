/** `pathwise train` from a file and `pathwise models list|promote|rollback`, as real processes. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRng } from '../../src/domain/random.js';
import { generateBktAttempts } from '../../src/domain/knowledge-tracing/synthetic-attempts.js';
import { runPathwise } from '../support/processes.js';

interface Row {
  name: string;
  version: string;
  status: string;
  tenantId: string | null;
  gitCommit: string | null;
  metrics: { auc: number; n: number };
  trainingData: { source: string; format: string; students: number; attempts: number };
}
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

describe('pathwise train and models', () => {
  let dir: string;
  let env: Record<string, string>;
  let file: string;
  let attempts = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathwise-train-'));
    env = { PATHWISE_DATA_DIR: join(dir, 'data') };
    // A synthetic log from a seeded generator, in the generic CSV format.
    const history = generateBktAttempts({
      rng: createRng(11),
      students: 60,
      attemptsPerStudent: 20,
      objectives: 5,
      itemsPerObjective: 4,
      params: { prior: 0.3, learn: 0.2, forget: 0.02, guess: 0.2, slip: 0.1 },
      multiTagShare: 0.2,
    });
    const rows = ['student,item,objectives,correct,timestamp'];
    for (const s of history) {
      for (const a of s) {
        rows.push(
          `${a.student},${a.item},${a.objectives.join(';')},${a.correct ? 1 : 0},${a.timestamp}`,
        );
        attempts++;
      }
    }
    file = join(dir, 'log.csv');
    await writeFile(file, `${rows.join('\n')}\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('train from a file registers platform models with the commit; promote and roll back by name', () => {
    const trained = runPathwise(
      ['train', '--data', file, '--format', 'csv', '--model', 'pfa,best-lr'],
      env,
    );
    assert.equal(trained.status, 0, trained.stderr);
    const fits = lines(trained.stdout);
    assert.deepEqual(
      fits.map((f) => [f.name, f.version, f.status, f.tenantId]),
      [
        ['pfa', '1.0.0', 'candidate', null],
        ['best-lr', '1.0.0', 'candidate', null],
      ],
    );
    for (const f of fits) {
      assert.equal(f.trainingData.source, 'file');
      assert.equal(f.trainingData.attempts, attempts);
      assert.ok(f.metrics.n > 0 && f.metrics.n < attempts, 'held-out attempts only');
      // The test runs in a git checkout, so the commit is known.
      assert.match(f.gitCommit ?? '', /^[0-9a-f]{40}$/);
    }

    const listed = runPathwise(['models', 'list'], env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.equal(lines(listed.stdout).length, 2);

    const promoted = runPathwise(['models', 'promote', 'best-lr@1.0.0'], env);
    assert.equal(promoted.status, 0, promoted.stderr);
    assert.equal(lines(promoted.stdout)[0]?.status, 'promoted');

    const rolled = runPathwise(['models', 'rollback', 'best-lr'], env);
    assert.equal(rolled.status, 0, rolled.stderr);
    const r = JSON.parse(rolled.stdout) as { retired: Row; promoted: Row | null };
    assert.equal(r.retired.version, '1.0.0');
    assert.equal(r.promoted, null);
  });

  test('bad arguments are refused with a message naming them', () => {
    const both = runPathwise(['train', '--from-db', '--data', file, '--format', 'csv'], env);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /--from-db|--data/);
    const model = runPathwise(['train', '--data', file, '--format', 'csv', '--model', 'dkt'], env);
    assert.equal(model.status, 1);
    assert.match(model.stderr, /model/);
    const ref = runPathwise(['models', 'promote', 'best-lr'], env);
    assert.equal(ref.status, 1);
    assert.match(ref.stderr, /NAME@VERSION/);
  });
});
