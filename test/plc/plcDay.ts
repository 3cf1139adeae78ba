/**
 * A day on a PLC bench, made by the real code end to end: the demo PLC + balance pair
 * (web/src/bench/sim/demoPlcBench.ts) driven by the app's orchestrator through the same
 * VerificationSession as a WMB/1 bench, every frame, balance line and step line written to
 * the hash-chained original record of a device in fake-indexeddb by the session recorder,
 * the runs and the signed verifications stored as the bench screen stores them. For the
 * sync tests: the server must rebuild every run from those raw exchanges.
 */
import { checklistOf, defaultProfile, plannedRuns } from '../../web/src/domain/index.ts';
import { parseBenchConfig, type PlcConfig } from '../../web/src/bench/config/benchConfig.ts';
import { openPlcBench } from '../../web/src/bench/orchestrated/plcBench.ts';
import type { ManualReader } from '../../web/src/bench/orchestrated/types.ts';
import { SessionRecorder, type RecordTarget } from '../../web/src/bench/recorder/sessionRecorder.ts';
import { VerificationSession } from '../../web/src/bench/session/session.ts';
import { createDemoPlcBench } from '../../web/src/bench/sim/demoPlcBench.ts';
import type { Clock } from '../../web/src/bench/types.ts';
import pulseConfig from '../../web/src/bench/config/examples/plc-balance-pulse.json' with { type: 'json' };
import visualConfig from '../../web/src/bench/config/examples/plc-balance-visual.json' with { type: 'json' };
import { appendSessionJournal, recordRuns } from '../../web/src/store/index.ts';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { recordVerification } from '../../web/src/store/recordVerification.ts';
import { cacheReferenceData, createBatch, meterOfType } from '../../web/src/store/referenceData.ts';
import { endSession, startSession } from '../../web/src/store/sessions.ts';
import type { VerificationRecord } from '../../web/src/store/recordTypes.ts';
import { dn15, software } from '../bench/storeFixtures.ts';
import { auth, enterprise, memoryStorage, openDb, type Day } from '../tamper/scenario.ts';

/** 10:00 in Tai'an: the record's wall clock starts here and runs with real elapsed time (never the machine's date). */
export const PLC_T0 = new Date('2026-11-27T02:00:00Z');

function anchoredClock(t0: Date): Clock {
  const start = performance.now();
  return {
    now: () => t0.getTime() + (performance.now() - start),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  };
}

export interface PlcDay extends Omit<Day, 'bench' | 'passed' | 'failed' | 'certificate'> {
  sessionId: string;
  verifications: VerificationRecord[];
  /** what the session itself reported, per run and position: the replay must give the same */
  reported: Array<{ runId: string; pos: number; viL: number; ref: number }>;
}

let n = 0;

/**
 * Runs a session of `serials` (positions 1…) on the demo PLC bench, at `speed` × real time.
 * `visual`: the meters are read by eye, the readings typed by a script (from the model's own
 * counters of the water that went through, as a person would read them off the register).
 */
export async function plcDay(serials: readonly string[], opts: { visual?: boolean; speed?: number; meterErrorPct?: Record<number, number> } = {}): Promise<PlcDay> {
  const config = parseBenchConfig(opts.visual ? visualConfig : pulseConfig) as PlcConfig;
  const name = `plc-${++n}-${Math.random()}`;
  const storage = memoryStorage();
  const db = openDb(name, storage);
  const wall = anchoredClock(PLC_T0);
  const now = () => new Date(wall.now());
  const device = await getOrCreateDevice(db, now);
  await cacheReferenceData(db, { enterprise, authorisations: [{ ...auth, fetchedAt: '2026-11-26T08:00:00Z' }], meterTypes: [dn15] });
  await createBatch(db, { id: 'B-PLC', meterTypeModel: dn15.model, productionDate: '2026-11-01', createdBy: 'op-1' }, now);
  const session = await startSession(db, { deviceId: device.deviceId, bench: { id: config.id, method: 'weighing', uRelPct: config.uRelPct }, operator: 'op-1' }, { now });
  const record = new OriginalRecord(db, device, { now });
  const target: RecordTarget = {
    appendLine: async (line, sessionId) => (await record.append({ connectionId: line.connectionId, sessionId, direction: line.direction, text: line.text, receivedAt: new Date(line.receivedAtMs).toISOString() })).seq,
    recordRuns: async (runs) => {
      await recordRuns(db, runs.map((r) => ({ sessionId: r.sessionId, serial: r.serial, position: r.position, benchRunId: r.benchRunId, point: r.point, raw: r.raw, run: r.run, rawLines: { deviceId: device.deviceId, ...r.lines }, interrupted: false })), { now });
    },
    journal: (sessionId, entry) => appendSessionJournal(db, sessionId, 'op-1', entry, { now }),
    recordVerdicts: async () => undefined,
  };
  const recorder = new SessionRecorder(target);
  recorder.startSession(session.id);
  const demo = createDemoPlcBench({ config, speed: opts.speed ?? 200, seed: 7, baseClock: wall });
  for (const [pos, pct] of Object.entries(opts.meterErrorPct ?? {})) demo.model.fault({ kind: 'meter-error', pos: Number(pos), pct });
  const reader: ManualReader = (req) => {
    void (async () => {
      // A person reads the register: the litres the meter counted, to 0.001 L.
      for (const { pos } of req.positions) await req.enter(pos, demo.model.indicatedL(pos).toFixed(3));
      req.done();
    })();
  };
  const conn = await openPlcBench({ config, plcPort: demo.plcPort, balancePort: demo.balancePort, sink: recorder, clock: wall, benchClock: demo.clock, operator: 'op-1', reader });
  const meter = meterOfType(dn15);
  const vs = new VerificationSession(conn.bench, { sessionId: session.id, meter, points: plannedRuns(meter, defaultProfile) }, { profile: defaultProfile });
  recorder.follow((l) => vs.on(l));
  const reported: PlcDay['reported'] = [];
  vs.on((e) => {
    if (e.type === 'run-result') for (const p of e.positions) if (p.viL !== undefined && p.run) reported.push({ runId: e.runId, pos: p.pos, viL: p.viL, ref: p.run.reference.method === 'weighing' ? p.run.reference.netMassKg : NaN });
  });
  await vs.identify();
  for (const [i, serial] of serials.entries()) {
    await vs.mount(i + 1, serial);
    vs.recordChecklist(i + 1, 'external', checklistOf('external', true));
    vs.recordChecklist(i + 1, 'function', checklistOf('function', true));
  }
  await vs.tightness();
  for (let i = 0; i < serials.length; i++) vs.confirmTightness(i + 1, { leak: false, damage: false });
  await vs.runAll();
  const verdicts = vs.verdicts();
  await recorder.flush();
  await conn.close();
  demo.dispose();
  const lines = recorder.lines!;
  const verifications: VerificationRecord[] = [];
  for (const v of verdicts) {
    verifications.push(
      await recordVerification(
        db,
        device,
        { serial: v.serial, batchId: 'B-PLC', sessionId: session.id, record: v.record, verdict: v.verdict, operator: 'op-1', profile: defaultProfile, software, rawLines: [{ deviceId: device.deviceId, ...lines }] },
        { now },
      ),
    );
  }
  await endSession(db, session.id, 'op-1', { now });
  await record.checkpoint();
  return { db, name, storage, device, sessionId: session.id, verifications, reported };
}
