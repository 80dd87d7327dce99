/** One import of an uploaded file, the same on the request thread (tests) and in the import worker. */

import type { TLang } from '../../shared/lang';
import type { TAuditActor } from '../auth/types';
import type { DB } from '../db/database';
import { importSources } from './import-sources';
import { readImportBuffer } from './read-sources';
import type { ImportReport, TImportStage } from './types';

export interface TImportJob {
  bytes: Uint8Array;
  fileName: string;
  sheet?: string;
  lang: TLang;
  actor: TAuditActor;
}

export async function runImportJob(
  db: DB,
  job: TImportJob,
  onStage: (stage: TImportStage) => void = () => {},
): Promise<ImportReport> {
  onStage('reading');
  const buffer = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  const sources = await readImportBuffer(buffer, job.fileName, { sheet: job.sheet });
  return importSources(db, sources, { lang: job.lang, actor: job.actor, fileName: job.fileName, onStage });
}
