/**
 * The import API of the data page (server/http/import-route.ts). A file goes to POST /api/import as its
 * raw bytes (no form: the server refuses form posts as CSRF-shaped) and comes back as a preview;
 * XMLHttpRequest rather than fetch: it reports the upload's progress. Confirming, undoing and the
 * history are small JSON requests.
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

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

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
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${IMPORT_UPLOAD_PATH}?${params}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('x-lang', lang);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onUploadProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new UploadError(0, xhr.statusText || 'network error'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status < 200 || xhr.status >= 300) {
        const message = (body as { error?: { message?: string } } | null)?.error?.message ?? xhr.statusText;
        reject(new UploadError(xhr.status, message));
        return;
      }
      resolve(body as TImportPreviewResult);
    };
    xhr.send(file);
  });
}

async function requestJson<T>(path: string, lang: TLang, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-lang': lang, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new UploadError(res.status, answer?.error?.message ?? res.statusText);
  return answer as T;
}

/** Confirms a preview: the server writes exactly what it showed, or refuses (the data changed since). */
export function commitImport(previewId: string, lang: TLang): Promise<TImportCommitResult> {
  return requestJson(IMPORT_COMMIT_PATH, lang, { previewId });
}

/** Undoes a committed import, or is refused with the reason (later changes touched its rows). */
export function undoImport(importId: number, lang: TLang): Promise<TImportUndoResult> {
  return requestJson(IMPORT_UNDO_PATH, lang, { importId });
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
