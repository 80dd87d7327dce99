/**
 * 党员名册 (/members?period=&branch=&q=&sort=): the memberships on the roll in the period with role,
 * joined / left dates and share counts (`members.roster`, counted in SQL). Admin and leader read the whole
 * college or one branch (`?branch=<code>`), a secretary her own branch. Those who may change a branch add,
 * edit and delete its members with the record form's member form; an admin transfers (转出 → 转入).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Input, message, Select, Space, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { todayIso } from '../../../../shared/schemas/date';
import { resolveCountedRange } from '../../../../shared/schemas/period';
import { COLLEGE_SUBJECT } from '../../components/chart-scope';
import { PeriodPicker } from '../../components/period-picker';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { usePeriodState } from '../../lib/period-state';
import { setSearchParams, useSearchParam } from '../../lib/router';
import {
  exportHeaderBlock,
  sheetTableOf,
  type TGridSheetSource,
  tableExportFileName,
} from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { MemberForm, type TMemberFormTarget } from '../branch-detail/member-form';
import { useRefreshAfterWrite } from '../branch-detail/record-drawer';
import { RecordExportButton } from '../branch-detail/record-export-button';
import { RECORD_MESSAGES } from '../branch-detail/record-messages';
import { ROSTER_MESSAGES } from './messages';
import { filterRoster, type TRosterRow } from './roster-model';
import { RosterTable, type TRosterActions } from './roster-table';
import { TransferDialog } from './transfer-dialog';
import './roster.css';

export function RosterPage() {
  const { lang, t } = useI18n();
  const m = useMessages(ROSTER_MESSAGES);
  const r = useMessages(RECORD_MESSAGES);
  const user = useSession();
  const today = todayIso();
  const { period, asOf } = usePeriodState();
  const branchCode = useSearchParam('branch');
  const search = useSearchParam('q') ?? '';
  const [messageApi, contextHolder] = message.useMessage();
  const refresh = useRefreshAfterWrite();

  const branches = useQuery(trpc.branches.list.queryOptions());
  const branchList = branches.data ?? [];
  const isSecretary = user.role === 'secretary';
  // A secretary's roster is her branch's; others choose one or the whole college.
  const branch = isSecretary
    ? branchList.find((b) => b.id === user.branchId)
    : branchList.find((b) => b.code === branchCode);
  const branchId = isSecretary ? (user.branchId ?? undefined) : branch?.id;
  const roster = useQuery(trpc.members.roster.queryOptions({ period, asOf, branchId }));
  const rows = useMemo(() => filterRoster(roster.data ?? [], search), [roster.data, search]);
  const shares = useMemo(() => (roster.data ?? []).reduce((sum, row) => sum + row.shares, 0), [roster.data]);

  const [memberTarget, setMemberTarget] = useState<{ branchId: number; target: TMemberFormTarget } | null>(
    null,
  );
  const [transferring, setTransferring] = useState<TRosterRow | null>(null);
  const { mutateAsync: removeMember } = useMutation(trpc.records.removeMember.mutationOptions());

  const canEditBranch = useCallback(
    (id: number) => user.role === 'admin' || (isSecretary && user.branchId === id),
    [user.role, user.branchId, isSecretary],
  );
  const actions = useMemo<TRosterActions>(
    () => ({
      hasActions: user.role !== 'leader',
      canEdit: (row) => canEditBranch(row.branchId),
      // Both branches change: only an admin may (server/records/member-transfer.ts).
      canTransfer: user.role === 'admin',
      onEdit: (row) => setMemberTarget({ branchId: row.branchId, target: { mode: 'edit', member: row } }),
      onTransfer: setTransferring,
      onDelete: (row) => {
        void (async () => {
          try {
            await removeMember({ id: row.id });
            void messageApi.success(r('deleted'));
            await refresh();
          } catch (error) {
            void messageApi.error(error instanceof Error ? error.message : String(error), 8);
          }
        })();
      },
    }),
    [canEditBranch, user.role, removeMember, messageApi, r, refresh],
  );

  const addTo = branchId !== undefined && canEditBranch(branchId) ? branchId : undefined;

  // The grid as shown at the click: the rows the server sent this user (a secretary's are her branch's),
  // narrowed by the search, in the grid's sort, with the columns it shows.
  const sheetRef = useRef<TGridSheetSource | null>(null);
  const getExport = (): TTableExport | null => {
    const sheet = sheetRef.current?.sheet();
    if (!sheet) return null;
    const title = t('nav.members');
    const subject = branch?.name ?? COLLEGE_SUBJECT[lang];
    const filters = [
      ...(branch && !isSecretary ? [`${m('branchFilter')} ${branch.name}`] : []),
      ...(search.trim() ? [`${m('searchLabel')} “${search.trim()}”`] : []),
    ];
    const headerBlock = exportHeaderBlock(
      {
        title: `${subject} · ${title}`,
        lang,
        period,
        asOf: resolveCountedRange(period, asOf, today).asOf,
        filters,
        user,
      },
      sheet,
    );
    return {
      table: sheetTableOf(sheet, headerBlock, title),
      fileName: (extension) => tableExportFileName({ title, subject, period, lang }, extension),
    };
  };

  return (
    <section className="roster-page">
      {contextHolder}
      <Typography.Title level={1} className="page-title">
        {t('nav.members')}
      </Typography.Title>
      <div className="roster-toolbar">
        <PeriodPicker />
        {isSecretary ? null : (
          <Select
            className="roster-branch"
            data-testid="roster-branch"
            aria-label={m('branchFilter')}
            value={branch?.code ?? ''}
            showSearch={{ optionFilterProp: 'label' }}
            loading={branches.isPending}
            onChange={(code: string) => setSearchParams({ branch: code || null })}
            options={[
              { value: '', label: m('allBranches') },
              ...branchList.map((b) => ({
                value: b.code,
                label: b.dissolvedOn ? `${b.name}（${m('dissolved')}）` : b.name,
              })),
            ]}
          />
        )}
        <Input.Search
          className="roster-search"
          data-testid="roster-search"
          allowClear
          placeholder={m('search')}
          aria-label={m('search')}
          defaultValue={search}
          onSearch={(q) => setSearchParams({ q: q.trim() || null }, { replace: true })}
        />
        {user.role === 'leader' ? null : (
          <Button
            data-testid="roster-add"
            disabled={addTo === undefined}
            title={addTo === undefined ? m('pickBranchToAdd') : undefined}
            onClick={() =>
              addTo !== undefined && setMemberTarget({ branchId: addTo, target: { mode: 'new' } })
            }
          >
            {r('addMember')}
          </Button>
        )}
      </div>
      {roster.data ? (
        <div className="roster-summary-line">
          <Typography.Paragraph type="secondary" data-testid="roster-summary">
            {rows.length === roster.data.length
              ? m('summary', { n: roster.data.length, shares })
              : m('summaryFiltered', { shown: rows.length, n: roster.data.length })}
          </Typography.Paragraph>
          {/* Together at the line's end (the line spreads the summary and the exports apart). */}
          <Space size={8} wrap>
            <TableExportButton getExport={getExport} disabled={rows.length === 0} testId="roster-export" />
            {/* The same members in the import layout, to edit and import back: the chosen branch's whole
                roll, or with none the period's roll of every branch the user may read (the search does
                not narrow it: a file to import back holds whole branches). */}
            <RecordExportButton
              code={isSecretary ? undefined : branch?.code}
              sheet="members"
              period={period}
              asOf={asOf}
              label={m('exportImportLayout')}
              testId="roster-export-import-layout"
            />
          </Space>
        </div>
      ) : null}
      <RosterTable
        rows={roster.data ? rows : undefined}
        today={today}
        isOneBranch={branchId !== undefined}
        actions={actions}
        isLoading={roster.isPending}
        error={roster.error}
        onRetry={() => void roster.refetch()}
        emptyText={search && roster.data?.length ? m('noMatch') : m('empty')}
        sheetRef={sheetRef}
      />
      <MemberForm
        branchId={memberTarget?.branchId ?? 0}
        target={memberTarget?.target ?? null}
        today={today}
        onClose={() => setMemberTarget(null)}
        onSaved={() => {
          setMemberTarget(null);
          void messageApi.success(r('saved'));
          void refresh();
        }}
      />
      <TransferDialog
        member={transferring}
        branches={branchList}
        today={today}
        onClose={() => setTransferring(null)}
        onDone={(text) => {
          setTransferring(null);
          void messageApi.success(text, 6);
          void refresh();
        }}
      />
    </section>
  );
}
