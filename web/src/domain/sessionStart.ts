/**
 * What must hold before a verification session starts on a bench (docs/rules.md R-IDENT,
 * R-METER): a person is named as the operator — who verified is a field of every record,
 * the CSV and the certificate — and the batch, if it already exists, is of the meter type
 * chosen, because every verification of a batch must carry its type's nameplate. Checked
 * before the bench is connected, so a mismatch never costs a whole run.
 */

export type SessionStartRefusal =
  | { code: 'operator-missing' }
  | { code: 'batch-missing' }
  | { code: 'batch-of-another-type'; batchId: string; batchModel: string; chosenModel: string };

export type SessionStartRefusalCode = SessionStartRefusal['code'];

/**
 * Words that name the role, not a person. The first bench screen stored its placeholder
 * "检定员" when the field was left blank; such a value is no name.
 */
const ROLE_WORDS = new Set(['检定员', '操作员', 'OPERATOR']);

/** A person's name as typed: NFKC, trimmed, inner runs of spaces made one. */
export function normaliseOperatorName(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** Whether a (normalised) name names a person rather than being empty or the role's word. */
export function isOperatorName(name: string): boolean {
  return name !== '' && !ROLE_WORDS.has(name.toUpperCase());
}

export interface SessionStartInput {
  operator: string;
  batchId: string;
  meterTypeModel: string;
  /** the batch as stored, when a batch of that number exists */
  batch: { meterTypeModel: string } | null;
}

/** Every reason the session may not start, in the order the form shows its fields; empty when it may. */
export function sessionStartRefusals(input: SessionStartInput): SessionStartRefusal[] {
  const out: SessionStartRefusal[] = [];
  if (!isOperatorName(normaliseOperatorName(input.operator))) out.push({ code: 'operator-missing' });
  const batchId = input.batchId.trim();
  if (batchId === '') out.push({ code: 'batch-missing' });
  else if (input.batch !== null && input.batch.meterTypeModel !== input.meterTypeModel) {
    out.push({ code: 'batch-of-another-type', batchId, batchModel: input.batch.meterTypeModel, chosenModel: input.meterTypeModel });
  }
  return out;
}
