/**
 * A browser as the load script plays it: its own keep-alive connections (at most 6 per host, like
 * Chromium), the session cookie, and tRPC requests in the exact shape of the client's httpBatchLink
 * (client/src/lib/trpc.ts): queries fired together go out as one
 * `GET /trpc/a,b?batch=1&input={"0":…,"1":…}`, mutations as `POST /trpc/x?batch=1` with a JSON body,
 * every request with `x-lang`, the Fetch metadata headers a same-origin fetch carries and, on POSTs, the
 * Origin. Every call is timed from the request to the last byte of its answer and handed to a recorder.
 */
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { SESSION_COOKIE_NAME } from '../auth/config';

export interface TCall {
  path: string;
  input?: unknown;
}

/** What the recorder gets for every procedure of every request (a batch's calls share its time). */
export interface TCallSample {
  path: string;
  /** When the request was sent and its answer complete (performance.now()). */
  start: number;
  end: number;
  input?: unknown;
  /** The call failed: network error, a non-2xx answer, or an error item in a 207 batch. */
  error?: { status: number; body: string };
}

/** Where a Browser reports: every request sent, and every call's outcome. */
export interface TLoadSink {
  countRequest(): void;
  record(sample: TCallSample): void;
  /** A request sent again after its keep-alive connection failed under it (see Browser.send). */
  noteResend(resend: TResend): void;
}

export interface TResend {
  target: string;
  /** How long the first attempt took to fail. */
  ms: number;
  reason: string;
}

export interface THttpAnswer {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

const REQUEST_TIMEOUT_MS = 120_000;
/** Error bodies kept per sample (the first few are printed). */
const ERROR_BODY_CHARS = 600;

/** Only loopback targets: the script makes accounts and load, nothing that belongs on a network. */
export function assertLoopback(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`--url must be http://127.0.0.1, http://localhost or http://[::1] (got ${url.href})`);
  }
}

export class Browser {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 6 });
  private token: string | null;
  /** Where the browser "is" (the Referer of its requests). */
  page = '/overview';

  constructor(
    private readonly base: URL,
    private readonly lang: 'zh' | 'en',
    token: string | null,
    private readonly sink: TLoadSink,
  ) {
    this.token = token;
  }

  /** The session cookie's token, as the last answer left it (null: signed out). */
  get sessionToken(): string | null {
    return this.token;
  }

  /** Forgets the cookie (a fresh browser on the login page). */
  signOut(): void {
    this.token = null;
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * Queries fired in the same tick, batched as httpBatchLink does. Resolves with each call's `data`
   * (only when `isDataNeeded`; parsing every answer would cost the load script CPU the server needs),
   * null for a failed call. Never throws: failures are recorded.
   */
  async query(calls: readonly TCall[], { isDataNeeded = false } = {}): Promise<(unknown | null)[] | null> {
    const path = calls.map((c) => c.path).join(',');
    const input = encodeURIComponent(JSON.stringify(batchInput(calls)));
    return this.exchange(calls, 'GET', `/trpc/${path}?batch=1&input=${input}`, undefined, isDataNeeded);
  }

  /** One mutation (the client sends each mutation alone: nothing else is fired in the same tick). */
  async mutate(call: TCall): Promise<unknown | null> {
    const body = Buffer.from(JSON.stringify(batchInput([call])));
    const results = await this.exchange([call], 'POST', `/trpc/${call.path}?batch=1`, body, true);
    return results?.[0] ?? null;
  }

  /** The data page's upload (client/src/features/data/upload-import.ts): raw bytes, no form. */
  async upload(fileName: string, bytes: Buffer): Promise<THttpAnswer> {
    return this.send('POST', `/api/import?${new URLSearchParams({ name: fileName })}`, bytes, {
      'content-type': 'application/octet-stream',
    });
  }

  /** The data page's confirmation of a preview (upload-import.ts commitImport): JSON `{ previewId }`. */
  async commitImport(previewId: string): Promise<THttpAnswer> {
    return this.send('POST', '/api/import/commit', Buffer.from(JSON.stringify({ previewId })), {
      'content-type': 'application/json',
    });
  }

  private async exchange(
    calls: readonly TCall[],
    method: 'GET' | 'POST',
    target: string,
    body: Buffer | undefined,
    isDataNeeded: boolean,
  ): Promise<(unknown | null)[] | null> {
    this.sink.countRequest();
    const start = performance.now();
    let answer: THttpAnswer;
    try {
      answer = await this.send(
        method,
        target,
        body,
        method === 'POST' ? { 'content-type': 'application/json' } : {},
      );
    } catch (error) {
      const end = performance.now();
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      for (const c of calls) this.sink.record({ path: c.path, start, end, error: { status: 0, body: text } });
      return null;
    }
    const end = performance.now();
    const cookie = sessionTokenFrom(answer.headers['set-cookie']);
    if (cookie !== undefined) this.token = cookie;
    // 200: every call answered. 207: some did. Anything else: all failed (tRPC answers a batch whose
    // calls all failed alike with their status). Only parse what has to be read.
    if (answer.status === 200 && !isDataNeeded) {
      for (const c of calls) this.sink.record({ path: c.path, start, end, input: c.input });
      return calls.map(() => null);
    }
    let items: unknown[] | null = null;
    try {
      const parsed: unknown = JSON.parse(answer.body.toString('utf8'));
      items = Array.isArray(parsed) ? parsed : null;
    } catch {
      items = null;
    }
    const snippet = answer.body.toString('utf8', 0, ERROR_BODY_CHARS);
    return calls.map((c, i) => {
      const item = items?.[i] as { result?: { data?: unknown }; error?: unknown } | undefined;
      const isOk = answer.status < 300 && item !== undefined && item.error === undefined;
      if (isOk) {
        this.sink.record({ path: c.path, start, end, input: c.input });
        return item?.result?.data ?? null;
      }
      const itemStatus =
        (item?.error as { data?: { httpStatus?: number } } | undefined)?.data?.httpStatus ?? answer.status;
      const text = item?.error ? JSON.stringify(item.error).slice(0, ERROR_BODY_CHARS) : snippet;
      this.sink.record({ path: c.path, start, end, error: { status: itemStatus, body: text } });
      return null;
    });
  }

  /**
   * One request. A keep-alive connection the server closed as the request went out fails before any
   * answer arrives; browsers then send the request again on a new connection without telling anyone
   * (Chromium: a reused connection, no bytes received), and so does this — once, reported to the sink.
   */
  private async send(
    method: string,
    target: string,
    body: Buffer | undefined,
    extraHeaders: Record<string, string>,
  ): Promise<THttpAnswer> {
    const start = performance.now();
    try {
      return await this.sendOnce(method, target, body, extraHeaders);
    } catch (error) {
      if (!(error instanceof StaleConnectionError)) throw error;
      this.sink.noteResend({
        target: `${method} ${target.split('?')[0]}`,
        ms: performance.now() - start,
        reason: error.message,
      });
      return this.sendOnce(method, target, body, extraHeaders, { isFresh: true });
    }
  }

  private sendOnce(
    method: string,
    target: string,
    body: Buffer | undefined,
    extraHeaders: Record<string, string>,
    { isFresh = false } = {},
  ): Promise<THttpAnswer> {
    const origin = this.base.origin;
    const headers: Record<string, string> = {
      accept: '*/*',
      // As every browser does: the server then sends the gzipped answers its workers made.
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': this.lang === 'zh' ? 'zh-CN,zh;q=0.9,en;q=0.8' : 'en-GB,en;q=0.9',
      'x-lang': this.lang,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
      'sec-fetch-dest': 'empty',
      referer: `${origin}${this.page}`,
      'user-agent': 'pbd-load (npm run load)',
      ...(method !== 'GET' ? { origin } : {}),
      ...(this.token ? { cookie: `${SESSION_COOKIE_NAME}=${this.token}` } : {}),
      ...extraHeaders,
    };
    if (body) headers['content-length'] = String(body.length);
    return new Promise((resolve, reject) => {
      let hasAnswer = false;
      const req = request(
        {
          host: this.base.hostname.replace(/^\[|\]$/g, ''),
          port: this.base.port,
          method,
          path: target,
          headers,
          // The resend goes out on a connection of its own, as the browser's does.
          agent: isFresh ? false : this.agent,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          hasAnswer = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          // Timed to the last byte (when the browser has it); inflated only when read, as the body is.
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const encoding = res.headers['content-encoding'];
            let body: Buffer | undefined;
            resolve({
              status: res.statusCode ?? 0,
              get body() {
                body ??= decoded(raw, encoding);
                return body;
              },
              headers: res.headers,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (error: NodeJS.ErrnoException) => {
        const isStale =
          req.reusedSocket &&
          !hasAnswer &&
          ['ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(error.code ?? '');
        reject(isStale ? new StaleConnectionError(`${error.code} on a reused connection`) : error);
      });
      req.end(body);
    });
  }
}

/** The body as sent before compression: gzip, deflate and brotli, the encodings the script accepts. */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

class StaleConnectionError extends Error {
  override name = 'StaleConnectionError';
}

/** `{"0": input0, "1": input1}`; undefined inputs vanish in JSON, as in the client. */
function batchInput(calls: readonly TCall[]): Record<number, unknown> {
  return Object.fromEntries(calls.map((c, i) => [i, c.input]));
}

/** The new token of a Set-Cookie (null when the cookie is cleared), undefined when none is set. */
function sessionTokenFrom(header: string | string[] | undefined): string | null | undefined {
  for (const line of Array.isArray(header) ? header : header ? [header] : []) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() !== SESSION_COOKIE_NAME) continue;
    const value = decodeURIComponent(pair.slice(eq + 1).trim());
    return value === '' ? null : value;
  }
  return undefined;
}
