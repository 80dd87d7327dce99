import { describe, expect, it } from 'vitest';
import { parseDate, parseInteger, parsePercentNumber, parseYesNo, splitList } from '../../../server/import/cells';

const valueOf = <T>(r: { value: T | null } | { problem: string }) => ('problem' in r ? r.problem : r.value);

describe('cell parsers', () => {
  it('dates: ISO text, loose separators, Excel date cells and serials, impossible days', () => {
    expect(valueOf(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(valueOf(parseDate('2023-02-29'))).toBe('not_date');
    expect(valueOf(parseDate('2100-02-29'))).toBe('not_date');
    expect(valueOf(parseDate('2025/3/4'))).toBe('2025-03-04');
    expect(valueOf(parseDate(new Date('2025-03-14T00:00:00Z')))).toBe('2025-03-14');
    expect(valueOf(parseDate(45658))).toBe('2025-01-01');
    expect(valueOf(parseDate('三月'))).toBe('not_date');
    expect(valueOf(parseDate(''))).toBe(null);
  });

  it('integers from number or text cells', () => {
    expect(valueOf(parseInteger(' 15 '))).toBe(15);
    expect(valueOf(parseInteger(15))).toBe(15);
    expect(valueOf(parseInteger('15.0'))).toBe(15);
    expect(valueOf(parseInteger(15.5))).toBe('not_integer');
    expect(valueOf(parseInteger('二十'))).toBe('not_integer');
  });

  it('yes/no variants, blank is no', () => {
    for (const yes of ['是', 'Y', 'yes', 'TRUE', '1', 1, true]) expect(valueOf(parseYesNo(yes))).toBe(true);
    for (const no of ['否', 'n', 'False', '0', 0, false, '', null]) expect(valueOf(parseYesNo(no))).toBe(false);
    expect(valueOf(parseYesNo('也许'))).toBe('not_yesno');
  });

  it('percentages and list separators', () => {
    expect(valueOf(parsePercentNumber('90%'))).toEqual({ n: 0.9, isPercent: true });
    expect(valueOf(parsePercentNumber(0.9))).toEqual({ n: 0.9, isPercent: false });
    expect(splitList('a、b,c，d;e；a')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
