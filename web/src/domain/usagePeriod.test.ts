import { describe, expect, it } from 'vitest';
import { addMonths, anniversary, compareIsoDate, isoDate, lastDayOfYears } from './calendarDate.ts';
import { InvalidInputError } from './errors.ts';
import { defaultProfile as profile } from './profile/defaultProfile.ts';
import { usagePeriod, validUntil } from './usagePeriod.ts';

describe('usagePeriod', () => {
  it.each([
    [15, 2.5, 'limited-use', 6],
    [20, 4, 'limited-use', 6],
    [25, 6.3, 'limited-use', 6],
    [32, 10, 'limited-use', 4],
    [40, 16, 'limited-use', 4],
    [50, 16, 'limited-use', 4],
    [50, 25, 'periodic', 2],
    [65, 16, 'periodic', 2],
    [80, 40, 'periodic', 2],
  ])('DN%d, Q3 %d → %s, %d years', (dn, q3M3h, kind, years) => {
    expect(usagePeriod({ dn, q3M3h }, profile)).toEqual({ kind, years });
  });
});

describe('validUntil (有效期至)', () => {
  it('is the day before the N-th anniversary: never more than N years', () => {
    expect(validUntil('2024-05-10', { dn: 20, q3M3h: 4 }, profile)).toBe('2030-05-09');
    expect(validUntil('2025-01-01', { dn: 40, q3M3h: 16 }, profile)).toBe('2028-12-31');
    expect(validUntil('2025-03-01', { dn: 15, q3M3h: 2.5 }, profile)).toBe('2031-02-28');
    expect(validUntil('2026-03-01', { dn: 15, q3M3h: 2.5 }, profile)).toBe('2032-02-29');
  });

  it('a meter verified on 29 February is valid until 28 February of a common year', () => {
    expect(validUntil('2024-02-29', { dn: 15, q3M3h: 2.5 }, profile)).toBe('2030-02-28');
    expect(validUntil('2024-02-29', { dn: 32, q3M3h: 10 }, profile)).toBe('2028-02-28');
    expect(anniversary('2024-02-29', 6)).toBe('2030-03-01');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('refuses a date that is not a calendar date', () => {
    expect(() => validUntil('2025-02-29', { dn: 15, q3M3h: 2.5 }, profile)).toThrow(InvalidInputError);
    expect(() => validUntil('2025-1-5', { dn: 15, q3M3h: 2.5 }, profile)).toThrow(/YYYY-MM-DD/);
  });
});

describe('calendar dates', () => {
  it('adds months clamping to the month end', () => {
    expect(addMonths('2027-08-31', -6)).toBe('2027-02-28');
    expect(addMonths('2028-08-31', -6)).toBe('2028-02-29');
    expect(addMonths('2027-01-15', -6)).toBe('2026-07-15');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
  });

  it('compares and validates', () => {
    expect(compareIsoDate('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareIsoDate('2025-01-02', '2025-01-02')).toBe(0);
    expect(isoDate('2000-02-29')).toBe('2000-02-29');
    expect(() => isoDate('1900-02-29')).toThrow(InvalidInputError);
    expect(lastDayOfYears('2025-01-01', 3)).toBe('2027-12-31');
  });
});
