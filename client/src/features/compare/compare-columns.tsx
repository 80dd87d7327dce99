/**
 * The compare grid's columns: sticky selection and name, identity, then one group per metric family, with
 * optional year-over-year columns. Cells are links to the records behind the number, coloured by goal status.
 */
import { type ColumnDef, createColumnHelper } from '@tanstack/react-table';
import { Checkbox, Tooltip } from 'antd';
import { createContext, useContext } from 'react';
import { RUNNING_MONTH_TEXT } from '../../../../shared/goal-scaling';
import type { TDeltaKey, TGoalStatus } from '../../../../shared/schemas/metrics';
import { LockIcon } from '../../components/icons';
import { RunningMonthValue } from '../../components/running-month';
import type { TGridFeatures } from '../../components/virtual-data-table';
import { DASH, STATUS_TEXT_COLORS } from '../../lib/format';
import type { TLang } from '../../lib/i18n';
import { translateFrom } from '../../lib/messages';
import { Link } from '../../lib/router';
import { MESSAGES } from './compare-messages';
import {
  COLUMN_GROUPS,
  categoryLabel,
  columnLabel,
  columnValue,
  drillUrl,
  formatDeltaValue,
  formatValue,
  hasDelta,
  isPercentColumn,
  sheetFormatOf,
  statusOf,
  type TColumnKey,
  type TCompareRow,
} from './compare-metrics';
import { MAX_SELECTED, type TRankMode } from './compare-url-state';

/** Selection lives outside the table (in the URL); cells read it here so the columns stay stable. */
export const SelectionContext = createContext<{
  selected: readonly string[];
  toggle: (code: string) => void;
}>({
  selected: [],
  toggle: () => {},
});

function SelectCell({ code, name, isRestricted }: { code: string; name: string; isRestricted: boolean }) {
  const { selected, toggle } = useContext(SelectionContext);
  const isChecked = selected.includes(code);
  return (
    <Checkbox
      checked={isChecked}
      // A restricted branch has no metrics to chart (only index and rank).
      disabled={(!isChecked && selected.length >= MAX_SELECTED) || (isRestricted && !isChecked)}
      onChange={() => toggle(code)}
      aria-label={name}
      data-select={code}
    />
  );
}

/** Light fills of the goal colours for Excel cells (dark text stays readable on them). */
const STATUS_FILLS: Partial<Record<TGoalStatus, string>> = {
  met: '#d9f7be',
  near: '#ffe7ba',
  behind: '#ffccc7',
};

const helper = createColumnHelper<TGridFeatures, TCompareRow>();
// biome-ignore lint/suspicious/noExplicitAny: each column has its own value type (number | null, string)
type TAnyColumn = ColumnDef<TGridFeatures, TCompareRow, any>;

export interface TColumnOptions {
  lang: TLang;
  showDelta: boolean;
  rankMode: TRankMode;
  scope: { period: string; asOf?: string };
  /** A month still running (shared/goal-scaling.ts): index and rank read 进行中, not their numbers. */
  isRunningMonth: boolean;
}

/** Ids of the identity columns that the columns menu offers (name always stays). */
export const IDENTITY_COLUMNS = ['code', 'category', 'parent'] as const;

/** The columns that stand on the composite index. */
const INDEX_COLUMNS: readonly TColumnKey[] = ['index', 'rank'];

export function buildCompareColumns({ lang, showDelta, rankMode, scope, isRunningMonth }: TColumnOptions) {
  const m = (key: Parameters<typeof translateFrom<keyof (typeof MESSAGES)['zh'] & string>>[2]) =>
    translateFrom(MESSAGES, lang, key);
  const labels = {
    goalsMet: m('col.goalsMet'),
    meanAttainment: m('col.meanAttainment'),
    index: m('col.index'),
    rank: rankMode === 'category' ? m('col.categoryRank') : m('col.rank'),
  };

  const metricColumn = (key: TColumnKey) => {
    const label = columnLabel(key, lang, labels);
    // Null, so sorting, filters and the ranking chart do not use a running month's index either.
    const isRunning = isRunningMonth && INDEX_COLUMNS.includes(key);
    return helper.accessor((row) => (isRunning ? null : columnValue(row, key, rankMode)), {
      id: key,
      header: label,
      // Nulls last in both directions: an unknown value is not the best or the worst.
      sortFn: 'basic',
      sortUndefined: 'last',
      sortDescFirst: key !== 'rank',
      filterFn: 'range',
      meta: {
        exportFormat: sheetFormatOf(key),
        // The goal colours as fills: the status of this branch's goal of the metric, if it has one.
        exportValue: (value, row) => {
          if (isRunning) return RUNNING_MONTH_TEXT[lang].label;
          const status = statusOf(row as TCompareRow, key);
          const fill = status ? STATUS_FILLS[status] : undefined;
          return fill && typeof value === 'number' ? { value, fill } : (value as number | null);
        },
        align: 'end',
        width: key === 'rank' ? 84 : 104,
        filter: 'range',
        filterScale: isPercentColumn(key) ? 100 : 1,
        title: label,
      },
      cell: (info) => {
        const row = info.row.original;
        const value = info.getValue();
        if (isRunning) return <RunningMonthValue />;
        if (value === null) return <span className="grid-empty">{DASH}</span>;
        // Another branch in a secretary's view: its index and rank, with no records behind them to open.
        if (row.isRestricted) return <span className="grid-restricted-value">{formatValue(key, value)}</span>;
        const status = statusOf(row, key);
        return (
          <Link
            to={drillUrl(row.branch.code, key, scope)}
            className={`grid-cell-link${status ? ` status-${status}` : ''}`}
            style={status ? { color: STATUS_TEXT_COLORS[status] } : undefined}
            data-status={status}
          >
            {formatValue(key, value)}
          </Link>
        );
      },
    });
  };

  const deltaColumn = (key: TDeltaKey) =>
    helper.accessor((row) => row.metrics.delta?.[key] ?? null, {
      id: `delta_${key}`,
      header: m('col.delta'),
      sortFn: 'basic',
      sortUndefined: 'last',
      sortDescFirst: true,
      filterFn: 'range',
      meta: {
        exportFormat: sheetFormatOf(key),
        align: 'end',
        width: 84,
        filter: 'range',
        filterScale: isPercentColumn(key) ? 100 : 1,
        title: `${columnLabel(key, lang, labels)} · ${m('col.delta')}`,
      },
      cell: (info) => {
        const value = info.getValue();
        return (
          <span
            className={`grid-delta${value == null ? ' grid-empty' : value > 0 ? ' is-up' : value < 0 ? ' is-down' : ''}`}
          >
            {formatDeltaValue(key, value)}
          </span>
        );
      },
    });

  const sticky: TAnyColumn[] = [
    helper.display({
      id: 'select',
      header: '',
      meta: { width: 44, sticky: true, align: 'start', title: m('col.select') },
      cell: (info) => (
        <SelectCell
          code={info.row.original.branch.code}
          name={info.row.original.branch.name}
          isRestricted={info.row.original.isRestricted}
        />
      ),
    }),
    helper.accessor((row) => row.branch.name, {
      id: 'name',
      header: m('col.name'),
      sortFn: 'zhText',
      filterFn: 'text',
      meta: { width: 220, sticky: true, filter: 'text' },
      cell: (info) => {
        const row = info.row.original;
        return (
          <span className="grid-branch-name">
            {row.isRestricted ? (
              <span title={row.branch.name}>{row.branch.name}</span>
            ) : (
              <Link to={drillUrl(row.branch.code, null, scope)} title={row.branch.name}>
                {row.branch.name}
              </Link>
            )}
            {row.isRestricted ? (
              <Tooltip title={m('restricted')}>
                <span className="grid-restricted" role="img" aria-label={m('restricted')}>
                  <LockIcon size={13} />
                </span>
              </Tooltip>
            ) : null}
          </span>
        );
      },
    }),
  ];
  const identity: TAnyColumn[] = [
    helper.accessor((row) => row.branch.code, {
      id: 'code',
      header: m('col.code'),
      sortFn: 'alphanumeric',
      filterFn: 'text',
      meta: { width: 96, filter: 'text' },
    }),
    // Accessors return language-independent values (rows cache them); the label is the cell's job.
    helper.accessor((row) => row.branch.category ?? '', {
      id: 'category',
      header: m('col.category'),
      sortFn: 'alphanumeric',
      meta: {
        width: 84,
        exportValue: (_, row) => categoryLabel((row as TCompareRow).branch.category, lang),
      },
      cell: (info) => categoryLabel(info.row.original.branch.category, lang),
    }),
    helper.accessor((row) => row.branch.parentName ?? '', {
      id: 'parent',
      header: m('col.parent'),
      sortFn: 'zhText',
      filterFn: 'text',
      meta: { width: 168, filter: 'text' },
      cell: (info) => <span title={info.getValue()}>{info.getValue()}</span>,
    }),
  ];

  const groups = COLUMN_GROUPS.map((group) =>
    helper.group({
      id: `group_${group.key}`,
      header: m(`group.${group.key}`),
      columns: group.columns.flatMap((key) => {
        const columns: TAnyColumn[] = [metricColumn(key)];
        if (showDelta && hasDelta(key)) columns.push(deltaColumn(key));
        return columns;
      }),
    }),
  );

  return helper.columns([
    ...sticky,
    helper.group({ id: 'group_identity', header: m('group.identity'), columns: identity }),
    ...groups,
  ]);
}
