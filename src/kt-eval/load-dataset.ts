/**
 * Loads a data set from disk in one of the supported formats and builds its student-level
 * folds. Folds given by the files are used as they are:
 * - `akt`: a directory of AKT files (e.g. `assist2009_pid_test1..5.csv`) — each file is one student
 *   fold; fold k tests on file k and trains on all the others.
 * - `dkt`: a directory with one `*train*` and one `*test*` file — train → test.
 * - `pykt`: a directory with `train_valid.csv` and `test.csv` — train_valid → test; a single pyKT
 *   file is cross-validated over its `fold` column.
 * - `csv` (generic), or any single file without given folds: `folds` student folds by a seeded
 *   hash of the student id.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AttemptSequence } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import type { FoldedSequence, KtDataset, KtFold, KtFormat } from './kt-dataset.js';
import { parseAktText } from './read-akt.js';
import { parseDktText } from './read-dkt.js';
import { parseGenericCsvText } from './read-generic-csv.js';
import { parsePyktText } from './read-pykt.js';
import { assignStudentFolds, crossValidationFolds } from './student-folds.js';

export interface LoadDatasetProps {
  path: string;
  format: KtFormat;
  /** Number of hashed student folds when the files give none; default 5. */
  folds?: number;
  /** Seed of the fold hash; default 1. */
  seed?: number;
}

const naturalOrder = (a: string, b: string) =>
  a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(naturalOrder);
}

function trainTest(
  name: string,
  train: readonly AttemptSequence[],
  test: readonly AttemptSequence[],
): KtFold {
  return { name, train: train.filter((s) => s.length > 0), test: test.filter((s) => s.length > 0) };
}

function hashedFolds(sequences: AttemptSequence[], k: number, seed: number): KtFold[] {
  return crossValidationFolds(assignStudentFolds(sequences, k, seed));
}

function pickSplitFiles(files: string[]): { train: string; test: string } | null {
  const test = files.find((f) => /test/i.test(f) && f.toLowerCase().endsWith('.csv'));
  const train = files.find((f) => /train/i.test(f) && f.toLowerCase().endsWith('.csv'));
  return train && test ? { train, test } : null;
}

/** Reads the files and returns the folds to evaluate on. */
export async function loadDataset(props: LoadDatasetProps): Promise<KtDataset> {
  const k = props.folds ?? 5;
  const seed = props.seed ?? 1;
  const isDir = (await stat(props.path)).isDirectory();
  const name = basename(props.path.replace(/\/+$/, ''));
  const read = (file: string) => readFile(file, 'utf8');
  const hashed = `${k} student folds by seeded hash`;

  switch (props.format) {
    case 'akt': {
      if (!isDir) {
        const seqs = parseAktText(await read(props.path));
        return { name, format: 'akt', folds: hashedFolds(seqs, k, seed), protocol: hashed };
      }
      const files = (await listFiles(props.path)).filter((f) => f.toLowerCase().endsWith('.csv'));
      const perFile = await Promise.all(
        files.map(async (f) => parseAktText(await read(join(props.path, f)))),
      );
      if (files.length < 2) {
        const seqs = perFile.flat();
        return { name, format: 'akt', folds: hashedFolds(seqs, k, seed), protocol: hashed };
      }
      const folds = files.map((f, i) =>
        trainTest(f, perFile.filter((_, j) => j !== i).flat(), perFile[i] as AttemptSequence[]),
      );
      return {
        name,
        format: 'akt',
        folds,
        protocol: `${files.length} student folds given by files`,
      };
    }
    case 'dkt': {
      if (isDir) {
        const split = pickSplitFiles(await listFiles(props.path));
        if (split) {
          const train = parseDktText(await read(join(props.path, split.train)), split.train);
          const test = parseDktText(await read(join(props.path, split.test)), split.test);
          return {
            name,
            format: 'dkt',
            folds: [trainTest(`${split.train} -> ${split.test}`, train, test)],
            protocol: 'train file -> test file',
          };
        }
        throw new Error(`no *train*.csv and *test*.csv pair in ${props.path}`);
      }
      const seqs = parseDktText(await read(props.path), basename(props.path));
      return { name, format: 'dkt', folds: hashedFolds(seqs, k, seed), protocol: hashed };
    }
    case 'pykt': {
      if (isDir) {
        const files = await listFiles(props.path);
        const train =
          files.find((f) => f === 'train_valid.csv') ?? files.find((f) => /train/i.test(f));
        const test = files.find((f) => f === 'test.csv') ?? files.find((f) => /test/i.test(f));
        if (!train || !test) {
          throw new Error(`no train_valid.csv and test.csv in ${props.path}`);
        }
        const trainSeqs = parsePyktText(await read(join(props.path, train))).map((f) => f.sequence);
        const testSeqs = parsePyktText(await read(join(props.path, test))).map((f) => f.sequence);
        return {
          name,
          format: 'pykt',
          folds: [trainTest(`${train} -> ${test}`, trainSeqs, testSeqs)],
          protocol: 'train_valid -> test',
        };
      }
      const folded: FoldedSequence[] = parsePyktText(await read(props.path));
      const distinct = new Set(folded.map((f) => f.fold));
      if (distinct.size > 1) {
        return {
          name,
          format: 'pykt',
          folds: crossValidationFolds(folded),
          protocol: `${distinct.size} folds given by the fold column`,
        };
      }
      const seqs = folded.map((f) => f.sequence);
      return { name, format: 'pykt', folds: hashedFolds(seqs, k, seed), protocol: hashed };
    }
    case 'csv': {
      let file = props.path;
      if (isDir) {
        const csvs = (await listFiles(props.path)).filter((f) => f.toLowerCase().endsWith('.csv'));
        if (csvs.length !== 1) {
          throw new Error(`expected one .csv file in ${props.path}, found ${csvs.length}`);
        }
        file = join(props.path, csvs[0] as string);
      }
      const seqs = parseGenericCsvText(await read(file));
      return { name, format: 'csv', folds: hashedFolds(seqs, k, seed), protocol: hashed };
    }
  }
}
