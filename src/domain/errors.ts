/**
 * Errors by kind, not by transport. Services and the domain return or throw these;
 * `src/http/errors.ts` alone maps a kind to an HTTP status.
 */
export type ErrorKind =
  | 'InvalidInput'
  | 'Unauthenticated'
  | 'NotAllowed'
  | 'NotFound'
  | 'Conflict'
  | 'Unavailable'
  | 'Internal';

/** One problem with one field of the input; `path` is a JSON Pointer into the request body or query. */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface AppErrorProps {
  kind: ErrorKind;
  /** Stable snake_case code clients may branch on, e.g. `prerequisite_cycle`. */
  code: string;
  message: string;
  /** Field-level problems, for InvalidInput. */
  problems?: FieldProblem[];
  /** Extra machine-readable detail (e.g. the cycle that was refused). */
  detail?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly problems: FieldProblem[];
  readonly detail: Record<string, unknown>;

  constructor(props: AppErrorProps) {
    super(props.message, { cause: props.cause });
    this.name = 'AppError';
    this.kind = props.kind;
    this.code = props.code;
    this.problems = props.problems ?? [];
    this.detail = props.detail ?? {};
  }
}

export const invalidInput = (message: string, problems: FieldProblem[], code = 'invalid_input') =>
  new AppError({ kind: 'InvalidInput', code, message, problems });

export const notFound = (what: string) =>
  new AppError({ kind: 'NotFound', code: 'not_found', message: `${what} not found` });

export const notAllowed = (message = 'Not allowed') =>
  new AppError({ kind: 'NotAllowed', code: 'forbidden', message });

export const conflict = (code: string, message: string, detail?: Record<string, unknown>) =>
  new AppError({ kind: 'Conflict', code, message, detail });

export const unavailable = (message: string, code = 'unavailable') =>
  new AppError({ kind: 'Unavailable', code, message });

/** A value or the problems that prevented it; for expected failures such as validation. */
export type Result<T, E = FieldProblem[]> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
