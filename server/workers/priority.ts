/**
 * A lower CPU priority for the calling worker thread (Linux: a thread has its own nice value, set through
 * its thread id). The request thread then wins the CPU whenever workers keep both cores busy, so a
 * sign-in check is answered in milliseconds while the college is evaluated. Elsewhere: nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

export function lowerThreadPriority(nice: number): void {
  try {
    // `/proc/thread-self` links to `<pid>/task/<tid>`.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}
