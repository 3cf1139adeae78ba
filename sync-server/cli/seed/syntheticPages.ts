/**
 * Push pages of a synthetic device (syntheticDevice.ts), made the way the PWA's own pager
 * (web/src/sync/pushPages.ts) makes them from IndexedDB: lines up to a checkpoint in the
 * same page, checkpoints, the batches the page's verifications name, then the records in
 * chain order. Sessions are never split: each ends with a checkpoint over its last line, so
 * every page can be stored whole (docs/sync.md "Paging").
 */
import { checkpointId } from '../../../web/src/store/checkpoints.ts';
import { SYNC_PROTOCOL, syncLimits, type PushItem, type PushRequest } from '../../../web/src/sync/protocol.ts';
import type { SessionChunk, SyntheticRecord } from './syntheticDevice.ts';

export interface PageLimits {
  maxLines: number;
  maxItems: number;
}

/** Room under the protocol's limits, as the PWA's pager keeps. */
export const defaultPageLimits: PageLimits = { maxLines: syncLimits.maxLinesPerPush - 500, maxItems: syncLimits.maxItemsPerPush - 50 };

const recordItem = (r: SyntheticRecord): PushItem => ({ kind: 'record', id: r.id, body: r.body });

export class SyntheticPager {
  private lines: PushRequest['lines'] = [];
  private checkpoints: PushItem[] = [];
  private batches: PushItem[] = [];
  private records: PushItem[] = [];
  private verifications = 0;

  constructor(
    private readonly deviceId: string,
    private readonly limits: PageLimits = defaultPageLimits,
  ) {}

  /** Records before any session (the device's enrolment). */
  addRecords(records: readonly SyntheticRecord[]): void {
    this.records.push(...records.map(recordItem));
  }

  /** Adds a session; returns the page that was full before it, if any. */
  add(chunk: SessionChunk): PushRequest | null {
    const items = chunk.checkpoints.length + chunk.batches.length + chunk.records.length;
    const full = this.lines.length + chunk.lines.length > this.limits.maxLines || this.itemCount() + items > this.limits.maxItems;
    const page = full ? this.flush() : null;
    this.lines.push(...chunk.lines);
    this.checkpoints.push(...chunk.checkpoints.map((c) => ({ kind: 'checkpoint' as const, id: checkpointId(c), body: c })));
    this.batches.push(...chunk.batches.map((b) => ({ kind: 'batch' as const, id: b.id, body: b })));
    this.records.push(...chunk.records.map(recordItem));
    this.verifications += chunk.verdicts.length;
    return page;
  }

  private itemCount(): number {
    return this.checkpoints.length + this.batches.length + this.records.length;
  }

  /** verifications in the pages made so far and the one being filled */
  get verificationCount(): number {
    return this.verifications;
  }

  /** The page being filled (null when empty). */
  flush(): PushRequest | null {
    if (this.lines.length === 0 && this.itemCount() === 0) return null;
    const page: PushRequest = {
      protocol: SYNC_PROTOCOL,
      deviceId: this.deviceId,
      pushId: crypto.randomUUID(),
      lines: this.lines,
      items: [...this.checkpoints, ...this.batches, ...this.records],
    };
    this.lines = [];
    this.checkpoints = [];
    this.batches = [];
    this.records = [];
    return page;
  }
}
