import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDemoCoursePackage, DEMO_COURSE_CODE } from './demo-course.js';
import { validateCoursePackage } from '../domain/course-package/validate-course-package.js';
import {
  drawNumericVariant,
  loadExpressionEngine,
  placeholdersOf,
} from '../domain/course-package/numeric-item.js';
import { createRng } from '../domain/random.js';
import type { ContentEntry } from '../domain/course-package/course-package-schema.js';

await loadExpressionEngine();
const pkg = buildDemoCoursePackage();
const items = pkg.content.filter((c) => c.type === 'assessment_item');
const itemsOf = (key: string) => items.filter((c) => c.objectives.includes(key));
const parameterized = items.filter(
  (c) => c.item?.format === 'numeric' && c.item.parameters !== undefined,
);

test('the demo package passes validation', async () => {
  const result = await validateCoursePackage(pkg);

  assert.deepEqual(result.ok ? 'ok' : result.error, 'ok');
  assert.equal(pkg.course.code, DEMO_COURSE_CODE);
});

test('builds the same package on every call', () => {
  assert.deepEqual(buildDemoCoursePackage(), buildDemoCoursePackage());
  assert.notEqual(buildDemoCoursePackage(), buildDemoCoursePackage());
});

test('has at least 28 objectives, 240 items and 60 parameterized numeric items', () => {
  assert.ok(pkg.objectives.length >= 28, `${pkg.objectives.length} objectives`);
  assert.ok(items.length >= 240, `${items.length} items`);
  assert.ok(parameterized.length >= 60, `${parameterized.length} parameterized items`);
});

test('uses all three item formats', () => {
  const formats = new Set(items.map((c) => c.item?.format));

  assert.deepEqual([...formats].sort(), ['multiple_choice', 'numeric', 'short_text']);
});

test('every item has 2 to 3 hints and a difficulty in [0, 1]', () => {
  for (const c of items) {
    const hints = c.hints ?? [];
    assert.ok(hints.length >= 2 && hints.length <= 3, `${c.key} has ${hints.length} hints`);
    assert.ok(
      hints.every((h) => placeholdersOf(h).length === 0),
      `${c.key} has a placeholder in a hint`,
    );
    assert.ok(c.difficulty !== undefined && c.difficulty >= 0 && c.difficulty <= 1, c.key);
  }
});

test('every objective has at least 6 items, a video and a reading', () => {
  for (const o of pkg.objectives) {
    const own = pkg.content.filter((c) => c.objectives.includes(o.key));
    assert.ok(itemsOf(o.key).length >= 6, `${o.key} has ${itemsOf(o.key).length} items`);
    assert.ok(
      own.some(
        (c) => c.type === 'video' && c.media?.url && c.media.durationSeconds && c.media.transcript,
      ),
      `${o.key} has no video`,
    );
    assert.ok(
      own.some((c) => c.type === 'reading' && c.media?.body && c.media.estimatedMinutes),
      `${o.key} has no reading`,
    );
  }
});

test('readings are 80 to 250 words long', () => {
  for (const c of pkg.content.filter((e) => e.type === 'reading')) {
    const words = (c.media?.body ?? '').split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
    assert.ok(words >= 80 && words <= 250, `${c.key} has ${words} words`);
  }
});

test('has at least 5 interactives with a url and an estimated time', () => {
  const interactives = pkg.content.filter((c) => c.type === 'interactive');

  assert.ok(interactives.length >= 5);
  assert.ok(interactives.every((c) => c.media?.url && c.media.estimatedMinutes));
});

test('the prerequisite graph branches and merges', () => {
  const merging = pkg.objectives.filter((o) => (o.prerequisites ?? []).length >= 2);
  const dependants = new Map<string, number>();
  for (const o of pkg.objectives) {
    for (const p of o.prerequisites ?? []) {
      dependants.set(p, (dependants.get(p) ?? 0) + 1);
    }
  }
  const addUnlike = pkg.objectives.find((o) => o.key === 'frac.add-unlike');

  assert.ok(merging.length >= 1);
  assert.ok(
    [...dependants.values()].some((n) => n >= 2),
    'no objective branches',
  );
  assert.deepEqual(addUnlike?.prerequisites?.sort(), ['frac.add-like', 'frac.common-denominator']);
});

test('at least 10 items assess two objectives', () => {
  assert.ok(items.filter((c) => c.objectives.length >= 2).length >= 10);
});

test('every numeric item draws a finite answer for 20 seeds', () => {
  const numeric = items.filter((c) => c.item?.format === 'numeric');
  for (const c of numeric) {
    for (let seed = 1; seed <= 20; seed++) {
      const variant =
        c.item?.format === 'numeric' ? drawNumericVariant(c.item, createRng(seed)) : null;
      assert.ok(variant && Number.isFinite(variant.answer), `${c.key} seed ${seed}`);
    }
  }
});

test('parameterized prompts show every parameter and leave no placeholder unfilled', () => {
  for (const c of parameterized) {
    const item = c.item as Extract<ContentEntry['item'], { format: 'numeric' }>;
    const variant = drawNumericVariant(item, createRng(3));
    assert.ok(variant);
    assert.equal(placeholdersOf(variant.prompt).length, 0, c.key);
  }
});

test('multiple-choice items have a correct choice and distinct choice texts', () => {
  for (const c of items) {
    if (c.item?.format !== 'multiple_choice') {
      continue;
    }
    const texts = c.item.choices.map((ch) => ch.text);
    assert.equal(new Set(texts).size, texts.length, c.key);
    assert.ok(c.item.answer.correct.length >= 1, c.key);
    assert.ok(c.item.answer.correct.length < c.item.choices.length, c.key);
  }
});

test('no short-text prompt gives its answer away as a format example', () => {
  for (const c of items) {
    if (c.item?.format !== 'short_text') {
      continue;
    }
    const accepted = new Set(c.item.answer.accepted.map((a) => a.toLowerCase()));
    const examples = [
      ...c.item.prompt.matchAll(/like ((?:\d[\d /:%.]*[\d%])(?:, [\d /:%.]*[\d%])*)/g),
    ];
    for (const m of examples) {
      const example = (m[1] ?? '').toLowerCase();
      assert.ok(!accepted.has(example), `${c.key} shows its answer ${example}`);
      for (const part of example.split(/, /)) {
        assert.ok(!accepted.has(part), `${c.key} shows its answer ${part}`);
      }
    }
  }
});

test('content keys follow the objective key', () => {
  for (const c of pkg.content) {
    assert.ok(c.key.startsWith(`${c.objectives[0]}.`), c.key);
  }
});
