/**
 * The API workers' `Response` with string bodies encoded by Buffer (native UTF-8) instead of undici's
 * USVString conversion. tRPC's fetch adapter answers every call with `new Response(JSON.stringify(…))`;
 * for a string body undici first rewrites it as a well-formed string in JavaScript and then encodes it,
 * which cost more CPU than serialising the JSON itself (a college's comparison table is megabytes).
 * Buffer.from writes the same bytes: a lone surrogate becomes U+FFFD in both.
 */
const NativeResponse = globalThis.Response;

class Utf8BodyResponse extends NativeResponse {
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    if (typeof body !== 'string') {
      super(body, init);
      return;
    }
    const headers = new Headers(init?.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    super(Buffer.from(body, 'utf8'), { ...init, headers });
  }
}

/** Installs Utf8BodyResponse as the thread's global Response (call once, before answering). */
export function installUtf8BodyResponses(): void {
  globalThis.Response = Utf8BodyResponse as typeof Response;
}
