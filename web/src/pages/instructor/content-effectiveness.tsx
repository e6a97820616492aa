/**
 * Content effectiveness: the mean learning gain that follows each content item, with its 95%
 * interval and how many learners it rests on, drawn as an interval bar beside the numbers.
 */
import { api } from '../../api/api-client';
import type { ContentEffect } from '../../api/api-types';
import { typeName as contentTypeName } from '../../components/content-summary';
import { Panel } from '../../components/panel';
import { ErrorMessage, LoadingMessage } from '../../components/status-message';
import { RefreshProblem } from './refresh-problem';
import type { SectionContext } from './section-dashboard';
import { gainScale } from './gain-scale';
import { useLivePoll } from './use-live-poll';

export function ContentEffectivenessView({ context }: { context: SectionContext }) {
  const { section } = context;
  const { state, refresh } = useLivePoll(`content-effectiveness/${section.id}`, (etag, signal) =>
    api.getContentEffectiveness(section.id, etag, signal),
  );
  const titleOf = (id: string) => context.objectives.find((o) => o.id === id)?.title ?? '–';
  const items = state.data?.items ?? [];
  const scale = gainScale(items);

  return (
    <div className="page-grid">
      <Panel
        title="Learning gain after each content item"
        aside={state.data ? `${items.length} items` : undefined}
        className="span-full"
      >
        <p className="muted queue-intro">
          Gain: the change in P(mastered) of the item&apos;s objective over a student&apos;s next
          (up to) 5 answers after using it, averaged over learners, with its 95% interval. The
          comparison subtracts the gain of students who practised the objective without using any of
          its content. Few learners mean a wide interval; an interval that crosses 0 shows no clear
          difference. Not a causal estimate.
        </p>
        {state.status === 'loading' ? (
          <LoadingMessage>Loading content effectiveness…</LoadingMessage>
        ) : null}
        {state.status === 'error' ? (
          <ErrorMessage error={state.error} what="content effectiveness" onRetry={refresh} />
        ) : null}
        <RefreshProblem error={state.refreshError} />
        {state.data && items.length === 0 ? (
          <p className="muted">No content has been used by students of this section yet.</p>
        ) : null}
        {items.length > 0 ? (
          <div className="table-scroll">
            <table className="data-table effectiveness-table">
              <caption className="visually-hidden">
                Learning gain after each content item in {section.name}, highest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Content</th>
                  <th scope="col">Type</th>
                  <th scope="col">Objective</th>
                  <th scope="col">Learners</th>
                  <th scope="col">Mean gain (95% interval)</th>
                  <th scope="col">Against practice only (95% interval)</th>
                  <th scope="col" aria-hidden="true" className="gain-bar-col">
                    Interval
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.contentId}>
                    <th scope="row">{item.title}</th>
                    <td>{contentTypeLabel(item)}</td>
                    <td>{titleOf(item.objectiveId)}</td>
                    <td>{item.learners}</td>
                    <td className="gain-figure">
                      {signed(item.meanGain)} ({signed(item.ciLow)} to {signed(item.ciHigh)})
                    </td>
                    <td className="gain-figure">
                      {item.lift === null ? (
                        <span className="muted">no baseline</span>
                      ) : (
                        <>
                          {signed(item.lift)}
                          {item.liftCiLow !== null && item.liftCiHigh !== null
                            ? ` (${signed(item.liftCiLow)} to ${signed(item.liftCiHigh)})`
                            : ''}
                          <span className="muted gain-baseline">
                            {item.baselineLearners} practised only
                          </span>
                        </>
                      )}
                    </td>
                    <td aria-hidden="true" className="gain-bar-col">
                      <GainBar item={item} scale={scale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Panel>
    </div>
  );
}

function contentTypeLabel(item: ContentEffect): string {
  const known = ['video', 'reading', 'interactive', 'assessment_item'] as const;
  const type = known.find((t) => t === item.type);
  return type ? contentTypeName(type) : item.type;
}

/** "+0.12", "−0.05", "0.00": gains are differences of probabilities. */
function signed(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value > 0.005 ? `+${text}` : value < -0.005 ? `−${text}` : text;
}

function GainBar({ item, scale }: { item: ContentEffect; scale: (v: number) => number }) {
  const width = 120;
  const x = (v: number) => Math.round(scale(v) * width * 10) / 10;
  return (
    <svg
      className="gain-bar"
      width={width}
      height={18}
      viewBox={`0 0 ${width} 18`}
      focusable="false"
    >
      <line className="gain-zero" x1={x(0)} x2={x(0)} y1={1} y2={17} />
      <line className="gain-interval" x1={x(item.ciLow)} x2={x(item.ciHigh)} y1={9} y2={9} />
      <circle
        className={item.meanGain >= 0 ? 'gain-mean' : 'gain-mean gain-negative'}
        cx={x(item.meanGain)}
        cy={9}
        r={4}
      />
    </svg>
  );
}
