/**
 * Maps PostgreSQL errors to error kinds once, for every store method: a unique violation is a
 * Conflict, a foreign-key violation a reference to something missing, a check violation or
 * bad value an InvalidInput. Anything else passes through as unexpected.
 */
import { AppError } from '../../domain/errors.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
}

function translate(error: unknown): unknown {
  if (error instanceof AppError || typeof error !== 'object' || error === null) {
    return error;
  }
  const e = error as PgError;
  switch (e.code) {
    case '23505':
      return new AppError({
        kind: 'Conflict',
        code: 'already_exists',
        message: `Already exists${e.detail ? `: ${e.detail.replace(/^Key /, '')}` : ''}`,
        detail: { constraint: e.constraint },
        cause: error,
      });
    case '23503':
      return new AppError({
        kind: 'InvalidInput',
        code: 'missing_reference',
        message: `Refers to a record that does not exist${e.detail ? `: ${e.detail.replace(/^Key /, '')}` : ''}`,
        problems: [{ path: '/', message: 'refers to a record that does not exist' }],
        cause: error,
      });
    case '23514': // check violation
    case '22P02': // invalid text representation
    case '22007': // invalid datetime format
    case '22008': // datetime field overflow
    case '22003': // numeric value out of range
    case '22021': // character not in repertoire
    case '22P05': // untranslatable character (NUL in jsonb)
    case '22001': // string too long
      return new AppError({
        kind: 'InvalidInput',
        code: 'invalid_value',
        message: 'A value is out of range or malformed',
        problems: [{ path: '/', message: e.message }],
        cause: error,
      });
    case undefined:
    default:
      return error;
  }
}

/** Wraps every method of a store so database errors arrive as AppErrors of the right kind. */
export function withErrorTranslation<T extends object>(store: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(store)) {
    wrapped[name] =
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args);
            } catch (error) {
              throw translate(error);
            }
          }
        : fn;
  }
  return wrapped as T;
}
