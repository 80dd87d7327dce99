/**
 * The API workers' `Response` with string bodies encoded by Buffer (native UTF-8) instead of undici's
 * USVString conversion. tRPC's fetch adapter answers every call with `new Response(JSON.stringify(…))`;
 * for a string body undici first rewrites it as a well-formed string in JavaScript and then encodes it,
 * which cost more CPU than serialising the JSON itself (a college's comparison table is megabytes).
 * Buffer writes the same bytes: a lone surrogate becomes U+FFFD in both.
 *
 * The encoded bytes are kept with the response (`encodedBodyOf`): the worker hands them to the request
 * thread as they are, instead of reading the body back through undici's stream (≈ 5 % of a worker's
 * time under the load script: the stream's chunks, then their concatenation into a second copy).
 */
const NativeResponse = globalThis.Response;

/** The bytes of each Utf8BodyResponse with a string body, in an ArrayBuffer of their own (transferable). */
const encodedBodies = new WeakMap<Response, Uint8Array>();

class Utf8BodyResponse extends NativeResponse {
  constructor(body?: BodyInit | null, init?: ResponseInit) {
    if (typeof body !== 'string') {
      super(body, init);
      return;
    }
    const headers = new Headers(init?.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    // Not Buffer.from: a short string's bytes would share Buffer's pool, which must not be transferred.
    const bytes = new Uint8Array(Buffer.byteLength(body, 'utf8'));
    Buffer.from(bytes.buffer).write(body, 'utf8');
    super(bytes, { ...init, headers });
    encodedBodies.set(this, bytes);
  }
}

/** Installs Utf8BodyResponse as the thread's global Response (call once, before answering). */
export function installUtf8BodyResponses(): void {
  globalThis.Response = Utf8BodyResponse as typeof Response;
}

/**
 * The bytes of a response's body: those it was made from when it is a Utf8BodyResponse of a string
 * (never read through its stream), else read from the stream.
 */
export async function encodedBodyOf(response: Response): Promise<Uint8Array> {
  return encodedBodies.get(response) ?? new Uint8Array(await response.arrayBuffer());
}
