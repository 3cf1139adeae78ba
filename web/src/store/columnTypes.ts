/**
 * Batch error columns: the errors of a batch's meters at Q3, Q2 and Q1 kept as packed
 * Float64Arrays in a few large chunks, so the stats worker gets three columns of a
 * 100,000-meter batch without 100,000 record objects being read and materialised.
 *
 * The columns are DERIVED data (a cache of the verification records), written in the same
 * transaction as each record so they never disagree, and they can always be rebuilt from
 * the records (`rebuildBatchColumns`). Rows are appended, never rewritten; the only
 * change to a stored row is its `live` flag going 1 → 0 once, when a re-verification of
 * the meter supersedes it (docs/rules.md R-RECORD: the old record stays, the newest one counts).
 */

/** Rows per chunk: ~512 × (3 × 8 B + ids) ≈ 40 KB per chunk, 196 chunks per 100,000 meters. */
export const DEFAULT_CHUNK_ROWS = 512;

export interface BatchColumnChunk {
  batchId: string;
  /** 0, 1, 2, … without gaps */
  chunkNo: number;
  /** the most rows this chunk takes; the writer opens a new chunk when it is full */
  capacity: number;
  /** rows stored (the arrays below have exactly this length) */
  n: number;
  /** rows whose `live` flag is 1 */
  liveCount: number;
  verificationIds: string[];
  serials: string[];
  /** indication error E (%), unrounded, of the run that decided the point; NaN if none */
  q3: Float64Array;
  q2: Float64Array;
  q1: Float64Array;
  /** 1 if the meter passed (合格) */
  passed: Uint8Array;
  /** 1 if this row is the meter's newest verification, 0 once superseded */
  live: Uint8Array;
}

/** Where a verification's row is, so a re-verification can clear its `live` flag. */
export interface BatchColumnRow {
  verificationId: string;
  batchId: string;
  chunkNo: number;
  row: number;
}

/** One meter's row as the writer appends it. */
export interface ColumnRowInput {
  verificationId: string;
  serial: string;
  q3: number;
  q2: number;
  q1: number;
  passed: boolean;
}

/** A batch's live rows, packed and ready to transfer to a worker (every buffer is fresh). */
export interface BatchColumns {
  batchId: string;
  n: number;
  q3: Float64Array;
  q2: Float64Array;
  q1: Float64Array;
  passed: Uint8Array;
  serials: string[];
  verificationIds: string[];
}
