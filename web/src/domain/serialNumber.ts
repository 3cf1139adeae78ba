/**
 * A meter's serial number 出厂编号 as a record keeps it (docs/rules.md R-IDENT). It is the key
 * of the meter's chain of records, a public field (R-PUBLIC) and part of the label's lookup
 * URL, so one meter must have exactly one spelling of it, and it must survive a URL, a CSV
 * and a page unchanged.
 *
 * What a scanner or a keyboard sends is normalised first — Unicode NFKC (a Chinese input
 * method in full-width mode sends "２４Ａ００１０９" for 24A00109), trimmed, Latin letters in
 * upper case — then checked: the characters every serial may hold, then the meter type's own
 * format when it states one. Nothing else is changed: a space inside is refused, never
 * removed, because it may be two codes run together.
 */

/** A meter type's own serial-number format: a regular expression over the whole number, and an example a person can read. */
export interface SerialFormat {
  pattern: string;
  example: string;
}

/** Digits, Latin capitals and an inner hyphen, 4 to 32 characters (R-IDENT). */
export const SERIAL_LENGTH = { min: 4, max: 32 } as const;

export type SerialProblem =
  | { code: 'empty' }
  | { code: 'contains-space' }
  /** the characters no serial may hold, each once, in the order met */
  | { code: 'characters-not-allowed'; characters: string[] }
  | { code: 'too-short'; min: number }
  | { code: 'too-long'; max: number }
  | { code: 'hyphen-at-end' }
  /** allowed characters, but not the meter type's format */
  | { code: 'format-mismatch'; example: string }
  /** the meter type's pattern is not a valid regular expression: its reference data must be corrected */
  | { code: 'format-unusable'; pattern: string };

export type SerialProblemCode = SerialProblem['code'];

/** The one spelling of what was scanned or typed: NFKC, trimmed, capitals. */
export function normaliseSerial(text: string): string {
  return text.normalize('NFKC').trim().toUpperCase();
}

const ALLOWED = /^[0-9A-Z-]$/;

/** Why a normalised serial number cannot be recorded, or null. */
export function serialProblem(serial: string, format?: SerialFormat): SerialProblem | null {
  if (serial.length === 0) return { code: 'empty' };
  if (/\s/u.test(serial)) return { code: 'contains-space' };
  const bad = [...new Set([...serial].filter((c) => !ALLOWED.test(c)))];
  if (bad.length > 0) return { code: 'characters-not-allowed', characters: bad };
  if (serial.length < SERIAL_LENGTH.min) return { code: 'too-short', min: SERIAL_LENGTH.min };
  if (serial.length > SERIAL_LENGTH.max) return { code: 'too-long', max: SERIAL_LENGTH.max };
  if (serial.startsWith('-') || serial.endsWith('-')) return { code: 'hyphen-at-end' };
  if (format === undefined) return null;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${format.pattern})$`, 'u');
  } catch {
    return { code: 'format-unusable', pattern: format.pattern };
  }
  return re.test(serial) ? null : { code: 'format-mismatch', example: format.example };
}
