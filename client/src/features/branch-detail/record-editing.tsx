/**
 * The branch page's editing state: which record form is open (local to the page), the row actions of
 * the activity list, the achievements and the members, deletes, and what the user is told after a
 * write. Every figure on the page is read again after a write (record-drawer.tsx useRefreshAfterWrite).
 */
import { useMutation } from '@tanstack/react-query';
import { message } from 'antd';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import type { TActivityType } from '../../../../shared/domain';
import type { TAchievementRecord, TActivityRecord } from '../../lib/api-types';
import { useMessages } from '../../lib/messages';
import { trpc } from '../../lib/trpc';
import { AchievementForm, type TAchievementFormTarget } from './achievement-form';
import type { TAchievementActions } from './achievements-timeline';
import { ActivityForm, type TActivityFormTarget } from './activity-form';
import type { TActivityRowActions } from './activity-table';
import { MemberForm, type TMemberFormTarget } from './member-form';
import { useRefreshAfterWrite } from './record-drawer';
import type { TAgenda, TMemberRecord } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

export interface TMemberActions {
  onEdit: (member: TMemberRecord) => void;
  onDelete: (member: TMemberRecord) => void;
}

export interface TRecordEditing {
  recordActivity: (preset?: { type?: TActivityType; heldOn?: string }) => void;
  addAchievement: () => void;
  addMember: () => void;
  activityActions: TActivityRowActions;
  achievementActions: TAchievementActions;
  memberActions: TMemberActions;
  /** The forms and the message outlet, rendered once by the page. */
  outlet: ReactNode;
}

export function useRecordEditing({
  branchId,
  today,
  agenda,
}: {
  branchId: number;
  today: string;
  agenda: TAgenda | undefined;
}): TRecordEditing {
  const m = useMessages(RECORD_MESSAGES);
  const [messageApi, contextHolder] = message.useMessage();
  const refresh = useRefreshAfterWrite();
  const [activityTarget, setActivityTarget] = useState<TActivityFormTarget | null>(null);
  const [achievementTarget, setAchievementTarget] = useState<TAchievementFormTarget | null>(null);
  const [memberTarget, setMemberTarget] = useState<TMemberFormTarget | null>(null);
  const removeActivity = useMutation(trpc.records.removeActivity.mutationOptions());
  const removeAchievement = useMutation(trpc.records.removeAchievement.mutationOptions());
  const removeMember = useMutation(trpc.records.removeMember.mutationOptions());

  const onSaved = useCallback(
    async (warnings: readonly string[]) => {
      setActivityTarget(null);
      setAchievementTarget(null);
      setMemberTarget(null);
      if (warnings.length) {
        for (const warning of warnings) void messageApi.warning(m('savedWithWarning', { warning }), 8);
      } else {
        void messageApi.success(m('saved'));
      }
      await refresh();
    },
    [messageApi, m, refresh],
  );

  const afterDelete = useCallback(
    async (done: Promise<unknown>) => {
      try {
        await done;
        void messageApi.success(m('deleted'));
        await refresh();
      } catch (error) {
        void messageApi.error(error instanceof Error ? error.message : String(error), 8);
      }
    },
    [messageApi, m, refresh],
  );

  const { mutateAsync: deleteActivity } = removeActivity;
  const { mutateAsync: deleteAchievement } = removeAchievement;
  const { mutateAsync: deleteMember } = removeMember;
  const activityActions = useMemo<TActivityRowActions>(
    () => ({
      onEdit: (activity: TActivityRecord) => setActivityTarget({ mode: 'edit', activity }),
      onDelete: (activity: TActivityRecord) => void afterDelete(deleteActivity({ id: activity.id })),
    }),
    [afterDelete, deleteActivity],
  );
  const achievementActions = useMemo<TAchievementActions>(
    () => ({
      onEdit: (achievement: TAchievementRecord) => setAchievementTarget({ mode: 'edit', achievement }),
      onDelete: (achievement: TAchievementRecord) =>
        void afterDelete(deleteAchievement({ id: achievement.id })),
    }),
    [afterDelete, deleteAchievement],
  );
  const memberActions = useMemo<TMemberActions>(
    () => ({
      onEdit: (member: TMemberRecord) => setMemberTarget({ mode: 'edit', member }),
      onDelete: (member: TMemberRecord) => void afterDelete(deleteMember({ id: member.id })),
    }),
    [afterDelete, deleteMember],
  );

  const outlet = (
    <>
      {contextHolder}
      <ActivityForm
        branchId={branchId}
        target={activityTarget}
        agenda={agenda}
        today={today}
        onClose={() => setActivityTarget(null)}
        onSaved={onSaved}
      />
      <AchievementForm
        branchId={branchId}
        target={achievementTarget}
        today={today}
        onClose={() => setAchievementTarget(null)}
        onSaved={onSaved}
      />
      <MemberForm
        branchId={branchId}
        target={memberTarget}
        today={today}
        onClose={() => setMemberTarget(null)}
        onSaved={onSaved}
      />
    </>
  );

  const recordActivity = useCallback(
    (preset: { type?: TActivityType; heldOn?: string } = {}) => setActivityTarget({ mode: 'new', ...preset }),
    [],
  );
  const addAchievement = useCallback(() => setAchievementTarget({ mode: 'new' }), []);
  const addMember = useCallback(() => setMemberTarget({ mode: 'new' }), []);
  return {
    recordActivity,
    addAchievement,
    addMember,
    activityActions,
    achievementActions,
    memberActions,
    outlet,
  };
}
