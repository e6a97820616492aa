/**
 * `pathwise eval-kt`: evaluates knowledge-tracing models on a log in one of the supported formats
 * and prints one JSON line per model (see `src/kt-eval/evaluate-model.ts` for the protocol).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { createTrainer, KT_MODEL_NAMES } from '../domain/knowledge-tracing/kt-models.js';
import { KT_FORMATS, type KtFormat } from '../kt-eval/kt-dataset.js';
import { evaluateModel } from '../kt-eval/evaluate-model.js';
import { loadDataset } from '../kt-eval/load-dataset.js';

function parseFormat(value: string): KtFormat {
  if (!(KT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${KT_FORMATS.join(', ')}`);
  }
  return value as KtFormat;
}

function parseModel(value: string): string {
  if (value !== 'all' && !KT_MODEL_NAMES.includes(value)) {
    throw new InvalidArgumentError(`must be all or one of ${KT_MODEL_NAMES.join(', ')}`);
  }
  return value;
}

function parseFolds(value: string): number {
  const k = Number(value);
  if (!Number.isInteger(k) || k < 2 || k > 100) {
    throw new InvalidArgumentError('must be an integer from 2 to 100');
  }
  return k;
}

interface EvalKtOptions {
  data: string;
  format: KtFormat;
  model: string;
  folds: number;
  seed: string;
  verbose?: boolean;
}

/** Registers `eval-kt` on the program. */
export function registerEvalKtCommand(program: Command): void {
  program
    .command('eval-kt')
    .description(
      'evaluate knowledge-tracing models on a student log; prints one JSON line per model',
    )
    .requiredOption('--data <path>', 'data directory or file')
    .requiredOption('--format <format>', `one of ${KT_FORMATS.join(', ')}`, parseFormat)
    .option('--model <name>', `all, or one of ${KT_MODEL_NAMES.join(', ')}`, parseModel, 'all')
    .option(
      '--folds <k>',
      'student folds when the files give none (generic csv, single files)',
      parseFolds,
      5,
    )
    .option('--seed <n>', 'seed of the fold hash and of the fits', '1')
    .option('--verbose', 'log each fold to stderr')
    .action(async (opts: EvalKtOptions) => {
      const seed = Number(opts.seed);
      const dataset = await loadDataset({
        path: opts.data,
        format: opts.format,
        folds: opts.folds,
        seed,
      });
      const names = opts.model === 'all' ? KT_MODEL_NAMES : [opts.model];
      for (const name of names) {
        const trainer = createTrainer(name);
        if (!trainer) {
          throw new InvalidArgumentError(`unknown model ${name}`);
        }
        const report = evaluateModel({
          trainer,
          dataset,
          seed,
          onFold: opts.verbose
            ? (f) => process.stderr.write(`${name} ${JSON.stringify(f)}\n`)
            : undefined,
        });
        process.stdout.write(`${JSON.stringify(report)}\n`);
      }
    });
}
