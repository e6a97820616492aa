/**
 * The evaluation protocol: for each student-level fold, fit on the training students only (the
 * trainer chooses its own hyper-parameters inside that training set), then replay every test
 * student from an empty state: each attempt is predicted from that student's earlier attempts
 * only, then the state is updated with its outcome. Every attempt is scored exactly once.
 */
import type { KnowledgeTracingTrainer } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import { replayPredictions } from '../domain/knowledge-tracing/inner-validation.js';
import { computeMetrics, type PredictionMetrics } from '../domain/knowledge-tracing/metrics.js';
import { createRng } from '../domain/random.js';
import type { KtDataset } from './kt-dataset.js';

export interface FoldResult extends PredictionMetrics {
  fold: string;
  /** Wall-clock seconds to fit on the training students. */
  fitSeconds: number;
  /** Wall-clock seconds to fit and score. */
  seconds: number;
}

type MetricName = 'auc' | 'rmse' | 'accuracy' | 'logloss' | 'ece';
const METRICS: readonly MetricName[] = ['auc', 'rmse', 'accuracy', 'logloss', 'ece'];

export interface ModelReport {
  model: string;
  dataset: string;
  /** Means over folds. */
  auc: number;
  rmse: number;
  accuracy: number;
  logloss: number;
  ece: number;
  /** Test attempts scored, over all folds. */
  n: number;
  /** Total wall-clock seconds (fits and scoring, all folds). */
  seconds: number;
  protocol: string;
  /** Sample standard deviation over folds (0 with one fold). */
  sd: Record<MetricName, number>;
  /** Metrics computed on all folds' predictions pooled. */
  pooled: Record<MetricName, number>;
  folds: FoldResult[];
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export interface EvaluateModelProps {
  trainer: KnowledgeTracingTrainer;
  dataset: KtDataset;
  /** Seed of the trainer's randomness (EM restarts, inner split); default 1. */
  seed?: number;
  /** Called after each fold, e.g. to log progress. */
  onFold?: (result: FoldResult) => void;
}

export function evaluateModel(props: EvaluateModelProps): ModelReport {
  const { trainer, dataset } = props;
  const folds: FoldResult[] = [];
  const allP: Float64Array[] = [];
  const allY: Uint8Array[] = [];
  for (const fold of dataset.folds) {
    const started = performance.now();
    const model = trainer.fit(fold.train, { rng: createRng(props.seed ?? 1) });
    const fitted = performance.now();
    const { p, y } = replayPredictions(model, fold.test);
    const done = performance.now();
    allP.push(p);
    allY.push(y);
    const m = computeMetrics(p, y);
    const result: FoldResult = {
      fold: fold.name,
      ...m,
      fitSeconds: round((fitted - started) / 1000, 3),
      seconds: round((done - started) / 1000, 3),
    };
    folds.push(result);
    props.onFold?.(result);
  }
  const mean = (k: MetricName) => folds.reduce((s, f) => s + f[k], 0) / folds.length;
  const sd = (k: MetricName) => {
    if (folds.length < 2) {
      return 0;
    }
    const mu = mean(k);
    return Math.sqrt(folds.reduce((s, f) => s + (f[k] - mu) ** 2, 0) / (folds.length - 1));
  };
  const n = allP.reduce((s, p) => s + p.length, 0);
  const pooledP = new Float64Array(n);
  const pooledY = new Uint8Array(n);
  let offset = 0;
  for (let i = 0; i < allP.length; i++) {
    pooledP.set(allP[i] as Float64Array, offset);
    pooledY.set(allY[i] as Uint8Array, offset);
    offset += (allP[i] as Float64Array).length;
  }
  const pooled = computeMetrics(pooledP, pooledY);
  const by = (f: (k: MetricName) => number) =>
    Object.fromEntries(METRICS.map((k) => [k, round(f(k))])) as Record<MetricName, number>;
  return {
    model: trainer.name,
    dataset: dataset.name,
    auc: round(mean('auc')),
    rmse: round(mean('rmse')),
    accuracy: round(mean('accuracy')),
    logloss: round(mean('logloss')),
    ece: round(mean('ece')),
    n,
    seconds: round(
      folds.reduce((s, f) => s + f.seconds, 0),
      3,
    ),
    protocol: dataset.protocol,
    sd: by(sd),
    pooled: by((k) => pooled[k]),
    folds: folds.map((f) => ({
      ...f,
      auc: round(f.auc),
      rmse: round(f.rmse),
      accuracy: round(f.accuracy),
      logloss: round(f.logloss),
      ece: round(f.ece),
    })),
  };
}
