/**
 * Sends a file to POST /api/import as its raw bytes (no form: the server refuses form posts as
 * CSRF-shaped). XMLHttpRequest rather than fetch: it reports the upload's progress.
 */
import {
  IMPORT_PROGRESS_PATH,
  IMPORT_UPLOAD_PATH,
  type TImportProgressResult,
  type TImportUploadResult,
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
): Promise<TImportUploadResult> {
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
      resolve(body as TImportUploadResult);
    };
    xhr.send(file);
  });
}

/** The import running now (admins), for the progress display. */
export async function fetchImportProgress(lang: TLang): Promise<TImportProgressResult> {
  const res = await fetch(IMPORT_PROGRESS_PATH, { headers: { 'x-lang': lang }, credentials: 'same-origin' });
  if (!res.ok) return { running: null };
  return (await res.json()) as TImportProgressResult;
}
