/**
 * The mastery trajectory of one objective as an SVG step chart (an image with a text summary
 * for screen readers), a chooser for the objective, and the same points as a table.
 */
import { useId, useMemo, useState } from 'react';
import type { MasteryHistory } from '../../api/api-types';
import { formatDateTime } from './format-time';
import { formatPercent } from './mastery-scale';
import { buildTrajectory, objectivesWithHistory } from './trajectory-geometry';

const dayFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

export function TrajectoryPanel(props: {
  history: MasteryHistory;
  studentName: string;
  threshold: number | null;
}) {
  const { history, studentName, threshold } = props;
  const withHistory = useMemo(() => objectivesWithHistory(history.points), [history.points]);
  const [chosen, setChosen] = useState<string | null>(null);
  const selectId = useId();
  const titleId = useId();
  const descId = useId();
  const objectiveId =
    chosen !== null && withHistory.some((o) => o.objectiveId === chosen)
      ? chosen
      : (withHistory[0]?.objectiveId ?? null);
  const titleOf = (id: string) => history.objectives.find((o) => o.id === id)?.title ?? 'Objective';

  const points = useMemo(
    () => history.points.filter((p) => p.objectiveId === objectiveId),
    [history.points, objectiveId],
  );
  const geometry = useMemo(
    () =>
      buildTrajectory({
        points,
        now: Date.now(),
        threshold,
        formatDay: (ms) => dayFormat.format(ms),
      }),
    [points, threshold],
  );

  if (objectiveId === null) {
    return <p className="muted">{studentName} has no mastery evidence in this course yet.</p>;
  }
  const first = points[0];
  const last = points[points.length - 1];
  const title = `P(mastered) of ${titleOf(objectiveId)} over time`;
  const summary =
    first && last
      ? `${points.length} updates from ${formatPercent(first.pMastery)} on ${formatDateTime(first.at)} to ${formatPercent(last.pMastery)} on ${formatDateTime(last.at)}.` +
        (threshold !== null ? ` Mastered at ${formatPercent(threshold)}.` : '')
      : '';
  const { box } = geometry;

  return (
    <div className="trajectory">
      <div className="field trajectory-field">
        <label htmlFor={selectId}>Objective</label>
        <select id={selectId} value={objectiveId} onChange={(e) => setChosen(e.target.value)}>
          {withHistory.map((entry) => (
            <option key={entry.objectiveId} value={entry.objectiveId}>
              {titleOf(entry.objectiveId)} (now {formatPercent(entry.latest)})
            </option>
          ))}
        </select>
      </div>
      <figure className="trajectory-figure">
        <svg
          className="trajectory-chart"
          viewBox={`0 0 ${box.width} ${box.height}`}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
          focusable="false"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{summary}</desc>
          {geometry.yTicks.map((tick) => (
            <g key={tick.label} className="chart-grid">
              <line
                x1={box.margin.left}
                x2={box.width - box.margin.right}
                y1={tick.position}
                y2={tick.position}
              />
              <text x={box.margin.left - 6} y={tick.position} dy="0.32em" textAnchor="end">
                {tick.label}
              </text>
            </g>
          ))}
          {geometry.xTicks.map((tick) => (
            <text
              key={tick.position}
              className="chart-axis-label"
              x={tick.position}
              y={box.height - box.margin.bottom + 18}
              textAnchor="middle"
            >
              {tick.label}
            </text>
          ))}
          {geometry.thresholdY !== null ? (
            <g className="chart-threshold">
              <line
                x1={box.margin.left}
                x2={box.width - box.margin.right}
                y1={geometry.thresholdY}
                y2={geometry.thresholdY}
              />
              <text x={box.width - box.margin.right} y={geometry.thresholdY - 4} textAnchor="end">
                mastered
              </text>
            </g>
          ) : null}
          <path className="chart-line" d={geometry.path} />
          {geometry.points.map((point) => (
            <circle key={point.at} className="chart-point" cx={point.x} cy={point.y} r={3} />
          ))}
        </svg>
        <figcaption className="muted">{summary}</figcaption>
      </figure>
      <details className="trajectory-table">
        <summary>Show the trajectory as a table</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">P(mastered)</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={point.at}>
                  <th scope="row">
                    <time dateTime={point.at}>{formatDateTime(point.at)}</time>
                  </th>
                  <td>{formatPercent(point.pMastery)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
