/**
 * Clock jumps and back-dated lines (docs/risk.md "clock-jump", "back-dated"), on each
 * device's raw lines in seq order — the order the device stored them, which its hash chain
 * fixes. Device time (`receivedAt`) must not go back, must not leap within a session, and
 * must not be ahead of the server's receipt (`storedAt`). A line dated before the server
 * had already stored an earlier push of the same device cannot have existed then: it was
 * made later and dated back. "Earlier" means a push stored at least `syncGapS` before the
 * line's own: the pages of one sync arrive seconds apart, and a backlog's later pages hold
 * lines older than the first page's receipt (docs/risk.md "back-dated").
 */
import type { RiskSettings } from './settings.ts';
import { capRefs, ms, r4, type RawRef, type RiskFinding, type RiskLine } from './types.ts';

type Check = 'backwards' | 'jump' | 'ahead' | 'back-dated';

interface Event {
  check: Check;
  line: RiskLine;
  /** seconds: how far back, how long the gap, how far ahead, how far before the earlier push */
  seconds: number;
  ref: RawRef;
  /** the earlier time it is compared with */
  against: string;
}

export function detectClock(lines: readonly RiskLine[], s: RiskSettings): RiskFinding[] {
  const events: Event[] = [];
  let prev: RiskLine | null = null;
  /** the device's pushes seen so far (server storage times, ascending) */
  let pushes: Array<{ at: number; iso: string }> = [];
  /** index of the latest push stored at least syncGapS before the current line's push */
  let counted = -1;
  for (const line of lines) {
    if (prev !== null && prev.deviceId !== line.deviceId) {
      prev = null;
      pushes = [];
      counted = -1;
    }
    const t = ms(line.receivedAt);
    const stored = ms(line.storedAt);
    if (prev !== null) {
      const pt = ms(prev.receivedAt);
      const ref = { deviceId: line.deviceId, fromSeq: prev.seq, toSeq: line.seq };
      if (pt - t > s.clockBackwardsS * 1000) events.push({ check: 'backwards', line, seconds: (pt - t) / 1000, ref, against: prev.receivedAt });
      else if (line.sessionId !== null && line.sessionId === prev.sessionId && t - pt > s.clockJumpS * 1000) events.push({ check: 'jump', line, seconds: (t - pt) / 1000, ref, against: prev.receivedAt });
      const prevStored = ms(prev.storedAt);
      if (prevStored < stored && (pushes.length === 0 || pushes[pushes.length - 1]!.at < prevStored)) pushes.push({ at: prevStored, iso: prev.storedAt });
    }
    while (counted + 1 < pushes.length && pushes[counted + 1]!.at <= stored - s.syncGapS * 1000) counted++;
    const earlierPush = counted >= 0 ? pushes[counted]!.at : Number.NEGATIVE_INFINITY;
    const earlierPushAt = counted >= 0 ? pushes[counted]!.iso : '';
    if (t - stored > s.clockAheadS * 1000) events.push({ check: 'ahead', line, seconds: (t - stored) / 1000, ref: { deviceId: line.deviceId, fromSeq: line.seq, toSeq: line.seq }, against: line.storedAt });
    if (earlierPush - t > s.backDatedS * 1000) events.push({ check: 'back-dated', line, seconds: (earlierPush - t) / 1000, ref: { deviceId: line.deviceId, fromSeq: line.seq, toSeq: line.seq }, against: earlierPushAt });
    prev = line;
  }
  // One finding per device, check and session: its first event, how many, the worst.
  const groups = new Map<string, Event[]>();
  for (const e of events) {
    const k = `${e.check}\u0000${e.line.deviceId}\u0000${e.line.sessionId ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const out: RiskFinding[] = [];
  for (const list of groups.values()) {
    const e = list[0]!;
    const worst = Math.max(...list.map((x) => x.seconds));
    const kind = e.check === 'back-dated' ? ('back-dated' as const) : ('clock-jump' as const);
    const what =
      e.check === 'backwards'
        ? `the device clock went back ${r4(e.seconds)} s`
        : e.check === 'jump'
          ? `the device clock leapt ${r4(e.seconds / 3600)} h within a session`
          : e.check === 'ahead'
            ? `a line is dated ${r4(e.seconds)} s after the server stored it`
            : `a line is dated ${r4(e.seconds / 3600)} h before the server had stored an earlier push`;
    out.push({
      kind,
      key: `${kind}:${e.check}:${e.line.deviceId}:${e.line.seq}`,
      subject: `device ${e.line.deviceId}${e.line.sessionId !== null ? ` session ${e.line.sessionId}` : ''}`,
      message: `Device ${e.line.deviceId} line ${e.line.seq}: ${what} (${list.length} line(s), worst ${r4(worst)} s).`,
      evidence: { check: e.check, deviceId: e.line.deviceId, sessionId: e.line.sessionId, seq: e.line.seq, lineTime: e.line.receivedAt, comparedWith: e.against, seconds: r4(e.seconds), worstSeconds: r4(worst), lines: list.length },
      rawRefs: capRefs(list.map((x) => x.ref)),
    });
  }
  return out;
}
