/**
 * The evidence files of records (issue 11) over plain HTTP: files do not fit /trpc (JSON, 1 MB).
 *
 *   GET    /api/attachments?kind=activity&recordId=5          the record's files (TAttachmentList)
 *   POST   /api/attachments?kind=activity&recordId=5&name=…   the file itself as the body (octet-stream)
 *   GET    /api/attachments/<id>[?download=1]                 the file: images inline, others as a download
 *   DELETE /api/attachments/<id>                              removes it
 *
 * The guards of /trpc and the import: cross-site requests refused before anything is read, uploads only
 * as application/octet-stream (a form post is the CSRF shape), the session cookie, and the record's own
 * access rules (server/attachments/attachment-access.ts) — checked before the body is read. The body is
 * read up to the cap and no further. Downloads carry the original (UTF-8) name, `nosniff`, and the type
 * the content was found to be when it was uploaded.
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, type TAppErrorCode } from '../../shared/app-error';
import type { TLang } from '../../shared/lang';
import {
  ATTACHMENT_LIMITS,
  ATTACHMENTS_PATH,
  ZAttachmentTargetSchema,
} from '../../shared/schemas/attachments';
import { storedFilePath } from '../attachments/attachment-store';
import {
  addAttachment,
  assertCanAttach,
  listAttachments,
  openAttachment,
  removeAttachment,
} from '../attachments/attachments';
import { tooLarge } from '../attachments/upload-checks';
import type { TAuthUser } from '../auth/types';
import { langFromRequest, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { isBusyError } from '../db/write-window';
import {
  admitPlainRequest,
  contentTypeOf,
  PLAIN_ROUTE_MESSAGES,
  readBody,
  sendError,
  sendJson,
  sessionUser,
} from './plain-route';

const UPLOAD_PROCEDURE = 'attachments.upload';
const REMOVE_PROCEDURE = 'attachments.remove';

const MESSAGES = {
  ...PLAIN_ROUTE_MESSAGES,
  badTarget: {
    zh: '请求须指明记录：?kind=activity|achievement&recordId=<编号>。',
    en: 'The request must name a record: ?kind=activity|achievement&recordId=<id>.',
  },
  // The row is there but this process's ATTACHMENTS_DIR lacks the file: a restore in progress, or app
  // processes that do not share one folder (docs/operations.md). The reader is told whom to ask; the
  // server log says which folder lacked it.
  fileGone: {
    zh: '附件记录还在，但本服务器的附件目录中没有这个文件，请联系管理员。',
    en: "The attachment is recorded but its file is not in this server's attachments folder; tell an administrator.",
  },
  badId: { zh: '附件地址无效。', en: 'Not an attachment address.' },
  busy: {
    zh: '数据库正忙（可能正在导入数据），请稍后重试。',
    en: 'The database is busy (an import may be running); please try again shortly.',
  },
  internal: { zh: '服务器内部错误。', en: 'Internal server error.' },
} as const;

const STATUS: Record<TAppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/**
 * A refusal in the /trpc shape (sendError), except to a browser that opened a file's link itself (it asks
 * for HTML): there the message alone, as readable text, instead of a JSON document.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  if (!(req.headers.accept ?? '').includes('text/html')) {
    sendError(res, status, text);
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** True for the addresses this module answers. */
export function isAttachmentPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === ATTACHMENTS_PATH || path.startsWith(`${ATTACHMENTS_PATH}/`);
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the UTF-8 name for every current browser,
 * an ASCII stand-in for the rest. Quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(fileName: string, isInline: boolean): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${isInline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function createAttachmentHandler({ db, settings }: { db: DB; settings: TServerSettings }) {
  const dir = settings.attachmentsDir;

  function actorOf(user: TAuthUser, procedure: string) {
    return { user, actor: { user: { id: user.id, username: user.username }, procedure } };
  }

  function targetOf(req: IncomingMessage) {
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const parsed = ZAttachmentTargetSchema.safeParse({
      kind: params.get('kind'),
      recordId: params.get('recordId'),
    });
    return { target: parsed.success ? parsed.data : null, params };
  }

  async function list(req: IncomingMessage, res: ServerResponse, lang: TLang, user: TAuthUser) {
    const { target } = targetOf(req);
    if (!target) return refuse(req, res, 400, MESSAGES.badTarget[lang]);
    sendJson(res, 200, await listAttachments(db, target, user));
  }

  async function upload(req: IncomingMessage, res: ServerResponse, lang: TLang, user: TAuthUser) {
    if (contentTypeOf(req) !== 'application/octet-stream')
      return refuse(req, res, 403, MESSAGES.badType[lang]);
    const { target, params } = targetOf(req);
    if (!target) return refuse(req, res, 400, MESSAGES.badTarget[lang]);
    // Who may attach is known before a byte of the file is read.
    await assertCanAttach(db, target, user);
    const limit = ATTACHMENT_LIMITS.maxBytes;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit)
      return refuse(req, res, 413, tooLarge().messageIn(lang));
    const bytes = await readBody(req, limit);
    if (!bytes) return refuse(req, res, 413, tooLarge().messageIn(lang));
    const attachment = await addAttachment(
      db,
      { dir, target, fileName: params.get('name') ?? '', bytes },
      actorOf(user, UPLOAD_PROCEDURE),
    );
    sendJson(res, 201, attachment);
  }

  async function download(
    req: IncomingMessage,
    res: ServerResponse,
    lang: TLang,
    user: TAuthUser,
    id: number,
  ) {
    const { attachment, storedName } = await openAttachment(db, id, user);
    const path = dir ? storedFilePath(dir, storedName) : null;
    if (!path || !existsSync(path)) {
      console.warn(
        `[attachments] 附件 #${id} 的文件不在 ${dir ?? '（未配置 ATTACHMENTS_DIR）'} / file ${storedName} of attachment #${id} missing from ATTACHMENTS_DIR; several app processes must share one folder`,
      );
      return refuse(req, res, 404, MESSAGES.fileGone[lang]);
    }
    const isDownload = new URL(req.url ?? '/', 'http://localhost').searchParams.has('download');
    const etag = `"${attachment.sha256}"`;
    const headers = {
      'Content-Type': attachment.mimeType,
      'Content-Disposition': contentDisposition(attachment.fileName, attachment.isImage && !isDownload),
      'X-Content-Type-Options': 'nosniff',
      // Revalidated on every use: access can end (a secretary moves branch) while a copy is cached.
      'Cache-Control': 'private, no-cache',
      ETag: etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': attachment.bytes });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function remove(res: ServerResponse, user: TAuthUser, id: number) {
    sendJson(res, 200, await removeAttachment(db, { dir, id }, actorOf(user, REMOVE_PROCEDURE)));
  }

  async function route(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await sessionUser(db, settings, req);
    if (!user) return refuse(req, res, 401, MESSAGES.unauthorized[lang]);
    const path = (req.url ?? '/').split('?')[0] ?? '';
    if (path === ATTACHMENTS_PATH) {
      if (req.method === 'GET') return list(req, res, lang, user);
      if (req.method === 'POST') {
        // A refused upload closes the connection, so its unread body is not drained.
        res.setHeader('Connection', 'close');
        return upload(req, res, lang, user);
      }
      return refuse(req, res, 405, MESSAGES.method[lang]);
    }
    const id = Number(path.slice(ATTACHMENTS_PATH.length + 1));
    if (!Number.isSafeInteger(id) || id <= 0) return refuse(req, res, 404, MESSAGES.badId[lang]);
    if (req.method === 'GET' || req.method === 'HEAD') return download(req, res, lang, user, id);
    if (req.method === 'DELETE') return remove(res, user, id);
    return refuse(req, res, 405, MESSAGES.method[lang]);
  }

  return async function handleAttachments(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lang = langFromRequest(req);
    if (!admitPlainRequest(req, res)) return;
    try {
      await route(req, res, lang);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof AppError) return refuse(req, res, STATUS[error.code], error.messageIn(lang));
      if (isBusyError(error)) return refuse(req, res, 503, MESSAGES.busy[lang]);
      console.error('[attachments]', error);
      refuse(req, res, 500, MESSAGES.internal[lang]);
    }
  };
}
