/**
 * The intervention review queue: what the agent proposes but may not do alone (confidence
 * below 0.7, or the hourly limit reached). The instructor approves, edits the message (which
 * sends it as edited) or dismisses. Each decision is confirmed in a status message, and focus
 * moves to the next proposal, or to the confirmation when the queue is empty.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, describeError } from '../../api/api-client';
import type { Intervention, ListPage } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { Panel } from '../../components/panel';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { formatRelative, formatDateTime } from './format-time';
import {
  ACTION_KIND_NAMES,
  evidenceEntries,
  queueReasonText,
  typeName,
} from './intervention-labels';
import { InterventionOutcomesPanel } from './intervention-outcomes';
import { formatPercent } from './mastery-scale';
import { RefreshProblem } from './refresh-problem';
import type { SectionContext } from './section-dashboard';
import type { LiveState } from './use-live-poll';

const PAGE = 20;

type Decision = 'approved' | 'dismissed' | 'edited';

const DECISION_TEXT: Record<Decision, string> = {
  approved: 'Approved',
  dismissed: 'Dismissed',
  edited: 'Edited and sent',
};

export function InterventionQueue(props: {
  context: SectionContext;
  queue: LiveState<ListPage<Intervention>>;
  names: ReadonlyMap<string, string>;
  /** Called after a decision so the queue and class data reload now. */
  onChanged: () => void;
  onRetry: () => void;
}) {
  const { context, queue, names, onChanged, onRetry } = props;
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [confirmation, setConfirmation] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const confirmationRef = useRef<HTMLParagraphElement>(null);

  const items = (queue.data?.items ?? []).filter((i) => !decided.has(i.id));

  useEffect(() => {
    if (focusTarget === null) {
      return;
    }
    const target =
      focusTarget === 'confirmation'
        ? confirmationRef.current
        : document.getElementById(headingId(focusTarget));
    target?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const onDecided = (item: Intervention, decision: Decision) => {
    const index = items.findIndex((i) => i.id === item.id);
    const next = items[index + 1] ?? items[index - 1];
    const name = names.get(item.studentId) ?? 'the student';
    const reached =
      decision === 'dismissed'
        ? 'It will not reach the student.'
        : item.action.kind === 'instructor_alert'
          ? 'The alert is marked as handled.'
          : `It has been sent to ${name}.`;
    setConfirmation(`${DECISION_TEXT[decision]}: ${typeName(item.type)} for ${name}. ${reached}`);
    setDecided((set) => new Set([...set, item.id]));
    setFocusTarget(next ? next.id : 'confirmation');
    onChanged();
  };

  const titleOf = (id: string | null) =>
    id === null ? null : (context.objectives.find((o) => o.id === id)?.title ?? null);

  return (
    <div className="page-grid">
      <Panel
        title="Waiting for your review"
        aside={queue.data ? `${items.length} proposals` : undefined}
        className="span-full"
      >
        <p className="muted queue-intro">
          The intervention agent acts on its own only when it is confident (0.7 or more) and under
          the hourly limit per student; everything else waits here. Approve to send as proposed,
          edit the message to send your own words, or dismiss.
        </p>
        <p
          ref={confirmationRef}
          tabIndex={-1}
          className={confirmation ? 'confirmation' : 'confirmation confirmation-empty'}
          role="status"
          aria-live="polite"
        >
          {confirmation}
        </p>
        {queue.status === 'loading' ? (
          <LoadingMessage>Loading the review queue…</LoadingMessage>
        ) : null}
        {queue.status === 'error' ? (
          <ErrorMessage error={queue.error} what="the review queue" onRetry={onRetry} />
        ) : null}
        <RefreshProblem error={queue.refreshError} />
        {queue.data && items.length === 0 ? (
          <p className="muted">Nothing is waiting for review.</p>
        ) : null}
        {items.length > 0 ? (
          <ol className="queue-list">
            {items.slice(0, shown).map((item) => (
              <QueueItem
                key={item.id}
                item={item}
                sectionId={context.section.id}
                studentName={names.get(item.studentId) ?? 'Unknown student'}
                objectiveTitle={titleOf(item.objectiveId ?? item.action.objectiveId)}
                onDecided={(decision) => onDecided(item, decision)}
              />
            ))}
          </ol>
        ) : null}
        {items.length > shown ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setShown((n) => n + PAGE)}
          >
            Show {Math.min(PAGE, items.length - shown)} more of {items.length - shown}
          </button>
        ) : null}
      </Panel>
      <InterventionOutcomesPanel sectionId={context.section.id} version={String(decided.size)} />
    </div>
  );
}

function headingId(interventionId: string): string {
  return `intervention-${interventionId}`;
}

function QueueItem(props: {
  item: Intervention;
  sectionId: string;
  studentName: string;
  objectiveTitle: string | null;
  onDecided: (decision: Decision) => void;
}) {
  const { item, sectionId, studentName, objectiveTitle, onDecided } = props;
  const [pending, setPending] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState(item.action.message);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  const errorId = useId();
  const reason = queueReasonText(item.queueReason);
  const isAlert = item.action.kind === 'instructor_alert';

  useEffect(() => {
    if (editing) {
      textareaRef.current?.focus();
    }
  }, [editing]);

  const run = async (decision: Decision, call: () => Promise<unknown>) => {
    setPending(decision);
    setError(null);
    try {
      await call();
      onDecided(decision);
    } catch (cause) {
      setError(describeError(cause));
      setPending(null);
    }
  };

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    const text = message.trim();
    if (text === '') {
      setError('Write a message, or cancel to keep the proposed one.');
      textareaRef.current?.focus();
      return;
    }
    void run('edited', () => api.editInterventionMessage(item.id, text));
  };

  const onCancel = () => {
    setEditing(false);
    setMessage(item.action.message);
    setError(null);
    // Back to where the reader came from.
    setTimeout(() => editButtonRef.current?.focus(), 0);
  };

  return (
    <li className="queue-item">
      <article aria-labelledby={headingId(item.id)}>
        <div className="queue-item-head">
          <h3 id={headingId(item.id)} tabIndex={-1}>
            {typeName(item.type)} ·{' '}
            <a href={routeHref('sections', sectionId, 'students', item.studentId)}>{studentName}</a>
          </h3>
          <span className="badge">Confidence {formatPercent(item.confidence)}</span>
        </div>
        <p className="queue-meta muted">
          {objectiveTitle ? <>{objectiveTitle} · </> : null}
          Proposed{' '}
          <time dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
            {formatRelative(item.createdAt, Date.now())}
          </time>
          {reason ? <> · waits because of {reason}</> : null}
        </p>
        <p className="queue-action">
          <strong>{ACTION_KIND_NAMES[item.action.kind]}</strong>
          {isAlert ? ' (not sent to the student)' : ''}
        </p>
        {editing ? (
          <form className="queue-edit" onSubmit={onSave} noValidate>
            <label htmlFor={fieldId}>{isAlert ? 'Alert text' : `Message to ${studentName}`}</label>
            <textarea
              id={fieldId}
              ref={textareaRef}
              value={message}
              maxLength={2000}
              rows={4}
              onChange={(e) => setMessage(e.target.value)}
              aria-invalid={error !== null}
              aria-describedby={error !== null ? errorId : undefined}
              disabled={pending !== null}
            />
            <div className="button-row">
              <button type="submit" className="button button-primary" disabled={pending !== null}>
                {pending === 'edited' ? 'Sending…' : 'Save and send'}
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={onCancel}
                disabled={pending !== null}
              >
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <blockquote className="queue-message">{item.action.message}</blockquote>
        )}
        {error !== null ? (
          <p className="form-error" id={errorId} role="alert">
            {error}
          </p>
        ) : null}
        <details className="queue-evidence">
          <summary>Evidence</summary>
          <dl>
            {evidenceEntries(item.evidence).map((entry) => (
              <div key={entry.label}>
                <dt>{entry.label}</dt>
                <dd>{entry.value}</dd>
              </div>
            ))}
          </dl>
        </details>
        {editing ? null : (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={pending !== null}
              onClick={() => void run('approved', () => api.approveIntervention(item.id))}
              aria-describedby={headingId(item.id)}
            >
              {pending === 'approved' ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              ref={editButtonRef}
              className="button button-secondary"
              disabled={pending !== null}
              onClick={() => setEditing(true)}
              aria-describedby={headingId(item.id)}
            >
              Edit message
            </button>
            <button
              type="button"
              className="button button-secondary button-danger"
              disabled={pending !== null}
              onClick={() => void run('dismissed', () => api.dismissIntervention(item.id))}
              aria-describedby={headingId(item.id)}
            >
              {pending === 'dismissed' ? 'Dismissing…' : 'Dismiss'}
            </button>
          </div>
        )}
      </article>
    </li>
  );
}
