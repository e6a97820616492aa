/**
 * Platt scaling (Platt 1999): P = sigmoid(a * z + b) on a model's logit z, fitted by Newton's
 * method on held-out predictions. Used to calibrate a logistic model on its inner validation
 * students (never on test data).
 */

export interface PlattScaling {
  a: number;
  b: number;
}

export const IDENTITY_SCALING: PlattScaling = { a: 1, b: 0 };

/** Fits a and b to logits `z` and outcomes `y` (a tiny ridge keeps it defined on separable data). */
export function fitPlattScaling(z: Float64Array, y: Uint8Array): PlattScaling {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    let ga = 1e-6 * (a - 1);
    let gb = 1e-6 * b;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i] as number;
      const p = 1 / (1 + Math.exp(-(a * zi + b)));
      const r = p - (y[i] as number);
      const w = p * (1 - p);
      ga += r * zi;
      gb += r;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) {
      break;
    }
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) {
      break;
    }
  }
  return { a, b };
}
