/**
 * Practising one item: the server draws the variant and keeps the answer key; hints are asked
 * for one at a time; the answer is checked on the server, whose verdict, feedback, correct
 * answer, new mastery and next steps are announced (aria-live) and shown.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, describeError } from '../../api/api-client';
import type { Objective, PracticeAttempt, PracticeHint, PracticeResult } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { usePageHeading } from '../../app/use-page-heading';
import { useResource } from '../../app/use-resource';
import { Panel } from '../../components/panel';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { learningSessionId } from './learning-events';
import { masteryLook } from './mastery-tone';
import { NextSteps } from './next-steps';

interface PracticePageProps {
  studentId: string;
  courseId: string;
  itemId: string;
  objectives: readonly Objective[];
  masteryThreshold: number;
}

export function PracticePage(props: PracticePageProps) {
  // Each round is a new attempt with a freshly drawn variant.
  const [round, setRound] = useState(0);
  const { state, reload } = useResource(`${props.itemId}/${round}`, () =>
    api.startPractice(props.studentId, { courseId: props.courseId, itemId: props.itemId }),
  );
  const headingRef = usePageHeading(
    state.status === 'ready' ? `Practice: ${state.data.title}` : 'Practice',
    `${props.itemId}/${round}/${state.status}`,
  );
  return (
    <>
      <p className="breadcrumb">
        <a href={routeHref('courses', props.courseId)}>← Back to the course</a>
      </p>
      <h1 ref={headingRef} tabIndex={-1}>
        {state.status === 'ready' ? `Practice: ${state.data.title}` : 'Practice'}
      </h1>
      {state.status === 'loading' ? (
        <LoadingMessage>Preparing your question…</LoadingMessage>
      ) : null}
      {state.status === 'error' ? (
        <ErrorMessage error={state.error} what="this question" onRetry={reload} />
      ) : null}
      {state.status === 'ready' ? (
        <Attempt
          key={state.data.token}
          {...props}
          attempt={state.data}
          onAgain={() => setRound((n) => n + 1)}
        />
      ) : null}
    </>
  );
}

function Attempt(props: PracticePageProps & { attempt: PracticeAttempt; onAgain: () => void }) {
  const { attempt } = props;
  const [hints, setHints] = useState<PracticeHint[]>([]);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PracticeResult | null>(null);
  const promptId = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const hintsLeft = attempt.hintCount - hints.length;
  const titleOf = new Map(props.objectives.map((o) => [o.id, o.title]));

  useEffect(() => {
    if (result) {
      resultRef.current?.focus();
    }
  }, [result]);

  const askHint = async () => {
    setBusy(true);
    setError(null);
    try {
      const hint = await api.requestHint(props.studentId, {
        token: attempt.token,
        sessionId: learningSessionId(),
      });
      setHints((h) => [...h, hint]);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let response: string | number | string[];
    if (attempt.item.format === 'multiple_choice') {
      if (picked.length === 0) {
        setError('Choose an answer first.');
        return;
      }
      response = picked;
    } else if (attempt.item.format === 'numeric') {
      const value = Number(text.trim().replace(',', '.'));
      if (text.trim() === '' || !Number.isFinite(value)) {
        setError('Enter a number.');
        return;
      }
      response = value;
    } else {
      if (text.trim() === '') {
        setError('Write an answer first.');
        return;
      }
      response = text;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.answerPractice(props.studentId, {
          token: attempt.token,
          response,
          sessionId: learningSessionId(),
        }),
      );
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const item = attempt.item;
  return (
    <div className="page-grid">
      <Panel title="Question" className="span-full">
        <form
          className="practice-form"
          onSubmit={(e) => void submit(e)}
          aria-describedby={promptId}
        >
          <p id={promptId} className="practice-prompt">
            {item.prompt}
          </p>
          {item.format === 'multiple_choice' ? (
            <fieldset className="practice-choices" disabled={result !== null}>
              <legend>Select every correct answer</legend>
              {item.choices.map((c) => (
                <label key={c.id} className="practice-choice">
                  <input
                    type="checkbox"
                    name="choice"
                    value={c.id}
                    checked={picked.includes(c.id)}
                    onChange={(e) =>
                      setPicked((p) =>
                        e.target.checked ? [...p, c.id] : p.filter((id) => id !== c.id),
                      )
                    }
                  />{' '}
                  {c.text}
                </label>
              ))}
            </fieldset>
          ) : (
            <label className="field">
              <span className="field-label">
                Your answer{item.format === 'numeric' && item.unit ? ` (${item.unit})` : ''}
              </span>
              <input
                className="input"
                name="answer"
                inputMode={item.format === 'numeric' ? 'decimal' : 'text'}
                autoComplete="off"
                value={text}
                disabled={result !== null}
                onChange={(e) => setText(e.target.value)}
              />
            </label>
          )}
          <div className="practice-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || result !== null}
            >
              Check answer
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || result !== null || hintsLeft <= 0}
              onClick={() => void askHint()}
            >
              {hintsLeft > 0
                ? `Show a hint (${hintsLeft} left)`
                : attempt.hintCount === 0
                  ? 'No hints for this question'
                  : 'No more hints'}
            </button>
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
        <section aria-label="Hints" aria-live="polite" className="practice-hints">
          {hints.length > 0 ? (
            <ol>
              {hints.map((h) => (
                <li key={h.hintIndex}>
                  <strong>Hint {h.hintIndex + 1}:</strong> {h.hint}
                </li>
              ))}
            </ol>
          ) : null}
        </section>
        <div role="status" aria-live="polite" aria-atomic="true">
          {result ? (
            <div
              ref={resultRef}
              tabIndex={-1}
              className={result.correct ? 'practice-result correct' : 'practice-result incorrect'}
            >
              <p className="practice-verdict">
                <strong>{result.correct ? 'Correct!' : 'Not quite.'}</strong> {result.feedback}
              </p>
              <p>
                Correct answer: <strong>{result.correctAnswer.text}</strong>
              </p>
              {result.mastery.length > 0 ? (
                <ul className="practice-mastery" aria-label="Your mastery now">
                  {result.mastery.map((m) => (
                    <li key={m.objectiveId}>
                      {titleOf.get(m.objectiveId) ?? 'Objective'}:{' '}
                      {masteryLook(m.pMastery, props.masteryThreshold).text}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </div>
        {result ? (
          <div className="practice-actions">
            <button type="button" className="button button-primary" onClick={props.onAgain}>
              Try another question like this
            </button>
            <a className="button button-secondary" href={routeHref('courses', props.courseId)}>
              Back to the course
            </a>
          </div>
        ) : null}
      </Panel>
      {result ? (
        <Panel title="Your next steps" className="span-full">
          <NextSteps courseId={props.courseId} items={result.recommendations} />
        </Panel>
      ) : null}
    </div>
  );
}
