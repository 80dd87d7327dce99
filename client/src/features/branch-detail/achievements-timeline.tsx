/** Achievements as a timeline (newest first), coloured by kind, with level, hours and person-times. */
import { Button, Popconfirm, Tag, Timeline, Typography } from 'antd';
import { ACHIEVEMENT_KINDS, LEVELS, type TAchievementKind } from '../../../../shared/domain';
import { EmptyState } from '../../components/states';
import type { TAchievementRecord } from '../../lib/api-types';
import { formatNumber } from '../../lib/format';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { EvidenceButton } from './evidence-attachments';
import { MESSAGES } from './messages';
import { deleteConfirmText } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

const KIND_COLORS: Record<TAchievementKind, string> = {
  volunteer_service: 'green',
  project_approval: 'blue',
  award: 'gold',
  proposal_adopted: 'purple',
};

/** Edit and delete per achievement, for those who may change the branch's records. */
export interface TAchievementActions {
  onEdit: (achievement: TAchievementRecord) => void;
  onDelete: (achievement: TAchievementRecord) => void;
}

export function AchievementsTimeline({
  rows,
  limit,
  actions,
}: {
  rows: readonly TAchievementRecord[] | undefined;
  limit?: number;
  actions?: TAchievementActions;
}) {
  const { lang } = useI18n();
  const m = useMessages(MESSAGES);
  const r = useMessages(RECORD_MESSAGES);
  if (!rows || rows.length === 0) return <EmptyState description={m('noAchievements')} />;
  const shown = limit ? rows.slice(0, limit) : rows;
  return (
    <Timeline
      data-testid="achievements-timeline"
      items={shown.map((a) => ({
        key: a.id,
        color: KIND_COLORS[a.kind],
        content: (
          <div className="achievement-item" data-achievement-id={a.id}>
            <Typography.Text type="secondary">{a.achievedOn}</Typography.Text>{' '}
            <Tag color={KIND_COLORS[a.kind]}>{enumLabel(ACHIEVEMENT_KINDS, a.kind, lang)}</Tag>
            {a.level ? <Tag>{enumLabel(LEVELS, a.level, lang)}</Tag> : null}
            <div>
              {a.title}
              <EvidenceButton
                target={{ kind: 'achievement', recordId: a.id }}
                count={a.evidenceCount}
                title={a.title}
              />
              {actions ? (
                <span className="achievement-actions">
                  <Button
                    type="link"
                    size="small"
                    data-testid="achievement-edit"
                    onClick={() => actions.onEdit(a)}
                  >
                    {r('edit')}
                  </Button>
                  <Popconfirm
                    title={deleteConfirmText(a, lang)}
                    okText={r('delete')}
                    cancelText={r('cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => actions.onDelete(a)}
                  >
                    <Button type="link" size="small" danger data-testid="achievement-delete">
                      {r('delete')}
                    </Button>
                  </Popconfirm>
                </span>
              ) : null}
            </div>
            {a.kind === 'volunteer_service' ? (
              <Typography.Text type="secondary">
                {m('col.hours')}{' '}
                {formatNumber(a.hours, a.hours != null && !Number.isInteger(a.hours) ? 1 : 0)} ·{' '}
                {m('col.participants')} {formatNumber(a.participants)}
              </Typography.Text>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}
