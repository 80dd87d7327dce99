/**
 * Sending a file to one of the plain upload routes (the import, the evidence attachments): the raw
 * bytes as the body (no form: the server refuses form posts as CSRF-shaped), the language the refusals
 * come back in, and the upload's progress — XMLHttpRequest rather than fetch, which cannot report it.
 * A refusal rejects with an `UploadError` carrying the server's message.
 */
import type { TLang } from './i18n';

class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export function postFile<T>(
  url: string,
  file: Blob,
  { lang, onUploadProgress }: { lang: TLang; onUploadProgress?: (fraction: number) => void },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
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
      resolve(body as T);
    };
    xhr.send(file);
  });
}

/** A small JSON request to a plain route (GET without a body; `method` with one); refusals reject. */
export async function requestJson<T>(
  path: string,
  lang: TLang,
  { method, body }: { method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'x-lang': lang, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new UploadError(res.status, answer?.error?.message ?? res.statusText);
  return answer as T;
}
