/** Sends a file to POST /api/import as its raw bytes (no form: the server refuses form posts as CSRF-shaped). */
import { IMPORT_UPLOAD_PATH, type TImportUploadResult } from '../../../../shared/schemas/import-upload';
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

export async function uploadImport(
  file: File,
  { sheet, lang }: { sheet?: string; lang: TLang },
): Promise<TImportUploadResult> {
  const params = new URLSearchParams({ name: file.name });
  if (sheet) params.set('sheet', sheet);
  const res = await fetch(`${IMPORT_UPLOAD_PATH}?${params}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'x-lang': lang },
    body: file,
    credentials: 'same-origin',
  });
  const body = (await res.json().catch(() => null)) as
    | TImportUploadResult
    | { error?: { message?: string } }
    | null;
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText;
    throw new UploadError(res.status, message);
  }
  return body as TImportUploadResult;
}
