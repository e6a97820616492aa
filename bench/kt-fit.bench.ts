/**
 * Time to fit the served knowledge-tracing model (Best-LR) on real data, as the issue measures
 * it: the training students of the first fold of a data set (for the AKT format of assist2009,
 * the four other AKT files, about 220,000 attempts), inner penalty selection and calibration
 * included. The data are not in the repository (their terms forbid it): give their folder.
 *
 * Run: `KT_FIT_DATA=../shared/data/assist2009_akt npm run bench:kt-fit`
 * (`KT_FIT_FORMAT` akt|dkt|pykt|csv, default akt; `KT_FIT_MODEL`, default best-lr).
 * Prints one JSON object: attempts, students, wall and CPU seconds (CPU includes the garbage
 * collector's threads).
 */
import { createTrainer } from '../src/domain/knowledge-tracing/kt-models.js';
import { createRng } from '../src/domain/random.js';
import type { KtFormat } from '../src/kt-eval/kt-dataset.js';
import { loadDataset } from '../src/kt-eval/load-dataset.js';

const path = process.env.KT_FIT_DATA;
if (!path) {
  process.stderr.write(
    'Set KT_FIT_DATA to the data set folder, e.g. ../shared/data/assist2009_akt\n',
  );
  process.exit(2);
}
const format = (process.env.KT_FIT_FORMAT ?? 'akt') as KtFormat;
const modelName = process.env.KT_FIT_MODEL ?? 'best-lr';
const trainer = createTrainer(modelName);
if (!trainer) {
  process.stderr.write(`Unknown model ${modelName}\n`);
  process.exit(2);
}
const dataset = await loadDataset({ path, format, folds: 5, seed: 1 });
const fold = dataset.folds[0];
if (!fold) {
  throw new Error('the data set has no fold');
}
const attempts = fold.train.reduce((n, sequence) => n + sequence.length, 0);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
trainer.fit(fold.train, { rng: createRng(1) });
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    benchmark: 'kt-fit',
    model: modelName,
    data: path.split('/').filter(Boolean).pop(),
    format,
    students: fold.train.length,
    attempts,
    wallSeconds: Number(wallSeconds.toFixed(2)),
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    node: process.version,
  })}\n`,
);
