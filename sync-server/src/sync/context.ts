/**
 * What one push's ingest works on, inside its transaction (ingest.ts): the device, the
 * server's clock at receipt, the device's heads as they move, and the answers so far.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RegulationProfile } from '../../../web/src/domain/index.ts';
import type { ItemResult, PushKind, RejectReason } from '../../../web/src/sync/protocol.ts';
import type { Db } from '../db/open.ts';
import type { HeadState } from './heads.ts';
import type { Replay } from '../../../web/src/bench/wmb1/replay.ts';

export interface IngestContext {
  db: Db;
  deviceId: string;
  enterpriseId: string;
  pushId: string;
  /** the server's clock when the push arrived: the receipt time */
  now: Date;
  nowIso: string;
  head: HeadState;
  profiles: readonly RegulationProfile[];
  institutionName: string;
  log: FastifyBaseLogger;
  results: ItemResult[];
  /** the cited lines of a range and their WMB/1 replay, once per push: a session's meters cite the same lines (reverify.ts) */
  replays: Map<string, CitedReplay>;
}

export interface CitedReplay {
  lines: Array<{ seq: number; connectionId: string; direction: 'in' | 'out'; text: string; hash: string }>;
  replay: Replay;
}

/** A refusal of one item, with whether the client should send it again later as it is. */
export class Refusal {
  constructor(
    readonly reason: RejectReason,
    readonly message: string,
    readonly retry = false,
  ) {}
}

export function accepted(ctx: IngestContext, kind: PushKind, id: string): void {
  ctx.results.push({ kind, id, status: 'accepted' });
}

export function duplicate(ctx: IngestContext, kind: PushKind, id: string): void {
  ctx.results.push({ kind, id, status: 'duplicate' });
}

export function rejected(ctx: IngestContext, kind: PushKind, id: string, r: Refusal): void {
  ctx.results.push({ kind, id, status: 'rejected', reason: r.reason, message: r.message, retry: r.retry });
}

/** Device times never go backwards per device and never lie after the receipt (docs/sync.md "Device times"). */
export function checkDeviceTime(ctx: IngestContext, what: string, at: string, last: string | null): Refusal | null {
  const t = Date.parse(at);
  if (!Number.isFinite(t)) return new Refusal('time-invalid', `${what}: ${at} is not a time`);
  // After the receipt: the PC's clock is ahead; it becomes acceptable once the server's clock passes it.
  if (t > ctx.now.getTime()) return new Refusal('time-invalid', `${what}: ${at} lies after the server's receipt time ${ctx.nowIso}`, true);
  if (last !== null && t < Date.parse(last)) return new Refusal('time-invalid', `${what}: ${at} is before ${last}, a time the device already stated`);
  return null;
}
