import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile } from '../domain/index.ts';
import { runAt, setUpBench, verificationInput, type Bench } from '../../../test/bench/storeFixtures.ts';
import { batchSummary } from './batchSummary.ts';
import { controlChartData } from './controlChartData.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { recordVerifications } from './recordVerification.ts';
import { recordRuns, type RunInput } from './runs.ts';
import { startSession } from './sessions.ts';
import type { DeviceIdentity } from './types.ts';
import type { TestPoint } from '../domain/index.ts';

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let n = 0;

beforeEach(async () => {
  db = new ErjianDb(`control-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
});
afterEach(async () => {
  await db.delete();
});

function run(sessionId: string, serial: string, point: TestPoint, errorPct: number, more: Partial<RunInput> = {}): RunInput {
  return { sessionId, serial, position: 1, point, raw: {}, run: runAt(point, errorPct), rawLines: bench.lines, interrupted: false, ...more };
}
const at = (iso: string) => ({ now: () => new Date(iso) });

describe('controlChartData', () => {
  it('one mean per bench run, per bench and point, oldest first; only valid, uninterrupted runs of the batch count', async () => {
    const s = bench.session.id;
    await recordRuns(db, [run(s, 'M1', 'Q1', 1, { benchRunId: 'R2' }), run(s, 'M2', 'Q1', 2, { benchRunId: 'R2' })], at('2026-11-27T09:00:00Z'));
    await recordRuns(
      db,
      [
        run(s, 'M1', 'Q3', 0.4, { benchRunId: 'R1' }),
        run(s, 'M2', 'Q3', 0.6, { benchRunId: 'R1' }),
        { ...run(s, 'M3', 'Q3', 5, { benchRunId: 'R1' }), run: runAt('Q3', 5, false) }, // invalid: flow out of band
        run(s, 'M3', 'Q3', 9, { benchRunId: 'R1', interrupted: true }),
        run(s, 'X9', 'Q3', 9, { benchRunId: 'R1' }), // not a meter of this batch
      ],
      at('2026-11-27T08:00:00Z'),
    );
    // Older runs without a bench run id: those completed together are one bench run.
    await recordRuns(db, [run(s, 'M1', 'Q2', -1), run(s, 'M2', 'Q2', 0)], at('2026-11-27T08:30:00Z'));
    // M1 run again at Q2: a re-run, not charted (only the first valid run of a meter counts).
    await recordRuns(db, [run(s, 'M1', 'Q2', 0.5)], at('2026-11-27T08:40:00Z'));
    const other = await startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-2' }, operator: 'op-2' });
    await recordRuns(db, [run(other.id, 'M3', 'Q3', -0.3, { benchRunId: 'R1' })], at('2026-11-27T11:00:00Z'));
    await recordVerifications(db, device, [
      verificationInput(bench, 'M1', { Q3: 0.4, Q2: 0.5, Q1: 1 }),
      verificationInput(bench, 'M2', { Q3: 0.6, Q2: 0, Q1: 2 }),
      verificationInput(bench, 'M3', { Q3: -0.3, Q2: 0, Q1: 1 }, { sessionId: other.id }),
    ]);

    const summary = (await batchSummary(db, bench.batchId))!;
    const series = await controlChartData(db, summary, defaultProfile);
    // Read in slices of any size (here 2 runs), the series are the same.
    expect(await controlChartData(db, summary, defaultProfile, { runsPerRead: 2 })).toEqual(series);
    const shape = series.map((x) => ({ bench: x.benchId, point: x.point, means: x.means.map((m) => [m.at, Number(m.meanPct.toFixed(9)), m.runs]) }));
    expect(shape).toEqual([
      { bench: 'BENCH-2', point: 'Q3', means: [['2026-11-27T11:00:00.000Z', -0.3, 1]] },
      { bench: 'BENCH-7', point: 'Q3', means: [['2026-11-27T08:00:00.000Z', 0.5, 2]] },
      { bench: 'BENCH-7', point: 'Q2', means: [['2026-11-27T08:30:00.000Z', -0.5, 2]] },
      { bench: 'BENCH-7', point: 'Q1', means: [['2026-11-27T09:00:00.000Z', 1.5, 2]] },
    ]);
  });

  it('a re-run of failed meters is not a subgroup of the process: only first valid runs count, an invalid run\'s repeat does', async () => {
    const s = bench.session.id;
    // Stored in this order on purpose: the index returns runs by id, not by time.
    await recordRuns(db, [run(s, 'M2', 'Q1', 8.2, { benchRunId: 'R9' })], at('2026-11-27T09:10:00Z')); // M2's re-run
    await recordRuns(db, [run(s, 'M1', 'Q1', 1, { benchRunId: 'R8' }), run(s, 'M2', 'Q1', 8, { benchRunId: 'R8' })], at('2026-11-27T09:00:00Z'));
    await recordRuns(db, [{ ...run(s, 'M3', 'Q1', 1.2, { benchRunId: 'R7' }), run: runAt('Q1', 1.2, false) }], at('2026-11-27T08:50:00Z')); // invalid
    await recordRuns(db, [run(s, 'M3', 'Q1', 1.4, { benchRunId: 'R10' })], at('2026-11-27T09:20:00Z')); // its repeat
    await recordVerifications(db, device, [
      verificationInput(bench, 'M1', { Q3: 0.4, Q2: 0.5, Q1: 1 }),
      verificationInput(bench, 'M2', { Q3: 0.4, Q2: 0.5, Q1: 8 }),
      verificationInput(bench, 'M3', { Q3: 0.4, Q2: 0.5, Q1: 1.4 }),
    ]);
    const [q1] = await controlChartData(db, (await batchSummary(db, bench.batchId))!, defaultProfile);
    expect(q1!.means.map((m) => [m.key.split('/')[1], Number(m.meanPct.toFixed(9)), m.runs])).toEqual([
      ['R8', 4.5, 2],
      ['R10', 1.4, 1],
    ]);
  });

  it('nothing to chart without sessions or without the meter type', async () => {
    const summary = (await batchSummary(db, bench.batchId))!;
    expect(await controlChartData(db, summary, defaultProfile)).toEqual([]);
    expect(await controlChartData(db, { ...summary, meterType: null, sessions: [bench.session] }, defaultProfile)).toEqual([]);
  });
});
