/**
 * records.*: a branch's records — the rows behind the numbers (reads.ts), what the record forms read
 * (form-reads.ts) and the forms' writes (writes.ts).
 */
import { router } from '../../trpc';
import { recordFormReads } from './form-reads';
import { recordReads } from './reads';
import { recordWrites } from './writes';

export const recordsRouter = router({ ...recordReads, ...recordFormReads, ...recordWrites });
