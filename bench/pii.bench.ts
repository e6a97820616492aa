/**
 * PII redaction benchmark (`npx tsx bench/pii.bench.ts [--posts N] [--seed S] [--errors N]`),
 * printing one JSON object:
 * - per kind, span-level precision, recall and F1 on a labelled synthetic corpus
 *   (`src/domain/privacy/pii-corpus.ts`, fixed seed). A finding is a true positive when it overlaps
 *   a ground-truth span of the same kind; precision = true-positive findings / findings of that
 *   kind; recall = ground-truth spans overlapped by a finding of that kind / ground-truth spans.
 *   `redactedShare` is the share of ground-truth spans overlapped by a finding of any kind (what
 *   actually leaks is 1 - redactedShare);
 * - `nameWithNicknames`: the name scores with `nicknames: true`;
 * - `acrossSeeds`: min and mean precision/recall of the target kinds on 8 more seeds (each a
 *   different roster), 2,000 posts each: how much the figure depends on the roster drawn;
 * - speed: the time to build the redactor for the 240-member roster, throughput over the corpus
 *   in one loop (posts/s), per-post latency p50/p99 in microseconds (each post timed alone,
 *   after a warm-up), and mitata's p50/p99 for one 500-character post.
 * `--errors N` prints up to N false positives and false negatives per kind to stderr.
 */
import { measure } from 'mitata';
import {
  generatePiiCorpus,
  type PiiCorpus,
  type PiiCorpusSpan,
} from '../src/domain/privacy/pii-corpus.js';
import {
  createPiiRedactor,
  type PiiKind,
  type PiiRedactor,
} from '../src/domain/privacy/pii-redactor.js';

const KINDS: readonly PiiKind[] = [
  'name',
  'email',
  'phone',
  'address',
  'student_id',
  'government_id',
];

function argNumber(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

const POSTS = argNumber('--posts', 5000);
const SEED = argNumber('--seed', 20261125);
const SHOW_ERRORS = argNumber('--errors', 0);
/** Further seeds, 2,000 posts each, for the spread across rosters. */
const OTHER_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

interface Tally {
  findings: number;
  truePositiveFindings: number;
  truths: number;
  foundTruths: number;
  redactedTruths: number;
}

interface KindScore {
  precision: number;
  recall: number;
  f1: number;
  truths: number;
  findings: number;
  redactedShare: number;
}

const errors: string[] = [];
const errorCount = new Map<string, number>();
function noteError(label: string, text: string, span: { start: number; end: number }) {
  const n = errorCount.get(label) ?? 0;
  if (n >= SHOW_ERRORS) {
    return;
  }
  errorCount.set(label, n + 1);
  const before = text.slice(Math.max(0, span.start - 40), span.start);
  const after = text.slice(span.end, span.end + 40);
  errors.push(
    `${label}: …${before}⟦${text.slice(span.start, span.end)}⟧${after}…`.replace(/\n/g, '⏎'),
  );
}

/** Span-level scores per kind of `redactor` on `corpus` (see the module comment). */
function score(
  corpus: PiiCorpus,
  redactor: PiiRedactor,
  report = false,
): Record<PiiKind, KindScore> {
  const tally = new Map<PiiKind, Tally>(
    KINDS.map((k) => [
      k,
      { findings: 0, truePositiveFindings: 0, truths: 0, foundTruths: 0, redactedTruths: 0 },
    ]),
  );
  for (const post of corpus.posts) {
    const findings = redactor.redact(post.text).findings;
    for (const f of findings) {
      const t = tally.get(f.kind) as Tally;
      t.findings++;
      if (post.spans.some((s) => s.kind === f.kind && overlaps(s, f))) {
        t.truePositiveFindings++;
      } else if (report) {
        noteError(`FP ${f.kind}`, post.text, f);
      }
    }
    for (const s of post.spans) {
      const t = tally.get(s.kind) as Tally;
      t.truths++;
      if (findings.some((f) => f.kind === s.kind && overlaps(s, f))) {
        t.foundTruths++;
      } else if (report) {
        noteError(`FN ${s.kind}`, post.text, s);
      }
      if (findings.some((f) => overlaps(s, f))) {
        t.redactedTruths++;
      }
    }
  }
  const out = {} as Record<PiiKind, KindScore>;
  for (const kind of KINDS) {
    const t = tally.get(kind) as Tally;
    const precision = t.findings === 0 ? NaN : t.truePositiveFindings / t.findings;
    const recall = t.truths === 0 ? NaN : t.foundTruths / t.truths;
    out[kind] = {
      precision: round(precision),
      recall: round(recall),
      f1: round((2 * precision * recall) / (precision + recall)),
      truths: t.truths,
      findings: t.findings,
      redactedShare: round(t.redactedTruths / t.truths),
    };
  }
  return out;
}

const TARGET_KINDS = ['email', 'phone', 'name'] as const;
const meetsTarget = (s: Record<PiiKind, KindScore>) =>
  TARGET_KINDS.every((k) => s[k].precision >= 0.95 && s[k].recall >= 0.95);

const corpus = generatePiiCorpus({ seed: SEED, posts: POSTS });
const redactorProps = { roster: corpus.roster, studentIdPattern: corpus.studentIdPattern };
createPiiRedactor(redactorProps); // a cold build first, so the timing below excludes JIT warm-up
const buildStart = performance.now();
const redactor = createPiiRedactor(redactorProps);
const buildUs = (performance.now() - buildStart) * 1000;
const perKind = score(corpus, redactor, true);
const withNicknames = score(corpus, createPiiRedactor({ ...redactorProps, nicknames: true }));

// Other seeds (other rosters): the spread of the target kinds' scores.
const acrossSeeds: Record<
  string,
  { precisionMin: number; recallMin: number; precisionMean: number; recallMean: number }
> = {};
const seedScores = OTHER_SEEDS.map((seed) => {
  const c = generatePiiCorpus({ seed, posts: 2000 });
  return score(c, createPiiRedactor({ roster: c.roster, studentIdPattern: c.studentIdPattern }));
});
for (const kind of TARGET_KINDS) {
  const p = seedScores.map((s) => s[kind].precision);
  const r = seedScores.map((s) => s[kind].recall);
  acrossSeeds[kind] = {
    precisionMin: Math.min(...p),
    precisionMean: round(p.reduce((a, b) => a + b, 0) / p.length),
    recallMin: Math.min(...r),
    recallMean: round(r.reduce((a, b) => a + b, 0) / r.length),
  };
}

// Speed: warm up, then one timed loop for throughput and per-post timings for quantiles.
for (let pass = 0; pass < 3; pass++) {
  for (const post of corpus.posts) {
    redactor.redact(post.text);
  }
}
const loopStart = performance.now();
for (const post of corpus.posts) {
  redactor.redact(post.text);
}
const loopMs = performance.now() - loopStart;
const perPostUs: number[] = [];
for (const post of corpus.posts) {
  const t0 = performance.now();
  redactor.redact(post.text);
  perPostUs.push((performance.now() - t0) * 1000);
}
perPostUs.sort((a, b) => a - b);

let post500 = '';
for (const post of corpus.posts) {
  if (post500.length >= 500) {
    break;
  }
  post500 += `${post.text} `;
}
post500 = post500.slice(0, 500);
const stats500 = await measure(() => redactor.redact(post500));

const lengths = corpus.posts.map((p) => p.text.length).sort((a, b) => a - b);
const spansAll: PiiCorpusSpan[] = corpus.posts.flatMap((p) => p.spans);

process.stdout.write(
  `${JSON.stringify(
    {
      corpus: {
        seed: SEED,
        posts: POSTS,
        roster: corpus.roster.length,
        postsWithPii: corpus.posts.filter((p) => p.spans.length > 0).length,
        spans: spansAll.length,
        medianChars: quantile(lengths, 0.5),
        maxChars: lengths[lengths.length - 1],
      },
      matching: 'span overlap with a ground-truth span of the same kind',
      perKind,
      nameWithNicknames: withNicknames.name,
      acrossSeeds: { seeds: OTHER_SEEDS, postsPerSeed: 2000, ...acrossSeeds },
      speed: {
        buildRedactorUs: round(buildUs, 0),
        postsPerSecond: Math.round(POSTS / (loopMs / 1000)),
        perPostP50Us: round(quantile(perPostUs, 0.5), 1),
        perPostP99Us: round(quantile(perPostUs, 0.99), 1),
        post500CharsP50Us: round(stats500.p50 / 1000, 1),
        post500CharsP99Us: round(stats500.p99 / 1000, 1),
      },
      targets: {
        precisionAndRecallAtLeast: 0.95,
        kinds: TARGET_KINDS,
        met: meetsTarget(perKind),
        metOnEverySeed: seedScores.every(meetsTarget),
      },
    },
    null,
    2,
  )}\n`,
);
if (errors.length > 0) {
  process.stderr.write(`${errors.sort().join('\n')}\n`);
}
