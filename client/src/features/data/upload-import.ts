/**
 * The import API of the data page (server/http/import-route.ts). A file goes to POST /api/import as its
 * raw bytes, with its progress (lib/upload-file.ts), and comes back as a preview. Confirming, undoing and
 * the history are small JSON requests.
 */
import {
  IMPORT_COMMIT_PATH,
  IMPORT_HISTORY_PATH,
  IMPORT_PROGRESS_PATH,
  IMPORT_UNDO_PATH,
  IMPORT_UPLOAD_PATH,
  type TImportCommitResult,
  type TImportHistoryResult,
  type TImportPreviewResult,
  type TImportProgressResult,
  type TImportUndoResult,
} from '../../../../shared/schemas/import-upload';
import type { TLang } from '../../lib/i18n';
import { postFile, requestJson } from '../../lib/upload-file';

export function uploadImport(
  file: File,
  {
    sheet,
    lang,
    onUploadProgress,
  }: { sheet?: string; lang: TLang; onUploadProgress?: (fraction: number) => void },
): Promise<TImportPreviewResult> {
  const params = new URLSearchParams({ name: file.name });
  if (sheet) params.set('sheet', sheet);
  return postFile(`${IMPORT_UPLOAD_PATH}?${params}`, file, { lang, onUploadProgress });
}

/** Confirms a preview: the server writes exactly what it showed, or refuses (the data changed since). */
export function commitImport(previewId: string, lang: TLang): Promise<TImportCommitResult> {
  return requestJson(IMPORT_COMMIT_PATH, lang, { body: { previewId } });
}

/** Undoes a committed import, or is refused with the reason (later changes touched its rows). */
export function undoImport(importId: number, lang: TLang): Promise<TImportUndoResult> {
  return requestJson(IMPORT_UNDO_PATH, lang, { body: { importId } });
}

/** The committed imports, newest first (a secretary's own). */
export function fetchImportHistory(
  lang: TLang,
  { limit, offset }: { limit: number; offset: number },
): Promise<TImportHistoryResult> {
  return requestJson(`${IMPORT_HISTORY_PATH}?limit=${limit}&offset=${offset}`, lang);
}

/** The import running now (admins and secretaries), for the progress display. */
export async function fetchImportProgress(lang: TLang): Promise<TImportProgressResult> {
  const res = await fetch(IMPORT_PROGRESS_PATH, { headers: { 'x-lang': lang }, credentials: 'same-origin' });
  if (!res.ok) return { running: null };
  return (await res.json()) as TImportProgressResult;
}
