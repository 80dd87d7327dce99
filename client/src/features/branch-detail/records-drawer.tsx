/**
 * The drill-through drawer: the records behind a number of the page, opened and closed through the
 * address (drill-state.ts), so a link from any page opens it and the back button closes it.
 */
import { useQuery } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { Button, Drawer, Tag, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { ACHIEVEMENT_KINDS, REQUIREMENTS } from '../../../../shared/domain';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { TableExportButton } from '../../components/table-export-button';
import type { TBranchSlot } from '../../lib/api-types';
import { formatNumber, formatPercent } from '../../lib/format';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { setSearchParams, useLocation } from '../../lib/router';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { AchievementsTimeline } from './achievements-timeline';
import { ActivityTable } from './activity-table';
import { drillParams, readDrill, type TDrill } from './drill-state';
import { MESSAGES } from './messages';
import { RecordExportButton } from './record-export-button';
import { slotStatusColor } from './slot-grid-view';
import { slotSheet } from './slot-sheet';

export interface TRangeInput {
  branchId: number;
  period: string;
  asOf?: string;
}

export function openDrill(drill: TDrill | null) {
  setSearchParams(drillParams(drill));
}

function SlotList({ slots }: { slots: TBranchSlot[] }) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  if (slots.length === 0) return <EmptyState description={m('noRecords')} />;
  return (
    <div className="data-table-scroll">
      <table className="data-table" aria-label={m('drill.slots')} data-testid="drill-slot-list">
        <thead>
          <tr>
            <th>{m('col.slot')}</th>
            <th>{m('col.type')}</th>
            <th>{m('col.status')}</th>
            <th className="align-end">{m('col.sessions')}</th>
          </tr>
        </thead>
        <tbody>
          {slots.map((s) => (
            <tr key={`${s.slot}|${s.type}`} data-row-id={`${s.slot}|${s.type}`}>
              <td>{s.slot}</td>
              <td>{enumLabel(REQUIREMENTS, s.type, lang)}</td>
              <td>
                <Tag color={slotStatusColor(s.status)}>{m(`slot.${s.status}`)}</Tag>
              </td>
              <td className="align-end">
                <Button
                  type="link"
                  size="small"
                  disabled={s.sessionIds.length === 0}
                  onClick={() => openDrill({ drill: 'sessions', slot: s.slot, type: s.type })}
                >
                  {s.sessionIds.length}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function drillTitle(
  drill: TDrill,
  lang: 'zh' | 'en',
  m: ReturnType<typeof useMessages<keyof typeof MESSAGES.zh>>,
) {
  const parts = [m(`drill.${drill.drill}`)];
  if ('type' in drill && drill.type) parts.push(enumLabel(REQUIREMENTS, drill.type, lang));
  if ('slot' in drill && drill.slot) parts.push(drill.slot);
  if ('kind' in drill && drill.kind) parts.push(enumLabel(ACHIEVEMENT_KINDS, drill.kind, lang));
  return parts.join(' · ');
}

export function RecordsDrawer({
  range,
  code,
  branchName,
  isAllowed,
}: {
  range: TRangeInput;
  code: string;
  branchName: string;
  isAllowed: boolean;
}) {
  const { lang } = useI18n();
  const user = useSession();
  const m = useMessages(MESSAGES);
  const { search } = useLocation();
  const drill = readDrill(search);
  const [sorting, setSorting] = useState<SortingState>([]);
  const enabled = isAllowed && drill !== null;

  const slotsQuery = useQuery({
    ...trpc.records.slots.queryOptions(range),
    enabled: enabled && (drill?.drill === 'slots' || (drill?.drill === 'sessions' && !!drill.slot)),
  });
  const slotIds = useMemo(() => {
    if (drill?.drill !== 'sessions' || !drill.slot) return undefined;
    const hits = (slotsQuery.data?.slots ?? []).filter(
      (s) => s.slot === drill.slot && (!drill.type || s.type === drill.type),
    );
    return [...new Set(hits.flatMap((s) => s.sessionIds))];
  }, [drill, slotsQuery.data]);
  const needsActivities = drill?.drill === 'sessions' || drill?.drill === 'attendance';
  const activitiesQuery = useQuery({
    ...trpc.records.activities.queryOptions({
      ...range,
      ...(drill?.drill === 'sessions' && drill.type && !drill.slot ? { type: drill.type } : {}),
      ...(slotIds ? { ids: slotIds } : {}),
    }),
    enabled:
      enabled && needsActivities && (drill?.drill !== 'sessions' || !drill.slot || slotIds !== undefined),
  });
  const achievementsQuery = useQuery({
    ...trpc.records.achievements.queryOptions({
      ...range,
      ...(drill?.drill === 'achievements' && drill.kind ? { kind: drill.kind } : {}),
    }),
    enabled: enabled && drill?.drill === 'achievements',
  });

  let body = null;
  let count: number | null = null;
  let exportControl: ReactNode = null;
  const exportScope = { code, period: range.period, ...(range.asOf ? { asOf: range.asOf } : {}) };
  if (drill && !isAllowed) {
    body = <Typography.Paragraph type="secondary">{m('restricted')}</Typography.Paragraph>;
  } else if (drill?.drill === 'slots') {
    const slots = (slotsQuery.data?.slots ?? []).filter(
      // Only the slots that count (due): pending and outside slots are not owed by asOf.
      (s) => (s.status === 'met' || s.status === 'missed') && (!drill.type || s.type === drill.type),
    );
    count = slotsQuery.data ? slots.length : null;
    exportControl = (
      <TableExportButton
        testId="drill-export"
        getExport={() => {
          const sheet = slotSheet(slots, lang);
          const title = `${branchName} · ${drillTitle(drill, lang, m)}`;
          return {
            table: sheetTableOf(
              sheet,
              exportHeaderBlock(
                {
                  title,
                  lang,
                  period: range.period,
                  asOf: slotsQuery.data?.scope?.asOf ?? range.asOf,
                  filters: [],
                  user,
                },
                sheet,
              ),
              m('drill.slots'),
            ),
            fileName: (extension) =>
              tableExportFileName(
                { title: drillTitle(drill, lang, m), subject: branchName, period: range.period, lang },
                extension,
              ),
          };
        }}
      />
    );
    body = slotsQuery.error ? (
      <ErrorState error={slotsQuery.error} onRetry={() => void slotsQuery.refetch()} />
    ) : slotsQuery.isPending ? (
      <LoadingState />
    ) : (
      <SlotList slots={slots} />
    );
  } else if (drill?.drill === 'sessions' || drill?.drill === 'attendance') {
    const isAttendance = drill.drill === 'attendance';
    const rows = isAttendance
      ? activitiesQuery.data?.filter((a) => (a.expected ?? 0) > 0 && a.attended !== null)
      : activitiesQuery.data;
    count = rows ? rows.length : null;
    // The attendance view narrows the list in the browser; the others are what the server filters.
    if (!isAttendance)
      exportControl = (
        <RecordExportButton
          {...exportScope}
          sheet="activities"
          filter={{
            ...(drill.type && !drill.slot ? { type: drill.type } : {}),
            ...(slotIds ? { ids: slotIds } : {}),
          }}
        />
      );
    const expected = rows?.reduce((s, a) => s + (a.expected ?? 0), 0) ?? 0;
    const attended = rows?.reduce((s, a) => s + (a.attended ?? 0), 0) ?? 0;
    body = (
      <>
        {isAttendance && rows ? (
          <Typography.Paragraph data-testid="drill-attendance-sum">
            {m('drill.attendanceSum', {
              attended: formatNumber(attended),
              expected: formatNumber(expected),
              rate: formatPercent(expected > 0 ? attended / expected : null),
            })}
          </Typography.Paragraph>
        ) : null}
        <ActivityTable
          label={m('drill.sessions')}
          rows={rows}
          isLoading={
            activitiesQuery.isPending || (drill.drill === 'sessions' && !!drill.slot && slotsQuery.isPending)
          }
          error={activitiesQuery.error ?? slotsQuery.error}
          onRetry={() => void activitiesQuery.refetch()}
          sorting={sorting}
          onSortingChange={setSorting}
          isAttendanceFocus={isAttendance}
        />
      </>
    );
  } else if (drill?.drill === 'achievements') {
    count = achievementsQuery.data ? achievementsQuery.data.length : null;
    exportControl = (
      <RecordExportButton
        {...exportScope}
        sheet="achievements"
        filter={drill.kind ? { kind: drill.kind } : {}}
      />
    );
    body = achievementsQuery.error ? (
      <ErrorState error={achievementsQuery.error} onRetry={() => void achievementsQuery.refetch()} />
    ) : achievementsQuery.isPending ? (
      <LoadingState />
    ) : (
      <AchievementsTimeline rows={achievementsQuery.data} />
    );
  }

  return (
    <Drawer
      open={drill !== null}
      onClose={() => openDrill(null)}
      size={960}
      destroyOnHidden
      title={
        drill ? (
          <span data-testid="drill-title">
            {drillTitle(drill, lang, m)}
            {count !== null ? (
              <Typography.Text type="secondary" className="bd-drill-count" data-testid="drill-count">
                {' '}
                {m('drill.count', { n: count })}
              </Typography.Text>
            ) : null}
          </span>
        ) : null
      }
      extra={exportControl}
      rootClassName="records-drawer"
      data-testid="records-drawer"
    >
      <div data-testid="records-drawer-body">{body}</div>
    </Drawer>
  );
}
