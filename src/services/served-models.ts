/**
 * Which knowledge-tracing model each tenant is served, kept current without a restart.
 *
 * The registry holds at most one promoted model per scope (a tenant, or the platform). A tenant
 * is served its own promoted model, else the platform's, else the built-in default (plain BKT
 * with textbook parameters). Every process polls the registry's promoted list (one small query)
 * every few seconds and loads the parameters of a model it has not loaded yet; a promotion made
 * in this process applies at once (`refresh`). If the registry cannot be read, the models already
 * loaded keep being served. `current` never waits on IO: it is read on every request.
 */
import type { KnowledgeTracingModel } from '../domain/knowledge-tracing/knowledge-tracing-model.js';
import { createTrainer } from '../domain/knowledge-tracing/kt-models.js';
import type { ModelRegistryStore, PromotedModelRef } from '../ports.js';

/** A model as served: its registry key (`name@version`) is stamped on the states it writes. */
export interface ServedModel {
  /** `name@version`, or the default model's name. */
  readonly key: string;
  /** The model name (`bkt`, `best-lr`, …): states of the same name carry over between versions. */
  readonly name: string;
  readonly model: KnowledgeTracingModel<unknown>;
}

/** A student's state as stored between requests (the `kt` key of `learner_features.features`). */
export interface StoredKtState {
  /** `name@version` of the model that wrote it. */
  model: string;
  name: string;
  /** The model's `saveState` JSON. */
  state: unknown;
}

/** The stored form of a student state of `served`. */
export function storeKtState(served: ServedModel, state: unknown): StoredKtState {
  return { model: served.key, name: served.name, state: served.model.saveState(state) };
}

/**
 * A stored state as a state of `served`: any version of the same model name carries over; a
 * state of another model (or none) gives null.
 */
export function loadKtState(served: ServedModel, stored: unknown): unknown {
  const s = stored as Partial<StoredKtState> | null | undefined;
  return s?.name === served.name ? served.model.loadState(s.state) : null;
}

export interface ServedModelsDeps {
  registry: Pick<ModelRegistryStore, 'promoted' | 'paramsOf'>;
  /** Served when neither the tenant nor the platform has a promoted model. */
  fallback: ServedModel;
  /** Logs a model that could not be loaded (the previous one stays served). */
  onError?: (error: unknown, ref?: PromotedModelRef) => void;
}

const PLATFORM = '';

export function createServedModels(deps: ServedModelsDeps) {
  /** By scope ('' for the platform). */
  let served = new Map<string, ServedModel>();
  const loaded = new Map<string, ServedModel>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function load(ref: PromotedModelRef): Promise<ServedModel | undefined> {
    const hit = loaded.get(ref.id);
    if (hit) {
      return hit;
    }
    const trainer = createTrainer(ref.name);
    const params = await deps.registry.paramsOf(ref.id);
    if (!trainer || params === null) {
      deps.onError?.(new Error(`cannot load model ${ref.name}@${ref.version}`), ref);
      return undefined;
    }
    const model = trainer.deserialize(params as Parameters<typeof trainer.deserialize>[0]);
    const entry: ServedModel = { key: `${ref.name}@${ref.version}`, name: ref.name, model };
    loaded.set(ref.id, entry);
    return entry;
  }

  async function poll(): Promise<void> {
    const refs = await deps.registry.promoted();
    const next = new Map<string, ServedModel>();
    for (const ref of refs) {
      try {
        const entry = await load(ref);
        if (entry) {
          next.set(ref.tenantId ?? PLATFORM, entry);
        }
      } catch (error) {
        deps.onError?.(error, ref);
        const previous = served.get(ref.tenantId ?? PLATFORM);
        if (previous) {
          next.set(ref.tenantId ?? PLATFORM, previous);
        }
      }
    }
    const live = new Set(refs.map((r) => r.id));
    for (const id of loaded.keys()) {
      if (!live.has(id)) {
        loaded.delete(id);
      }
    }
    served = next;
  }

  return {
    /** The model served to `tenantId` now. */
    current(tenantId: string): ServedModel {
      return served.get(tenantId) ?? served.get(PLATFORM) ?? deps.fallback;
    },
    /** Reads the registry now (one poll at a time; concurrent callers share it). */
    refresh(): Promise<void> {
      running ??= poll().finally(() => {
        running = undefined;
      });
      return running;
    },
    /** Polls every `intervalMs` until `stop`. */
    start(intervalMs: number): void {
      timer = setInterval(() => {
        this.refresh().catch((error: unknown) => deps.onError?.(error));
      }, intervalMs);
      timer.unref();
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type ServedModels = ReturnType<typeof createServedModels>;
