import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePiiCorpus } from './pii-corpus.js';

const corpus = generatePiiCorpus({ seed: 42, posts: 1500 });

test('generates the same corpus for the same seed', () => {
  const again = generatePiiCorpus({ seed: 42, posts: 1500 });

  assert.deepEqual(again.posts, corpus.posts);
  assert.deepEqual(again.roster, corpus.roster);
});

test('labels non-overlapping spans inside the text, in order', () => {
  for (const post of corpus.posts) {
    let previousEnd = 0;
    for (const span of post.spans) {
      assert.ok(span.start >= previousEnd && span.end > span.start, post.text);
      assert.ok(span.end <= post.text.length, post.text);
      previousEnd = span.end;
    }
  }
});

test('labels spans whose text has the shape of their kind', () => {
  for (const post of corpus.posts) {
    for (const span of post.spans) {
      const value = post.text.slice(span.start, span.end);
      switch (span.kind) {
        case 'email':
          assert.match(value, /@|\bat\b|\[at\]/, value);
          break;
        case 'phone':
        case 'student_id':
        case 'government_id':
          assert.match(value, /\d/, value);
          break;
        case 'address':
          assert.match(value, /^\d|^p\.o\. box/i, value);
          break;
        case 'name':
          assert.match(value, /^\p{L}[\p{L}\p{M}' -]*$/u, value);
          break;
      }
    }
  }
});

test('mixes posts with and without PII and covers every kind', () => {
  const withPii = corpus.posts.filter((p) => p.spans.length > 0).length;
  const kinds = new Set(corpus.posts.flatMap((p) => p.spans.map((s) => s.kind)));

  assert.ok(withPii > 0.3 * corpus.posts.length && withPii < 0.7 * corpus.posts.length);
  assert.deepEqual([...kinds].sort(), [
    'address',
    'email',
    'government_id',
    'name',
    'phone',
    'student_id',
  ]);
});

test('puts roster names that are common words in the roster', () => {
  const given = new Set(corpus.roster.map((m) => m.givenName));

  assert.ok(['Will', 'Grace', 'Rose', 'Mark', 'April'].some((name) => given.has(name)));
  assert.equal(corpus.roster.length, 240);
});
