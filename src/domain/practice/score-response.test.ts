import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { ItemSpec } from '../course-package/course-package-schema.js';
import { loadExpressionEngine } from '../course-package/numeric-item.js';
import { drawPracticeVariant, scorePracticeResponse } from './score-response.js';

const choice: ItemSpec = {
  format: 'multiple_choice',
  prompt: 'Which is one half?',
  choices: [
    { id: 'a', text: '1/2', feedback: 'Yes: one of two equal parts.' },
    { id: 'b', text: '1/3' },
    { id: 'c', text: '2/4' },
  ],
  answer: { correct: ['a', 'c'] },
};
const numeric: ItemSpec = {
  format: 'numeric',
  prompt: 'What is {{x}} + {{y}}?',
  parameters: { x: { min: 1, max: 9 }, y: { min: 1, max: 9 } },
  answer: { expression: 'x + y' },
  unit: 'apples',
};
const text: ItemSpec = {
  format: 'short_text',
  prompt: 'Write one half as a fraction.',
  answer: { accepted: ['1/2', 'one half'] },
};

before(() => loadExpressionEngine());

test('the same seed draws the same variant; the view carries no key, hints or feedback', () => {
  const a = drawPracticeVariant(numeric, 42);
  const b = drawPracticeVariant(numeric, 42);
  assert.deepEqual(a, b);
  assert.doesNotMatch(a?.view.prompt ?? '', /\{\{/);
  const mc = drawPracticeVariant(choice, 7);
  assert.ok(mc && mc.view.format === 'multiple_choice');
  assert.deepEqual(
    mc.view.choices.map((c) => Object.keys(c).sort()),
    [
      ['id', 'text'],
      ['id', 'text'],
      ['id', 'text'],
    ],
  );
  assert.ok(!JSON.stringify(mc.view).includes('feedback'));
});

test('a multiple-choice answer is right only with every correct choice and no other', () => {
  const v = drawPracticeVariant(choice, 1)!;
  const score = (r: unknown) => {
    const s = scorePracticeResponse(choice, v, r);
    assert.ok(s.ok);
    return s.value;
  };
  assert.equal(score(['c', 'a']).correct, true);
  assert.equal(score(['a']).correct, false);
  assert.equal(score(['a', 'b', 'c']).correct, false);
  assert.equal(score(['a']).feedback, 'Yes: one of two equal parts.');
  assert.deepEqual(score(['b']).correctAnswer, { text: '1/2; 2/4', choiceIds: ['a', 'c'] });
});

test('a numeric answer is checked against the drawn values', () => {
  const v = drawPracticeVariant(numeric, 3)!;
  const [x, y] = (v.view.prompt.match(/\d+/g) ?? []).map(Number) as [number, number];
  const right = scorePracticeResponse(numeric, v, x + y);
  assert.ok(right.ok && right.value.correct);
  assert.equal(right.value.correctAnswer.text, `${x + y} apples`);
  const wrong = scorePracticeResponse(numeric, v, x + y + 1);
  assert.ok(wrong.ok && !wrong.value.correct);
});

test('short text ignores case and extra spaces unless the key is case-sensitive', () => {
  const v = drawPracticeVariant(text, 1)!;
  const s = scorePracticeResponse(text, v, '  One   HALF ');
  assert.ok(s.ok && s.value.correct);
  const strict: ItemSpec = { ...text, answer: { accepted: ['Paris'], caseSensitive: true } };
  const r = scorePracticeResponse(strict, drawPracticeVariant(strict, 1)!, 'paris');
  assert.ok(r.ok && !r.value.correct);
});

test('a response of the wrong shape is an input problem at /response, not a wrong answer', () => {
  for (const [item, response] of [
    [choice, 'a'],
    [choice, ['zzz']],
    [numeric, '5'],
    [numeric, Number.NaN],
    [text, ['1/2']],
    [text, '   '],
    [text, 'x'.repeat(2001)],
    [choice, Array.from({ length: 33 }, () => 'a')],
  ] as const) {
    const s = scorePracticeResponse(item, drawPracticeVariant(item, 1)!, response);
    assert.ok(!s.ok, JSON.stringify(response).slice(0, 40));
    assert.equal(s.error[0]?.path, '/response');
  }
});
