/** A titled card on a page, and the labelled placeholder for features still to come. */
import { useId, type ReactNode } from 'react';

interface PanelProps {
  title: string;
  /** Short text beside the title, e.g. a count. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Panel({ title, aside, className, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className={className ? `panel ${className}` : 'panel'} aria-labelledby={headingId}>
      <div className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {aside ? <span className="panel-aside">{aside}</span> : null}
      </div>
      {children}
    </section>
  );
}

interface PlaceholderPanelProps {
  title: string;
  /** When it will appear, e.g. "Appears once you start practising". */
  when: string;
  /** Badge beside the title; defaults to "Coming later". */
  badge?: string;
  className?: string;
  children: ReactNode;
}

/** Marks where later work will show real data; never shows invented numbers. */
export function PlaceholderPanel({
  title,
  when,
  badge,
  className,
  children,
}: PlaceholderPanelProps) {
  return (
    <Panel
      title={title}
      aside={<span className="badge">{badge ?? 'Coming later'}</span>}
      className={className ? `panel-placeholder ${className}` : 'panel-placeholder'}
    >
      <p className="placeholder-when">{when}</p>
      <p className="muted">{children}</p>
    </Panel>
  );
}
