/**
 * Whether a scanned meter may be mounted on a bench position for this session
 * (docs/rules.md R-IDENT, R-RECORD): its serial number is valid for the meter type, it is
 * not already on another position, it belongs to this session's batch if it belongs to
 * one (a meter belongs to one batch for its whole life), and a meter that already has a
 * record is verified again only knowingly — a re-verification, whose reason the new
 * record carries beside the record it supersedes.
 */
import { normaliseSerial, serialProblem, type SerialFormat, type SerialProblem } from './serialNumber.ts';

/** The meter's current record (the newest of its chain), as far as the decision needs it. */
export interface CurrentRecord {
  id: string;
  batchId: string;
  verificationDate: string;
  passed: boolean;
}

export interface MountInput {
  /** what was scanned or typed */
  text: string;
  /** the position it is scanned for */
  pos: number;
  format?: SerialFormat;
  /** serial numbers already on the bench, by position */
  mounted: ReadonlyMap<number, string>;
  batchId: string;
  /** the batch the meter belongs to, when it is known on this PC */
  meterBatchId: string | null;
  current: CurrentRecord | null;
}

export type MountProblem =
  | SerialProblem
  | { code: 'already-mounted'; serial: string; pos: number }
  | { code: 'meter-of-another-batch'; serial: string; batchId: string };

export type MountDecision =
  | { kind: 'mount'; serial: string }
  | { kind: 're-verification'; serial: string; current: CurrentRecord }
  | { kind: 'refuse'; serial: string; problem: MountProblem };

export function mountDecision(input: MountInput): MountDecision {
  const serial = normaliseSerial(input.text);
  const problem = serialProblem(serial, input.format);
  if (problem !== null) return { kind: 'refuse', serial, problem };
  for (const [pos, s] of input.mounted) {
    if (pos !== input.pos && s === serial) return { kind: 'refuse', serial, problem: { code: 'already-mounted', serial, pos } };
  }
  const batchId = input.current?.batchId ?? input.meterBatchId;
  if (batchId !== null && batchId !== input.batchId) return { kind: 'refuse', serial, problem: { code: 'meter-of-another-batch', serial, batchId } };
  if (input.current !== null) return { kind: 're-verification', serial, current: input.current };
  return { kind: 'mount', serial };
}

/**
 * The reason for a re-verification as it is recorded: trimmed, otherwise the operator's own
 * words (no NFKC: it would turn Chinese punctuation into ASCII); empty is no reason.
 */
export function reverificationReason(text: string): string | null {
  const reason = text.trim();
  return reason === '' ? null : reason;
}
