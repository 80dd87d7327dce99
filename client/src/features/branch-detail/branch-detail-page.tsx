/**
 * /branch/<code>: one branch in depth for the chosen period — header with index and ranks, session
 * calendar, slot grid, formats and modules, goal bullets, monthly trend, achievements and the activity
 * list. Every number opens its records in the drill-through drawer (state in the address). Who may
 * change the branch's records (its secretary, admins) records sessions, achievements and members here;
 * for the secretary the page is her home, opening on what is due and overdue (本支部待办).
 */
import { useQuery } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { Alert, Button, Card, Col, Row, Space, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { goalScalingOf, goalScalingText, isRunningMonth } from '../../../../shared/goal-scaling';
import { METRICS, type TMetricKey } from '../../../../shared/metric-keys';
import { todayIso } from '../../../../shared/schemas/date';
import type { TBranchMetrics, TMetricsScope } from '../../../../shared/schemas/metrics';
import { ChartScopeProvider } from '../../components/chart-scope';
import { EChart } from '../../components/e-chart';
import { PeriodEmptyState, usePeriodCoverageText } from '../../components/period-coverage';
import { PeriodPicker } from '../../components/period-picker';
import { ReportButton } from '../../components/report-button';
import { ErrorState, LoadingState } from '../../components/states';
import type { TBranchCard } from '../../lib/api-types';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { formatPeriod, usePeriodState } from '../../lib/period-state';
import { setSearchParams, useLocation } from '../../lib/router';
import { formatSorting, parseSorting } from '../../lib/sorting-param';
import { trpc } from '../../lib/trpc';
import { useSession } from '../auth/session';
import { AchievementsTimeline } from './achievements-timeline';
import { ActivityTable } from './activity-table';
import { activityTypeOf, BranchAgenda } from './branch-agenda';
import { BranchHeader } from './branch-header';
import { branchLifetimeNotice, type TLifetimeNotice } from './branch-lifetime';
import {
  buildCalendarHeatmapOption,
  buildFormatsOption,
  buildGoalBulletsOption,
  buildModulesOption,
  buildMonthlyTrendOption,
} from './chart-options';
import { MembersSection } from './members-section';
import { MESSAGES } from './messages';
import { type TRecordEditing, useRecordEditing } from './record-editing';
import { RecordExportButton } from './record-export-button';
import { defaultDayFor, type TAgendaSlot } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';
import { openDrill, RecordsDrawer, type TRangeInput } from './records-drawer';
import { SlotGridExportButton } from './slot-grid-export-button';
import { SlotGridView } from './slot-grid-view';
import './branch-detail.css';

function Section({
  title,
  testId,
  extra,
  children,
}: {
  title: string;
  testId: string;
  extra?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card title={title} extra={extra} size="small" className="bd-detail-card" data-testid={testId}>
      {children}
    </Card>
  );
}

function BranchRecords({
  range,
  code,
  editing,
}: {
  range: TRangeInput;
  /** The branch's code: the record exports name it. */
  code: string;
  /** Forms and row actions, for those who may change the branch's records. */
  editing: TRecordEditing | null;
}) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const r = useMessages(RECORD_MESSAGES);
  const { search } = useLocation();
  const year = Number(range.period.slice(0, 4));
  const profile = useQuery(trpc.records.profile.queryOptions(range));
  const slots = useQuery(trpc.records.slots.queryOptions(range));
  const achievements = useQuery(trpc.records.achievements.queryOptions(range));
  const activities = useQuery(trpc.records.activities.queryOptions(range));
  const heatmap = useMemo(
    () => profile.data && buildCalendarHeatmapOption(profile.data.days, { lang, year }),
    [profile.data, lang, year],
  );
  const formats = useMemo(
    () => profile.data && buildFormatsOption(profile.data.formats, { lang }),
    [profile.data, lang],
  );
  const modules = useMemo(
    () => profile.data && buildModulesOption(profile.data.modules, { lang }),
    [profile.data, lang],
  );
  const onHeatmapEvents = useMemo(() => ({ click: () => openDrill({ drill: 'sessions' }) }), []);
  const onFormatEvents = onHeatmapEvents;
  const sortParam = search.get('sort');
  const sorting = useMemo(() => parseSorting(sortParam), [sortParam]);
  const onSortingChange = useCallback(
    (next: SortingState) => setSearchParams({ sort: formatSorting(next) }, { replace: true }),
    [],
  );

  return (
    <>
      <Section title={m('section.calendar')} testId="section-calendar">
        {profile.error ? (
          <ErrorState error={profile.error} />
        ) : heatmap ? (
          <EChart
            option={heatmap}
            title={m('section.calendar')}
            height={200}
            testId="calendar-heatmap"
            onEvents={onHeatmapEvents}
          />
        ) : (
          <LoadingState />
        )}
      </Section>
      <Section
        title={m('section.slots')}
        testId="section-slots"
        extra={<SlotGridExportButton slots={slots.data?.slots} />}
      >
        {slots.error ? (
          <ErrorState error={slots.error} />
        ) : slots.data ? (
          <SlotGridView
            slots={slots.data.slots}
            onOpenSlot={(slot, type) => openDrill({ drill: 'sessions', slot, type })}
          />
        ) : (
          <LoadingState />
        )}
      </Section>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Section title={m('section.formats')} testId="section-formats">
            {formats ? (
              <EChart
                option={formats}
                title={m('section.formats')}
                height={280}
                testId="formats-chart"
                onEvents={onFormatEvents}
              />
            ) : (
              <LoadingState />
            )}
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section title={m('section.modules')} testId="section-modules">
            {modules ? (
              <EChart option={modules} title={m('section.modules')} height={280} testId="modules-chart" />
            ) : (
              <LoadingState />
            )}
          </Section>
        </Col>
      </Row>
      <Section
        title={m('section.achievements')}
        testId="section-achievements"
        extra={
          <Space size="small">
            <RecordExportButton code={code} sheet="achievements" period={range.period} asOf={range.asOf} />
            {editing ? (
              <Button size="small" onClick={editing.addAchievement} data-testid="achievement-add">
                {r('addAchievement')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {achievements.error ? (
          <ErrorState error={achievements.error} />
        ) : achievements.isPending ? (
          <LoadingState />
        ) : (
          <AchievementsTimeline rows={achievements.data} actions={editing?.achievementActions} />
        )}
      </Section>
      <Section
        title={m('section.activities')}
        testId="section-activities"
        extra={
          <Space size="small">
            <RecordExportButton code={code} sheet="activities" period={range.period} asOf={range.asOf} />
            {editing ? (
              <Button size="small" onClick={() => editing.recordActivity()} data-testid="activity-add">
                {r('recordActivity')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <ActivityTable
          actions={editing?.activityActions}
          label={m('section.activities')}
          rows={activities.data}
          isLoading={activities.isPending}
          error={activities.error}
          onRetry={() => void activities.refetch()}
          sorting={sorting}
          onSortingChange={onSortingChange}
        />
      </Section>
    </>
  );
}

/** How each prorated count goal of the chart was scaled from its yearly goal (`年度目标 56 项 × 已统计 339/365 天`). */
function GoalScalingNotes({
  goals,
  scope,
}: {
  goals: NonNullable<TBranchMetrics['goals']>;
  scope: TMetricsScope;
}) {
  const { lang } = useI18n();
  const notes = Object.entries(goals).flatMap(([metric, goal]) => {
    const scaling = goal ? goalScalingOf(metric as TMetricKey, goal.target, scope) : null;
    const label = METRICS.find((x) => x.key === metric)?.[lang] ?? metric;
    return scaling ? [`${label}${lang === 'zh' ? '：' : ': '}${goalScalingText(scaling, '', lang)}`] : [];
  });
  if (notes.length === 0) return null;
  return (
    <ul className="bd-goal-scaling" data-testid="goal-scaling">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}

/** The branch did not exist in the period: when it was founded or dissolved, and its own period one click away. */
function LifetimeNotice({
  name,
  notice,
  onOpen,
}: {
  name: string;
  notice: TLifetimeNotice;
  onOpen: (period: string) => void;
}) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const { period } = usePeriodState();
  const target = formatPeriod(notice.period, lang);
  return (
    <Alert
      type="info"
      showIcon
      data-testid="branch-lifetime"
      title={m(`lifetime.${notice.kind}`, { name, day: notice.day, period: formatPeriod(period, lang) })}
      action={
        <Button size="small" data-testid="branch-lifetime-link" onClick={() => onOpen(notice.period)}>
          {m(notice.kind === 'notFounded' ? 'lifetime.linkFounded' : 'lifetime.linkDissolved', {
            period: target,
          })}
        </Button>
      }
    />
  );
}

export function BranchDetailPage({ code }: { code: string }) {
  const branch = useQuery(trpc.records.branch.queryOptions({ code }));
  if (branch.error) return <ErrorState error={branch.error} onRetry={() => void branch.refetch()} />;
  if (!branch.data) return <LoadingState />;
  return <BranchDetail branch={branch.data} />;
}

function BranchDetail({ branch }: { branch: TBranchCard }) {
  const { code } = branch;
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const r = useMessages(RECORD_MESSAGES);
  const user = useSession();
  const { period, parsed, asOf, setPeriod } = usePeriodState();
  const branchId = branch.id;
  const canEdit = branch.canEditRecords;
  // The college's calendar day by this browser's clock: "this month / quarter" of the agenda and the forms.
  const today = useMemo(() => todayIso(), []);
  const isHome = canEdit && user.role === 'secretary';
  // A period with no records, or outside the branch's life: a sentence in place of figures and slots.
  const emptyPeriod = usePeriodCoverageText();
  const lifetime = branchLifetimeNotice(branch, { period: parsed, asOf, today });
  const hasFigures = emptyPeriod === null && lifetime === null;
  const detail = useQuery({
    ...trpc.metrics.branch.queryOptions({ branchId, period, ...(asOf ? { asOf } : {}) }),
    enabled: branch.canReadRecords && lifetime === null,
  });
  // Another branch of a secretary: its index and ranks only, as the comparison shows them.
  const standing = useQuery({
    ...trpc.metrics.standing.queryOptions({ branchId, period, ...(asOf ? { asOf } : {}) }),
    enabled: !branch.canReadRecords && hasFigures,
  });
  // What the branch owes now: the record form's type hints, and the secretary's home.
  const agenda = useQuery({ ...trpc.records.agenda.queryOptions({ branchId, today }), enabled: canEdit });
  // The secretary's home compares her index with the college's mean (every role may read it).
  const college = useQuery({
    ...trpc.overview.summary.queryOptions({ period, ...(asOf ? { asOf } : {}), limit: 1 }),
    enabled: isHome,
  });
  const editing = useRecordEditing({ branchId, today, agenda: agenda.data });
  const restricted = standing.data?.metrics;
  const metrics = detail.data?.row.metrics;
  const goalsOption = useMemo(
    () =>
      metrics?.goals && Object.keys(metrics.goals).length > 0
        ? buildGoalBulletsOption(metrics.goals, metrics, { lang })
        : undefined,
    [metrics, lang],
  );
  const trendOption = useMemo(
    () => detail.data?.monthly && buildMonthlyTrendOption(detail.data.monthly, { lang }),
    [detail.data, lang],
  );

  const range: TRangeInput = { branchId, period, ...(asOf ? { asOf } : {}) };
  const scope = detail.data?.scope ?? standing.data?.scope;
  const scopeText = scope
    ? m('scope', { period: formatPeriod(scope.period, lang), asOf: scope.asOf })
    : formatPeriod(period, lang);
  const { recordActivity } = editing;
  const recordSlot = useCallback(
    (slot: TAgendaSlot) =>
      recordActivity({ type: activityTypeOf(slot.type), heldOn: defaultDayFor(slot, today) }),
    [recordActivity, today],
  );

  return (
    <ChartScopeProvider subject={branch.name} period={scope?.period ?? period} asOf={scope?.asOf}>
      <section className="branch-detail" data-testid="branch-detail">
        <div className="bd-page-toolbar">
          <Typography.Text type="secondary">{m('title')}</Typography.Text>
          {canEdit ? (
            <Button
              type="primary"
              size="large"
              className="bd-record-button"
              data-testid="record-activity"
              onClick={() => recordActivity()}
            >
              {r('recordActivity')}
            </Button>
          ) : null}
          {branch.canReadRecords ? (
            <ReportButton period={period} asOf={asOf} scope={{ branch: branch.code }} />
          ) : null}
          <PeriodPicker />
        </div>
        {isHome && agenda.data ? (
          <BranchAgenda
            agenda={agenda.data}
            comparison={{
              index: metrics?.index,
              rank: metrics?.rank,
              collegeIndex: college.data?.total.index,
              branches: college.data?.total.branches,
              isRunningMonth: scope ? isRunningMonth(scope) : false,
            }}
            onRecord={recordSlot}
          />
        ) : null}
        {lifetime ? (
          <LifetimeNotice name={branch.name} notice={lifetime} onOpen={setPeriod} />
        ) : emptyPeriod !== null ? (
          <PeriodEmptyState text={emptyPeriod} />
        ) : detail.error ? (
          <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
        ) : null}
        <BranchHeader
          branch={branch}
          metrics={metrics ?? restricted}
          scopeText={scopeText}
          isRunningMonth={scope ? isRunningMonth(scope) : false}
          onDrill={branch.canReadRecords ? openDrill : undefined}
        />
        {!branch.canReadRecords ? (
          <Alert type="info" showIcon title={m('restricted')} data-testid="restricted-notice" />
        ) : null}
        {metrics && hasFigures ? (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Section title={m('section.goals')} testId="section-goals">
                {goalsOption ? (
                  <EChart
                    option={goalsOption}
                    title={m('section.goals')}
                    height={Math.max(200, Object.keys(metrics.goals ?? {}).length * 30 + 40)}
                    testId="goals-chart"
                  />
                ) : (
                  <Typography.Text type="secondary">{m('status.none')}</Typography.Text>
                )}
                {scope && metrics.goals ? <GoalScalingNotes goals={metrics.goals} scope={scope} /> : null}
              </Section>
            </Col>
            <Col xs={24} xl={12}>
              <Section title={m('section.trend')} testId="section-trend">
                {trendOption ? (
                  <EChart option={trendOption} title={m('section.trend')} height={300} testId="trend-chart" />
                ) : (
                  <LoadingState />
                )}
              </Section>
            </Col>
          </Row>
        ) : detail.isLoading ? (
          <LoadingState />
        ) : null}
        {branch.canReadRecords && hasFigures ? (
          <BranchRecords range={range} code={code} editing={canEdit ? editing : null} />
        ) : null}
        {canEdit ? (
          <Section
            title={r('members.title')}
            testId="section-members"
            extra={<RecordExportButton code={code} sheet="members" period={period} asOf={asOf} />}
          >
            <MembersSection
              branchId={branchId}
              today={today}
              onAdd={editing.addMember}
              onEdit={editing.memberActions.onEdit}
              onDelete={editing.memberActions.onDelete}
            />
          </Section>
        ) : null}
        <RecordsDrawer range={range} code={code} branchName={branch.name} isAllowed={branch.canReadRecords} />
        {canEdit ? editing.outlet : null}
      </section>
    </ChartScopeProvider>
  );
}
