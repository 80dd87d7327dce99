/** The header's user menu: who is signed in, change password, sign out. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { USER_ROLES } from '../../../../shared/roles';
import { UserIcon } from '../../components/icons';
import { enumLabel } from '../../lib/i18n';
import { useI18n } from '../../lib/i18n-provider';
import { trpc } from '../../lib/trpc';
import { useSession } from './session';

/** The form (antd Form, Modal, validation) loads when first opened: few users change a password per visit. */
const ChangePasswordDialog = lazy(() =>
  import('./change-password-dialog').then((m) => ({ default: m.ChangePasswordDialog })),
);

/** `isCompact` (phones): an icon with the name as its label, and the name and role in the menu. */
export function UserMenu({ isCompact = false }: { isCompact?: boolean }) {
  const { lang, t } = useI18n();
  const user = useSession();
  const queryClient = useQueryClient();
  const [isChanging, setChanging] = useState(false);
  // Stays mounted after the first open so the modal's closing animation can run.
  const [hasOpened, setHasOpened] = useState(false);
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      // Forget everything the signed-in user could see; auth.me then answers 401 → login page.
      onSettled: () => queryClient.resetQueries(),
    }),
  );
  const role = enumLabel(USER_ROLES, user.role, lang);
  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            ...(isCompact ? [{ key: 'name', label: user.displayName, disabled: true }] : []),
            { key: 'role', label: user.branchName ? `${role} · ${user.branchName}` : role, disabled: true },
            { type: 'divider' },
            { key: 'password', label: <span data-testid="change-password">{t('auth.changePassword')}</span> },
            { key: 'logout', label: <span data-testid="logout">{t('auth.logout')}</span> },
          ],
          onClick: ({ key }) => {
            if (key === 'password') {
              setChanging(true);
              setHasOpened(true);
            }
            if (key === 'logout') logout.mutate();
          },
        }}
      >
        {isCompact ? (
          <Button
            data-testid="user-menu"
            icon={<UserIcon />}
            aria-label={`${user.displayName} · ${role}`}
            title={`${user.displayName} · ${role}`}
          />
        ) : (
          <Button data-testid="user-menu">
            <span data-testid="user-name">{user.displayName}</span>
            <span className="user-menu-role">{role}</span>
          </Button>
        )}
      </Dropdown>
      {isChanging || hasOpened ? (
        <Suspense fallback={null}>
          <ChangePasswordDialog open={isChanging} onClose={() => setChanging(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
