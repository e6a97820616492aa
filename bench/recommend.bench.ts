/**
 * Recommendation benchmark (`npm run bench:recommend`), printing one JSON object:
 * - simulated learners (src/domain/simulation/learner-simulator.ts) on the demo course and on a
 *   generated 500-objective / 10,000-item course, under the adaptive, syllabus and random
 *   policies, BENCH_LEARNERS learners (default 200) per seed, seeds 1, 2 and 3: steps, practice
 *   items and study hours to master the goal, the share reaching it, recommendation precision,
 *   and the reduction of adaptive against syllabus and random. The adaptive policy runs the
 *   served default model (textbook BKT); on the demo course also a BKT fitted by EM on the
 *   simulated logs of a separate population (what the training job would serve), and also the
 *   continuous latent-mastery learner (with either model). `oracle` (the simulator's reference
 *   that sees the latent truth) is reported beside them: the gap to it is the price of evidence.
 *   BENCH_LARGE_LEARNERS=0 skips the 500-objective simulations;
 * - the latency of one recommendation for one student on the 500-objective course, through the
 *   same function the event reply and the API call (course index cached), p50/p95/p99 in ms over
 *   BENCH_CALLS calls (default 5,000) after a warm-up, and the time to build the course index.
 */
import type { KnowledgeTracingModel } from '../src/domain/knowledge-tracing/knowledge-tracing-model.js';
import { textbookBktModel } from '../src/domain/knowledge-tracing/textbook-bkt.js';
import {
  applyEventToFeatures,
  emptyLearnerFeatureState,
} from '../src/domain/learner-features/learner-features.js';
import { buildCourseIndex } from '../src/domain/recommendation/course-index.js';
import {
  fitModelOnSimulatedLogs,
  simCourseOf,
  simulatePolicy,
  type Policy,
  type PolicyReport,
  type SimCourse,
} from '../src/domain/simulation/learner-simulator.js';
import { buildDemoCoursePackage } from '../src/demo/demo-course.js';
import { recommendFromCatalog } from '../src/services/recommendation-service.js';
import type { CourseCatalog } from '../src/services/course-catalog.js';
import { buildCoursePackage } from '../test/builders.js';
import { summary } from './bench-support.js';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
/** Learners per seed on the 500-objective course (each takes thousands of steps). */
const LARGE_LEARNERS = Number(process.env.BENCH_LARGE_LEARNERS ?? LEARNERS);
const SEEDS = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
/** `oracle` is a reference (it sees the latent truth), reported beside the three policies. */
const POLICIES: Policy[] = ['adaptive', 'syllabus', 'random', 'oracle'];

type MasteryModel = KnowledgeTracingModel<Map<string, number>>;

const mean = (v: readonly number[]) => v.reduce((n, x) => n + x, 0) / Math.max(1, v.length);
const r = (v: number, d = 3) => Number(v.toFixed(d));

function aggregate(reports: PolicyReport[]) {
  return {
    meanSteps: r(mean(reports.map((x) => x.meanSteps)), 1),
    meanPracticeItems: r(mean(reports.map((x) => x.meanPracticeItems)), 1),
    meanHours: r(mean(reports.map((x) => x.meanHours)), 2),
    reachedShare: r(mean(reports.map((x) => x.reachedShare))),
    precision: r(mean(reports.map((x) => x.precision))),
    precisionFirst: r(mean(reports.map((x) => x.precisionFirst))),
    precisionLearning:
      reports[0]?.precisionLearning === null
        ? null
        : r(mean(reports.map((x) => x.precisionLearning ?? 0))),
    reviewShare: r(
      mean(reports.map((x) => x.reviewRecommendations / Math.max(1, x.recommendations))),
    ),
    perSeed: reports.map((x) => ({
      seed: x.seed,
      meanSteps: x.meanSteps,
      meanPracticeItems: x.meanPracticeItems,
      reachedShare: x.reachedShare,
      precision: x.precision,
    })),
  };
}

/** A BKT fitted by EM on the answers of a separate simulated population (random policy). */
function fittedModel(course: SimCourse, learnerModel: 'binary' | 'continuous'): MasteryModel {
  return fitModelOnSimulatedLogs(course, {
    students: 200,
    policy: 'random',
    seed: 10_000,
    learnerModel,
  });
}

function comparePolicies(
  course: SimCourse,
  props: {
    learnerModel: 'binary' | 'continuous';
    model: () => MasteryModel;
    only?: Policy[];
    learners?: number;
  },
) {
  const started = performance.now();
  const out: Partial<Record<Policy, ReturnType<typeof aggregate>>> = {};
  for (const policy of props.only ?? POLICIES) {
    out[policy] = aggregate(
      SEEDS.map((seed) =>
        simulatePolicy(course, {
          students: props.learners ?? LEARNERS,
          policy,
          seed,
          model: props.model(),
          learnerModel: props.learnerModel,
        }),
      ),
    );
  }
  const a = out.adaptive;
  const cut = (other: Policy, key: 'meanSteps' | 'meanPracticeItems') => {
    const o = out[other];
    return a && o ? r(1 - a[key] / o[key]) : null;
  };
  return {
    learnerModel: props.learnerModel,
    ...out,
    reduction: {
      stepsVsSyllabus: cut('syllabus', 'meanSteps'),
      stepsVsRandom: cut('random', 'meanSteps'),
      practiceItemsVsSyllabus: cut('syllabus', 'meanPracticeItems'),
      practiceItemsVsRandom: cut('random', 'meanPracticeItems'),
    },
    seconds: r((performance.now() - started) / 1000, 1),
  };
}

function latency(course: SimCourse) {
  const catalog: CourseCatalog = {
    course: {
      id: 'bench',
      masteryThreshold: course.threshold,
    } as CourseCatalog['course'],
    objectives: course.objectives,
    content: new Map(course.content.map((c) => [c.id, c])),
    hiddenContentIds: new Set(),
    freeTextItems: new Set(),
  };
  const b0 = performance.now();
  buildCourseIndex({
    objectives: catalog.objectives,
    content: catalog.content.values(),
    threshold: course.threshold,
  });
  const indexBuildMs = performance.now() - b0;
  // A student half-way through: the first half of the objectives (topological order) mastered
  // over the last 60 days, the next few in progress, some lessons and items completed.
  const now = Date.UTC(2026, 5, 1, 12);
  const order = course.index.objectives;
  const half = Math.floor(order.length / 2);
  const mastery = order.slice(0, half + 5).map((o, i) => ({
    objectiveId: o.id,
    pMastery: i < half ? 0.97 : 0.4,
    attempts: 6,
    correct: i < half ? 5 : 2,
    updatedAt: now - ((i * 7919) % 60) * 86_400_000,
  }));
  const features = emptyLearnerFeatureState();
  const recent: string[] = [];
  for (let i = 0; i < 20; i++) {
    const item = order[half + (i % 5)]?.items[i % 4];
    if (item) {
      recent.push(item.id);
      applyEventToFeatures(
        features,
        {
          id: `e${i}`,
          type: 'item_attempted',
          studentId: 's',
          courseId: 'bench',
          timestamp: new Date(now - (20 - i) * 60_000).toISOString(),
          itemId: item.id,
          response: 'x',
          correct: i % 3 !== 0,
          durationMs: 60_000,
          hintsUsed: 0,
          attempt: 1,
        },
        () => 'assessment_item',
      );
    }
  }
  const model = textbookBktModel();
  const call = () =>
    recommendFromCatalog({
      studentId: 's',
      catalog,
      mastery,
      features,
      recentContentIds: recent,
      model,
      now,
      limit: 3,
    });
  const c0 = performance.now();
  call(); // builds and caches the index
  const firstCallMs = performance.now() - c0;
  for (let i = 0; i < 500; i++) {
    call();
  }
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    call();
    times.push(performance.now() - t);
  }
  return {
    objectives: course.objectives.length,
    contentEntries: course.content.length,
    items: course.content.filter((c) => c.type === 'assessment_item').length,
    calls: CALLS,
    indexBuildMs: r(indexBuildMs, 1),
    firstCallMs: r(firstCallMs, 1),
    ms: summary(times),
    returned: call().items.length,
  };
}

const demo = simCourseOf(buildDemoCoursePackage());
const large = simCourseOf(buildCoursePackage({ objectives: 500, itemsPerObjective: 20 }));
const demoResult = comparePolicies(demo, { learnerModel: 'binary', model: textbookBktModel });
const fitted = fittedModel(demo, 'binary');
const fittedContinuous = fittedModel(demo, 'continuous');
const versus = (
  adaptive: ReturnType<typeof aggregate> | undefined,
  baseline: typeof demoResult,
) => ({
  stepsVsSyllabus: r(1 - (adaptive?.meanSteps ?? 0) / (baseline.syllabus?.meanSteps ?? 1)),
  stepsVsRandom: r(1 - (adaptive?.meanSteps ?? 0) / (baseline.random?.meanSteps ?? 1)),
  practiceItemsVsSyllabus: r(
    1 - (adaptive?.meanPracticeItems ?? 0) / (baseline.syllabus?.meanPracticeItems ?? 1),
  ),
  practiceItemsVsRandom: r(
    1 - (adaptive?.meanPracticeItems ?? 0) / (baseline.random?.meanPracticeItems ?? 1),
  ),
});
const demoFitted = comparePolicies(demo, {
  learnerModel: 'binary',
  model: () => fitted,
  only: ['adaptive'],
});
const demoContinuous = comparePolicies(demo, {
  learnerModel: 'continuous',
  model: textbookBktModel,
});
const demoContinuousFitted = comparePolicies(demo, {
  learnerModel: 'continuous',
  model: () => fittedContinuous,
  only: ['adaptive'],
});
const result = {
  learners: LEARNERS,
  seeds: SEEDS,
  latency: latency(large),
  demo: demoResult,
  demoFittedModel: {
    adaptive: demoFitted.adaptive,
    reduction: versus(demoFitted.adaptive, demoResult),
  },
  demoContinuousLearner: demoContinuous,
  demoContinuousFittedModel: {
    adaptive: demoContinuousFitted.adaptive,
    reduction: versus(demoContinuousFitted.adaptive, demoContinuous),
  },
  largeLearners: LARGE_LEARNERS,
  // BENCH_LARGE_LEARNERS=0 skips the 500-objective simulations (the slow part).
  generated500:
    LARGE_LEARNERS > 0
      ? comparePolicies(large, {
          learnerModel: 'binary',
          model: textbookBktModel,
          learners: LARGE_LEARNERS,
        })
      : null,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
