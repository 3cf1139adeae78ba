/**
 * The append-only original record (原始记录) of bench lines: each line is hash-chained,
 * written in its own strict-durability transaction and committed BEFORE the caller may
 * interpret it (docs/architecture.md, data flow 1). Lines are never updated or deleted here;
 * a correction is a new record elsewhere that references the line.
 */
import { genesisHash, lineHash, type ChainedFields } from './chain.ts';
import { CHECKPOINT_EVERY, addCheckpoints, markCheckpoints, sealHead, signCheckpoint } from './checkpoints.ts';
import type { ErjianDb } from './db.ts';
import { StorageError, toStorageError } from './errors.ts';
import { chainHead } from './recordChain.ts';
import type { ChainCheckpoint, DeviceIdentity, RawLineInput, RawLineRecord, SignedCheckpoint } from './types.ts';

export interface OriginalRecordOptions {
  /**
   * sign a checkpoint at every multiple of this many lines (docs/records.md "Checkpoints";
   * the integrity check must be told the same figure)
   */
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
    this.checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
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

  /**
   * Signs the current chain head now (e.g. at the end of a session); resolves with the
   * checkpoint of the head — the one already there if the head was signed before.
   */
  checkpoint(): Promise<ChainCheckpoint | null> {
    this.open = null;
    const result = this.tail.then(async () => {
      const head = await this.currentHead();
      if (head.seq === 0) return null;
      return (await sealHead(this.db, this.device, 'on-demand', { now: this.now })) ?? (await this.db.checkpoints.get([this.deviceId, head.seq])) ?? null;
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

  /**
   * Chains and commits lines in one transaction, with the signed checkpoint of every
   * boundary (a multiple of `checkpointEvery`) they reach: the lines that reach a boundary
   * are never on disk without it. Signing happens before the transaction, which cannot wait
   * for WebCrypto.
   */
  private async write(inputs: readonly RawLineInput[], retried = false): Promise<RawLineRecord[]> {
    const start = await this.currentHead();
    let prev = start;
    const records: RawLineRecord[] = [];
    for (const input of inputs) {
      const r = await this.build(input, prev);
      records.push(r);
      prev = { seq: r.seq, hash: r.hash };
    }
    const checkpoints = await this.boundaryCheckpoints(start.seq, records);
    let added: SignedCheckpoint[];
    try {
      // add(), not put(): the [deviceId+seq] key makes a second writer of the same seq
      // (another tab) fail instead of overwriting the original record.
      // Most commits reach no boundary: those touch the lines' store only, as before checkpoints were due.
      const tables = checkpoints.length === 0 ? [this.db.rawLines] : [this.db.rawLines, this.db.checkpoints, this.db.outbox];
      added = await this.db.transaction('rw', tables, async () => {
        await (records.length === 1 ? this.db.rawLines.add(records[0]!) : this.db.rawLines.bulkAdd(records));
        return checkpoints.length === 0 ? [] : addCheckpoints(this.db, checkpoints);
      });
    } catch (err) {
      this.head = undefined;
      const constraint = (err as { name?: string }).name === 'ConstraintError' || (err as { failures?: { name?: string }[] }).failures?.[0]?.name === 'ConstraintError';
      if (constraint && !retried) return this.write(inputs, true);
      if (constraint) throw new StorageError('chain-conflict', 'another window is writing to the same original record', err);
      throw toStorageError(err);
    }
    this.head = prev;
    markCheckpoints(this.db, added);
    return records;
  }

  private async boundaryCheckpoints(startSeq: number, records: readonly RawLineRecord[]): Promise<SignedCheckpoint[]> {
    const every = this.checkpointEvery;
    const last = records[records.length - 1];
    if (last === undefined || Math.floor(last.seq / every) === Math.floor(startSeq / every)) return [];
    const heads = await chainHead(this.db, this.deviceId);
    const out: SignedCheckpoint[] = [];
    const at = this.now();
    for (let b = (Math.floor(startSeq / every) + 1) * every; b <= last.seq; b += every) {
      const line = records[b - startSeq - 1]!;
      out.push(await signCheckpoint(this.device, { line: { seq: line.seq, hash: line.hash }, reason: 'boundary', at, records: heads }));
    }
    return out;
  }
}
