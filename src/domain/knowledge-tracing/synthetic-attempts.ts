/**
 * Seeded synthetic learners for tests and benchmarks: each student answers items of objectives
 * that follow a BKT process with known parameters, so fitted models can be checked against the
 * truth. Items are tagged with one objective, or two with probability `multiTagShare`.
 */
import type { Rng } from '../random.js';
import type { BktParams } from './fit-bkt-em.js';
import type { Attempt } from './knowledge-tracing-model.js';

export interface SyntheticProps {
  rng: Rng;
  students: number;
  attemptsPerStudent: number;
  objectives: number;
  itemsPerObjective: number;
  /** True BKT parameters of every objective. */
  params: BktParams;
  /** Share of items tagged with a second objective; default 0. */
  multiTagShare?: number;
  /** Attempts on one objective before moving to the next; default 10. */
  blockLength?: number;
}

/** Chronological sequences, one per student, with timestamps one minute apart. */
export function generateBktAttempts(props: SyntheticProps): Attempt[][] {
  const { rng, params } = props;
  const block = props.blockLength ?? 10;
  const multi = props.multiTagShare ?? 0;
  const out: Attempt[][] = [];
  for (let s = 0; s < props.students; s++) {
    const student = `s${s}`;
    const known = new Map<number, boolean>();
    const sequence: Attempt[] = [];
    let objective = Math.floor(rng() * props.objectives);
    for (let t = 0; t < props.attemptsPerStudent; t++) {
      if (t > 0 && t % block === 0) {
        objective = Math.floor(rng() * props.objectives);
      }
      const item = Math.floor(rng() * props.itemsPerObjective);
      const tags = [objective];
      if (rng() < multi) {
        tags.push((objective + 1) % props.objectives);
      }
      let allKnown = true;
      for (const k of tags) {
        if (!known.has(k)) {
          known.set(k, rng() < params.prior);
        }
        allKnown &&= known.get(k) === true;
      }
      const correct = allKnown ? rng() >= params.slip : rng() < params.guess;
      sequence.push({
        student,
        item: `o${objective}-i${item}${tags.length > 1 ? '-m' : ''}`,
        objectives: tags.map((k) => `o${k}`),
        correct,
        timestamp: 1_700_000_000 + 60 * t,
      });
      for (const k of tags) {
        const was = known.get(k) === true;
        known.set(k, was ? rng() >= params.forget : rng() < params.learn);
      }
    }
    out.push(sequence);
  }
  return out;
}
