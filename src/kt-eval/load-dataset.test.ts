import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDataset } from './load-dataset.js';
import { parseAktText } from './read-akt.js';
import { parsePyktText } from './read-pykt.js';
import { parseGenericCsvText } from './read-generic-csv.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pathwise-kt-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('AKT reader', () => {
  test('collapses consecutive duplicate rows of a multi-skill problem into one attempt', () => {
    // Problem 7 is tagged with skills 1 and 2 (two rows, same answer); problem 8 answered twice.
    const text = ['1,100', '7,7,8,8,9', '1,2,3,3,1', '1,1,0,0,1', ''].join('\n');
    const [sequence] = parseAktText(text);
    assert.deepEqual(
      sequence?.map((a) => [a.item, a.objectives, a.correct]),
      [
        ['7', ['1', '2'], true],
        ['8', ['3'], false],
        ['8', ['3'], false],
        ['9', ['1'], true],
      ],
    );
    assert.equal(sequence?.[0]?.student, '100');
  });

  test('uses each file of a directory as one student fold', async (t) => {
    const dir = await tempDir(t);
    const student = (id: number) => [`${id},${id}`, '1,1,2', '5,6,5', '1,1,0'].join('\n');
    await writeFile(join(dir, 'set_test1.csv'), `${student(1)}\n${student(2)}\n`);
    await writeFile(join(dir, 'set_test2.csv'), `${student(3)}\n`);
    await writeFile(join(dir, 'set_test3.csv'), `${student(4)}\n`);

    const dataset = await loadDataset({ path: dir, format: 'akt' });

    assert.equal(dataset.folds.length, 3);
    const first = dataset.folds[0];
    assert.deepEqual(
      first?.test.map((s) => s[0]?.student),
      ['1', '2'],
    );
    assert.deepEqual(
      first?.train.map((s) => s[0]?.student),
      ['3', '4'],
    );
    assert.equal(first?.test[0]?.length, 2);
  });
});

describe('DKT reader', () => {
  test('reads a train/test pair with trailing commas', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'x_train.csv'), '3\n4,4,5,\n0,1,1,\n');
    await writeFile(join(dir, 'x_test.csv'), '2\n5,6\n1,0\n');
    const dataset = await loadDataset({ path: dir, format: 'dkt' });
    assert.equal(dataset.folds.length, 1);
    assert.deepEqual(
      dataset.folds[0]?.train[0]?.map((a) => [a.item, a.objectives[0], a.correct]),
      [
        ['4', '4', false],
        ['4', '4', true],
        ['5', '5', true],
      ],
    );
    assert.equal(dataset.folds[0]?.test[0]?.length, 2);
  });
});

describe('pyKT reader', () => {
  test('reads quoted lists, multi-concept entries and skips -1 padding', () => {
    const text = [
      'fold,uid,questions,concepts,responses,timestamps',
      '2,u1,"10,11,-1","3_4,5,-1","1,0,-1","1000,61000,-1"',
    ].join('\n');
    const [row] = parsePyktText(text);
    assert.equal(row?.fold, 2);
    assert.deepEqual(
      row?.sequence.map((a) => [a.item, a.objectives, a.correct, a.timestamp]),
      [
        ['10', ['3', '4'], true, 1],
        ['11', ['5'], false, 61],
      ],
    );
  });
});

describe('generic CSV reader', () => {
  test('orders each student by timestamp and splits objectives on ;', () => {
    const text = [
      'student,item,objectives,correct,timestamp',
      's1,q2,b,0,200',
      's1,q1,a;b,1,100',
      's2,q1,,true,',
    ].join('\n');
    const sequences = parseGenericCsvText(text);
    assert.deepEqual(
      sequences.map((s) => s.map((a) => [a.student, a.item, a.objectives, a.correct])),
      [
        [
          ['s1', 'q1', ['a', 'b'], true],
          ['s1', 'q2', ['b'], false],
        ],
        [['s2', 'q1', ['q1'], true]],
      ],
    );
  });

  test('puts every student in exactly one of K hashed folds', async (t) => {
    const dir = await tempDir(t);
    const rows = ['student,item,objectives,correct,timestamp'];
    for (let s = 0; s < 50; s++) {
      rows.push(`s${s},q1,a,1,1`, `s${s},q2,a,0,2`);
    }
    await writeFile(join(dir, 'log.csv'), rows.join('\n'));
    const dataset = await loadDataset({ path: join(dir, 'log.csv'), format: 'csv', folds: 4 });
    const tested = dataset.folds.flatMap((f) => f.test.map((s) => s[0]?.student));
    assert.equal(dataset.folds.length, 4);
    assert.equal(new Set(tested).size, 50);
    assert.equal(tested.length, 50);
    for (const f of dataset.folds) {
      const trainIds = new Set(f.train.map((s) => s[0]?.student));
      assert.ok(f.test.every((s) => !trainIds.has(s[0]?.student)));
    }
  });
});
