/**
 * Which API worker a call goes to (api-pool.ts pickWorker): the least busy one, its period's preferred
 * worker while that is about as busy, and the preferred one even when busier while it is already
 * evaluating the same period (one cold evaluation after a data change, not one per worker).
 */
import { describe, expect, it } from 'vitest';
import { affinityOf, pickWorker, type TWorkerLoad } from '../../../server/http/api-pool';

const idle = (pending = 0, periods: string[] = []): TWorkerLoad => ({
  pending,
  inFlight: new Map(periods.map((p) => [p, 1])),
});

describe('pickWorker', () => {
  const period = affinityOf('2026');
  // With every worker equally busy a period goes to its preferred worker.
  const preferred = pickWorker([idle(), idle(), idle(), idle()], period);
  const other = (preferred + 1) % 4;
  const loads = (preferredLoad: TWorkerLoad) =>
    [0, 1, 2, 3].map((i) => (i === preferred ? preferredLoad : i === other ? idle(0) : idle(5)));

  it('sends a call without a period to the least busy worker', () => {
    expect(pickWorker([idle(2), idle(1), idle(0), idle(3)], '')).toBe(2);
  });

  it('sends a period to its worker while that is as busy as the least busy one, else to the least busy', () => {
    expect(pickWorker(loads(idle(0)), period)).toBe(preferred);
    expect(pickWorker(loads(idle(1)), period)).toBe(other);
    // Another period in flight there does not hold the call.
    expect(pickWorker(loads(idle(3, [affinityOf('2025')])), period)).toBe(other);
  });

  it('waits for the same period on its worker, up to three more calls in flight than the least busy', () => {
    expect(pickWorker(loads(idle(1, [period])), period)).toBe(preferred);
    expect(pickWorker(loads(idle(3, [period])), period)).toBe(preferred);
    expect(pickWorker(loads(idle(4, [period])), period)).toBe(other);
  });
});
