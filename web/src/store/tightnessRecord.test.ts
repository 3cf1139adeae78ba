/**
 * A stored verification keeps the tightness test as recorded — the pressure trace, the
 * setpoint, the gauge, leak / damage — and its verdict recomputes from it (docs/rules.md
 * R-TIGHT): only re-derivable verdicts are accepted.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile, meterVerdict } from '../domain/index.ts';
import { setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { heldTightness, pressureTrace } from '../../../test/support/tightnessTrace.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { recordVerification } from './recordVerification.ts';
import type { DeviceIdentity } from './types.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;
const good = { Q3: 0.4, Q2: -0.8, Q1: 1.9 };
const now = () => new Date('2026-11-27T04:00:00Z');

beforeEach(async () => {
  db = new ErjianDb(`tight-${++n}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

describe('the tightness test in a stored verification', () => {
  it('a 0.3 kPa sag and a leak: stored with its trace and gauge, judged by the leak, recomputable', async () => {
    const base = verificationInput(bench, 'M-TIGHT', good);
    const tightness = { ...heldTightness(1, { leak: true }), trace: pressureTrace(1648, { rampS: 5, sagKpa: 0.3 }) };
    const record = { ...base.record, tightness };
    const v = await recordVerification(db, device, { ...base, record, verdict: meterVerdict(record, defaultProfile) }, { now });
    expect(v.verdict.reasons).toEqual([{ item: 'tightness', code: 'leak' }]);
    const stored = await db.verifications.get(v.id);
    expect(stored?.record.tightness).toEqual(tightness);
    expect(meterVerdict(stored!.record, defaultProfile)).toEqual(stored?.verdict);
  });

  it('a verdict that fails the meter for a 0.3 kPa sag does not recompute and is refused', async () => {
    const base = verificationInput(bench, 'M-OLD-RULE', good);
    const record = { ...base.record, tightness: { ...heldTightness(1), trace: pressureTrace(1648, { sagKpa: 0.3 }) } };
    const verdict = { ...meterVerdict(record, defaultProfile), passed: false, reasons: [{ item: 'tightness' as const, code: 'pressure-too-low' }] };
    await expect(recordVerification(db, device, { ...base, record, verdict }, { now })).rejects.toMatchObject({ code: 'verdict-mismatch' });
  });
});
