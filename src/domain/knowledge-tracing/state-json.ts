/**
 * Small guards for reading stored student states back (`loadState`): stored JSON is checked
 * field by field, and anything unexpected makes the state unreadable (null) rather than wrong.
 */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number, or NaN when the value is not one. */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
}

/** An array of finite numbers of the given length, or null. */
export function numbers(value: unknown, length: number): number[] | null {
  if (!Array.isArray(value) || value.length !== length) {
    return null;
  }
  const out = value.map(num);
  return out.every((x) => !Number.isNaN(x)) ? out : null;
}

/** NaN (no time yet) is stored as null. */
export const timeToJson = (t: number): number | null => (Number.isFinite(t) ? t : null);
export const timeFromJson = (t: unknown): number =>
  typeof t === 'number' && Number.isFinite(t) ? t : Number.NaN;
