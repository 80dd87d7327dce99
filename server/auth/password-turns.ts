/**
 * Password checks of one client address take turns. scrypt runs on the two password workers
 * (password-pool.ts, ~0.25 s and 64 MiB each); without turns, the checks one address is still allowed
 * (up to the throttle's per-address count) would all queue there ahead of everyone else's
 * sign-in. With turns, a burst from one address holds at most CHECKS_PER_ADDRESS threads and only
 * delays itself. In memory, per process: it orders work, the throttle (in the database) limits it.
 */

export const CHECKS_PER_ADDRESS = 2;

interface TTurns {
  running: number;
  waiting: (() => void)[];
}

const turnsByAddress = new Map<string, TTurns>();

/** Runs `check` when fewer than CHECKS_PER_ADDRESS checks of `address` are running, in arrival order. */
export async function inTurn<T>(address: string, check: () => Promise<T>): Promise<T> {
  let turns = turnsByAddress.get(address);
  if (!turns) {
    turns = { running: 0, waiting: [] };
    turnsByAddress.set(address, turns);
  }
  if (turns.running < CHECKS_PER_ADDRESS) {
    turns.running++;
  } else {
    const queue = turns.waiting;
    // The finishing check hands its place over: `running` stays the same.
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  try {
    return await check();
  } finally {
    const next = turns.waiting.shift();
    if (next) next();
    else if (--turns.running === 0) turnsByAddress.delete(address);
  }
}
