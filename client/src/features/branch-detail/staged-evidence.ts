/**
 * Evidence chosen while a record is being added: the record has no id yet, so the files wait in the
 * browser and go to the server right after the record is created, before the form closes (a secretary
 * records the meeting and its photos in one go). A file the server refuses does not undo the record: its
 * reason is handed on with the save's warnings.
 */
import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { ATTACHMENT_LIMITS, type TAttachmentRecordKind } from '../../../../shared/schemas/attachments';
import { useI18n } from '../../lib/i18n-provider';
import { useMessages } from '../../lib/messages';
import { uploadEvidence } from './evidence-api';
import { EVIDENCE_MESSAGES } from './evidence-messages';

export interface TStagedEvidence {
  files: File[];
  setFiles: Dispatch<SetStateAction<File[]>>;
  /** While the chosen files are uploaded after the save: `n` of `total`, and the current file's percent. */
  progress: { n: number; total: number; percent: number } | null;
  /** Wraps the form's create so the new record's id is kept. */
  capture: <I, R extends { id: number }>(create: (input: I) => Promise<R>) => (input: I) => Promise<R>;
  /** Wraps the form's onSaved: uploads the chosen files to the new record first. */
  afterSave: (
    onSaved: (warnings: readonly string[]) => void,
  ) => (warnings: readonly string[]) => Promise<void>;
}

/** `openedFor`: what the form was opened for; a new opening starts with no files chosen. */
export function useStagedEvidence(kind: TAttachmentRecordKind, openedFor: unknown): TStagedEvidence {
  const { lang } = useI18n();
  const m = useMessages(EVIDENCE_MESSAGES);
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<TStagedEvidence['progress']>(null);
  const createdId = useRef<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the form opens on something else.
  useEffect(() => {
    setFiles([]);
    createdId.current = null;
  }, [openedFor]);

  const capture = useCallback(
    <I, R extends { id: number }>(create: (input: I) => Promise<R>) =>
      async (input: I) => {
        const result = await create(input);
        createdId.current = result.id;
        return result;
      },
    [],
  );

  const afterSave = useCallback(
    (onSaved: (warnings: readonly string[]) => void) => async (warnings: readonly string[]) => {
      const recordId = createdId.current;
      const failures: string[] = [];
      if (recordId !== null) {
        for (const [i, file] of files.entries()) {
          setProgress({ n: i + 1, total: files.length, percent: 0 });
          try {
            if (file.size > ATTACHMENT_LIMITS.maxBytes) {
              throw new Error(m('tooLarge', { mb: ATTACHMENT_LIMITS.maxBytes / 1024 / 1024 }));
            }
            await uploadEvidence({ kind, recordId }, file, {
              lang,
              onUploadProgress: (f) =>
                setProgress({ n: i + 1, total: files.length, percent: Math.round(f * 100) }),
            });
          } catch (error) {
            failures.push(
              m('failed', {
                name: file.name,
                reason: error instanceof Error ? error.message : String(error),
              }),
            );
          }
        }
      }
      createdId.current = null;
      setProgress(null);
      setFiles([]);
      onSaved([...warnings, ...failures]);
    },
    [files, kind, lang, m],
  );

  return { files, setFiles, progress, capture, afterSave };
}
