/**
 * The students at risk, highest risk first: a table with the risk, when they were last active
 * and their reasons, grouped by kind, with every reason one click away.
 */
import { useState } from 'react';
import type { Objective, RiskReason, SectionAtRisk } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import { formatDateTime, formatRelative } from './format-time';
import { formatPercent } from './mastery-scale';
import { groupReasons, moreLikeThis } from './risk-reasons';

/** Rows shown before "Show all": the overview stays scannable with a long list. */
const FIRST_ROWS = 8;

export function AtRiskList(props: {
  sectionId: string;
  atRisk: SectionAtRisk;
  objectives: readonly Objective[];
}) {
  const { sectionId, atRisk, objectives } = props;
  const [showAll, setShowAll] = useState(false);
  if (atRisk.students.length === 0) {
    return <p className="muted">No student is flagged at risk right now.</p>;
  }
  const titleOf = (id: string | null) =>
    id === null ? null : (objectives.find((o) => o.id === id)?.title ?? null);
  const now = Date.now();
  const hidden = showAll ? 0 : Math.max(0, atRisk.students.length - FIRST_ROWS);
  const shown = hidden > 0 ? atRisk.students.slice(0, FIRST_ROWS) : atRisk.students;
  return (
    <>
      <div className="table-scroll">
        <table className="data-table at-risk-table">
          <caption className="visually-hidden">Students at risk, highest risk first</caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Risk</th>
              <th scope="col">Last active</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((student) => (
              <tr key={student.studentId}>
                <th scope="row">
                  <a href={routeHref('sections', sectionId, 'students', student.studentId)}>
                    {student.name}
                  </a>
                </th>
                <td>
                  <span className="risk-badge" data-level={riskLevel(student.risk)}>
                    {formatPercent(student.risk)}
                  </span>
                </td>
                <td className="at-risk-active">
                  {student.lastActiveAt ? (
                    <time
                      dateTime={student.lastActiveAt}
                      title={formatDateTime(student.lastActiveAt)}
                    >
                      {formatRelative(student.lastActiveAt, now)}
                    </time>
                  ) : (
                    'never'
                  )}
                </td>
                <td>
                  <ReasonSummary reasons={student.reasons} titleOf={titleOf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {atRisk.students.length > FIRST_ROWS ? (
        <button
          type="button"
          className="button button-secondary show-all-button"
          aria-expanded={showAll}
          onClick={() => setShowAll((v) => !v)}
        >
          {showAll
            ? `Show the first ${FIRST_ROWS} only`
            : `Show all ${atRisk.students.length} students at risk`}
        </button>
      ) : null}
    </>
  );
}

export function ReasonSummary(props: {
  reasons: readonly RiskReason[];
  titleOf: (id: string | null) => string | null;
}) {
  const { reasons, titleOf } = props;
  const groups = groupReasons(reasons);
  return (
    <>
      <ul className="reason-list">
        {groups.map((group) => (
          <li key={group.code}>
            {group.first.text}
            {moreLikeThis(group)}
          </li>
        ))}
      </ul>
      {reasons.length > groups.length ? (
        <details className="reason-details">
          <summary>All {reasons.length} reasons</summary>
          <ul className="reason-list">
            {reasons.map((reason, index) => (
              <li key={`${reason.code}-${index}`}>
                <ReasonText reason={reason} objective={titleOf(reason.objectiveId)} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function ReasonText({ reason, objective }: { reason: RiskReason; objective: string | null }) {
  return (
    <>
      {reason.text}
      {objective && !reason.text.includes(objective) ? (
        <span className="reason-objective"> · {objective}</span>
      ) : null}
      {reason.since ? (
        <span className="muted">
          {' '}
          · since <time dateTime={reason.since}>{formatDateTime(reason.since)}</time>
        </span>
      ) : null}
    </>
  );
}

function riskLevel(risk: number): 'high' | 'medium' | 'low' {
  return risk >= 0.7 ? 'high' : risk >= 0.4 ? 'medium' : 'low';
}
