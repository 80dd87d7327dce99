/** The branch list (支部名册): its query, its columns and its URL-kept sorting. */
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, type SortingState } from '@tanstack/react-table';
import { Tag, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { CATEGORIES } from '../../../../shared/domain';
import { todayIso } from '../../../../shared/schemas/date';
import { DataTable, type TDataTableFeatures } from '../../components/data-table';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import type { TRouterOutputs } from '../../lib/api-types';
import { enumLabel, type TLang, translate } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { Link, setSearchParams, useLocation } from '../../lib/router';
import { formatSorting, parseSorting } from '../../lib/sorting-param';
import {
  exportHeaderBlock,
  sheetTableOf,
  type TGridSheetSource,
  tableExportFileName,
} from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import './branches.css';

export type TBranchRow = TRouterOutputs['branches']['list'][number];

const helper = createColumnHelper<TDataTableFeatures, TBranchRow>();

function buildColumns(lang: TLang) {
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  return helper.columns([
    helper.accessor('code', { header: t('branches.col.code'), sortFn: 'alphanumeric' }),
    helper.accessor('name', {
      header: t('branches.col.name'),
      sortFn: 'zhText',
      cell: (info) => {
        const row = info.row.original;
        return (
          <span className="branch-name">
            <Link to={`/branch/${encodeURIComponent(row.code)}`}>{row.name}</Link>
            {row.dissolvedOn ? <Tag color="default">{t('branches.dissolved')}</Tag> : null}
          </span>
        );
      },
    }),
    // Accessors return language-independent values: rows cache them, so a label computed here would
    // stay in the old language after a switch. The label is the cell's job.
    helper.accessor((row) => row.category ?? '', {
      id: 'category',
      header: t('branches.col.category'),
      sortFn: 'alphanumeric',
      cell: (info) => enumLabel(CATEGORIES, info.row.original.category, lang),
      meta: { exportValue: (_, row) => enumLabel(CATEGORIES, (row as TBranchRow).category, lang) },
    }),
    helper.accessor((row) => row.parentName ?? '', {
      id: 'parent',
      header: t('branches.col.parent'),
      sortFn: 'zhText',
    }),
    helper.accessor('establishedOn', { header: t('branches.col.established'), sortFn: 'alphanumeric' }),
    helper.accessor((row) => row.dissolvedOn ?? '', {
      id: 'dissolvedOn',
      header: t('branches.col.dissolved'),
      sortFn: 'alphanumeric',
    }),
    helper.accessor('memberCount', {
      header: t('branches.col.members'),
      sortFn: 'basic',
      meta: { align: 'end', exportFormat: 'int' },
    }),
    helper.accessor('activitiesThisYear', {
      header: t('branches.col.activitiesThisYear'),
      sortFn: 'basic',
      meta: { align: 'end', exportFormat: 'int' },
    }),
    helper.accessor('activitiesTotal', {
      header: t('branches.col.activitiesTotal'),
      sortFn: 'basic',
      meta: { align: 'end', exportFormat: 'int' },
    }),
  ]);
}

export function BranchTable() {
  const { lang, t } = useI18n();
  const user = useSession();
  const sheetRef = useRef<TGridSheetSource | null>(null);
  const { search } = useLocation();
  const query = useQuery(trpc.branches.list.queryOptions());
  const columns = useMemo(() => buildColumns(lang), [lang]);
  const sortParam = search.get('sort');
  const sorting = useMemo(() => parseSorting(sortParam), [sortParam]);
  const onSortingChange = (next: SortingState) =>
    setSearchParams({ sort: formatSorting(next) }, { replace: true });

  const rows = query.data;
  const totals = useMemo(
    () =>
      rows && {
        count: rows.length,
        // The counts are of today (branches.list): members on the roll today, sessions up to and including today.
        today: todayIso(),
        members: rows.reduce((sum, r) => sum + r.memberCount, 0),
        activities: rows.reduce((sum, r) => sum + r.activitiesThisYear, 0),
      },
    [rows],
  );

  // The list as shown (its sort), with the counts' day in the header block.
  const getExport = (): TTableExport | null => {
    const sheet = sheetRef.current?.sheet();
    if (!sheet || !totals) return null;
    const title = t('branches.title');
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock({ title, lang, filters: [t('branches.summary', totals)], user }, sheet),
        title,
      ),
      fileName: (extension) => tableExportFileName({ title, lang }, extension),
    };
  };

  return (
    <>
      {totals && totals.count > 0 ? (
        <div className="branch-summary-line">
          <Typography.Paragraph type="secondary" data-testid="branch-summary">
            {t('branches.summary', totals)}
          </Typography.Paragraph>
          <TableExportButton getExport={getExport} testId="branches-export" />
        </div>
      ) : null}
      <DataTable
        label={t('branches.title')}
        columns={columns}
        data={rows}
        getRowId={(row) => row.code}
        sorting={sorting}
        onSortingChange={onSortingChange}
        isLoading={query.isPending}
        error={query.error}
        onRetry={() => void query.refetch()}
        emptyText={t('branches.empty')}
        sheetRef={sheetRef}
      />
    </>
  );
}
