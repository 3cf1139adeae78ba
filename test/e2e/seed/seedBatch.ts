/**
 * Seeds the app's own IndexedDB (same origin, same schema, the real store API) with a
 * production batch as a factory would have it after some days of work: several benches,
 * one session per bench and day, bench runs of `positions` meters at Q3, Q2 and Q1, the
 * raw lines each run was read from (WMB/1-shaped), every meter's runs, and one signed
 * verification per meter whose verdict recomputes from its record. Failing meters get
 * the two failed Q1 runs JJG 162-2019 allows ([fail, fail] → fail).
 *
 * The errors have a slow drift per bench over the days, so the batch control chart has
 * something to show, and a seeded PRNG, so a test is reproducible.
 */
import { defaultProfile, evaluateRun, meterVerdict, type MeterRecord, type Run, type TestPoint } from '../../../web/src/domain/index.ts';
import {
  OriginalRecord,
  cacheReferenceData,
  createBatch,
  endSession,
  getOrCreateDevice,
  recordRuns,
  recordVerifications,
  startSession,
  type ErjianDb,
  type MeterType,
  type RunInput,
} from '../../../web/src/store/index.ts';
import type { VerificationInput } from '../../../web/src/store/verificationBuild.ts';
import { dn15, meterOf, runAt } from '../../bench/storeFixtures.ts';
import { decodeMessage, encodeCommand, encodeMessage } from '../../../web/src/bench/wmb1/codec.ts';
import { runOf } from '../../../web/src/bench/session/flowBench.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import { mulberry32 } from '../../../web/src/ui/demo/demoBatch.ts';
import { heldTightness } from '../../support/tightnessTrace.ts';

export interface SeedBatchOptions {
  batchId: string;
  meters: number;
  benches?: string[];
  days?: number;
  positions?: number;
  /** every `failEvery`-th meter fails at Q1 (0: none fail) */
  failEvery?: number;
  seed?: number;
  meterType?: MeterType;
  operator?: string;
  /** the last day of work (YYYY-MM-DD); the days before it are worked back from it */
  lastDay: string;
  serialPrefix?: string;
}

export interface SeedBatchResult {
  batchId: string;
  meters: number;
  failed: number;
  sessions: number;
  benchRuns: number;
  rawLines: number;
  serials: { first: string; failed: string | null };
}

const POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
/** A WMB/1 line as stored: without its CR LF. */
const wire = (line: string) => line.replace(/\r\n$/, '');
/** per point: the batch's mean error and the meter-to-meter SD (%), like a real line */
const SHAPE: Record<TestPoint, { mean: number; sd: number }> = { Q3: { mean: 0.15, sd: 0.35 }, Q2: { mean: -0.1, sd: 0.5 }, Q1: { mean: 0.6, sd: 0.9 } };

export async function seedBatch(db: ErjianDb, o: SeedBatchOptions): Promise<SeedBatchResult> {
  const type = o.meterType ?? dn15;
  const benches = o.benches ?? ['BENCH-01', 'BENCH-02'];
  const days = o.days ?? 5;
  const positions = o.positions ?? 10;
  const failEvery = o.failEvery ?? 0;
  const operator = o.operator ?? '张工';
  const prefix = o.serialPrefix ?? `${o.batchId}-`;
  const rnd = mulberry32(o.seed ?? 162);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const device = await getOrCreateDevice(db);
  const record = new OriginalRecord(db, device);
  const lastDay = new Date(`${o.lastDay}T00:00:00Z`);

  await cacheReferenceData(db, { meterTypes: [type] });
  if (!(await db.batches.get(o.batchId))) {
    const productionDate = new Date(lastDay.getTime() - (days + 2) * 86_400_000).toISOString().slice(0, 10);
    await createBatch(db, { id: o.batchId, meterTypeModel: type.model, productionDate, createdBy: operator });
  }

  const serial = (i: number) => `${prefix}${String(i + 1).padStart(6, '0')}`;
  const sessionsCount = benches.length * days;
  const perSession = Math.ceil(o.meters / sessionsCount);
  // A bench run takes about 5 minutes, but a session must fit in a working day (08:00 to
  // about 18:00) however many meters a test asks for: big seeds get shorter runs.
  const runsPerSession = Math.ceil(perSession / positions) * POINTS.length;
  const runStepMs = Math.min(5 * 60_000, Math.floor((10 * 3_600_000) / Math.max(1, runsPerSession)));
  let next = 0;
  let failed = 0;
  let failedSerial: string | null = null;
  let benchRuns = 0;
  let rawLines = 0;
  let sessions = 0;

  for (let d = 0; d < days && next < o.meters; d++) {
    for (const [b, benchId] of benches.entries()) {
      if (next >= o.meters) break;
      const dayStart = lastDay.getTime() - (days - 1 - d) * 86_400_000 + (8 * 60 + b * 7) * 60_000;
      let clock = dayStart;
      const tick = (ms: number) => () => new Date((clock += ms));
      const session = await startSession(db, { deviceId: device.deviceId, bench: { id: benchId, vendor: 'Demo', model: 'WMB-10', protocol: 'wmb1', method: 'weighing', uRelPct: 0.2 }, operator }, { now: tick(0) });
      sessions++;
      const inputs: VerificationInput[] = [];
      const count = Math.min(perSession, o.meters - next);
      for (let k = 0; k < count; k += positions) {
        const group = Array.from({ length: Math.min(positions, count - k) }, (_, i) => next + k + i);
        const runsOf = new Map<number, Run[]>(group.map((i) => [i, []]));
        // The bench's drift: a slow walk per bench over the days, the same for the whole run.
        const drift = 0.08 * Math.sin((d * benches.length + b) / 2) + (b === 1 ? 0.05 : 0);
        let firstSeq: number | undefined;
        let lastSeq = 0;
        /**
         * One bench run of `members` (position j, meter i, its error): its raw lines in real
         * WMB/1, as the bench screen stores them (docs/bench-protocols.md WMB/1), and each
         * meter's run as the session derives it from them — decoded, through `runOf` — so the
         * meter record's integrity check rebuilds the same runs from the raw text.
         */
        const benchRun = async (point: TestPoint, members: { i: number; j: number; errorPct: number }[]) => {
          const runId = `${session.id.slice(0, 8)}-${benchRuns++}`;
          const ref = runAt(point, 0);
          const re = { verb: 'RE' as const, id: runId, durS: 60, lph: ref.flowLph, waterC: ref.waterTempC, airC: 20, airHPa: 1013, airRhPct: 50, ref: 10, unit: 'L' as const, k: null };
          const mvs = members.map((m) => wire(encodeMessage({ verb: 'MV', id: runId, pos: m.j + 1, viL: 10 * (1 + m.errorPct / 100) })));
          const lines = [
            { direction: 'out' as const, text: wire(encodeCommand({ verb: 'RUN', id: runId, point, lph: ref.flowLph, volL: 10 })) },
            { direction: 'in' as const, text: wire(encodeMessage({ verb: 'RS', id: runId, point, t0Ms: 0 })) },
            { direction: 'in' as const, text: wire(encodeMessage(re)) },
            ...mvs.map((text) => ({ direction: 'in' as const, text })),
            { direction: 'in' as const, text: wire(encodeMessage({ verb: 'RD', id: runId, n: members.length })) },
          ];
          const written = await record.appendMany(lines.map((l) => ({ ...l, connectionId: `seed-${benchId}`, sessionId: session.id, receivedAt: new Date((clock += 1000)).toISOString() })));
          rawLines += written.length;
          const range = { deviceId: device.deviceId, fromSeq: written[0]!.seq, toSeq: written.at(-1)!.seq };
          lastSeq = range.toSeq;
          const decodedRe = decodeMessage(asciiBytes(lines[2]!.text));
          const runInputs: RunInput[] = members.map((m, k) => {
            const mv = decodeMessage(asciiBytes(mvs[k]!));
            if (!decodedRe.ok || decodedRe.value.verb !== 'RE' || !mv.ok || mv.value.verb !== 'MV') throw new Error('seed: a WMB/1 line does not decode');
            const run = runOf(point, decodedRe.value, mv.value.viL);
            runsOf.get(m.i)!.push(run);
            return { sessionId: session.id, serial: serial(m.i), position: m.j + 1, point, raw: { vi: mvs[k]!.match(/vi=([^ *]+)/)![1]!, ref: '10.0000' }, run, rawLines: range, interrupted: false, benchRunId: runId };
          });
          clock += runStepMs;
          await recordRuns(db, runInputs, { now: tick(0) });
          return runInputs.map((r) => r.run);
        };
        // The meters are loaded onto their positions first (the app's LOAD), inside the cited lines.
        const loads = await record.appendMany(
          group.map((i, j) => ({ direction: 'out' as const, text: wire(encodeCommand({ verb: 'LOAD', pos: j + 1, meter: serial(i) })), connectionId: `seed-${benchId}`, sessionId: session.id, receivedAt: new Date((clock += 1000)).toISOString() })),
        );
        rawLines += loads.length;
        firstSeq = loads[0]!.seq;
        for (const point of POINTS) {
          const members = group.map((i, j) => ({
            i,
            j,
            errorPct: SHAPE[point].mean + drift + SHAPE[point].sd * normal() + (failEvery > 0 && (i + 1) % failEvery === 0 && point === 'Q1' ? 8 : 0),
          }));
          const made = await benchRun(point, members);
          // A meter that failed is run once more (JJG 162-2019 re-run; [fail, fail] → fail): a
          // second bench run with only those positions, its own lines and its own run id.
          const failing = members.filter((_, k) => !evaluateRun(meterOf(type), made[k]!, defaultProfile).pass);
          if (failing.length > 0) await benchRun(point, failing.map((m) => ({ ...m, errorPct: m.errorPct + 0.2 })));
        }
        for (const i of group) {
          const meterRecord: MeterRecord = {
            meter: meterOf(type),
            externalExamination: { items: [{ key: 'markings', ok: true }, { key: 'seals', ok: true }] },
            functionCheck: { items: [{ key: 'register-advances', ok: true }] },
            tightness: heldTightness(type.mapMpa),
            runs: runsOf.get(i)!,
          };
          const verdict = meterVerdict(meterRecord, defaultProfile);
          if (!verdict.passed) {
            failed++;
            failedSerial ??= serial(i);
          }
          inputs.push({
            serial: serial(i),
            batchId: o.batchId,
            sessionId: session.id,
            record: meterRecord,
            verdict,
            verificationDate: new Date(clock).toISOString().slice(0, 10),
            operator,
            profile: defaultProfile,
            software: { version: __SOFTWARE_ID__.version, sha256: __SOFTWARE_ID__.sha256 },
            rawLines: [{ deviceId: device.deviceId, fromSeq: firstSeq!, toSeq: lastSeq }],
          });
        }
      }
      for (let i = 0; i < inputs.length; i += 1000) await recordVerifications(db, device, inputs.slice(i, i + 1000), { now: tick(1000) });
      await endSession(db, session.id, operator, { now: tick(60_000) });
      next += count;
    }
  }
  await record.checkpoint();
  return { batchId: o.batchId, meters: next, failed, sessions, benchRuns, rawLines, serials: { first: serial(0), failed: failedSerial } };
}
