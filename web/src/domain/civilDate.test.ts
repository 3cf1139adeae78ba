import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilDate, civilDateTime, pilotDate } from './civilDate.ts';
import { defaultProfile } from './profile/defaultProfile.ts';

describe('civilDate (docs/rules.md R-DATE)', () => {
  it('01:30 in Tai\'an is that Tai\'an day, not the UTC day before', () => {
    // 2027-03-01 01:30 Asia/Shanghai = 2027-02-28 17:30 UTC
    const instant = new Date('2027-02-28T17:30:00Z');
    expect(pilotDate(instant, defaultProfile)).toBe('2027-03-01');
    expect(civilDate(instant, 'UTC')).toBe('2027-02-28');
    expect(civilDate(instant, 'America/Los_Angeles')).toBe('2027-02-28');
  });

  it('the day turns at 16:00 UTC in Asia/Shanghai (no daylight saving)', () => {
    expect(pilotDate(new Date('2026-06-30T15:59:59.999Z'), defaultProfile)).toBe('2026-06-30');
    expect(pilotDate(new Date('2026-06-30T16:00:00Z'), defaultProfile)).toBe('2026-07-01');
    expect(pilotDate(new Date('2024-02-28T16:00:00Z'), defaultProfile)).toBe('2024-02-29');
  });

  it('the profile names the zone; the date never depends on the machine\'s own zone', () => {
    expect(defaultProfile.timeZone.value).toBe('Asia/Shanghai');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        const shifted = new Date(t + 8 * 3600_000);
        const expected = shifted.toISOString().slice(0, 10);
        return pilotDate(t, defaultProfile) === expected;
      }),
    );
  });

  it('gives the wall-clock time in the zone, 24 h, midnight as 00', () => {
    expect(civilDateTime(new Date('2027-02-28T17:30:05Z'), 'Asia/Shanghai')).toEqual({ date: '2027-03-01', time: '01:30:05' });
    expect(civilDateTime(new Date('2026-06-30T16:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-07-01', time: '00:00:00' });
  });

  it('an unknown zone or an invalid instant is a clear error', () => {
    expect(() => civilDate(0, 'Mars/Olympus')).toThrow(/IANA time zone/);
    expect(() => civilDate(new Date('nope'), 'UTC')).toThrow(/valid time/);
  });
});
