/**
 * Exact fraction arithmetic and answer spellings for authoring the demo course. Answer keys are
 * computed from the numbers in a prompt rather than typed by hand, so they cannot drift apart.
 */

/** A positive or zero rational number n/d with d > 0, always kept in lowest terms. */
export interface Fraction {
  n: number;
  d: number;
}

/** Greatest common divisor of two integers (Euclid's algorithm); `gcd(0, 0)` is 0. */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    [x, y] = [y, x % y];
  }
  return x;
}

/** Least common multiple of two positive integers. */
export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** The fraction n/d in lowest terms. Throws on a zero denominator. */
export function frac(n: number, d: number): Fraction {
  if (d === 0) {
    throw new RangeError('zero denominator');
  }
  const g = gcd(n, d) || 1;
  const sign = d < 0 ? -1 : 1;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

/** A mixed number `whole n/d` as a fraction, e.g. `mixed(2, 1, 3)` is 7/3. */
export function mixed(whole: number, n: number, d: number): Fraction {
  return frac(whole * d + n, d);
}

/** x + y, exactly. */
export function addFractions(x: Fraction, y: Fraction): Fraction {
  return frac(x.n * y.d + y.n * x.d, x.d * y.d);
}

/** x − y, exactly. */
export function subtractFractions(x: Fraction, y: Fraction): Fraction {
  return frac(x.n * y.d - y.n * x.d, x.d * y.d);
}

/** x × y, exactly. */
export function multiplyFractions(x: Fraction, y: Fraction): Fraction {
  return frac(x.n * y.n, x.d * y.d);
}

/** x ÷ y, exactly (y must not be 0). */
export function divideFractions(x: Fraction, y: Fraction): Fraction {
  return frac(x.n * y.d, x.d * y.n);
}

/** "n/d", or just "n" when the fraction is a whole number. */
export function fractionText(f: Fraction): string {
  return f.d === 1 ? String(f.n) : `${f.n}/${f.d}`;
}

/** "w r/d" for an improper fraction, "n/d" for a proper one, "n" for a whole number. */
export function mixedText(f: Fraction): string {
  const whole = Math.floor(f.n / f.d);
  const rest = f.n - whole * f.d;
  if (rest === 0) {
    return String(whole);
  }
  return whole === 0 ? `${rest}/${f.d}` : `${whole} ${rest}/${f.d}`;
}

/** Which written forms of a value a short-text answer accepts. */
export interface SpellingOptions {
  /** Accept "7/4" for values above 1. Default true. */
  improper?: boolean;
  /** Accept "1 3/4" and "1 and 3/4" for values above 1. Default true. */
  mixed?: boolean;
}

/**
 * Every accepted spelling of a value in simplest form: "3/4" and "3 / 4"; for values above 1
 * also "1 3/4" and "1 and 3/4" (as allowed by `options`); a whole number as "2".
 */
export function fractionSpellings(f: Fraction, options: SpellingOptions = {}): string[] {
  if (f.d === 1) {
    return [String(f.n)];
  }
  const out: string[] = [];
  const above1 = f.n > f.d;
  if (!above1 || options.improper !== false) {
    out.push(`${f.n}/${f.d}`, `${f.n} / ${f.d}`);
  }
  if (above1 && options.mixed !== false) {
    const whole = Math.floor(f.n / f.d);
    const rest = f.n - whole * f.d;
    out.push(`${whole} ${rest}/${f.d}`, `${whole} and ${rest}/${f.d}`);
  }
  return out;
}

/** Spellings of a comma-separated list, with and without spaces after the commas. */
export function listSpellings(parts: readonly string[]): string[] {
  return [...new Set([parts.join(', '), parts.join(','), parts.join(' , ')])];
}

/** Spellings of a ratio a:b. */
export function ratioSpellings(a: number, b: number): string[] {
  return [`${a}:${b}`, `${a} : ${b}`, `${a} to ${b}`];
}
