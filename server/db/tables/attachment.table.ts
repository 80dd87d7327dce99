import type { Generated, Selectable } from 'kysely';

/**
 * One evidence file of an activity or an achievement (migration 20261211T0100): exactly one of
 * `activity_id` / `achievement_id` is set. The bytes are the file `stored_name` in the attachments
 * folder (server/attachments/attachment-store.ts); times ISO-8601 UTC.
 */
export interface AttachmentTable {
  id: Generated<number>;
  activity_id: number | null;
  achievement_id: number | null;
  /** The name the uploader's file had (shown, and sent back on download); never a path on disk. */
  file_name: string;
  stored_name: string;
  /** Decided by the content (server/attachments/sniff-type.ts). */
  mime_type: string;
  bytes: number;
  sha256: string;
  uploaded_by_id: number | null;
  uploaded_by: string;
  uploaded_at: string;
}
export type AttachmentRow = Selectable<AttachmentTable>;
