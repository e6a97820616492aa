/**
 * Moves focus to a page's main heading whenever what the page shows changes, so keyboard and
 * screen-reader users land on the new content, and keeps the document title in step.
 */
import { useEffect, useRef } from 'react';

export function usePageHeading(title: string, focusKey: string) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title ? `${title} · Pathwise` : 'Pathwise';
  }, [title]);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [focusKey]);
  return ref;
}
