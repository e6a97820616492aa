/** Small numeric helpers shared by the knowledge-tracing models. */

/** The logistic function 1 / (1 + e^-z), in (0, 1). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** log(p / (1 - p)) with p clamped to [1e-6, 1 - 1e-6]. */
export function logit(p: number): number {
  const q = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
  return Math.log(q / (1 - q));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Number of consecutive set low bits of a 32-bit mask (0..32). */
export function trailingOnes(mask: number): number {
  const inv = ~mask;
  if (inv === 0) {
    return 32;
  }
  return 31 - Math.clz32(inv & -inv);
}

/** Number of set bits of a 32-bit integer. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
