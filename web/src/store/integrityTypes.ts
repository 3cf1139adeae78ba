/**
 * What "verify integrity" finds (docs/records.md "Problem codes"): every problem has a stable
 * code the screens translate (ui/meter/messages.ts), and says where — a raw line by seq, a
 * record by its chain seq and id, a session by id.
 */
import type { ChainBreak } from './chain.ts';
import type { TrustProblemCode } from './deviceTrust.ts';

export type IntegrityProblemCode =
  | TrustProblemCode
  // the raw-line chain
  | 'line-gap'
  | 'line-altered'
  | 'line-unlinked'
  // checkpoints
  | 'checkpoint-bad-signature'
  | 'checkpoint-hash-differs'
  | 'checkpoint-line-missing'
  /** no checkpoint at a multiple of the checkpoint interval the lines reach */
  | 'checkpoint-missing'
  /** the record-chain head a checkpoint signed is not in the chain any more */
  | 'checkpoint-records-differ'
  /** a checkpoint that is neither format 1 nor `erjian.checkpoint/1` */
  | 'checkpoint-format-invalid'
  // the marks outside IndexedDB
  /** the newest checkpoint this browser signed is gone or different: the tail was cut or rewritten */
  | 'pinned-checkpoint-missing'
  /** the newest record this browser chained is gone or different */
  | 'pinned-record-missing'
  // the record chain
  | 'record-seq-gap'
  | 'record-missing'
  | 'record-altered'
  | 'record-unlinked'
  | 'record-bad-signature'
  /** two records claim the same chain seq */
  | 'record-seq-duplicate'
  /** a signed record that the chain does not hold where it says it is */
  | 'record-unchained'
  /** one id used by two records of the chain (e.g. a certificate number issued twice) */
  | 'record-id-reused'
  /** a record in no known format (no type, not marked format 1) */
  | 'record-format-invalid'
  /** the format-1 rows differ from the set sealed at the upgrade */
  | 'legacy-set-changed'
  // sessions
  /** a session's signed statements name a session whose row is gone */
  | 'session-missing'
  /** the session row differs from its signed statements (bench, uRelPct, operator, state …) */
  | 'session-altered'
  /** a session row without its signed start */
  | 'session-unsigned'
  /** the raw line a session's end named differs from it */
  | 'session-head-differs'
  // verifications
  /** a record cites raw lines of another device */
  | 'lines-foreign'
  /** the last cited line's hash differs from the one the record signed */
  | 'cited-line-differs'
  /** a line or record differs from what an outside copy (the server's) holds */
  | 'anchor-differs';

export interface IntegrityProblem {
  code: IntegrityProblemCode;
  deviceId?: string;
  /** a raw line */
  seq?: number;
  /** a record of the chain */
  recordSeq?: number;
  recordId?: string;
  sessionId?: string;
  expected?: string;
  found?: string;
}

export type IntegrityStatus = 'ok' | 'unsigned' | 'broken';

export interface IntegrityReport {
  /** status 'ok': nothing broken and no line unsigned */
  ok: boolean;
  status: IntegrityStatus;
  deviceId: string;
  linesChecked: number;
  checkpointsChecked: number;
  recordsChecked: number;
  /** lines after the last valid checkpoint: no signature covers them yet (未签名), never reported as OK */
  unsigned: { fromSeq: number; toSeq: number } | null;
  /** the first broken link of the raw-line chain */
  firstBreak: ChainBreak | null;
  /** every problem found, in check order (at most `maxProblems`) */
  problems: IntegrityProblem[];
  firstProblem: IntegrityProblem | null;
}

export const breakCode: Record<ChainBreak['reason'], IntegrityProblemCode> = {
  gap: 'line-gap',
  'hash-mismatch': 'line-altered',
  'prev-hash-mismatch': 'line-unlinked',
};
