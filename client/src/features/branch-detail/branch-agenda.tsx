/**
 * 本支部待办 — the secretary's home on her branch's page: the required sessions of this month, quarter
 * and year (done, or open with the days left, one click to record) and the overdue ones (工作欠账: the
 * unmet slots the compliance rate counts, one click to catch up each), with the branch's index and rank
 * against the college average. Data: `records.agenda` (server/records/agenda.ts). 导出 writes the list as
 * shown (agenda-sheet.ts).
 */
import { Button, Card, Tag, Typography } from 'antd';
import { REQUIREMENTS, type TActivityType, type TRequirement } from '../../../../shared/domain';
import { RUNNING_MONTH_TEXT } from '../../../../shared/goal-scaling';
import { useChartScope } from '../../components/chart-scope';
import { TableExportButton, type TTableExport } from '../../components/table-export-button';
import { formatNumber } from '../../lib/format';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod } from '../../lib/period-state';
import { exportHeaderBlock, sheetTableOf, tableExportFileName } from '../../lib/table-export';
import { useSession } from '../auth/session';
import { agendaSheet } from './agenda-sheet';
import { agendaGroups, type TAgenda, type TAgendaSlot } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';
import { slotHeading } from './slot-grid';

/** The activity type that meets a requirement (书记讲党课 is a 党课 given by the secretary). */
export function activityTypeOf(requirement: TRequirement): TActivityType {
  return requirement === 'secretary_lecture' ? 'party_lecture' : requirement;
}

export interface TIndexComparison {
  index: number | null | undefined;
  rank: number | null | undefined;
  collegeIndex: number | null | undefined;
  branches: number | null | undefined;
  /** A month still running: its index and rank are a note, as in the header (shared/goal-scaling.ts). */
  isRunningMonth: boolean;
}

function IndexLine({ comparison }: { comparison: TIndexComparison }) {
  const m = useMessages(RECORD_MESSAGES);
  const { lang } = useI18n();
  const { index, rank, collegeIndex, branches } = comparison;
  if (comparison.isRunningMonth) {
    const running = RUNNING_MONTH_TEXT[lang];
    return (
      <div className="bd-agenda-index" data-testid="agenda-index">
        <Tag>{running.label}</Tag>
        <Typography.Text type="secondary">{running.note}</Typography.Text>
      </div>
    );
  }
  const difference = index != null && collegeIndex != null ? index - collegeIndex : null;
  return (
    <div className="bd-agenda-index" data-testid="agenda-index">
      <span>
        {m('agenda.indexLine', { index: formatNumber(index, 1), avg: formatNumber(collegeIndex, 1) })}
      </span>
      {difference === null ? null : Math.abs(difference) < 0.05 ? (
        <Tag>{m('agenda.atAvg')}</Tag>
      ) : (
        <Tag color={difference > 0 ? 'success' : 'error'}>
          {m(difference > 0 ? 'agenda.aboveAvg' : 'agenda.belowAvg', {
            d: formatNumber(Math.abs(difference), 1),
          })}
        </Tag>
      )}
      {rank != null && branches ? <span>{m('agenda.rankLine', { rank, n: branches })}</span> : null}
    </div>
  );
}

function CurrentSlot({ slot, onRecord }: { slot: TAgendaSlot; onRecord: (slot: TAgendaSlot) => void }) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const isDone = slot.status === 'done';
  return (
    <li
      className="bd-agenda-item"
      data-testid="agenda-item"
      data-type={slot.type}
      data-slot={slot.slot}
      data-status={slot.status}
    >
      <span className="bd-agenda-type">{enumLabel(REQUIREMENTS, slot.type, lang)}</span>
      {isDone ? (
        <Tag color="success">
          ✓ {m('agenda.done')}
          {slot.sessionIds.length > 1 ? ` ×${slot.sessionIds.length}` : ''}
        </Tag>
      ) : (
        <>
          <Tag color={slot.daysLeft <= 7 ? 'error' : 'warning'}>
            {slot.daysLeft === 0 ? m('agenda.dueToday') : m('agenda.daysLeft', { n: slot.daysLeft })}
          </Tag>
          <Button
            type="primary"
            size="small"
            className="bd-agenda-record"
            data-testid="agenda-record"
            onClick={() => onRecord(slot)}
          >
            {m('agenda.record')}
          </Button>
        </>
      )}
    </li>
  );
}

export function BranchAgenda({
  agenda,
  comparison,
  onRecord,
}: {
  agenda: TAgenda;
  comparison: TIndexComparison;
  onRecord: (slot: TAgendaSlot) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(RECORD_MESSAGES);
  const user = useSession();
  const { subject } = useChartScope();
  const groups = agendaGroups(agenda);
  // The list as shown, as of today; the overdue part is of the agenda's own period.
  const getExport = (): TTableExport => {
    const sheet = agendaSheet(agenda, lang);
    const title = m('agenda.title');
    const period = agenda.scope.period;
    return {
      table: sheetTableOf(
        sheet,
        exportHeaderBlock(
          { title: `${subject} · ${title}`, lang, period, asOf: agenda.today, filters: [], user },
          sheet,
        ),
        title,
      ),
      fileName: (extension) => tableExportFileName({ title, subject, period, lang }, extension),
    };
  };
  const overdueByType = REQUIREMENTS.keys.flatMap((type) => {
    const slots = groups.overdue.filter((s) => s.type === type);
    return slots.length ? [{ type, slots }] : [];
  });
  const current = [
    { key: 'agenda.month', slots: groups.month },
    { key: 'agenda.quarter', slots: groups.quarter },
    { key: 'agenda.year', slots: groups.year },
  ] as const;
  return (
    <Card
      size="small"
      className="bd-agenda card-head-wraps"
      data-testid="branch-agenda"
      extra={<TableExportButton getExport={getExport} testId="agenda-export" />}
      title={
        <span>
          {m('agenda.title')}{' '}
          <Typography.Text type="secondary" className="bd-agenda-subtitle">
            {m('agenda.subtitle', { today: agenda.today })}
          </Typography.Text>
        </span>
      }
    >
      <IndexLine comparison={comparison} />
      <div className="bd-agenda-groups">
        {current.map(({ key, slots }) =>
          slots.length ? (
            <section key={key} className="bd-agenda-group" data-testid={`agenda-${key.slice(7)}`}>
              <Typography.Text strong>
                {m(key, { slot: formatPeriod(slots[0]?.slot ?? '', lang) })}
              </Typography.Text>
              <ul className="bd-agenda-list">
                {slots.map((slot) => (
                  <CurrentSlot key={`${slot.type}-${slot.slot}`} slot={slot} onRecord={onRecord} />
                ))}
              </ul>
            </section>
          ) : null,
        )}
        <section className="bd-agenda-group bd-agenda-overdue" data-testid="agenda-overdue">
          <Typography.Text strong>
            {m('agenda.overdue', { period: formatPeriod(agenda.scope.period, lang) })}
          </Typography.Text>
          {overdueByType.length === 0 ? (
            <Typography.Paragraph type="secondary" className="bd-agenda-none">
              {m('agenda.noOverdue')}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary" className="bd-agenda-hint">
              {' '}
              {m('agenda.catchUpHint')}
            </Typography.Text>
          )}
          {overdueByType.length === 0 ? null : (
            <ul className="bd-agenda-list">
              {overdueByType.map(({ type, slots }) => (
                <li key={type} className="bd-agenda-item bd-agenda-overdue-row" data-type={type}>
                  <span className="bd-agenda-type">
                    {enumLabel(REQUIREMENTS, type, lang)} <Tag color="error">{slots.length}</Tag>
                  </span>
                  <span className="bd-agenda-slots">
                    {slots.map((slot) => (
                      <Button
                        key={slot.slot}
                        size="small"
                        danger
                        title={`${m('agenda.catchUp')} ${formatPeriod(slot.slot, lang)}`}
                        data-testid="agenda-overdue-slot"
                        data-type={slot.type}
                        data-slot={slot.slot}
                        onClick={() => onRecord(slot)}
                      >
                        {slotHeading(slot.slot, lang)}
                      </Button>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}
