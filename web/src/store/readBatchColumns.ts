/**
 * Reads a batch's error columns for the stats worker: a few large chunk objects in one
 * read-only transaction, packed into fresh Float64Arrays (errors in % at Q3, Q2, Q1,
 * NaN where a point has no valid run) whose buffers can be transferred to the worker
 * without a copy. Superseded rows are left out, so a re-verified meter counts once, by
 * its newest record (docs/rules.md R-RECORD).
 */
import type { BatchColumnChunk, BatchColumns } from './columnTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';

export async function readBatchColumns(db: ErjianDb, batchId: string): Promise<BatchColumns> {
  let chunks: BatchColumnChunk[];
  try {
    chunks = await db.batchColumns.where('[batchId+chunkNo]').between([batchId, 0], [batchId, Infinity], true, true).toArray();
  } catch (err) {
    throw toStorageError(err);
  }
  return packChunks(batchId, chunks);
}

/** Packs chunks (in chunkNo order) into the live rows' columns. Exported for the rebuild check. */
export function packChunks(batchId: string, chunks: readonly BatchColumnChunk[]): BatchColumns {
  let n = 0;
  chunks.forEach((c, i) => {
    if (c.chunkNo !== i || c.n !== c.q3.length || c.liveCount > c.n) {
      throw new StorageError('columns-corrupt', `batch ${batchId}: chunk ${c.chunkNo} is out of place or inconsistent (rebuild the columns)`);
    }
    n += c.liveCount;
  });
  const out: BatchColumns = {
    batchId,
    n,
    q3: new Float64Array(n),
    q2: new Float64Array(n),
    q1: new Float64Array(n),
    passed: new Uint8Array(n),
    serials: new Array<string>(n),
    verificationIds: new Array<string>(n),
  };
  let at = 0;
  for (const c of chunks) {
    if (c.liveCount === c.n) {
      // The common case (no re-verification in this chunk): block copies.
      out.q3.set(c.q3, at);
      out.q2.set(c.q2, at);
      out.q1.set(c.q1, at);
      out.passed.set(c.passed, at);
      for (let r = 0; r < c.n; r++) {
        out.serials[at + r] = c.serials[r]!;
        out.verificationIds[at + r] = c.verificationIds[r]!;
      }
      at += c.n;
      continue;
    }
    for (let r = 0; r < c.n; r++) {
      if (c.live[r] !== 1) continue;
      out.q3[at] = c.q3[r]!;
      out.q2[at] = c.q2[r]!;
      out.q1[at] = c.q1[r]!;
      out.passed[at] = c.passed[r]!;
      out.serials[at] = c.serials[r]!;
      out.verificationIds[at] = c.verificationIds[r]!;
      at++;
    }
  }
  if (at !== n) throw new StorageError('columns-corrupt', `batch ${batchId}: ${at} live rows found, the chunks count ${n}`);
  return out;
}
