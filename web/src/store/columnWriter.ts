/**
 * Appends verification rows to a batch's error columns inside the caller's rw
 * transaction, so the columns are committed — or rolled back — together with the records
 * they are derived from (see columnTypes.ts). Chunks touched by a transaction are kept
 * in memory and written once, in `flush()`, so a bulk import of 1,000 records rewrites
 * each chunk once rather than 1,000 times.
 */
import { pointError, type MeterVerdict, type TestPoint } from '../domain/index.ts';
import { DEFAULT_CHUNK_ROWS, type BatchColumnChunk, type BatchColumnRow, type ColumnRowInput } from './columnTypes.ts';
import type { ErjianDb } from './db.ts';
import { StorageError } from './errors.ts';
import type { VerificationRecord } from './recordTypes.ts';

/**
 * The error at a point that batch statistics (and the certificate) use: the domain's
 * `pointError` — the deciding run's E, or the mean of three runs that decided together
 * (docs/rules.md R-REPEAT), or the last valid run when the point is irregular; NaN when
 * the point has no valid run. Unrounded, as the statistics need.
 */
export function pointErrorPct(verdict: MeterVerdict, point: TestPoint): number {
  return pointError(verdict, point)?.errorPct ?? Number.NaN;
}

export function columnRowOf(v: Pick<VerificationRecord, 'id' | 'serial' | 'verdict'>): ColumnRowInput {
  return {
    verificationId: v.id,
    serial: v.serial,
    q3: pointErrorPct(v.verdict, 'Q3'),
    q2: pointErrorPct(v.verdict, 'Q2'),
    q1: pointErrorPct(v.verdict, 'Q1'),
    passed: v.verdict.passed,
  };
}

/**
 * A chunk being written: the stored shape, but its typed arrays are allocated at full
 * `capacity` with `n` of them used (`packed` trims them for storage).
 */
type OpenChunk = BatchColumnChunk;

function grown<T extends Float64Array | Uint8Array>(make: (n: number) => T, capacity: number, stored: T): T {
  const out = make(capacity);
  out.set(stored);
  return out;
}

function open(stored: BatchColumnChunk): OpenChunk {
  const f64 = (n: number) => new Float64Array(n);
  const u8 = (n: number) => new Uint8Array(n);
  const c = stored.capacity;
  return {
    ...stored,
    verificationIds: [...stored.verificationIds],
    serials: [...stored.serials],
    q3: grown(f64, c, stored.q3),
    q2: grown(f64, c, stored.q2),
    q1: grown(f64, c, stored.q1),
    passed: grown(u8, c, stored.passed),
    live: grown(u8, c, stored.live),
  };
}

/** slice(), not subarray(): structured clone would store a view's whole buffer. */
function packed(c: OpenChunk): BatchColumnChunk {
  return {
    batchId: c.batchId,
    chunkNo: c.chunkNo,
    capacity: c.capacity,
    n: c.n,
    liveCount: c.liveCount,
    verificationIds: c.verificationIds,
    serials: c.serials,
    q3: c.q3.slice(0, c.n),
    q2: c.q2.slice(0, c.n),
    q1: c.q1.slice(0, c.n),
    passed: c.passed.slice(0, c.n),
    live: c.live.slice(0, c.n),
  };
}

const keyOf = (batchId: string, chunkNo: number) => `${chunkNo}\u0000${batchId}`;

export class ColumnWriter {
  private readonly chunks = new Map<string, OpenChunk>();
  private readonly tails = new Map<string, OpenChunk | null>();
  private readonly dirty = new Set<OpenChunk>();
  private readonly newRows = new Map<string, BatchColumnRow>();
  /** stored row locations read by load() */
  private readonly rows = new Map<string, BatchColumnRow>();

  /** Must be used inside a rw transaction over `batchColumns` and `batchColumnRows`. */
  constructor(
    private readonly db: ErjianDb,
    private readonly chunkRows: number = DEFAULT_CHUNK_ROWS,
  ) {
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  }

  /**
   * Reads what the appends and supersedes will touch: the tail chunk of each batch and
   * the chunks of the rows to supersede. Everything after this is synchronous until
   * `flush()`, so the transaction never idles on a long chain of non-IndexedDB awaits
   * (which lets fake-indexeddb, and the spec's auto-commit, close it early).
   */
  async load(batchIds: Iterable<string>, superseded: Iterable<string>): Promise<void> {
    for (const batchId of new Set(batchIds)) await this.tail(batchId);
    const ids = [...new Set(superseded)].filter((id) => !this.newRows.has(id) && !this.rows.has(id));
    const rows = await this.db.batchColumnRows.bulkGet(ids);
    for (const at of rows) {
      if (!at) continue;
      this.rows.set(at.verificationId, at);
      await this.chunk(at.batchId, at.chunkNo);
    }
  }

  /** Appends a row to the batch's tail chunk (opening a new one when it is full); after load(). */
  append(batchId: string, input: ColumnRowInput): void {
    let tail = this.tails.get(batchId);
    if (tail === undefined) throw new Error(`ColumnWriter: batch ${batchId} was not loaded`);
    if (tail === null || tail.n >= tail.capacity) tail = this.create(batchId, tail === null ? 0 : tail.chunkNo + 1);
    const row = tail.n++;
    tail.verificationIds.push(input.verificationId);
    tail.serials.push(input.serial);
    tail.q3[row] = input.q3;
    tail.q2[row] = input.q2;
    tail.q1[row] = input.q1;
    tail.passed[row] = input.passed ? 1 : 0;
    tail.live[row] = 1;
    tail.liveCount++;
    this.dirty.add(tail);
    this.newRows.set(input.verificationId, { verificationId: input.verificationId, batchId, chunkNo: tail.chunkNo, row });
  }

  /** Clears the `live` flag of a superseded verification's row; after load(). */
  supersede(verificationId: string): void {
    const at = this.newRows.get(verificationId) ?? this.rows.get(verificationId);
    const chunk = at && this.chunks.get(keyOf(at.batchId, at.chunkNo));
    if (!at || !chunk || chunk.live[at.row] !== 1) {
      throw new StorageError('columns-corrupt', `the batch columns have no live row for verification ${verificationId}`);
    }
    chunk.live[at.row] = 0;
    chunk.liveCount--;
    this.dirty.add(chunk);
  }

  /** Writes every chunk and row location touched; call once, last, inside the transaction. */
  async flush(): Promise<void> {
    if (this.dirty.size > 0) await this.db.batchColumns.bulkPut([...this.dirty].map(packed));
    if (this.newRows.size > 0) await this.db.batchColumnRows.bulkAdd([...this.newRows.values()]);
    this.dirty.clear();
    this.newRows.clear();
  }

  private create(batchId: string, chunkNo: number): OpenChunk {
    const c = this.chunkRows;
    const chunk: OpenChunk = {
      batchId,
      chunkNo,
      capacity: c,
      n: 0,
      liveCount: 0,
      verificationIds: [],
      serials: [],
      q3: new Float64Array(c),
      q2: new Float64Array(c),
      q1: new Float64Array(c),
      passed: new Uint8Array(c),
      live: new Uint8Array(c),
    };
    this.chunks.set(keyOf(batchId, chunkNo), chunk);
    this.tails.set(batchId, chunk);
    return chunk;
  }

  private async tail(batchId: string): Promise<OpenChunk | null> {
    const known = this.tails.get(batchId);
    if (known !== undefined) return known;
    const last = await this.db.batchColumns.where('[batchId+chunkNo]').between([batchId, 0], [batchId, Infinity], true, true).last();
    const tail = last ? this.remember(last) : null;
    this.tails.set(batchId, tail);
    return tail;
  }

  private async chunk(batchId: string, chunkNo: number): Promise<OpenChunk | undefined> {
    const known = this.chunks.get(keyOf(batchId, chunkNo));
    if (known) return known;
    const stored = await this.db.batchColumns.get([batchId, chunkNo]);
    return stored && this.remember(stored);
  }

  private remember(stored: BatchColumnChunk): OpenChunk {
    const key = keyOf(stored.batchId, stored.chunkNo);
    const known = this.chunks.get(key);
    if (known) return known;
    const chunk = open(stored);
    this.chunks.set(key, chunk);
    return chunk;
  }
}
