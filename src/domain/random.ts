/**
 * Seeded randomness for the pure core. Callers pass an `Rng`; the same seed gives the same
 * sequence on every machine (xoroshiro128+ from pure-rand).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/** Returns a float uniform in [0, 1). */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed);
  return () => uniformFloat64(generator);
}

/** An integer uniform in [min, max], both inclusive. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  if (list.length === 0) {
    throw new RangeError('pick() from an empty list');
  }
  return list[Math.floor(rng() * list.length)] as T;
}

/** A standard normal draw (Box–Muller). */
export function randomNormal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
