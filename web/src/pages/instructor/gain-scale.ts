/** The horizontal scale of the content-effectiveness interval bars. */
import type { ContentEffect } from '../../api/api-types';

/**
 * Maps a gain to [0, 1] across the widest interval of the items, always including 0 so the
 * zero line is drawn; a symmetric ±0.1 when there are no items or all are 0.
 */
export function gainScale(
  items: readonly Pick<ContentEffect, 'ciLow' | 'ciHigh'>[],
): (gain: number) => number {
  let low = 0;
  let high = 0;
  for (const item of items) {
    low = Math.min(low, item.ciLow);
    high = Math.max(high, item.ciHigh);
  }
  if (high - low < 1e-9) {
    low = -0.1;
    high = 0.1;
  }
  return (gain) => Math.min(1, Math.max(0, (gain - low) / (high - low)));
}
