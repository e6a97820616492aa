/**
 * Scores of probabilistic predictions of binary outcomes. All take parallel arrays of predicted
 * P(correct) in [0, 1] and outcomes (1 correct, 0 incorrect).
 */

export interface PredictionMetrics {
  /** Area under the ROC curve; ties get half credit (Mann–Whitney U). NaN if one class is absent. */
  auc: number;
  /** Root mean squared error of the probability. */
  rmse: number;
  /** Share of predictions on the right side of 0.5. */
  accuracy: number;
  /** Mean negative log-likelihood (nats), predictions clamped to [1e-15, 1 - 1e-15]. */
  logloss: number;
  /**
   * Expected calibration error: 10 equal-width bins of predicted probability ([0, 0.1), …,
   * [0.9, 1]); the count-weighted mean over bins of |mean prediction - observed rate|.
   */
  ece: number;
  n: number;
}

export function computeAuc(p: Float64Array, y: Uint8Array): number {
  const n = p.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  order.sort((a, b) => (p[a] as number) - (p[b] as number));
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const v = p[order[i] as number] as number;
    while (j + 1 < n && p[order[j + 1] as number] === v) {
      j++;
    }
    const meanRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k] as number] === 1) {
        positives++;
        rankSum += meanRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    return Number.NaN;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function computeLogLoss(p: Float64Array, y: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(Math.max(p[i] as number, 1e-15), 1 - 1e-15);
    sum -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return sum / p.length;
}

export function computeEce(p: Float64Array, y: Uint8Array, bins = 10): number {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    count[b] = (count[b] as number) + 1;
    sumP[b] = (sumP[b] as number) + v;
    sumY[b] = (sumY[b] as number) + (y[i] as number);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const c = count[b] as number;
    if (c > 0) {
      ece += Math.abs((sumP[b] as number) - (sumY[b] as number)) / p.length;
    }
  }
  return ece;
}

export function computeMetrics(p: Float64Array, y: Uint8Array): PredictionMetrics {
  let se = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i] as number;
    const o = y[i] as number;
    se += (v - o) * (v - o);
    if ((v >= 0.5 ? 1 : 0) === o) {
      right++;
    }
  }
  return {
    auc: computeAuc(p, y),
    rmse: Math.sqrt(se / p.length),
    accuracy: right / p.length,
    logloss: computeLogLoss(p, y),
    ece: computeEce(p, y),
    n: p.length,
  };
}
