/**
 * Condenses a student's at-risk reasons for the list: reasons of the same kind are grouped
 * (16 open interventions read as one line, not sixteen), in the order the analytics gave them.
 */
import type { RiskReason } from '../../api/api-types';

export interface ReasonGroup {
  code: string;
  /** The first reason of the group, as the analytics worded it. */
  first: RiskReason;
  /** How many reasons share the code (1 or more). */
  count: number;
}

/** Groups by `code`, keeping first-seen order. */
export function groupReasons(reasons: readonly RiskReason[]): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const reason of reasons) {
    const group = groups.get(reason.code);
    if (group) {
      group.count += 1;
    } else {
      groups.set(reason.code, { code: reason.code, first: reason, count: 1 });
    }
  }
  return [...groups.values()];
}

/** "(and 5 more like this)" for a group of 6; empty for one. */
export function moreLikeThis(group: ReasonGroup): string {
  const more = group.count - 1;
  return more > 0 ? ` (and ${more} more like this)` : '';
}
