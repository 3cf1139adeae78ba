/**
 * The batch's CSV export: one row per meter's CURRENT verification (superseded records
 * are left out, docs/rules.md R-RECORD), for the verifier's spreadsheet and the institute's
 * cross-check. UTF-8 with a byte-order mark, because Excel opens a BOM-less UTF-8 CSV as
 * the system code page and shows the Chinese as mojibake; fields quoted per RFC 4180.
 */
import { pointError, roundHalfEven, type MeterVerdict, type TestPoint } from '../../domain/index.ts';
import type { VerificationRecord } from '../../store/index.ts';

export const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Fixed bilingual headers: the file reads the same whichever language the screen shows. */
export const CSV_HEADER = [
  '表号 serial',
  '批次 batch',
  '规格型号 meter type',
  '结论 verdict',
  'E(Q3) %',
  'MPE(Q3) %',
  'E(Q2) %',
  'MPE(Q2) %',
  'E(Q1) %',
  'MPE(Q1) %',
  '检定日期 verification date',
  '有效期至 valid until',
  '检定员 operator',
  '法规配置 profile',
  '配置版本 profile version',
  '软件 SHA-256 software',
  '记录号 record id',
] as const;

/**
 * One field per RFC 4180 §2: quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A text field a spreadsheet would run as a formula (=, +, −, @ first; OWASP
 * "CSV injection") gets a leading apostrophe; numbers are written as numbers.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: readonly (string | number | null)[]): string => fields.map(csvField).join(',') + CRLF;

/**
 * E and MPE of the point as the repeat rule decided it (the domain's `pointError`: the
 * deciding run, the mean of three runs decided together, or the last valid run when none
 * decided; docs/rules.md R-REPEAT); null where the point has no valid run. E as
 * reported: rounded half-even to 0.01 %.
 */
export function pointFigures(verdict: MeterVerdict, point: TestPoint): { errorPct: number | null; mpePct: number | null } {
  const e = pointError(verdict, point);
  if (e === null) return { errorPct: null, mpePct: null };
  return { errorPct: roundHalfEven(e.errorPct, 2), mpePct: e.mpePct };
}

export function csvRow(v: VerificationRecord, meterTypeModel: string): string {
  const q3 = pointFigures(v.verdict, 'Q3');
  const q2 = pointFigures(v.verdict, 'Q2');
  const q1 = pointFigures(v.verdict, 'Q1');
  return csvLine([
    v.serial,
    v.batchId,
    meterTypeModel,
    v.verdict.passed ? '合格' : '不合格',
    q3.errorPct,
    q3.mpePct,
    q2.errorPct,
    q2.mpePct,
    q1.errorPct,
    q1.mpePct,
    v.verificationDate,
    v.validUntil,
    v.operator,
    v.profile.id,
    v.profile.version,
    v.software.sha256,
    v.id,
  ]);
}

/** The whole file: BOM, header, one CRLF-terminated row per record. */
export function batchCsv(records: Iterable<VerificationRecord>, meterTypeModel: string): string {
  const parts = [BOM, csvLine(CSV_HEADER)];
  for (const r of records) parts.push(csvRow(r, meterTypeModel));
  return parts.join('');
}
