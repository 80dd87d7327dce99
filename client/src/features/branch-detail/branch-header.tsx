/** Name, category, parent, index, ranks and goal status, then the headline numbers; each number drills through. */
import { Card, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { CATEGORIES } from '../../../../shared/domain';
import { RUNNING_MONTH_TEXT } from '../../../../shared/goal-scaling';
import { indexStatusOf, type TBranchMetrics, type TGoalStatus } from '../../../../shared/schemas/metrics';
import type { TBranchCard } from '../../lib/api-types';
import { formatNumber, formatPercent, STATUS_TEXT_COLORS } from '../../lib/format';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import type { TDrill } from './drill-state';
import { MESSAGES } from './messages';

/** antd's status presets: a tinted background with dark or light text per theme, readable in both (a custom hex is white on colour, ~3.5:1). */
const STATUS_TAG_COLORS: Record<TGoalStatus, string> = {
  met: 'success',
  near: 'warning',
  behind: 'error',
  none: 'default',
};

/** The index read as a goal status with the thresholds of metrics.md (100 = every goal met). */
export function indexStatus(index: number | null | undefined): TGoalStatus {
  return indexStatusOf(index);
}

function Kpi({
  testId,
  title,
  value,
  extra,
  onClick,
}: {
  testId: string;
  title: string;
  value: string;
  extra?: ReactNode;
  onClick?: () => void;
}) {
  return (
    <Card size="small" className="bd-kpi-card">
      <div className="bd-kpi-title">{title}</div>
      {onClick ? (
        <button type="button" className="bd-kpi-value bd-kpi-drill" data-testid={testId} onClick={onClick}>
          {value}
        </button>
      ) : (
        <div className="bd-kpi-value" data-testid={testId}>
          {value}
        </div>
      )}
      {extra ? <div className="bd-kpi-extra">{extra}</div> : null}
    </Card>
  );
}

export function BranchHeader({
  branch,
  metrics,
  scopeText,
  isRunningMonth = false,
  onDrill,
}: {
  branch: TBranchCard;
  metrics: Partial<TBranchMetrics> | undefined;
  scopeText: string;
  /** A month still running: its index stands on a few metrics, so 进行中 stands in for it (issue 14.5). */
  isRunningMonth?: boolean;
  onDrill?: (drill: TDrill) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const status = isRunningMonth ? 'none' : indexStatus(metrics?.index);
  const running = RUNNING_MONTH_TEXT[lang];
  const drill = (d: TDrill) => (onDrill ? () => onDrill(d) : undefined);
  return (
    <section className="branch-header" data-testid="branch-header">
      <div className="bd-branch-title-row">
        <Typography.Title level={1} className="page-title bd-branch-title">
          {branch.name}
        </Typography.Title>
        <Space wrap size={[8, 4]}>
          {branch.category ? <Tag color="red">{enumLabel(CATEGORIES, branch.category, lang)}</Tag> : null}
          <Typography.Text type="secondary">
            {m('parent')}
            {lang === 'zh' ? '：' : ': '}
            {branch.parentName ?? m('noParent')}
          </Typography.Text>
          <Typography.Text type="secondary">{branch.code}</Typography.Text>
          <Typography.Text type="secondary">{scopeText}</Typography.Text>
        </Space>
      </div>
      <div className="bd-branch-scores">
        <div className="bd-score" data-testid="branch-index">
          <span className="bd-score-label">{m('index')}</span>
          <span
            className="bd-score-value"
            style={{ color: STATUS_TEXT_COLORS[status], whiteSpace: 'nowrap' }}
          >
            {isRunningMonth ? running.label : formatNumber(metrics?.index, 1)}
          </span>
          {isRunningMonth ? (
            <Typography.Text type="secondary" data-testid="branch-index-running">
              {running.note}
            </Typography.Text>
          ) : (
            <Tag color={STATUS_TAG_COLORS[status]} data-testid="branch-status" data-status={status}>
              {m(`status.${status}`)}
            </Tag>
          )}
        </div>
        <div className="bd-score" data-testid="branch-rank">
          <span className="bd-score-label">{m('rank')}</span>
          {/* Ranks of a running month's index mislead as much as the index (the compare grid's rule). */}
          <span className="bd-score-value">{(isRunningMonth ? null : metrics?.rank) ?? '—'}</span>
        </div>
        <div className="bd-score" data-testid="branch-category-rank">
          <span className="bd-score-label">{m('categoryRank')}</span>
          <span className="bd-score-value">{(isRunningMonth ? null : metrics?.categoryRank) ?? '—'}</span>
        </div>
      </div>
      {metrics?.complianceRate !== undefined ? (
        <>
          <div className="bd-kpi-grid">
            <Kpi
              testId="kpi-compliance"
              title={m('kpi.compliance')}
              value={formatPercent(metrics.complianceRate)}
              extra={m('kpi.slots', { met: metrics.metSlots ?? 0, due: metrics.dueSlots ?? 0 })}
              onClick={drill({ drill: 'slots' })}
            />
            <Kpi
              testId="kpi-sessions"
              title={m('kpi.sessions')}
              value={formatNumber(metrics.sessions)}
              onClick={drill({ drill: 'sessions' })}
            />
            <Kpi
              testId="kpi-attendance"
              title={m('kpi.attendance')}
              value={formatPercent(metrics.attendanceRate)}
              onClick={drill({ drill: 'attendance' })}
            />
            <Kpi
              testId="kpi-volunteer-hours"
              title={m('kpi.volunteerHours')}
              value={formatNumber(metrics.volunteerHours, 1)}
              onClick={drill({ drill: 'achievements', kind: 'volunteer_service' })}
            />
            <Kpi
              testId="kpi-projects"
              title={m('kpi.projects')}
              value={formatNumber(metrics.projectsApproved)}
              onClick={drill({ drill: 'achievements', kind: 'project_approval' })}
            />
            <Kpi
              testId="kpi-awards"
              title={m('kpi.awards')}
              value={formatNumber(metrics.awards)}
              onClick={drill({ drill: 'achievements', kind: 'award' })}
            />
            <Kpi
              testId="kpi-proposals"
              title={m('kpi.proposals')}
              value={formatNumber(metrics.proposalsAdopted)}
              onClick={drill({ drill: 'achievements', kind: 'proposal_adopted' })}
            />
          </div>
          {onDrill ? (
            <Typography.Text type="secondary" className="bd-drill-hint">
              {m('drillHint')}
            </Typography.Text>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
