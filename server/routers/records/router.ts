/**
 * records.*: a branch's records — the rows behind the numbers (reads.ts), what the record forms read
 * (form-reads.ts), the forms' writes (writes.ts) and the lists as files in the import layout (exports.ts).
 */
import { router } from '../../trpc';
import { recordExports } from './exports';
import { recordFormReads } from './form-reads';
import { recordReads } from './reads';
import { recordWrites } from './writes';

export const recordsRouter = router({
  ...recordReads,
  ...recordFormReads,
  ...recordWrites,
  ...recordExports,
});
