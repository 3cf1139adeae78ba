/**
 * A hash chain that restarts (docs/risk.md "chain-restart"). Within a device the server only
 * stores lines that continue its chain, so a restart shows as a *second chain for the same
 * bench*: a device whose chain starts from genesis on a bench another device already has a
 * history on, without naming that device as its predecessor (a replaced PC does, in its
 * signed enrolment), or running in parallel with it. Lines given out of chain order
 * (a seq again from 1, a genesis prevHash after seq 1, a broken link) are flagged too, for
 * data that did not come through the ingest.
 */
import type { RiskSettings } from './settings.ts';
import { capRefs, ms, type RawRef, type RiskDevice, type RiskFinding, type RiskLine, type RiskSession } from './types.ts';

const GENESIS = '0'.repeat(64);

function lineBreaks(lines: readonly RiskLine[]): RiskFinding[] {
  const out: RiskFinding[] = [];
  let prev: RiskLine | null = null;
  for (const l of lines) {
    if (prev !== null && prev.deviceId === l.deviceId) {
      const restart = l.seq <= prev.seq || (l.seq > 1 && l.prevHash === GENESIS) || (l.seq === prev.seq + 1 && l.prevHash !== prev.hash);
      if (restart) {
        out.push({
          kind: 'chain-restart',
          key: `chain-restart:line:${l.deviceId}:${prev.seq}:${l.seq}`,
          subject: `device ${l.deviceId}`,
          message: `Device ${l.deviceId}: line ${l.seq} after line ${prev.seq} does not continue the chain (${l.prevHash === GENESIS ? 'it starts again from genesis' : 'its prevHash is not the previous hash'}).`,
          evidence: { deviceId: l.deviceId, previousSeq: prev.seq, seq: l.seq, prevHash: l.prevHash, previousHash: prev.hash, genesis: l.prevHash === GENESIS },
          rawRefs: [{ deviceId: l.deviceId, fromSeq: Math.min(prev.seq, l.seq), toSeq: Math.max(prev.seq, l.seq) }],
        });
      }
    }
    prev = l;
  }
  return out;
}

interface Span {
  deviceId: string;
  start: number;
  end: number;
  startAt: string;
  endAt: string;
  first: RawRef | null;
  last: RawRef | null;
  sessions: number;
}

export function detectChainRestart(devices: readonly RiskDevice[], sessions: readonly RiskSession[], lines: readonly RiskLine[], _s: RiskSettings): RiskFinding[] {
  const out = lineBreaks(lines);
  const predecessor = new Map(devices.map((d) => [d.deviceId, d.predecessor]));
  const benches = new Map<string, Map<string, Span>>();
  for (const x of sessions) {
    const start = ms(x.startedAt);
    const end = ms(x.endedAt ?? x.startedAt);
    if (!Number.isFinite(start)) continue;
    const spans = benches.get(x.benchId) ?? new Map<string, Span>();
    const sp = spans.get(x.deviceId);
    if (!sp) spans.set(x.deviceId, { deviceId: x.deviceId, start, end, startAt: x.startedAt, endAt: x.endedAt ?? x.startedAt, first: x.ref, last: x.ref, sessions: 1 });
    else {
      if (start < sp.start) Object.assign(sp, { start, startAt: x.startedAt, first: x.ref });
      if (end > sp.end) Object.assign(sp, { end, endAt: x.endedAt ?? x.startedAt, last: x.ref });
      sp.sessions++;
    }
    benches.set(x.benchId, spans);
  }
  for (const [benchId, spans] of benches) {
    const list = [...spans.values()].sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      const later = list[i]!;
      const earlier = list.slice(0, i);
      const named = predecessor.get(later.deviceId) ?? null;
      const parallel = earlier.filter((e) => e.end > later.start);
      const linked = named !== null && earlier.some((e) => e.deviceId === named);
      if (linked && parallel.length === 0) continue;
      const prior = parallel[0] ?? earlier.at(-1)!;
      out.push({
        kind: 'chain-restart',
        key: `chain-restart:bench:${benchId}:${later.deviceId}`,
        subject: `bench ${benchId}`,
        message: parallel.length > 0
          ? `Bench ${benchId}: device ${later.deviceId} started a second chain while device ${prior.deviceId} was still running sessions on the bench.`
          : `Bench ${benchId}: device ${later.deviceId} started a new chain after device ${prior.deviceId}'s history without naming it as its predecessor.`,
        evidence: {
          benchId,
          newDevice: later.deviceId,
          newFrom: later.startAt,
          newSessions: later.sessions,
          earlierDevice: prior.deviceId,
          earlierFrom: prior.startAt,
          earlierUntil: prior.endAt,
          earlierSessions: prior.sessions,
          predecessor: named,
          parallel: parallel.length > 0,
        },
        rawRefs: capRefs([prior.last, later.first].filter((r): r is RawRef => r !== null)),
      });
    }
  }
  return out;
}
