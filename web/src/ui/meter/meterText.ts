/**
 * Words and figures for the meter record and the integrity check, built from the domain's
 * and the store's stable codes (docs/architecture.md house rule 5: never parsed from English text).
 */
import { civilDateTime, defaultProfile, roundHalfEven, type RunReason, type VerdictReason } from '../../domain/index.ts';
import type { IntegrityProblem } from '../../store/integrity.ts';
import type { RecordProblem } from '../../store/meterRecordView.ts';
import { fill } from '../certificate/certificateText.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';

export { fill };

const minus = (v: number) => (v < 0 ? '−' : '');

/** E as reported: rounded half-to-even to 0.01 % (JJG 162-2019; GB/T 8170), sign always shown. */
export function errorText(errorPct: number): string {
  const e = roundHalfEven(errorPct, 2);
  return `${e > 0 ? '+' : minus(e)}${Math.abs(e).toFixed(2)} %`;
}

export function fixed(v: number, digits: number): string {
  return Number.isFinite(v) ? `${minus(v)}${Math.abs(v).toFixed(digits)}` : '—';
}

/**
 * An ISO instant as Tai'an date and time to the second (docs/rules.md R-DATE: what a
 * reviewer compares with a log, the same wherever the record is looked at).
 */
export function instantText(iso: string, timeZone: string = defaultProfile.timeZone.value): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const c = civilDateTime(d, timeZone);
  return `${c.date} ${c.time}`;
}

/** The Tai'an time of day of an instant, to the millisecond (raw lines). */
export function timeOfDay(iso: string, timeZone: string = defaultProfile.timeZone.value): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${civilDateTime(d, timeZone).time}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

// `out-of-scope`: only in records signed before scope stopped being a verdict reason (docs/rules.md R-SCOPE).
const reasonKeys = new Set<string>([
  'item-missing', 'checklist-item-failed', 'point-failed', 'point-missing', 'no-valid-run', 'irregular-runs', 'out-of-scope',
  'leak', 'damage', 'map-unknown', 'pressure-too-low', 'hold-too-short',
]);

/** Why a meter did not pass, one sentence per reason of the domain's verdict. */
export function verdictReasonText(r: VerdictReason): string {
  const item = t(`item.${r.item}` as MessageKey);
  if (!reasonKeys.has(r.code)) return `${item}: ${r.code}${r.detail ? ` (${r.detail})` : ''}`;
  return fill(t(`reason.${r.code}` as MessageKey), { item, point: r.point ?? '', detail: r.detail ?? '' });
}

export function runReasonText(r: RunReason): string {
  return t(`runReason.${r}`);
}

export function recordProblemText(p: RecordProblem): string {
  const word = (v: string | undefined) => (v === 'passed' ? t('verdict.pass') : v === 'failed' ? t('verdict.fail') : (v ?? ''));
  return fill(t(`meter.problem.${p.code}`), {
    seq: p.seq ?? '',
    recordSeq: p.recordSeq ?? '',
    session: p.sessionId ?? '',
    device: p.deviceId ?? '',
    point: p.point ?? '',
    run: p.runIndex === undefined ? '' : p.runIndex + 1,
    expected: word(p.expected),
    found: word(p.found),
  });
}

/** One problem of "verify integrity", where it is (docs/records.md "Problem codes"). */
export function integrityProblemText(p: IntegrityProblem): string {
  return fill(t(`integrity.problem.${p.code}`), {
    seq: p.seq ?? '—',
    recordSeq: p.recordSeq ?? '—',
    record: p.recordId ?? '—',
    session: p.sessionId ?? '—',
    device: p.deviceId ?? '—',
    expected: p.expected ?? '—',
    found: p.found ?? '—',
  });
}
