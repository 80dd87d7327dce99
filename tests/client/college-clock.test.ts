/**
 * The big screen's 更新于 clock is the college's (issue 14.1): a browser or server in another zone
 * (vitest runs with whatever TZ the process has) shows the time in Asia/Shanghai.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatCollegeClock } from '../../client/src/lib/format';
import { setCollegeTimeZone } from '../../shared/schemas/date';

const INSTANT = Date.parse('2026-12-07T05:17:18Z');

afterEach(() => setCollegeTimeZone(undefined));

describe('formatCollegeClock', () => {
  it("reads the college's clock, not the process's", () => {
    setCollegeTimeZone('Asia/Shanghai');
    expect(formatCollegeClock(INSTANT, 'zh')).toBe('13:17:18');
    expect(formatCollegeClock(INSTANT, 'en')).toBe('13:17:18');
  });

  it('follows another configured zone', () => {
    setCollegeTimeZone('America/Los_Angeles');
    expect(formatCollegeClock(INSTANT, 'en')).toBe('21:17:18');
  });
});
