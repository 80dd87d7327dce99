/**
 * One job of the import worker, the same on the request thread (tests, in-memory databases) and in the
 * worker thread: check an upload and keep it as a preview, commit a preview, or undo an import.
 * Expected refusals (the data changed since the preview, an undo that conflicts, …) come back as a
 * `refused` result with the message in both languages, so they cross the thread boundary as data.
 */
import { AppError, type TAppErrorCode } from '../../shared/app-error';
import type { TLang } from '../../shared/lang';
import type { TBilingual } from '../../shared/schemas/date';
import type { TAuditActor } from '../auth/types';
import type { DB } from '../db/database';
import { dataVersion } from '../metrics/dialect';
import { hasChanges } from './import-runs';
import { IMPORT_REFUSALS, type ImportPreview, importSources, previewSources } from './import-sources';
import type { PreviewStore } from './preview-store';
import { readImportBuffer } from './read-sources';
import type { TImportScope } from './scope';
import type { ImportReport, TImportStage } from './types';
import { type TUndoReport, undoImport } from './undo-import';

export type TImportJob =
  | {
      kind: 'preview';
      bytes: Uint8Array;
      fileName: string;
      sheet?: string;
      lang: TLang;
      actor: TAuditActor;
      scope: TImportScope;
    }
  | { kind: 'commit'; previewId: string; lang: TLang; actor: TAuditActor }
  | { kind: 'undo'; importId: number; lang: TLang; actor: TAuditActor; ownerId?: number };

export type TImportJobResult =
  | {
      kind: 'preview';
      fileName: string;
      preview: ImportPreview;
      /** Null when the file has errors or would change nothing (there is nothing to confirm). */
      previewId: string | null;
      expiresAt: number | null;
    }
  | { kind: 'commit'; fileName: string; report: ImportReport }
  | { kind: 'undo'; report: TUndoReport }
  | { kind: 'refused'; code: TAppErrorCode; text: TBilingual };

/** Told the stage, and the file's name when the job learns it (a commit or an undo starts with an id). */
export type TOnStage = (stage: TImportStage, fileName?: string) => void;

const PREVIEW_MISSING = {
  zh: '这份预览已失效（预览保留 30 分钟，已被新的上传取代，或服务已重启），数据未作任何修改。请重新上传文件。',
  en: 'This preview is no longer available (previews last 30 minutes, are replaced by a newer upload, and end with a restart); nothing was changed. Upload the file again.',
} as const;

async function preview(
  db: DB,
  job: Extract<TImportJob, { kind: 'preview' }>,
  store: PreviewStore,
  onStage: TOnStage,
): Promise<TImportJobResult> {
  onStage('reading');
  const buffer = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  const sources = await readImportBuffer(buffer, job.fileName, { sheet: job.sheet });
  const result = await previewSources(db, sources, { lang: job.lang, scope: job.scope, onStage });
  const stored =
    result.ok && hasChanges(result.counts)
      ? store.put({
          userId: job.actor.user?.id ?? null,
          bytes: job.bytes,
          fileName: job.fileName,
          sheet: job.sheet,
          scope: job.scope,
          version: result.version,
          counts: result.counts,
        })
      : null;
  return {
    kind: 'preview',
    fileName: job.fileName,
    preview: result,
    previewId: stored?.id ?? null,
    expiresAt: stored?.expiresAt ?? null,
  };
}

async function commit(
  db: DB,
  job: Extract<TImportJob, { kind: 'commit' }>,
  store: PreviewStore,
  onStage: TOnStage,
): Promise<TImportJobResult> {
  const stored = store.get(job.previewId, job.actor.user?.id ?? null);
  if (!stored) throw new AppError('NOT_FOUND', PREVIEW_MISSING);
  onStage('reading', stored.fileName);
  try {
    // Refused before the file is read again when the data already moved on.
    if ((await dataVersion(db)) !== stored.version)
      throw new AppError('CONFLICT', IMPORT_REFUSALS.dataChanged);
    const { bytes } = stored;
    const sources = await readImportBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      stored.fileName,
      { sheet: stored.sheet },
    );
    const report = await importSources(db, sources, {
      lang: job.lang,
      actor: job.actor,
      fileName: stored.fileName,
      scope: stored.scope,
      expect: { version: stored.version, counts: stored.counts },
      onStage,
    });
    // The same file on the same data cannot fail its checks: the data changed between them and the write.
    if (!report.ok) throw new AppError('CONFLICT', IMPORT_REFUSALS.dataChanged);
    store.delete(stored.id);
    return { kind: 'commit', fileName: stored.fileName, report };
  } catch (error) {
    // A refused preview can never be committed; a busy database can be tried again.
    if (error instanceof AppError) store.delete(stored.id);
    throw error;
  }
}

export async function runImportJob(
  db: DB,
  job: TImportJob,
  store: PreviewStore,
  onStage: TOnStage = () => {},
): Promise<TImportJobResult> {
  try {
    switch (job.kind) {
      case 'preview':
        return await preview(db, job, store, onStage);
      case 'commit':
        return await commit(db, job, store, onStage);
      case 'undo':
        return {
          kind: 'undo',
          report: await undoImport(db, {
            importId: job.importId,
            actor: job.actor,
            ownerId: job.ownerId,
            onStage,
          }),
        };
    }
  } catch (error) {
    if (error instanceof AppError) return { kind: 'refused', code: error.code, text: error.text };
    throw error;
  }
}
