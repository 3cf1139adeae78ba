/**
 * An interrupted (or any) session as its screens show it, from what the store holds: the
 * plan (batch, meter type), each meter with its checks, tightness and runs — each run
 * evaluated by the domain and marked counted or not (`countRuns`, docs/rules.md R-REPEAT) —
 * and the points still open (`openPoints`). Nothing is stored here; a screen asks and shows.
 */
import { countRuns, defaultProfile, evaluateRun, openPoints, type Run, type RunEvaluation, type TestPoint } from '../../domain/index.ts';
import { parseJournalEntry, sessionContextOf, snapshotOf, type JournalEntry } from '../../bench/index.ts';
import { meterOfType, sessionProgress, type ErjianDb, type MeterType, type SessionProgress, type SessionRecord, type StoredRun } from '../../store/index.ts';

export interface SessionRunView {
  run: StoredRun;
  evaluation: RunEvaluation | null;
  counted: boolean;
}

export interface SessionMeterView {
  pos: number | null;
  serial: string;
  /** all items of 外观 / 功能 passed, failed, or null when not recorded */
  checksOk: boolean | null;
  tightness: 'ok' | 'leak' | 'damage' | null;
  runs: SessionRunView[];
  open: TestPoint[];
}

export interface SessionView {
  session: SessionRecord;
  batchId: string | null;
  meterType: MeterType | null;
  meters: SessionMeterView[];
  /** points some meter still needs, in plan order */
  open: TestPoint[];
  runsStored: number;
}

/** The word for an interruption reason: a stable code, or the start-up's sentence of earlier versions. */
export function interruptionCode(reason: string | null): string | null {
  if (reason === null) return null;
  if (reason.startsWith('left running at start-up')) return 'crash';
  return reason;
}

export function sessionViewOf(p: SessionProgress, meterType: MeterType | null): SessionView {
  const journal = p.journal.map(parseJournalEntry).filter((e): e is JournalEntry => e !== null);
  const ctx = sessionContextOf(journal);
  const plan = ctx.plan?.points ?? [];
  const meter = meterType === null ? null : meterOfType(meterType);
  const snapshot = meter === null ? null : snapshotOf(meter, journal, p.runs, defaultProfile);
  // Every meter the session mounted or ran, by position when known.
  const serials = new Map<string, number | null>();
  for (const m of snapshot?.mounted ?? []) serials.set(m.serial, m.pos);
  for (const r of p.runs) if (!serials.has(r.serial)) serials.set(r.serial, r.position);
  const meters: SessionMeterView[] = [...serials].map(([serial, pos]) => {
    const stored = p.runs.filter((r) => r.serial === serial);
    const { counted } = meter === null ? { counted: [] as Run[] } : countRuns(meter, stored.map((r) => r.run), defaultProfile);
    const countedSet = new Set(counted);
    const checks = snapshot?.checklists.filter((c) => c.pos === pos) ?? [];
    const checksOk = checks.length < 2 ? null : checks.every((c) => c.items.every((i) => i.ok));
    const seen = snapshot?.confirmations.find((c) => c.pos === pos);
    return {
      pos,
      serial,
      checksOk,
      tightness: seen === undefined ? null : seen.leak ? 'leak' : seen.damage ? 'damage' : 'ok',
      runs: stored.map((run) => ({ run, evaluation: meter === null ? null : evaluateRun(meter, run.run, defaultProfile), counted: countedSet.has(run.run) })),
      open: meter === null ? plan.map((x) => x.point) : openPoints(meter, counted, plan, defaultProfile),
    };
  });
  meters.sort((a, b) => (a.pos ?? Infinity) - (b.pos ?? Infinity));
  const open = plan.map((x) => x.point).filter((pt) => meters.some((m) => m.open.includes(pt)));
  return { session: p.session, batchId: ctx.plan?.batchId ?? null, meterType, meters, open, runsStored: p.runs.length };
}

/** A stored session as its screen shows it, with its meter type from the store. */
export async function viewOfProgress(db: ErjianDb, p: SessionProgress): Promise<SessionView> {
  const journal = p.journal.map(parseJournalEntry).filter((e): e is JournalEntry => e !== null);
  const model = sessionContextOf(journal).plan?.meterTypeModel;
  const meterType = model === undefined ? null : ((await db.meterTypes.get(model)) ?? null);
  return sessionViewOf(p, meterType);
}

/** One session as its screen shows it, or null when this PC does not have it. */
export async function loadSessionView(db: ErjianDb, sessionId: string): Promise<SessionView | null> {
  const p = await sessionProgress(db, sessionId);
  return p === null ? null : viewOfProgress(db, p);
}
