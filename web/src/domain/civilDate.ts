/**
 * The civil date of an instant in the pilot's time zone (docs/rules.md R-DATE; profile
 * `timeZone`): 检定日期, 有效期, batch dates and authorisation checks are Tai'an dates
 * (Asia/Shanghai), never the UTC date and never the bench PC's own zone. A meter verified
 * at 01:30 in Tai'an is verified on that Tai'an day.
 *
 * One function for all of them, so the verification date, the batch id, the certificate
 * and the labels can never disagree about what day it is.
 */
import type { IsoDate } from './calendarDate.ts';
import { InvalidInputError } from './errors.ts';
import type { RegulationProfile } from './profile/profileSchema.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      throw new InvalidInputError('timeZone', `must be an IANA time zone, got ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instant` in `timeZone`. */
export interface CivilDateTime {
  date: IsoDate;
  /** HH:mm:ss, 24 h */
  time: string;
}

/** The calendar date and wall-clock time of `instant` in `timeZone`. */
export function civilDateTime(instant: Date | number, timeZone: string): CivilDateTime {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(t)) throw new InvalidInputError('instant', 'must be a valid time');
  const parts = formatterFor(timeZone).formatToParts(t);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  // Years before 1000 or after 9999 do not occur on a verification record.
  return { date: `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}:${get('second')}` };
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function civilDate(instant: Date | number, timeZone: string): IsoDate {
  return civilDateTime(instant, timeZone).date;
}

/** The civil date of `instant` in the time zone of `profile` (the pilot's zone). */
export function pilotDate(instant: Date | number, profile: Pick<RegulationProfile, 'timeZone'>): IsoDate {
  return civilDate(instant, profile.timeZone.value);
}
