/**
 * L2-regularised logistic regression on a sparse design (CSR), fitted by L-BFGS.
 *
 * Minimises  sum_i logloss(y_i, sigmoid(x_i . w))  +  1/2 sum_j l2_j w_j^2
 * (a sum over rows, so l2_j is in pseudo-observations: l2 = 4 shrinks like a handful of attempts).
 * L-BFGS: Nocedal & Wright, Numerical Optimization (2006), Alg. 7.4 (two-loop recursion) with an
 * Armijo backtracking line search.
 */

/** Rows of sparse features in compressed-row form, with 0/1 labels. */
export interface SparseDesign {
  readonly rows: number;
  readonly columns: number;
  /** Row r owns entries rowStart[r] .. rowStart[r + 1] - 1; length rows + 1. */
  readonly rowStart: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly label: Uint8Array;
}

/** Grows a `SparseDesign` one row at a time. */
export class SparseDesignBuilder {
  private index = new Int32Array(1 << 16);
  private value = new Float64Array(1 << 16);
  private rowStart = new Int32Array(1 << 12);
  private label = new Uint8Array(1 << 12);
  private nnz = 0;
  private rowCount = 0;

  /** Adds one entry to the current row; zero values are skipped. */
  add(column: number, value: number): void {
    if (value === 0) {
      return;
    }
    if (this.nnz === this.index.length) {
      const index = new Int32Array(this.index.length * 2);
      index.set(this.index);
      this.index = index;
      const value2 = new Float64Array(this.value.length * 2);
      value2.set(this.value);
      this.value = value2;
    }
    this.index[this.nnz] = column;
    this.value[this.nnz] = value;
    this.nnz++;
  }

  /** Closes the current row with its label. */
  endRow(correct: boolean): void {
    if (this.rowCount + 1 >= this.rowStart.length) {
      const rowStart = new Int32Array(this.rowStart.length * 2);
      rowStart.set(this.rowStart);
      this.rowStart = rowStart;
      const label = new Uint8Array(this.label.length * 2);
      label.set(this.label);
      this.label = label;
    }
    this.label[this.rowCount] = correct ? 1 : 0;
    this.rowCount++;
    this.rowStart[this.rowCount] = this.nnz;
  }

  get rows(): number {
    return this.rowCount;
  }

  build(columns: number): SparseDesign {
    return {
      rows: this.rowCount,
      columns,
      rowStart: this.rowStart.slice(0, this.rowCount + 1),
      index: this.index.slice(0, this.nnz),
      value: this.value.slice(0, this.nnz),
      label: this.label.slice(0, this.rowCount),
    };
  }
}

export interface LogisticFitProps {
  design: SparseDesign;
  /** L2 penalty per column (length = columns); 0 leaves a column unpenalised (e.g. the bias). */
  l2: Float64Array;
  /** Warm start; defaults to zeros. */
  initial?: Float64Array;
  /** Default 300. */
  maxIterations?: number;
  /** Stop when the relative decrease of the objective over 5 iterations is below this; default 1e-7. */
  tolerance?: number;
  /** Remembered correction pairs; default 10. */
  memory?: number;
}

export interface LogisticFit {
  weights: Float64Array;
  /** Objective value at `weights`. */
  objective: number;
  iterations: number;
}

/** Objective value and gradient (written into `grad`) at `w`. */
function evaluate(design: SparseDesign, l2: Float64Array, w: Float64Array, grad: Float64Array) {
  const { rows, rowStart, index, value, label } = design;
  grad.fill(0);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const start = rowStart[r] as number;
    const end = rowStart[r + 1] as number;
    let z = 0;
    for (let k = start; k < end; k++) {
      z += (w[index[k] as number] as number) * (value[k] as number);
    }
    // log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed stably.
    const y = label[r] as number;
    const m = y === 1 ? -z : z;
    loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    const p = 1 / (1 + Math.exp(-z));
    const residual = p - y;
    for (let k = start; k < end; k++) {
      const j = index[k] as number;
      grad[j] = (grad[j] as number) + residual * (value[k] as number);
    }
  }
  for (let j = 0; j < w.length; j++) {
    const lambda = l2[j] as number;
    if (lambda !== 0) {
      const wj = w[j] as number;
      loss += 0.5 * lambda * wj * wj;
      grad[j] = (grad[j] as number) + lambda * wj;
    }
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += (a[i] as number) * (b[i] as number);
  }
  return s;
}

/** Fits the weights; deterministic for a given design and start. */
export function fitSparseLogistic(props: LogisticFitProps): LogisticFit {
  const { design, l2 } = props;
  const n = design.columns;
  const maxIterations = props.maxIterations ?? 300;
  const tolerance = props.tolerance ?? 1e-7;
  const m = props.memory ?? 10;
  const w = props.initial ? Float64Array.from(props.initial) : new Float64Array(n);
  const g = new Float64Array(n);
  const trialW = new Float64Array(n);
  const trialG = new Float64Array(n);
  const direction = new Float64Array(n);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  // Jacobi preconditioner: the inverse diagonal of the Hessian bound 1/4 X'X + diag(l2), used as
  // the initial inverse Hessian of the two-loop recursion (makes unscaled count features cheap).
  const inverseDiagonal = new Float64Array(n);
  for (let k = 0; k < design.index.length; k++) {
    const j = design.index[k] as number;
    const v = design.value[k] as number;
    inverseDiagonal[j] = (inverseDiagonal[j] as number) + 0.25 * v * v;
  }
  for (let j = 0; j < n; j++) {
    const h = (inverseDiagonal[j] as number) + (l2[j] as number);
    inverseDiagonal[j] = h > 0 ? 1 / h : 1;
  }
  let f = evaluate(design, l2, w, g);
  const history: number[] = [f];
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    // Two-loop recursion: direction = -H g.
    for (let j = 0; j < n; j++) {
      direction[j] = -(g[j] as number);
    }
    const k = sList.length;
    for (let i = k - 1; i >= 0; i--) {
      const a = (rho[i] as number) * dot(sList[i] as Float64Array, direction);
      alpha[i] = a;
      const yi = yList[i] as Float64Array;
      for (let j = 0; j < n; j++) {
        direction[j] = (direction[j] as number) - a * (yi[j] as number);
      }
    }
    let gamma = 1;
    if (k > 0) {
      const yLast = yList[k - 1] as Float64Array;
      let yDy = 0;
      for (let j = 0; j < n; j++) {
        yDy += (yLast[j] as number) * (yLast[j] as number) * (inverseDiagonal[j] as number);
      }
      gamma = dot(sList[k - 1] as Float64Array, yLast) / yDy;
    }
    for (let j = 0; j < n; j++) {
      direction[j] = (direction[j] as number) * gamma * (inverseDiagonal[j] as number);
    }
    for (let i = 0; i < k; i++) {
      const b = (rho[i] as number) * dot(yList[i] as Float64Array, direction);
      const si = sList[i] as Float64Array;
      const coef = (alpha[i] as number) - b;
      for (let j = 0; j < n; j++) {
        direction[j] = (direction[j] as number) + coef * (si[j] as number);
      }
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = 0;
      yList.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) {
        direction[j] = -(g[j] as number);
      }
      slope = dot(g, direction);
      if (!(slope < 0)) {
        break;
      }
    }
    let step = 1;
    let fTrial = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) {
        trialW[j] = (w[j] as number) + step * (direction[j] as number);
      }
      fTrial = evaluate(design, l2, trialW, trialG);
      if (fTrial <= f + 1e-4 * step * slope) {
        break;
      }
      step *= 0.5;
    }
    if (!(fTrial < f)) {
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = (trialW[j] as number) - (w[j] as number);
      y[j] = (trialG[j] as number) - (g[j] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-10) {
      if (sList.length === m) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
    }
    w.set(trialW);
    g.set(trialG);
    f = fTrial;
    history.push(f);
    const back = history.length > 5 ? (history[history.length - 6] as number) : Infinity;
    if ((back - f) / Math.max(1, Math.abs(f)) < tolerance) {
      iteration++;
      break;
    }
  }
  return { weights: w, objective: f, iterations: iteration };
}

/** sigmoid(x_r . w) for every row of the design. */
export function predictRows(design: SparseDesign, w: Float64Array): Float64Array {
  const out = new Float64Array(design.rows);
  for (let r = 0; r < design.rows; r++) {
    let z = 0;
    for (let k = design.rowStart[r] as number; k < (design.rowStart[r + 1] as number); k++) {
      z += (w[design.index[k] as number] as number) * (design.value[k] as number);
    }
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
