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
