/**
 * The append-only original record (原始记录) of bench lines: each line is hash-chained,
 * written in its own strict-durability transaction and committed BEFORE the caller may
 * interpret it (docs/architecture.md, data flow 1). Lines are never updated or deleted here;
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

/** Lines waiting for the next commit, each with the caller waiting for it. */
interface Group {
  items: { input: RawLineInput; resolve: (r: RawLineRecord) => void; reject: (e: unknown) => void }[];
}

export class OriginalRecord {
  private head: Head | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  /** the group that new lines join; null once its commit has started */
  private open: Group | null = null;
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
   *
   * Group commit: lines appended while an earlier commit is still in flight are written
   * together in the next transaction, and each caller is answered only when the
   * transaction holding its line has committed. A caller that awaits each line before the
   * next gets one transaction per line, as before; a bench that sends lines faster than
   * one disk commit (~1 ms with strict durability) still has every line on disk before it
   * is interpreted (docs/architecture.md flow 1), without a queue growing behind the disk.
   */
  append(input: RawLineInput): Promise<RawLineRecord> {
    let group = this.open;
    if (group === null) {
      const g: Group = { items: [] };
      this.open = group = g;
      const done = this.tail.then(() => {
        if (this.open === g) this.open = null;
        return this.commitGroup(g);
      });
      this.tail = done.catch(() => undefined);
    }
    const joined = group;
    return new Promise<RawLineRecord>((resolve, reject) => joined.items.push({ input, resolve, reject }));
  }

  /** Appends many lines in one transaction (imports, benchmarks); same chain rules. */
  appendMany(inputs: readonly RawLineInput[]): Promise<RawLineRecord[]> {
    this.open = null; // keep call order: lines appended after this call go after these
    const result = this.tail.then(() => this.write(inputs));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Signs the current chain head now (e.g. at the end of a session). */
  checkpoint(): Promise<ChainCheckpoint | null> {
    this.open = null;
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

  private async commitGroup(group: Group): Promise<void> {
    try {
      const records = await this.write(group.items.map((i) => i.input));
      group.items.forEach((item, k) => item.resolve(records[k]!));
    } catch (err) {
      for (const item of group.items) item.reject(err);
    }
  }

  /** Chains and commits lines in one transaction; a checkpoint follows when one is due. */
  private async write(inputs: readonly RawLineInput[], retried = false): Promise<RawLineRecord[]> {
    const start = await this.currentHead();
    let prev = start;
    const records: RawLineRecord[] = [];
    for (const input of inputs) {
      const r = await this.build(input, prev);
      records.push(r);
      prev = { seq: r.seq, hash: r.hash };
    }
    try {
      // add(), not put(): the [deviceId+seq] key makes a second writer of the same seq
      // (another tab) fail instead of overwriting the original record.
      await this.db.transaction('rw', this.db.rawLines, () =>
        records.length === 1 ? this.db.rawLines.add(records[0]!) : this.db.rawLines.bulkAdd(records),
      );
    } catch (err) {
      this.head = undefined;
      const constraint = (err as { name?: string }).name === 'ConstraintError' || (err as { failures?: { name?: string }[] }).failures?.[0]?.name === 'ConstraintError';
      if (constraint && !retried) return this.write(inputs, true);
      if (constraint) throw new StorageError('chain-conflict', 'another window is writing to the same original record', err);
      throw toStorageError(err);
    }
    this.head = prev;
    if (Math.floor(prev.seq / this.checkpointEvery) > Math.floor(start.seq / this.checkpointEvery)) await this.writeCheckpoint(prev);
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
