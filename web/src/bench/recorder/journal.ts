/**
 * The session journal: what the operator records and the bench reports outside a flow
 * run — a meter mounted on a position, a checklist, a valid tightness test (its trace and
 * the bench's summary), the leak / damage seen — written as it happens, so an interrupted
 * session can be shown and resumed from its record (docs/architecture.md invariant:
 * acknowledged means on disk). Plain JSON; read back through `journalEntrySchema`, since a
 * record outlives the code that wrote it.
 *
 * `snapshotOf` turns a journal and the stored runs into what `VerificationSession.restore`
 * takes. The tightness outcome is recomputed from the journalled trace by the domain
 * (docs/rules.md R-TIGHT), never trusted from the record.
 */
import { z } from 'zod';
import { defaultProfile, type Meter, type RegulationProfile, type Run, type TestPoint } from '../../domain/index.ts';
import type { SessionSnapshot } from '../session/snapshot.ts';
import { tightnessOutcome, tightnessSetup } from '../session/tightnessRun.ts';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const pos = z.number().int().positive();

export const journalEntrySchema = z.discriminatedUnion('kind', [
  /** the session's context, first: what it verifies and how (docs/rules.md R-ITEMS, R-VOLUME) */
  z.strictObject({
    kind: z.literal('plan'),
    batchId: z.string().min(1),
    meterTypeModel: z.string().min(1),
    points: z.array(z.strictObject({ point: z.enum(['Q1', 'Q2', 'Q3']), volumeL: finite })).min(1),
  }),
  /** the session was resumed on the bench after an interruption */
  z.strictObject({ kind: z.literal('resumed') }),
  /** a meter verified again: the record it replaces and why (docs/rules.md R-RECORD) */
  z.strictObject({ kind: z.literal('reverification'), pos, serial: z.string().min(1), supersedes: z.string().min(1), reason: z.string().min(1) }),
  z.strictObject({ kind: z.literal('mounted'), pos, serial: z.string().min(1) }),
  z.strictObject({ kind: z.literal('unmounted'), pos }),
  z.strictObject({
    kind: z.literal('checklist'),
    pos,
    list: z.enum(['external', 'function']),
    items: z.array(z.strictObject({ key: z.string().min(1), ok: z.boolean(), note: z.string().optional() })),
  }),
  z.strictObject({
    kind: z.literal('tightness'),
    serials: z.array(z.string().min(1)),
    setpointKpa: finite,
    trace: z.array(z.strictObject({ tS: finite, kpa: finite })),
    kpa0: finite,
    kpa1: finite,
    holdS: finite,
    gaugeId: z.string().nullable(),
    gaugeUKpa: finite.nullable(),
  }),
  z.strictObject({ kind: z.literal('tightness-confirmed'), pos, leak: z.boolean(), damage: z.boolean() }),
]);

export type JournalEntry = z.output<typeof journalEntrySchema>;

/** A journal entry read back, or null for one this code cannot read (it is skipped, not guessed). */
export function parseJournalEntry(value: unknown): JournalEntry | null {
  const r = journalEntrySchema.safeParse(value);
  return r.success ? r.data : null;
}

/** A stored run as the snapshot needs it. */
export interface JournalRun {
  position: number | null;
  serial: string;
  point: TestPoint;
  run: Run;
}

/**
 * The session as its journal and its runs (in completion order) leave it: the meters
 * mounted at the end, each one's last checklists, the last valid tightness test with the
 * confirmations made on it.
 */
export function snapshotOf(meter: Meter, entries: readonly JournalEntry[], runs: readonly JournalRun[], profile: RegulationProfile = defaultProfile): SessionSnapshot {
  const mounted = new Map<number, string>();
  const checklists = new Map<string, SessionSnapshot['checklists'][number]>();
  const confirmations = new Map<number, { pos: number; leak: boolean; damage: boolean }>();
  let tightness: SessionSnapshot['tightness'] = null;
  for (const e of entries) {
    switch (e.kind) {
      case 'mounted':
        mounted.set(e.pos, e.serial);
        break;
      case 'unmounted':
        mounted.delete(e.pos);
        for (const kind of ['external', 'function']) checklists.delete(`${e.pos}:${kind}`);
        confirmations.delete(e.pos);
        break;
      case 'checklist':
        checklists.set(`${e.pos}:${e.list}`, { pos: e.pos, kind: e.list, items: e.items });
        break;
      case 'tightness': {
        // A new test replaces the last one and what was confirmed on it (session.ts tightness()).
        const setup = tightnessSetup(meter, { kpa: e.setpointKpa }, profile);
        const outcome = tightnessOutcome(setup, e.trace, { verb: 'PTEND', kpa0: e.kpa0, kpa1: e.kpa1, holdS: e.holdS, gaugeId: e.gaugeId, gaugeUKpa: e.gaugeUKpa });
        tightness = outcome.valid ? { outcome, serials: e.serials } : null;
        confirmations.clear();
        break;
      }
      case 'tightness-confirmed':
        confirmations.set(e.pos, { pos: e.pos, leak: e.leak, damage: e.damage });
        break;
      default:
        break;
    }
  }
  return {
    mounted: [...mounted].sort((a, b) => a[0] - b[0]).map(([p, serial]) => ({ pos: p, serial })),
    checklists: [...checklists.values()].filter((c) => mounted.has(c.pos)),
    tightness,
    confirmations: [...confirmations.values()].filter((c) => mounted.has(c.pos)),
    runs: runs.map((r) => ({ pos: r.position, serial: r.serial, point: r.point, run: r.run })),
  };
}

/** What the session verifies, how often it was resumed, and the meters verified again. */
export interface SessionContext {
  plan: Extract<JournalEntry, { kind: 'plan' }> | null;
  resumes: number;
  reverifications: Map<string, { supersedes: string; reason: string }>;
}

export function sessionContextOf(entries: readonly JournalEntry[]): SessionContext {
  const ctx: SessionContext = { plan: null, resumes: 0, reverifications: new Map() };
  for (const e of entries) {
    if (e.kind === 'plan') ctx.plan ??= e;
    else if (e.kind === 'resumed') ctx.resumes++;
    else if (e.kind === 'reverification') ctx.reverifications.set(e.serial, { supersedes: e.supersedes, reason: e.reason });
  }
  return ctx;
}
