/**
 * The append-only original record (原始记录) of bench lines: each line is hash-chained,
 * written in its own strict-durability transaction and committed BEFORE the caller may
 * interpret it (architecture.md, data flow 1). Lines are never updated or deleted here;
 * a correction is a new record elsewhere that references the line.
 */
import { genesisHash, lineHash, type ChainedFields } from './chain.ts';
import type { ErjianDb } from './db.ts';
import { signCanonical } from './deviceKey.ts';
import { StorageError, toStorageError } from './errors.ts';
import type { ChainCheckpoint, DeviceIdentity, RawLineInput, RawLineRecord } from './types.ts';

export interface OriginalRecordOptions {
  /** sign a checkpoint of the chain head every this many lines (and on demand) */
  checkpointEvery?: number;
  now?: () => Date;
}

interface Head {
  seq: number;
  hash: string;
}

export class OriginalRecord {
  private head: Head | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly checkpointEvery: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: ErjianDb,
    private readonly device: DeviceIdentity,
    options: OriginalRecordOptions = {},
  ) {
    this.checkpointEvery = options.checkpointEvery ?? 500;
    this.now = options.now ?? (() => new Date());
  }

  get deviceId(): string {
    return this.device.deviceId;
  }

  /**
   * Appends one line; resolves once it is committed to disk. Calls are serialised so the
   * sequence has no gaps and the chain no forks, whatever order callers await in.
   */
  append(input: RawLineInput): Promise<RawLineRecord> {
    const result = this.tail.then(() => this.appendNow(input));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Appends many lines in one transaction (imports, benchmarks); same chain rules. */
  appendMany(inputs: readonly RawLineInput[]): Promise<RawLineRecord[]> {
    const result = this.tail.then(() => this.appendManyNow(inputs));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Signs the current chain head now (e.g. at the end of a session). */
  checkpoint(): Promise<ChainCheckpoint | null> {
    const result = this.tail.then(async () => {
      const head = await this.currentHead();
      return head.seq === 0 ? null : this.writeCheckpoint(head);
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async currentHead(): Promise<Head> {
    if (this.head) return this.head;
    const last = await this.db.rawLines
      .where('[deviceId+seq]')
      .between([this.deviceId, 0], [this.deviceId, Number.MAX_SAFE_INTEGER], true, true)
      .last();
    this.head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: genesisHash };
    return this.head;
  }

  private async build(input: RawLineInput, prev: Head): Promise<RawLineRecord> {
    const fields: ChainedFields = {
      deviceId: this.deviceId,
      seq: prev.seq + 1,
      connectionId: input.connectionId,
      sessionId: input.sessionId,
      direction: input.direction,
      text: input.text,
      receivedAt: input.receivedAt ?? this.now().toISOString(),
      prevHash: prev.hash,
    };
    return { ...fields, hash: await lineHash(fields) };
  }

  private async appendNow(input: RawLineInput, retried = false): Promise<RawLineRecord> {
    const record = await this.build(input, await this.currentHead());
    try {
      // add(), not put(): the [deviceId+seq] key makes a second writer of the same seq
      // (another tab) fail instead of overwriting the original record.
      await this.db.transaction('rw', this.db.rawLines, () => this.db.rawLines.add(record));
    } catch (err) {
      this.head = undefined;
      if ((err as { name?: string }).name === 'ConstraintError' && !retried) return this.appendNow(input, true);
      if ((err as { name?: string }).name === 'ConstraintError') {
        throw new StorageError('chain-conflict', 'another window is writing to the same original record', err);
      }
      throw toStorageError(err);
    }
    this.head = { seq: record.seq, hash: record.hash };
    if (record.seq % this.checkpointEvery === 0) await this.writeCheckpoint(this.head);
    return record;
  }

  private async appendManyNow(inputs: readonly RawLineInput[]): Promise<RawLineRecord[]> {
    let prev = await this.currentHead();
    const records: RawLineRecord[] = [];
    for (const input of inputs) {
      const r = await this.build(input, prev);
      records.push(r);
      prev = { seq: r.seq, hash: r.hash };
    }
    try {
      await this.db.transaction('rw', this.db.rawLines, () => this.db.rawLines.bulkAdd(records));
    } catch (err) {
      this.head = undefined;
      throw toStorageError(err);
    }
    const before = this.head?.seq ?? 0;
    this.head = prev;
    if (Math.floor(prev.seq / this.checkpointEvery) > Math.floor(before / this.checkpointEvery)) await this.writeCheckpoint(prev);
    return records;
  }

  private async writeCheckpoint(head: Head): Promise<ChainCheckpoint> {
    const unsigned = { deviceId: this.deviceId, seq: head.seq, hash: head.hash, at: this.now().toISOString() };
    const checkpoint: ChainCheckpoint = { ...unsigned, signature: await signCanonical(this.device.privateKey, unsigned) };
    try {
      await this.db.checkpoints.put(checkpoint);
    } catch (err) {
      throw toStorageError(err);
    }
    return checkpoint;
  }
}
