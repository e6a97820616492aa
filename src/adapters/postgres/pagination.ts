/** Keyset pagination by id (UUIDv7 ids sort by creation time), with opaque cursors. */
import { sql, type SelectQueryBuilder } from 'kysely';
import { invalidInput } from '../../domain/errors.js';
import type { Page, PageRequest } from '../../domain/records.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A cursor holds one id, or two joined by '/' for a composite key. */
const CURSOR = new RegExp(`^${UUID}(/${UUID})?$`);

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

const invalidCursor = () =>
  invalidInput('Invalid cursor', [
    { path: '/cursor', message: 'is not a cursor returned by this API' },
  ]);

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CURSOR.test(id)) {
    throw invalidCursor();
  }
  return id;
}

/**
 * Applies `id > cursor order by id limit n+1` to a query whose rows have `id`, and returns one
 * page of mapped records.
 */
export async function paginate<DB, TB extends keyof DB, Row extends { id: string }, T>(
  query: SelectQueryBuilder<DB, TB, Row>,
  idColumn: string,
  page: PageRequest,
  map: (row: Row) => T,
): Promise<Page<T>> {
  let q = query;
  const id = sql.ref<string>(idColumn);
  if (page.cursor) {
    q = q.where(id, '>', decodeCursor(page.cursor));
  }
  const rows = await q
    .orderBy(id)
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const items = (more ? rows.slice(0, page.limit) : rows).map(map);
  const last = more ? rows[page.limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.id) : null };
}

/** A cursor for lists ordered by (time, id), e.g. events newest first. */
export function encodeTimeCursor(at: string, id: string): string {
  return encodeCursor(`${at}|${id}`);
}

export function decodeTimeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || Number.isNaN(Date.parse(at)) || !id || !CURSOR.test(id)) {
    throw invalidCursor();
  }
  return { at, id };
}

export const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());
