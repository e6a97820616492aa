/**
 * PostgreSQL text and jsonb cannot hold the NUL character, so a body containing one could only
 * fail later as a database error. This finds the first string (or key) with a NUL and names its
 * JSON Pointer, so the request is refused up front with a 400.
 */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path || '/' : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}/${i}`);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\u0000')) {
        return at;
      }
      const found = findNul(child, at);
      if (found) {
        return found;
      }
    }
  }
  return null;
}
