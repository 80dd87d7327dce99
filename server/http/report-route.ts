/**
 * The review report over HTTP: POST /api/report starts a job (JSON: period, asOf, branch | unit, format)
 * and answers its id; GET /api/report/progress?id= says how many branch sections are written;
 * GET /api/report/file?id= downloads the finished file. Only the user who started a job sees it. Access
 * is the report's own (server/report/model.ts): a secretary gets her own branch in full and the other
 * branches only as the comparison grid shows them. Finished files live in a temporary folder for
 * JOB_TTL_MS and are then removed.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/app-error';
import type { TLang } from '../../shared/lang';
import {
  REPORT_FILE_PATH,
  REPORT_PROGRESS_PATH,
  REPORT_START_PATH,
  type TReportJobProgress,
  ZReportRequestSchema,
} from '../../shared/schemas/report';
import { langFromRequest, type TServerSettings } from '../context';
import type { DB } from '../db/database';
import { openScope } from '../metrics/scope';
import { REPORT_CONTENT_TYPES, type TReportFormat, type TReportTarget } from '../report';
import { runReportJob } from '../report/report-job';
import {
  admitPlainRequest,
  contentTypeOf,
  PLAIN_ROUTE_MESSAGES,
  readBody,
  sendError,
  sendJson,
  sessionUser,
} from './plain-route';

/** How long a finished report stays downloadable. */
const JOB_TTL_MS = 10 * 60_000;
/** Running jobs per user: a second request waits for the first (each takes a core for seconds). */
const MAX_RUNNING_PER_USER = 1;

const MESSAGES = {
  ...PLAIN_ROUTE_MESSAGES,
  badRequest: { zh: '报告请求无效：', en: 'Invalid report request: ' },
  notJson: { zh: '请求须为 JSON。', en: 'The request must be JSON.' },
  noJob: {
    zh: '没有这个报告任务（可能已过期，请重新生成）。',
    en: 'No such report (it may have expired; generate it again).',
  },
  busy: {
    zh: '上一份报告还在生成，请稍候。',
    en: 'Your previous report is still being generated; please wait.',
  },
  failed: { zh: '报告生成失败。', en: 'The report could not be generated.' },
} as const;

interface TJob {
  progress: TReportJobProgress;
  userId: number;
  file: string;
  format: TReportFormat;
}

const EXTENSIONS: Record<TReportFormat, string> = { pdf: 'pdf', docx: 'docx', pptx: 'pptx' };

export function isReportPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === REPORT_START_PATH || path === REPORT_PROGRESS_PATH || path === REPORT_FILE_PATH;
}

function targetOf(request: { branch?: string; unit?: string }): TReportTarget {
  if (request.branch) return { kind: 'branch', code: request.branch };
  if (request.unit) return { kind: 'unit', code: request.unit };
  return { kind: 'college' };
}

export function createReportHandler({
  db,
  settings,
  databasePath = null,
}: {
  db: DB;
  settings: TServerSettings;
  /** The database file the report workers open; null (in-memory): reports are written here. */
  databasePath?: string | null;
}) {
  const jobs = new Map<string, TJob>();
  let dir: string | null = null;
  const folder = () => {
    dir ??= mkdtempSync(join(tmpdir(), 'pbd-reports-'));
    return dir;
  };

  function forget(id: string): void {
    const job = jobs.get(id);
    if (!job) return;
    jobs.delete(id);
    rmSync(job.file, { force: true });
  }

  async function start(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const user = await sessionUser(db, settings, req);
    if (!user) return sendError(res, 401, MESSAGES.unauthorized[lang]);
    if (contentTypeOf(req) !== 'application/json') return sendError(res, 415, MESSAGES.notJson[lang]);
    const body = await readBody(req, 4096);
    let json: unknown;
    try {
      json = JSON.parse(body?.toString('utf8') ?? '');
    } catch {
      return sendError(res, 400, MESSAGES.notJson[lang]);
    }
    const parsed = ZReportRequestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]?.message ?? '';
      const [zh, en] = issue.split(' / ');
      return sendError(res, 400, `${MESSAGES.badRequest[lang]}${(lang === 'zh' ? zh : en) ?? issue}`);
    }
    const running = [...jobs.values()].filter((j) => j.userId === user.id && j.progress.status === 'running');
    if (running.length >= MAX_RUNNING_PER_USER) return sendError(res, 429, MESSAGES.busy[lang]);
    const request = parsed.data;
    try {
      // The period is checked here, so a bad one is answered at once (400) rather than as a failed job.
      await openScope(db, { period: request.period, asOf: request.asOf });
    } catch (error) {
      if (error instanceof AppError) return sendError(res, 400, error.messageIn(lang));
      throw error;
    }
    const id = randomUUID();
    const job: TJob = {
      progress: { id, status: 'running', done: 0, total: 0, fileName: null, message: null },
      userId: user.id,
      file: join(folder(), `${id}.${EXTENSIONS[request.format]}`),
      format: request.format,
    };
    jobs.set(id, job);
    sendJson(res, 202, job.progress);
    // In a worker thread of its own (report-job.ts): drawing a college's report takes a core for a while.
    const outcome = await runReportJob(
      { db, databasePath },
      {
        period: request.period,
        asOf: request.asOf,
        target: targetOf(request),
        viewer: { role: user.role, branchId: user.branchId },
        format: request.format,
        generatedAt: new Date().toISOString(),
        file: job.file,
      },
      (done, total) => {
        job.progress = { ...job.progress, done, total };
      },
    );
    if ('title' in outcome) {
      job.progress = {
        ...job.progress,
        status: 'done',
        fileName: `${outcome.title}.${EXTENSIONS[request.format]}`,
      };
    } else {
      rmSync(job.file, { force: true });
      const text = outcome.failed ? outcome.failed[lang] : MESSAGES.failed[lang];
      job.progress = { ...job.progress, status: 'failed', message: text };
    }
    setTimeout(() => forget(id), JOB_TTL_MS).unref();
  }

  /** The job of `?id=` if the signed-in user started it; otherwise answers 401 / 404 and null. */
  async function ownJob(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<TJob | null> {
    const user = await sessionUser(db, settings, req);
    if (!user) {
      sendError(res, 401, MESSAGES.unauthorized[lang]);
      return null;
    }
    const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
    const job = jobs.get(id);
    if (!job || job.userId !== user.id) {
      sendError(res, 404, MESSAGES.noJob[lang]);
      return null;
    }
    return job;
  }

  async function sendFile(req: IncomingMessage, res: ServerResponse, lang: TLang): Promise<void> {
    const job = await ownJob(req, res, lang);
    if (!job) return;
    if (job.progress.status !== 'done' || !job.progress.fileName)
      return sendError(res, 404, MESSAGES.noJob[lang]);
    const ascii = `report.${EXTENSIONS[job.format]}`;
    res.writeHead(200, {
      'Content-Type': REPORT_CONTENT_TYPES[job.format],
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(job.progress.fileName)}`,
      'Cache-Control': 'no-store',
    });
    createReadStream(job.file).pipe(res);
  }

  return async function handleReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lang = langFromRequest(req);
    if (!admitPlainRequest(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === REPORT_START_PATH && req.method === 'POST') return await start(req, res, lang);
      if (path === REPORT_PROGRESS_PATH && req.method === 'GET') {
        const job = await ownJob(req, res, lang);
        if (job) sendJson(res, 200, job.progress);
        return;
      }
      if (path === REPORT_FILE_PATH && req.method === 'GET') return await sendFile(req, res, lang);
      return sendError(res, 405, MESSAGES.method[lang]);
    } catch (error) {
      console.error('[report]', error);
      if (!res.headersSent) sendError(res, 500, MESSAGES.failed[lang]);
      else res.end();
    }
  };
}
