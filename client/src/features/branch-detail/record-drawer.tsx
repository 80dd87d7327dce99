/**
 * What the three record forms share: a drawer that fills the screen on a phone (a secretary records the
 * meeting from her phone), Save / Cancel in its footer, a form rule per field from the record's one
 * schema, the server's field refusals shown under their fields, and the refresh of every figure after a
 * write (the metrics, slot grid, agenda and lists all read the records).
 */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, type FormInstance, Grid } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useCallback } from 'react';
import type { z } from 'zod';
import type { TLang } from '../../lib/i18n';
import { useMessages } from '../../lib/messages';
import { schemaMessages, serverMessages } from './record-form-model';
import { RECORD_MESSAGES } from './record-messages';

/** A date field: the picker holds a Dayjs, the form keeps the ISO day the schema reads. */
export const DAY_FIELD = {
  getValueProps: (value: string | null | undefined) => ({ value: value ? dayjs(value) : null }),
  normalize: (value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null),
};

/** Phones (below antd's `md`, 768 px) get full-screen drawers and one-column fields. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

/** A form rule that reports what the record's schema says about this field of the whole input. */
export function schemaRule(schema: z.ZodType, inputOf: () => unknown, lang: TLang, field: string): Rule {
  return {
    validator: async () => {
      const messages = schemaMessages(schema, inputOf(), lang)[field];
      if (messages?.[0]) throw new Error(messages[0]);
    },
  };
}

/**
 * Puts a refused write's field messages under their fields; returns the message to show above the form
 * when the refusal names no field of this form.
 */
export function showServerRefusal(
  form: FormInstance,
  error: unknown,
  fieldNames: readonly string[],
): string | null {
  const fields = serverMessages(error);
  const shown = Object.keys(fields).filter((name) => fieldNames.includes(name));
  form.setFields(shown.map((name) => ({ name, errors: fields[name] ?? [] })));
  return shown.length ? null : error instanceof Error ? error.message : String(error);
}

/**
 * Saves a record form, the same way in all three: validate the fields (their own messages show), create
 * or — with the edited row's id — update, then hand the server's warnings on. Returns the message to
 * show above the form when the server refuses with no field of this form, else null.
 */
export async function saveRecord<I extends object, W>({
  form,
  editingId,
  inputOf,
  create,
  update,
  fields,
  onSaved,
}: {
  form: FormInstance;
  editingId: number | undefined;
  inputOf: () => I;
  create: (input: I) => Promise<{ warnings: W }>;
  update: (input: I & { id: number }) => Promise<{ warnings: W }>;
  fields: readonly string[];
  onSaved: (warnings: W) => void;
}): Promise<string | null> {
  try {
    await form.validateFields();
  } catch {
    return null;
  }
  try {
    const input = inputOf();
    const result = editingId === undefined ? await create(input) : await update({ id: editingId, ...input });
    onSaved(result.warnings);
    return null;
  } catch (e) {
    return showServerRefusal(form, e, fields);
  }
}

/** Every query again after a write: the records feed the metrics, the slot grid, the agenda and the lists. */
export function useRefreshAfterWrite(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries(), [queryClient]);
}

export function RecordDrawer({
  open,
  title,
  testId,
  isSaving,
  error,
  onSave,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  testId: string;
  isSaving: boolean;
  /** A refusal that names no field of the form. */
  error: string | null;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const m = useMessages(RECORD_MESSAGES);
  const isPhone = useIsPhone();
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      size={isPhone ? '100%' : 560}
      destroyOnHidden
      rootClassName="record-drawer"
      data-testid={testId}
      footer={
        <div className="record-drawer-footer">
          <Button onClick={onClose} data-testid={`${testId}-cancel`}>
            {m('cancel')}
          </Button>
          <Button type="primary" loading={isSaving} onClick={onSave} data-testid={`${testId}-save`}>
            {m('save')}
          </Button>
        </div>
      }
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          className="record-form-alert"
          data-testid={`${testId}-error`}
        />
      ) : null}
      {children}
    </Drawer>
  );
}
