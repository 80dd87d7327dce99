/** A generated password, shown this once with a copy button: only its hash is stored. */
import { Button, Modal, Typography } from 'antd';
import { useMessages } from '../../lib/messages';
import { ORG_MESSAGES } from './messages';

export interface TShownPassword {
  username: string;
  password: string;
  isReset: boolean;
}

export function PasswordOnceDialog({
  shown,
  onClose,
}: {
  shown: TShownPassword | null;
  onClose: () => void;
}) {
  const m = useMessages(ORG_MESSAGES);
  return (
    <Modal
      open={shown !== null}
      title={
        shown
          ? m(shown.isReset ? 'accounts.passwordResetTitle' : 'accounts.passwordTitle', {
              username: shown.username,
            })
          : ''
      }
      onCancel={onClose}
      // Closing by a click beside it would lose the only copy.
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="password-done">
          {m('accounts.done')}
        </Button>
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{m('accounts.passwordOnce')}</Typography.Paragraph>
      {shown ? (
        <Typography.Paragraph
          className="org-password"
          data-testid="generated-password"
          copyable={{ text: shown.password, tooltips: [m('accounts.copy'), m('accounts.copied')] }}
        >
          {shown.password}
        </Typography.Paragraph>
      ) : null}
    </Modal>
  );
}
