/**
 * Knowledge-tracing models as operators handle them (DESIGN.md: "operator: trains, evaluates,
 * promotes and rolls back models"): train (fit, evaluate on held-out students, register),
 * list, promote a version to serving, roll back to the version promoted before.
 *
 * Training protocol: the students are split into training and held-out students (the data's own
 * split when it has one, e.g. pyKT's `train_valid` → `test`; else a seeded 20% of the students);
 * the model is fitted on the training students (choosing its hyper-parameters inside them) and
 * scored on the held-out ones, replayed online from empty states; those are the registered
 * metrics. The registered parameters are then fitted on every student.
 */
import { invalidInput, notFound } from '../domain/errors.js';
import { replayPredictions, splitStudents } from '../domain/knowledge-tracing/inner-validation.js';
import type {
  AttemptSequence,
  SerializedModel,
} from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import { createTrainer, KT_MODEL_NAMES } from '../domain/knowledge-tracing/kt-models.js';
import { computeMetrics } from '../domain/knowledge-tracing/metrics.js';
import { nextVersion, parseVersion } from '../domain/knowledge-tracing/semantic-version.js';
import { createRng } from '../domain/random.js';
import type {
  AttemptHistorySource,
  CourseStore,
  ModelRecord,
  ModelRegistryStore,
  RebuiltLearnerState,
  StoredAttempt,
} from '../ports.js';
import { storeKtState, type ServedModel } from './served-models.js';
import type { CourseCatalog, CourseCatalogCache } from './course-catalog.js';
import type { ItemFormatInfo } from '../domain/knowledge-tracing/item-format-evidence.js';
import { authorize, type Actor, type Authorizer } from './access.js';
import { sha256 } from './secrets.js';

export interface ModelServiceDeps {
  registry: ModelRegistryStore;
  authz: Authorizer;
  newId: () => string;
  now: () => Date;
  /** The source commit of this build, when known (recorded with every fit). */
  gitCommit: string | null;
  /** Called after a promotion or rollback, so this process serves the change at once. */
  onServingChanged?: () => Promise<void>;
  /** For rebuilding student states after a promotion. */
  history: Pick<AttemptHistorySource, 'studentsWithAttempts' | 'rebuildStudent'>;
  /** The model served to a tenant now. */
  servedModel: (tenantId: string) => ServedModel;
  /**
   * The tenant's courses and their catalogs, so a rebuild gives the model each item's format as
   * ingestion does; without them attempts are replayed without formats.
   */
  courses?: Pick<CourseStore, 'list'>;
  catalog?: Pick<CourseCatalogCache, 'get'>;
}

/** The format of an item of a course, when known. */
export type ItemFormatOf = (courseId: string, itemId: string) => ItemFormatInfo | undefined;

/** Replays one student's courses through `served`: their state and mastery per course. */
export function replayStudent(
  served: ServedModel,
  sequences: readonly StoredAttempt[][],
  formatOf: ItemFormatOf = () => undefined,
): RebuiltLearnerState[] {
  const { model } = served;
  return sequences.flatMap((sequence) => {
    const first = sequence[0];
    if (!first) {
      return [];
    }
    const state = model.createState();
    const objectives = new Set<string>();
    for (const a of sequence) {
      model.update(state, { ...a, format: formatOf(a.course, a.item) });
      a.objectives.forEach((o) => objectives.add(o));
    }
    return [
      {
        courseId: first.course,
        ktState: storeKtState(served, state),
        mastery: [...objectives].map((objectiveId) => ({
          objectiveId,
          pMastery: Math.min(1, Math.max(0, model.mastery(state, objectiveId))),
        })),
      },
    ];
  });
}

export interface TrainingData {
  /** Every student's attempts, chronological; the registered fit uses all of them. */
  sequences: readonly AttemptSequence[];
  /** The data's own held-out split, if it has one; else a seeded 20% of the students. */
  split?: { train: readonly AttemptSequence[]; test: readonly AttemptSequence[] } | undefined;
  /** Where the data came from (source, path or tenant, format, …), stored with the fit. */
  description: Record<string, unknown>;
}

export interface TrainProps {
  /** The scope to register in: a tenant id, or null for the platform. */
  tenantId: string | null;
  data: TrainingData;
  /** Model names; default every model. */
  models?: readonly string[] | undefined;
  /** Seed of the splits and fits; default 1. */
  seed?: number | undefined;
}

const round = (x: number) => Number(x.toFixed(4));

/** SHA-256 of the attempts in a canonical text form (order of students and attempts kept). */
export function hashAttempts(sequences: readonly AttemptSequence[]): string {
  const lines: string[] = [];
  for (const s of sequences) {
    for (const a of s) {
      lines.push(
        `${a.student}\t${a.item}\t${a.objectives.join(';')}\t${a.correct ? 1 : 0}\t${a.timestamp ?? ''}`,
      );
    }
    lines.push('');
  }
  return sha256(lines.join('\n'));
}

function modelNames(models: readonly string[] | undefined): readonly string[] {
  const names = models && models.length > 0 ? models : KT_MODEL_NAMES;
  const unknown = names.filter((n) => !KT_MODEL_NAMES.includes(n));
  if (unknown.length > 0) {
    throw invalidInput(`Unknown model ${unknown.join(', ')}`, [
      { path: '/model', message: `must be one of ${KT_MODEL_NAMES.join(', ')}` },
    ]);
  }
  return names;
}

/** Splits `name@version`; InvalidInput naming the field otherwise. */
export function parseModelRef(ref: string): { name: string; version: string } {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : '';
  const version = at > 0 ? ref.slice(at + 1) : '';
  if (!KT_MODEL_NAMES.includes(name) || !parseVersion(version)) {
    throw invalidInput('Expected NAME@VERSION, e.g. best-lr@1.0.0', [
      {
        path: '/model',
        message: `must be NAME@x.y.z with NAME one of ${KT_MODEL_NAMES.join(', ')}`,
      },
    ]);
  }
  return { name, version };
}

export function createModelService(deps: ModelServiceDeps) {
  const changed = () => deps.onServingChanged?.() ?? Promise.resolve();

  /** Item formats of every course of the tenant, from the course catalogs. */
  async function itemFormatsOf(tenantId: string): Promise<ItemFormatOf> {
    const { courses, catalog } = deps;
    if (!courses || !catalog) {
      return () => undefined;
    }
    const content = new Map<string, CourseCatalog['content']>();
    let cursor: string | undefined;
    do {
      const page = await courses.list(tenantId, {}, { limit: 100, cursor });
      for (const course of page.items) {
        const c = await catalog.get(tenantId, course.id);
        if (c) {
          content.set(course.id, c.content);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return (courseId, itemId) => content.get(courseId)?.get(itemId)?.format;
  }

  return {
    /** Fits, evaluates and registers each model; returns the registered candidates. */
    async train(actor: Actor, props: TrainProps): Promise<ModelRecord[]> {
      authorize(deps.authz, actor, 'models', 'write');
      const names = modelNames(props.models);
      const all = props.data.sequences.filter((s) => s.length > 0);
      if (all.length < 2) {
        throw invalidInput('Not enough item attempts to train on', [
          { path: '/data', message: 'needs the attempts of at least 2 students' },
        ]);
      }
      const seed = props.seed ?? 1;
      const split = props.data.split ?? splitStudents(all, 0.2, createRng(seed));
      const heldOut = 'validation' in split ? split.validation : split.test;
      const dataHash = hashAttempts(all);
      const attempts = all.reduce((n, s) => n + s.length, 0);
      const items = new Set<string>();
      const objectives = new Set<string>();
      for (const s of all) {
        for (const a of s) {
          items.add(a.item);
          a.objectives.forEach((o) => objectives.add(o));
        }
      }
      const records: ModelRecord[] = [];
      for (const name of names) {
        const trainer = createTrainer(name);
        if (!trainer) {
          continue;
        }
        const t0 = performance.now();
        const evaluated = trainer.fit(split.train, { rng: createRng(seed) });
        const fitSeconds = (performance.now() - t0) / 1000;
        const { p, y } = replayPredictions(evaluated, heldOut);
        const m = computeMetrics(p, y);
        const final = trainer.fit(all, { rng: createRng(seed) });
        const serialized: SerializedModel = final.serialize();
        const previous = await deps.registry.versionsOf(props.tenantId, name);
        const version = nextVersion(
          previous.map((r) => ({
            version: r.version,
            dataHash: r.dataHash,
            format: Number(r.trainingData.format ?? 0),
          })),
          { dataHash, format: serialized.formatVersion },
        );
        records.push(
          await deps.registry.register({
            id: deps.newId(),
            tenantId: props.tenantId,
            name,
            version,
            dataHash,
            gitCommit: deps.gitCommit,
            params: serialized,
            paramsSha256: sha256(JSON.stringify(serialized)),
            metrics: {
              auc: round(m.auc),
              rmse: round(m.rmse),
              accuracy: round(m.accuracy),
              logloss: round(m.logloss),
              ece: round(m.ece),
              n: m.n,
              heldOutStudents: heldOut.length,
              fitSeconds: round(fitSeconds),
            },
            trainingData: {
              ...props.data.description,
              students: all.length,
              attempts,
              items: items.size,
              objectives: objectives.size,
              heldOut: props.data.split ? 'the data set’s own split' : 'seeded 20% of students',
              seed,
              format: serialized.formatVersion,
            },
          }),
        );
      }
      return records;
    },

    /** Registered models, newest first (`tenantId` undefined: every scope). */
    list(actor: Actor, filter: { tenantId?: string | null; name?: string }) {
      authorize(deps.authz, actor, 'models', 'read');
      return deps.registry.list(filter);
    },

    /** Serves `name@version` in its scope from now on, in every process. */
    async promote(actor: Actor, tenantId: string | null, ref: string): Promise<ModelRecord> {
      authorize(deps.authz, actor, 'models', 'write');
      const { name, version } = parseModelRef(ref);
      const record = await deps.registry.promote(tenantId, name, version, deps.now());
      await changed();
      return record;
    },

    /**
     * Recomputes every student's model state and mastery in the tenant from their history with
     * the model the tenant is served now (after a promotion to another model, whose states
     * cannot be converted). One short transaction per student, under their ingestion lock.
     */
    async rebuildStates(actor: Actor, tenantId: string): Promise<{ students: number }> {
      authorize(deps.authz, actor, 'models', 'write');
      const served = deps.servedModel(tenantId);
      const formatOf = await itemFormatsOf(tenantId);
      const students = await deps.history.studentsWithAttempts(tenantId);
      for (const studentId of students) {
        await deps.history.rebuildStudent(tenantId, studentId, (sequences) =>
          replayStudent(served, sequences, formatOf),
        );
      }
      return { students: students.length };
    },

    /** Goes back to the version of `name` promoted before the current one. */
    async rollback(actor: Actor, tenantId: string | null, name: string) {
      authorize(deps.authz, actor, 'models', 'write');
      if (!KT_MODEL_NAMES.includes(name)) {
        throw notFound(`Model ${name}`);
      }
      const result = await deps.registry.rollback(tenantId, name);
      await changed();
      return result;
    },
  };
}

export type ModelService = ReturnType<typeof createModelService>;
