/**
 * Real-shaped data for the store's unit tests and benchmark: a DN15 household meter type
 * (Q3 2.5 m³/h, R100, class 2; docs/rules.md R-METER, worked numbers), meter records whose runs give
 * chosen indication errors, and a device with a session and raw lines to cite.
 */
import {
  defaultProfile,
  meterVerdict,
  type MeterRecord,
  type Run,
  type TestPoint,
} from '../../web/src/domain/index.ts';
import { decodeMessage, encodeCommand, encodeMessage } from '../../web/src/bench/wmb1/codec.ts';
import { runOf } from '../../web/src/bench/session/flowBench.ts';
import { asciiBytes } from '../../web/src/bench/types.ts';
import type { ErjianDb } from '../../web/src/store/db.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { cacheReferenceData, createBatch, meterOfType } from '../../web/src/store/referenceData.ts';
import type { MeterType, RawLineRange, SessionRecord, SoftwareRef } from '../../web/src/store/index.ts';
import { startSession } from '../../web/src/store/sessions.ts';
import type { DeviceIdentity } from '../../web/src/store/types.ts';
import type { VerificationInput } from '../../web/src/store/verificationBuild.ts';
import { heldTightness } from '../support/tightnessTrace.ts';

export const dn15: MeterType = {
  model: 'LXS-15E',
  name: '冷水水表',
  dn: 15,
  q3M3h: 2.5,
  r: 100,
  accuracyClass: 2,
  deltaL: 0.01,
  mapMpa: 1,
  manufacturer: '示例水表有限公司',
};

/** The meter of a nameplate (the store's own `meterOfType`). */
export const meterOf = meterOfType;

export const software: SoftwareRef = { version: '0.1.0', sha256: 'a'.repeat(64) };

/** Flows inside each point's band for dn15 (Q1 25 L/h, Q2 40 L/h, Q3 2500 L/h). */
const inBand: Record<TestPoint, number> = { Q3: 2400, Q2: 42, Q1: 26 };

/** A run at `point` whose indication error is `errorPct`; `valid: false` puts the flow out of band. */
export function runAt(point: TestPoint, errorPct: number, valid = true): Run {
  const va = 10;
  return {
    point,
    flowLph: valid ? inBand[point] : inBand[point] * 3,
    waterTempC: 20,
    indicatedL: va * (1 + errorPct / 100),
    reference: { method: 'volume', volumeL: va },
  };
}

/** Per point: an error, or null for "no valid run" (one invalid run only). */
export type PointErrors = Record<TestPoint, number | null>;

export function meterRecord(errors: PointErrors, type: MeterType = dn15): MeterRecord {
  const runs: Run[] = (['Q3', 'Q2', 'Q1'] as const).map((p) => {
    const e = errors[p];
    return e === null ? runAt(p, 0, false) : runAt(p, e);
  });
  return {
    meter: meterOf(type),
    externalExamination: { items: [{ key: 'nameplate', ok: true }, { key: 'seal', ok: true }] },
    functionCheck: { items: [{ key: 'register-advances', ok: true }] },
    tightness: heldTightness(type.mapMpa),
    runs,
  };
}

export interface Bench {
  batchId: string;
  session: SessionRecord;
  lines: RawLineRange;
}

/**
 * The instant the fixtures' bench session starts (10:00 in Tai'an on the fixtures'
 * verification date): tests never read the wall clock, so what sorts before or after it
 * is decided here, not by the day the suite runs.
 */
export const FIXTURE_START = new Date('2026-11-27T02:00:00Z');

/** Reference data, a batch, a running session and 10 raw lines to cite, all at `now` (default FIXTURE_START). */
export async function setUpBench(db: ErjianDb, device: DeviceIdentity, batchId = 'B-2026-001', now: () => Date = () => FIXTURE_START): Promise<Bench> {
  await cacheReferenceData(db, { meterTypes: [dn15] });
  await createBatch(db, { id: batchId, meterTypeModel: dn15.model, productionDate: '2026-11-01', createdBy: 'op-1' }, now);
  const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-7', vendor: 'X', protocol: 'WMB/1' }, operator: 'op-1' }, { now });
  const rec = new OriginalRecord(db, device, { now });
  const written = await rec.appendMany(
    Array.from({ length: 10 }, (_, i) => ({ connectionId: 'c1', sessionId: session.id, direction: 'in' as const, text: `MV pos=1 i=${i}*00` })),
  );
  return { batchId, session, lines: { deviceId: device.deviceId, fromSeq: written[0]!.seq, toSeq: written.at(-1)!.seq } };
}

export function verificationInput(bench: Bench, serial: string, errors: PointErrors, more: Partial<VerificationInput> = {}): VerificationInput {
  const record = meterRecord(errors);
  return {
    serial,
    batchId: bench.batchId,
    sessionId: bench.session.id,
    record,
    verdict: meterVerdict(record, defaultProfile),
    verificationDate: '2026-11-27',
    operator: 'op-1',
    profile: defaultProfile,
    software,
    rawLines: [bench.lines],
    ...more,
  };
}

/** One meter of a WMB/1 fixture session: its serial, position and per-point error. */
export interface Wmb1Meter {
  serial: string;
  errors: Record<TestPoint, number>;
}

/**
 * WMB/1 lines as the bench screen stores them (docs/bench-protocols.md WMB/1): the app's
 * `LOAD` of each meter, then per point the app's `RUN` and the bench's `RS`, `RE`, one `MV`
 * per position and `RD`. Each run is what the session derives from those lines (decoded
 * with the real codec, `runOf`), so a record made of them recomputes from the raw text.
 */
export function wmb1Lines(meters: readonly Wmb1Meter[], runPrefix = 'R'): { lines: Array<{ direction: 'in' | 'out'; text: string }>; runs: Map<string, Run[]> } {
  const strip = (s: string) => s.replace(/\r\n$/, '');
  const lines: Array<{ direction: 'in' | 'out'; text: string }> = meters.map((m, i) => ({ direction: 'out', text: strip(encodeCommand({ verb: 'LOAD', pos: i + 1, meter: m.serial })) }));
  const runs = new Map<string, Run[]>(meters.map((m) => [m.serial, []]));
  (['Q3', 'Q2', 'Q1'] as const).forEach((point, k) => {
    const id = `${runPrefix}${k + 1}`;
    const re = { verb: 'RE' as const, id, durS: 60, lph: inBand[point], waterC: 20, airC: 20, airHPa: 1013, airRhPct: 50, ref: 10, unit: 'L' as const, k: null };
    lines.push({ direction: 'out', text: strip(encodeCommand({ verb: 'RUN', id, point, lph: inBand[point], volL: 10 })) });
    lines.push({ direction: 'in', text: strip(encodeMessage({ verb: 'RS', id, point, t0Ms: 0 })) });
    const reLine = strip(encodeMessage(re));
    lines.push({ direction: 'in', text: reLine });
    const decodedRe = decodeMessage(asciiBytes(reLine));
    meters.forEach((m, i) => {
      const text = strip(encodeMessage({ verb: 'MV', id, pos: i + 1, viL: 10 * (1 + m.errors[point] / 100) }));
      lines.push({ direction: 'in', text });
      const mv = decodeMessage(asciiBytes(text));
      if (!decodedRe.ok || decodedRe.value.verb !== 'RE' || !mv.ok || mv.value.verb !== 'MV') throw new Error('the WMB/1 fixture does not decode');
      runs.get(m.serial)!.push(runOf(point, decodedRe.value, mv.value.viL));
    });
    lines.push({ direction: 'in', text: strip(encodeMessage({ verb: 'RD', id, n: meters.length })) });
  });
  return { lines, runs };
}

/**
 * A running session whose raw lines are real WMB/1 (wmb1Lines), with one verification input
 * per meter made of the runs those lines give: what a per-meter check rebuilds and compares.
 */
export async function setUpWmb1Bench(db: ErjianDb, device: DeviceIdentity, meters: readonly Wmb1Meter[], batchId = 'B-2026-001', now: () => Date = () => FIXTURE_START): Promise<{ bench: Bench; inputs: VerificationInput[] }> {
  await cacheReferenceData(db, { meterTypes: [dn15] });
  if (!(await db.batches.get(batchId))) await createBatch(db, { id: batchId, meterTypeModel: dn15.model, productionDate: '2026-11-01', createdBy: 'op-1' }, now);
  const session = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-7', vendor: 'X', protocol: 'WMB/1', method: 'volumetric', uRelPct: 0.2 }, operator: 'op-1' }, { now });
  const { lines, runs } = wmb1Lines(meters);
  const written = await new OriginalRecord(db, device, { now }).appendMany(lines.map((l) => ({ ...l, connectionId: 'c1', sessionId: session.id })));
  const bench: Bench = { batchId, session, lines: { deviceId: device.deviceId, fromSeq: written[0]!.seq, toSeq: written.at(-1)!.seq } };
  const inputs = meters.map((m) => {
    const record = { ...meterRecord({ Q3: 0, Q2: 0, Q1: 0 }), runs: runs.get(m.serial)! };
    return verificationInput(bench, m.serial, m.errors, { record, verdict: meterVerdict(record, defaultProfile) });
  });
  return { bench, inputs };
}
