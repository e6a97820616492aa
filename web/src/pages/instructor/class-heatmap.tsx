/**
 * The class heatmap: a real table of students (rows) × objectives (columns), each cell a
 * mastery colour and its percentage, with sortable column headers, a legend and a caption.
 * Screen readers get row and column headers and the value in words; sorting is announced.
 */
import { useMemo, useState } from 'react';
import type { SectionDashboard } from '../../api/api-types';
import { routeHref } from '../../app/hash-route';
import {
  DEFAULT_HEATMAP_SORT,
  ariaSortOf,
  buildHeatmapRows,
  describeSort,
  nextHeatmapSort,
  type HeatmapSort,
  type HeatmapSortKey,
} from './heatmap-model';
import { MASTERY_BANDS, NO_EVIDENCE_BAND, formatPercent } from './mastery-scale';

export function ClassHeatmap(props: {
  sectionId: string;
  sectionName: string;
  dashboard: SectionDashboard;
}) {
  const { sectionId, sectionName, dashboard } = props;
  const [sort, setSort] = useState<HeatmapSort>(DEFAULT_HEATMAP_SORT);
  const [sortMessage, setSortMessage] = useState('');
  const rows = useMemo(
    () => buildHeatmapRows(dashboard.objectives, dashboard.students, sort),
    [dashboard, sort],
  );

  if (dashboard.students.length === 0) {
    return <p className="muted">No students are enrolled in this section yet.</p>;
  }

  const sortBy = (key: HeatmapSortKey) => {
    const next = nextHeatmapSort(sort, key);
    setSort(next);
    setSortMessage(describeSort(next, dashboard.objectives));
  };
  const header = (key: HeatmapSortKey, label: string, className?: string) => (
    <th scope="col" aria-sort={ariaSortOf(sort, key)} className={className}>
      <button type="button" className="sort-button" onClick={() => sortBy(key)}>
        <span className="sort-label">{label}</span>
        <SortArrow direction={ariaSortOf(sort, key)} />
      </button>
    </th>
  );

  return (
    <div className="heatmap">
      <MasteryLegend />
      <p className="visually-hidden" role="status" aria-live="polite">
        {sortMessage}
      </p>
      <div
        className="table-scroll heatmap-scroll"
        tabIndex={0}
        role="region"
        aria-label="Class mastery heatmap, scrollable"
      >
        <table className="heatmap-table">
          <caption className="visually-hidden">
            Mastery of each objective by each student in {sectionName}.{' '}
            {describeSort(sort, dashboard.objectives)} Column headers are buttons that sort the
            table.
          </caption>
          <thead>
            <tr>
              {header({ by: 'name' }, 'Student', 'heatmap-student-col')}
              {header({ by: 'risk' }, 'At risk', 'heatmap-figure-col')}
              {header({ by: 'mastered' }, 'Mastered', 'heatmap-figure-col')}
              {header({ by: 'mean' }, 'Mean', 'heatmap-figure-col')}
              {dashboard.objectives.map((objective) => (
                <HeatmapObjectiveHeader
                  key={objective.id}
                  title={objective.title}
                  ariaSort={ariaSortOf(sort, { by: 'objective', objectiveId: objective.id })}
                  onSort={() => sortBy({ by: 'objective', objectiveId: objective.id })}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.student.id}>
                <th scope="row" className="heatmap-student">
                  <a href={routeHref('sections', sectionId, 'students', row.student.id)}>
                    {row.student.name}
                  </a>
                </th>
                <td className="heatmap-figure">
                  {row.student.atRisk ? (
                    <span className="risk-flag">At risk</span>
                  ) : (
                    <span className="muted">No</span>
                  )}
                </td>
                <td className="heatmap-figure">{row.student.masteredCount}</td>
                <td className="heatmap-figure">{formatPercent(row.mean)}</td>
                {row.cells.map((cell, index) => (
                  <td
                    key={cell.objectiveId}
                    className={`heatmap-cell ${cell.band.className}`}
                    title={`${row.student.name} · ${dashboard.objectives[index]?.title ?? ''}: ${cell.label}`}
                  >
                    <span aria-hidden="true">{cell.text}</span>
                    <span className="visually-hidden">{cell.label}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function HeatmapObjectiveHeader(props: {
  title: string;
  ariaSort: 'ascending' | 'descending' | 'none';
  onSort: () => void;
}) {
  return (
    <th scope="col" aria-sort={props.ariaSort} className="heatmap-objective-col">
      <button
        type="button"
        className="sort-button sort-button-vertical"
        onClick={props.onSort}
        title={props.title}
      >
        <span className="sort-label">{props.title}</span>
        <SortArrow direction={props.ariaSort} />
      </button>
    </th>
  );
}

function SortArrow({ direction }: { direction: 'ascending' | 'descending' | 'none' }) {
  return (
    <span className="sort-arrow" aria-hidden="true">
      {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
    </span>
  );
}

/** The legend: one swatch per band with its range, and the no-evidence swatch. */
export function MasteryLegend() {
  return (
    <div className="mastery-legend">
      <p className="mastery-legend-title" id="mastery-legend-title">
        P(mastered), in percent
      </p>
      <ul aria-labelledby="mastery-legend-title">
        {[...MASTERY_BANDS, NO_EVIDENCE_BAND].map((band) => (
          <li key={band.className}>
            <span className={`mastery-swatch ${band.className}`} aria-hidden="true" />
            {band.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
