/**
 * The import API of the data page: the spreadsheet upload, which answers a preview and writes nothing
 * (POST /api/import), its confirmation (POST /api/import/commit), the history of imports and their undo
 * (GET /api/import/history, POST /api/import/undo), the running job's progress and the template download
 * (GET /api/import/template.xlsx). Uploads do not fit /trpc (JSON, 1 MB), and the jobs run one at a time
 * in the import worker, so they get their own route with the importer's own size limits and the same
 * guards as /trpc: cross-site requests refused before anything is read, a non-form content type (a form
 * or text/plain POST is the CSRF shape: it needs no CORS preflight), the session cookie, and a role check.
 * The organization department (admin) imports anything; a branch secretary only her own branch's
 * members, activities and achievements — every other row is a problem of her preview (import/scope.ts) —
 * and sees and undoes only her own imports.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import type { TAppErrorCode } from '../../shared/app-error';
import { SHEET_KEYS, SHEETS, type TSheetKey } from '../../shared/import-format';
import type { TLang } from '../../shared/lang';
import {
  IMPORT_COMMIT_PATH,
  IMPORT_HISTORY_PATH,
  IMPORT_PROGRESS_PATH,
  IMPORT_TEMPLATE_PATH,
  IMPORT_UNDO_PATH,
  IMPORT_UPLOAD_PATH,
  type TImportCommitResult,
  type TImportPreviewResult,
  type TImportProgressResult,
  type TImportUndoResult,
  type TUploadProblem,
} from '../../shared/schemas/import-upload';
import { removeOrphanFiles } from '../attachments/attachments';
import { isAllowed } from '../auth/roles';
import type { TAuthUser } from '../auth/types';
import { langFromRequest, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { isBusyError } from '../db/write-window';
import { formatProblem, IMPORT_LIMITS, type ImportProblem, problemHeader, problemReason } from '../import';
import type { TImportJob, TImportJobResult } from '../import/import-job';
import { ImportBusyError, type ImportRunner } from '../import/import-runner';
import { listImportRuns } from '../import/import-runs';
import { PREVIEW_LIST_LIMIT } from '../import/preview-rows';
import { ALL_BRANCHES, type TImportScope } from '../import/scope';
import { buildImportTemplate } from '../import/template';
import { UNDO_PROCEDURE } from '../import/undo-import';
import {
  admitPlainRequest,
  contentTypeOf,
  PLAIN_ROUTE_MESSAGES,
  readBody,
  sendError,
  sendJson,
  sessionUser,
} from './plain-route';

/** The procedure name the audit trail records for an upload. */
const IMPORT_PROCEDURE = 'import';
/** JSON bodies of commit and undo: an id. */
const MAX_JSON_BODY = 4096;

const UPLOAD_TYPES = new Set([
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
]);

const MESSAGES = {
  ...PLAIN_ROUTE_MESSAGES,
  forbidden: {
    zh: '只有组织部管理员和支部书记（本支部的数据）可以导入数据。',
    en: 'Only the organization department (admin) and branch secretaries (their own branch) may import data.',
  },
  noBranch: {
    zh: '您的账号没有所属支部，不能导入数据。',
    en: 'Your account belongs to no branch, so it cannot import data.',
  },
  badJson: {
    zh: '请求须为 JSON（application/json），如 {"previewId": "…"}。',
    en: 'The request must be JSON (application/json), e.g. {"previewId": "…"}.',
  },
  noName: { zh: '缺少文件名（?name=）。', en: 'The file name is missing (?name=).' },
  tooLarge: {
    zh: '文件过大：{ext} 文件最大 {limit} MB。',
    en: 'File too large: {ext} files may be at most {limit} MB.',
  },
  databaseBusy: {
    zh: '数据库正忙，导入未执行，数据未作任何修改，请稍后重试。',
    en: 'The database is busy; nothing was imported or changed. Please try again shortly.',
  },
  busy: {
    zh: '正在导入另一个文件（{file}），请等它完成后再导入。',
    en: 'Another file is being imported ({file}); import again when it has finished.',
  },
  busyUndo: {
    zh: '正在撤销另一个导入（{file}），请等它完成后再试。',
    en: 'Another import is being undone ({file}); try again when it has finished.',
  },
} as const;

/** The HTTP status of an expected refusal of the import worker. */
const REFUSAL_STATUS: Partial<Record<TAppErrorCode, number>> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

type TMessageKey = keyof typeof MESSAGES;

function message(lang: TLang, key: TMessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/** The upload limit for a file name: the importer's own (xlsx is read in memory, csv streams). */
export function uploadLimit(fileName: string): number {
  return extname(fileName).toLowerCase() === '.csv' ? IMPORT_LIMITS.maxCsvBytes : IMPORT_LIMITS.maxXlsxBytes;
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

function perSheet<T>(make: (sheet: TSheetKey) => T): Record<TSheetKey, T> {
  return Object.fromEntries(SHEET_KEYS.map((k) => [k, make(k)])) as Record<TSheetKey, T>;
}

export function createImportHandler({ db, settings, runner, maxBodySize }: ImportRouteOptions) {
  let template: Promise<Buffer> | null = null;

  const currentUser = (req: IncomingMessage) => sessionUser(db, settings, req);

  /** The signed-in admin or secretary, or null after answering 401 / 403. */
  async function importer(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<TAuthUser | null> {
    const user = await currentUser(req);
    if (!user) {
      sendError(res, 401, message(lang, 'unauthorized'));
      return null;
    }
    if (user.role !== 'admin' && user.role !== 'secretary') {
      sendError(res, 403, message(lang, 'forbidden'));
      return null;
    }
    return user;
  }

  /** What the user may import: everything, or her branch's rows; null (answered 403) for a secretary without one. */
  async function scopeOf(user: TAuthUser, res: ServerResponse, lang: TLang): Promise<TImportScope | null> {
    if (isAllowed('admin', user)) return ALL_BRANCHES;
    const branch =
      user.branchId === null
        ? undefined
        : await db.selectFrom('units').select('code').where('id', '=', user.branchId).executeTakeFirst();
    if (!branch) {
      sendError(res, 403, message(lang, 'noBranch'));
      return null;
    }
    return { kind: 'branch', branchCode: branch.code };
  }

  /** Runs a job of the import worker; answers 409 / 503 itself (then null) when it cannot run. */
  async function runJob(res: ServerResponse, lang: TLang, job: TImportJob): Promise<TImportJobResult | null> {
    try {
      const result = await runner.run(job);
      if (result.kind !== 'refused') return result;
      sendError(res, REFUSAL_STATUS[result.code] ?? 500, result.text[lang]);
      return null;
    } catch (error) {
      if (error instanceof ImportBusyError) {
        const key = error.running.kind === 'undo' ? 'busyUndo' : 'busy';
        sendError(res, 409, message(lang, key, { file: error.running.fileName }));
        return null;
      }
      if (isBusyError(error)) {
        sendError(res, 503, message(lang, 'databaseBusy'));
        return null;
      }
      throw error;
    }
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

  /** The upload: checked and previewed in the import worker; nothing is written until it is confirmed. */
  async function upload(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const type = contentTypeOf(req);
    if (!type || !UPLOAD_TYPES.has(type)) return sendError(res, 403, message(lang, 'badType'));
    const user = await importer(req, res, lang);
    if (!user) return;
    const scope = await scopeOf(user, res, lang);
    if (!scope) return;
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

    const result = await runJob(res, lang, {
      kind: 'preview',
      bytes: body,
      fileName,
      sheet: params.get('sheet')?.trim() || undefined,
      lang,
      actor: { user: { id: user.id, username: user.username }, procedure: IMPORT_PROCEDURE },
      scope,
    });
    if (result?.kind !== 'preview') return;
    const { preview } = result;
    const answer: TImportPreviewResult = {
      ok: preview.ok,
      fileName,
      previewId: result.previewId,
      expiresAt: result.expiresAt === null ? null : new Date(result.expiresAt).toISOString(),
      counts: perSheet((k) => preview.counts[k]),
      sheets: perSheet((k) => preview.sheets[k]),
      listLimit: PREVIEW_LIST_LIMIT,
      examplesSkipped: preview.examplesSkipped,
      errors: preview.errors.map((p) => toUploadProblem(p, lang)),
      warnings: preview.warnings.map((p) => toUploadProblem(p, lang)),
    };
    // A file with problems is still a well-formed request: 200 with ok false and every problem listed.
    sendJson(res, 200, answer);
  }

  /** A small JSON body (commit, undo), or null after answering 403 / 400 / 413. */
  async function readJson(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<unknown> {
    if (contentTypeOf(req) !== 'application/json') {
      sendError(res, 403, message(lang, 'badJson'));
      return null;
    }
    const body = await readBody(req, MAX_JSON_BODY);
    if (!body) {
      sendError(res, 413, message(lang, 'badJson'));
      return null;
    }
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      sendError(res, 400, message(lang, 'badJson'));
      return null;
    }
  }

  async function commit(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await importer(req, res, lang);
    if (!user) return;
    const body = await readJson(req, res, lang);
    if (body === null) return;
    const previewId = (body as { previewId?: unknown }).previewId;
    if (typeof previewId !== 'string' || previewId.length > 100)
      return sendError(res, 400, message(lang, 'badJson'));
    const result = await runJob(res, lang, {
      kind: 'commit',
      previewId,
      lang,
      actor: { user: { id: user.id, username: user.username }, procedure: IMPORT_PROCEDURE },
    });
    if (result?.kind !== 'commit') return;
    const answer: TImportCommitResult = {
      ok: true,
      importId: result.report.importId,
      fileName: result.fileName,
      counts: perSheet((k) => result.report.counts[k]),
    };
    sendJson(res, 200, answer);
  }

  async function undo(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await importer(req, res, lang);
    if (!user) return;
    const body = await readJson(req, res, lang);
    if (body === null) return;
    const importId = (body as { importId?: unknown }).importId;
    if (typeof importId !== 'number' || !Number.isSafeInteger(importId)) {
      return sendError(res, 400, message(lang, 'badJson'));
    }
    const result = await runJob(res, lang, {
      kind: 'undo',
      importId,
      lang,
      actor: { user: { id: user.id, username: user.username }, procedure: UNDO_PROCEDURE },
      ownerId: isAllowed('admin', user) ? undefined : user.id,
    });
    if (result?.kind !== 'undo') return;
    // The undo's deletes took the evidence rows of its records with them (ON DELETE CASCADE): their files go too.
    await removeOrphanFiles(db, settings.attachmentsDir);
    const answer: TImportUndoResult = { ok: true, ...result.report };
    sendJson(res, 200, answer);
  }

  async function sendHistory(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await importer(req, res, lang);
    if (!user) return;
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const limit = Math.min(100, Math.max(1, Number(params.get('limit')) || 20));
    const offset = Math.max(0, Math.floor(Number(params.get('offset')) || 0));
    const userId = isAllowed('admin', user) ? undefined : user.id;
    sendJson(res, 200, await listImportRuns(db, { userId, limit, offset }));
  }

  async function sendProgress(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await importer(req, res, lang);
    if (!user) return;
    const running = runner.current();
    const isOwn = running?.userId === user.id;
    const result: TImportProgressResult = {
      running: running && {
        kind: running.kind,
        // Another person's file name is the organization department's business only.
        fileName: isOwn || isAllowed('admin', user) ? running.fileName : '',
        stage: running.stage,
        startedAt: running.startedAt,
        isOwn,
      },
    };
    sendJson(res, 200, result);
  }

  return async function handleImport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lang = langFromRequest(req);
    if (!admitPlainRequest(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === IMPORT_TEMPLATE_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        return await sendTemplate(req, res, lang);
      }
      if (path === IMPORT_PROGRESS_PATH && req.method === 'GET') return await sendProgress(req, res, lang);
      if (path === IMPORT_HISTORY_PATH && req.method === 'GET') return await sendHistory(req, res, lang);
      if (
        req.method === 'POST' &&
        (path === IMPORT_UPLOAD_PATH || path === IMPORT_COMMIT_PATH || path === IMPORT_UNDO_PATH)
      ) {
        // Refused requests close the connection, so an unread body is not drained.
        res.setHeader('Connection', 'close');
        if (path === IMPORT_COMMIT_PATH) return await commit(req, res, lang);
        if (path === IMPORT_UNDO_PATH) return await undo(req, res, lang);
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
