/**
 * Calendar dates as ISO `YYYY-MM-DD` strings: verification dates, validity ends and
 * authorisation periods are civil dates, not instants, so no time zone enters them.
 */
import { InvalidInputError } from './errors.ts';

/** An ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parse(date: IsoDate, field: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ymd = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!ymd || ymd.month < 1 || ymd.month > 12 || ymd.day < 1 || ymd.day > daysInMonth(ymd.year, ymd.month)) {
    throw new InvalidInputError(field, `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return ymd;
}

function format({ year, month, day }: Ymd): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Validates and returns the date. @throws InvalidInputError naming `field`. */
export function isoDate(date: string, field = 'date'): IsoDate {
  return format(parse(date, field));
}

/** −1, 0 or 1 as `a` is before, on or after `b`. */
export function compareIsoDate(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = isoDate(a, 'a');
  const y = isoDate(b, 'b');
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parse(date, 'date');
  const t = new Date(Date.UTC(year, month - 1, day + days));
  return format({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/**
 * The `years`-th anniversary. The anniversary of 29 February in a common year is
 * 1 March: the period then still lasts whole years and never ends a day early.
 */
export function anniversary(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = parse(date, 'date');
  const target = year + years;
  if (month === 2 && day === 29 && !isLeapYear(target)) return format({ year: target, month: 3, day: 1 });
  return format({ year: target, month, day });
}

/** Adds months, clamping to the end of a shorter month (31 August − 6 months → 28/29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parse(date, 'date');
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return format({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/**
 * The last day of a period of whole years that starts on `start` (inclusive): the day
 * before the anniversary, so the period is exactly `years` years, never one day more.
 * 2024-05-10 + 6 years → 2030-05-09; 2024-02-29 + 6 years → 2030-02-28.
 */
export function lastDayOfYears(start: IsoDate, years: number): IsoDate {
  return addDays(anniversary(start, years), -1);
}
