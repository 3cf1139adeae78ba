/** How the batches screens write numbers and times, in the person's language. */
import { civilDateTime, defaultProfile, roundHalfEven } from '../../domain/index.ts';
import { locale } from '../i18n/i18n.ts';

export const count = (n: number): string => n.toLocaleString(locale());

/** A pass rate as a percentage with two decimals (98.97 %), or — before any verification. */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(2)} %`);

/** An ISO instant as the Tai'an date and time (minutes), or — (docs/rules.md R-DATE). */
export function dateTime(iso: string | null, timeZone: string = defaultProfile.timeZone.value): string {
  if (iso === null) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const c = civilDateTime(d, timeZone);
  return `${c.date} ${c.time.slice(0, 5)}`;
}

/** An ISO instant as the Tai'an date, or —. */
export const date = (iso: string | null): string => (iso === null ? '—' : dateTime(iso).slice(0, 10));

/**
 * An error in % with its sign written out (+0.12, −0.40), rounded half-even as errors are
 * reported (domain `roundHalfEven`), or — when there is none.
 */
export function signedPct(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '—';
  const r = roundHalfEven(v, digits);
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r).toFixed(digits)}`;
}
