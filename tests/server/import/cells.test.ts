import { describe, expect, it } from 'vitest';
import {
  parseDate,
  parseInteger,
  parsePercentNumber,
  parseYesNo,
  splitList,
} from '../../../server/import/cells';

const outcomeOf = <T>(r: { value: T | null } | { problem: string }) => ('problem' in r ? r.problem : r.value);

describe('cell parsers', () => {
  it('dates: ISO text, loose separators, Excel date cells and serials, impossible days', () => {
    expect(outcomeOf(parseDate('2024-02-29'))).toBe('2024-02-29');
    expect(outcomeOf(parseDate('2023-02-29'))).toBe('not_date');
    expect(outcomeOf(parseDate('2100-02-29'))).toBe('not_date');
    expect(outcomeOf(parseDate('2025/3/4'))).toBe('2025-03-04');
    expect(outcomeOf(parseDate(new Date('2025-03-14T00:00:00Z')))).toBe('2025-03-14');
    expect(outcomeOf(parseDate(45658))).toBe('2025-01-01');
    expect(outcomeOf(parseDate('三月'))).toBe('not_date');
    expect(outcomeOf(parseDate(''))).toBe(null);
  });

  it('integers from number or text cells', () => {
    expect(outcomeOf(parseInteger(' 15 '))).toBe(15);
    expect(outcomeOf(parseInteger(15))).toBe(15);
    expect(outcomeOf(parseInteger('15.0'))).toBe(15);
    expect(outcomeOf(parseInteger(15.5))).toBe('not_integer');
    expect(outcomeOf(parseInteger('二十'))).toBe('not_integer');
  });

  it('yes/no variants, blank is no', () => {
    for (const yes of ['是', 'Y', 'yes', 'TRUE', '1', 1, true]) expect(outcomeOf(parseYesNo(yes))).toBe(true);
    for (const no of ['否', 'n', 'False', '0', 0, false, '', null])
      expect(outcomeOf(parseYesNo(no))).toBe(false);
    expect(outcomeOf(parseYesNo('也许'))).toBe('not_yesno');
  });

  it('percentages and list separators', () => {
    expect(outcomeOf(parsePercentNumber('90%'))).toEqual({ n: 0.9, isPercent: true });
    expect(outcomeOf(parsePercentNumber(0.9))).toEqual({ n: 0.9, isPercent: false });
    expect(splitList('a、b,c，d;e；a')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
