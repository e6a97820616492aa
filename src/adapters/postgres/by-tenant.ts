/**
 * A batch of bus messages split by tenant, in first-seen order: row-level security binds one
 * tenant per transaction or function call, so batched writes go one tenant at a time.
 */
export function byTenant<T extends { tenantId: string }>(values: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const v of values) {
    const group = groups.get(v.tenantId);
    if (group) {
      group.push(v);
    } else {
      groups.set(v.tenantId, [v]);
    }
  }
  return groups;
}
