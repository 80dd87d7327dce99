/**
 * The spreadsheet upload (POST /api/import) and the template download (GET /api/import/template.xlsx).
 * Uploads do not fit /trpc (JSON, 1 MB), so they get their own route with the importer's own size
 * limits and the same guards as /trpc: cross-site requests refused before anything is read, a
 * non-form content type (a form or text/plain POST is the CSRF shape: it needs no CORS preflight),
 * the session cookie, and a role check. Only the organization department (admin) imports: an upload
 * may touch every branch, and checking a secretary's rows branch by branch is not worth the risk.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../shared/import-format';
import type { TLang } from '../../shared/lang';
import {
  IMPORT_PROGRESS_PATH,
  IMPORT_TEMPLATE_PATH,
  IMPORT_UPLOAD_PATH,
  type TImportProgressResult,
  type TImportUploadResult,
  type TUploadProblem,
} from '../../shared/schemas/import-upload';
import { SESSION_COOKIE_NAME } from '../auth/config';
import { isAllowed } from '../auth/roles';
import { resolveSession } from '../auth/sessions';
import type { TAuthUser } from '../auth/types';
import { langFromRequest, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { isBusyError } from '../db/write-window';
import { formatProblem, IMPORT_LIMITS, type ImportProblem, problemHeader, problemReason } from '../import';
import { ImportBusyError, type ImportRunner } from '../import/import-runner';
import { buildImportTemplate } from '../import/template';
import { readCookie } from './cookies';
import { refuseCrossSite } from './security';

/** The procedure name the audit trail records for an upload. */
export const IMPORT_PROCEDURE = 'import';

const UPLOAD_TYPES = new Set([
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
]);

const MESSAGES = {
  unauthorized: { zh: '请先登录。', en: 'Please sign in.' },
  forbidden: {
    zh: '只有组织部管理员可以导入数据。',
    en: 'Only the organization department (admin) may import data.',
  },
  badType: {
    zh: '上传须以文件内容直接发送（application/octet-stream）。',
    en: 'Uploads must send the file itself (application/octet-stream).',
  },
  noName: { zh: '缺少文件名（?name=）。', en: 'The file name is missing (?name=).' },
  tooLarge: {
    zh: '文件过大：{ext} 文件最大 {limit} MB。',
    en: 'File too large: {ext} files may be at most {limit} MB.',
  },
  method: { zh: '不支持的请求方法。', en: 'Method not allowed.' },
  databaseBusy: {
    zh: '数据库正忙，导入未执行，数据未作任何修改，请稍后重试。',
    en: 'The database is busy; nothing was imported or changed. Please try again shortly.',
  },
  busy: {
    zh: '正在导入另一个文件（{file}），请等它完成后再导入。',
    en: 'Another file is being imported ({file}); import again when it has finished.',
  },
} as const;

type TMessageKey = keyof typeof MESSAGES;

function message(lang: TLang, key: TMessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, text: string): void {
  // The same shape as the /trpc refusals, so the client reads one kind of error.
  sendJson(res, status, { error: { message: text, data: { httpStatus: status } } });
}

/** The upload limit for a file name: the importer's own (xlsx is read in memory, csv streams). */
export function uploadLimit(fileName: string): number {
  return extname(fileName).toLowerCase() === '.csv' ? IMPORT_LIMITS.maxCsvBytes : IMPORT_LIMITS.maxXlsxBytes;
}

/** Reads the body up to `limit` bytes; null when it is larger (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isOver = false;
    req.on('data', (chunk: Buffer) => {
      if (isOver) return;
      size += chunk.length;
      if (size > limit) {
        isOver = true;
        chunks.length = 0;
        done(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!isOver) done(Buffer.concat(chunks, size));
    });
    req.on('error', fail);
  });
}

function toUploadProblem(p: ImportProblem, lang: TLang): TUploadProblem {
  return {
    sheet: p.sheet ? SHEETS[p.sheet][lang] : null,
    row: p.row ?? null,
    column: problemHeader(p, lang) ?? null,
    value: p.value ?? null,
    reason: problemReason(p, lang),
    message: formatProblem(p, lang),
  };
}

export interface ImportRouteOptions {
  db: DB;
  settings: TServerSettings;
  /** Runs the imports, one at a time (in a worker thread with a database file). */
  runner: ImportRunner;
  /** A smaller upload limit than the importer's (tests); bytes. */
  maxBodySize?: number;
}

/** True for the addresses this module answers. */
export function isImportPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === IMPORT_UPLOAD_PATH || path.startsWith(`${IMPORT_UPLOAD_PATH}/`);
}

export function createImportHandler({ db, settings, runner, maxBodySize }: ImportRouteOptions) {
  let template: Promise<Buffer> | null = null;

  async function currentUser(req: IncomingMessage): Promise<TAuthUser | null> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE_NAME);
    if (!token) return null;
    const resolved = await resolveSession(db, token, { idleMinutes: settings.auth.sessionIdleMinutes });
    return resolved?.user ?? null;
  }

  async function sendTemplate(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    if (!(await currentUser(req))) return sendError(res, 401, message(lang, 'unauthorized'));
    template ??= buildImportTemplate();
    const body = await template;
    const name = lang === 'zh' ? '导入模板.xlsx' : 'import-template.xlsx';
    res.writeHead(200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="import-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function upload(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (!type || !UPLOAD_TYPES.has(type)) return sendError(res, 403, message(lang, 'badType'));
    const user = await currentUser(req);
    if (!user) return sendError(res, 401, message(lang, 'unauthorized'));
    if (!isAllowed('admin', user)) return sendError(res, 403, message(lang, 'forbidden'));
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const fileName = (params.get('name') ?? '').trim().slice(0, 255);
    if (!fileName) return sendError(res, 400, message(lang, 'noName'));
    const limit = maxBodySize ?? uploadLimit(fileName);
    const tooLarge = () =>
      sendError(
        res,
        413,
        message(lang, 'tooLarge', {
          ext: extname(fileName) || '?',
          limit: Math.round((limit / 1024 / 1024) * 10) / 10,
        }),
      );
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > limit) return tooLarge();
    const body = await readBody(req, limit);
    if (!body) return tooLarge();

    const sheet = params.get('sheet')?.trim() || undefined;
    let report: Awaited<ReturnType<ImportRunner['run']>>;
    try {
      report = await runner.run({
        bytes: body,
        fileName,
        sheet,
        lang,
        actor: { user: { id: user.id, username: user.username }, procedure: IMPORT_PROCEDURE },
      });
    } catch (error) {
      if (error instanceof ImportBusyError) {
        return sendError(res, 409, message(lang, 'busy', { file: error.running.fileName }));
      }
      if (isBusyError(error)) return sendError(res, 503, message(lang, 'databaseBusy'));
      throw error;
    }
    const counts = Object.fromEntries(SHEET_KEYS.map((k) => [k, report.counts[k]])) as Record<
      TSheetKey,
      (typeof report.counts)[TSheetKey]
    >;
    const result: TImportUploadResult = {
      ok: report.ok,
      fileName,
      counts,
      errors: report.errors.map((p) => toUploadProblem(p, lang)),
      warnings: report.warnings.map((p) => toUploadProblem(p, lang)),
    };
    // A file with problems is still a well-formed request: 200 with ok false and every problem listed.
    sendJson(res, 200, result);
  }

  async function sendProgress(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await currentUser(req);
    if (!user) return sendError(res, 401, message(lang, 'unauthorized'));
    if (!isAllowed('admin', user)) return sendError(res, 403, message(lang, 'forbidden'));
    const running = runner.current();
    const result: TImportProgressResult = {
      running: running && {
        fileName: running.fileName,
        stage: running.stage,
        startedAt: running.startedAt,
        isOwn: running.userId === user.id,
      },
    };
    sendJson(res, 200, result);
  }

  return async function handleImport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lang = langFromRequest(req);
    res.setHeader('Cache-Control', 'no-store');
    const refusal = refuseCrossSite(req);
    if (refusal) {
      res.setHeader('Connection', 'close');
      return sendError(res, refusal.status, refusal.reason);
    }
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === IMPORT_TEMPLATE_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        return await sendTemplate(req, res, lang);
      }
      if (path === IMPORT_PROGRESS_PATH && req.method === 'GET') return await sendProgress(req, res, lang);
      if (path === IMPORT_UPLOAD_PATH && req.method === 'POST') {
        // Refused uploads close the connection, so an unread body is not drained.
        res.setHeader('Connection', 'close');
        return await upload(req, res, lang);
      }
      return sendError(res, 405, message(lang, 'method'));
    } catch (error) {
      console.error('[import]', error);
      if (!res.headersSent)
        sendError(res, 500, lang === 'zh' ? '服务器内部错误。' : 'Internal server error.');
      else res.end();
    }
  };
}
