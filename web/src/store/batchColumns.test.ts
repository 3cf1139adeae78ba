import fc from 'fast-check';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestPoint } from '../domain/index.ts';
import { setUpBench, verificationInput, type Bench, type PointErrors } from '../../../test/bench/storeFixtures.ts';
import type { BatchColumns } from './columnTypes.ts';
import { pointErrorPct } from './columnWriter.ts';
import { ErjianDb } from './db.ts';
import { getOrCreateDevice } from './deviceKey.ts';
import { latestVerifications } from './latestVerifications.ts';
import { readBatchColumns } from './readBatchColumns.ts';
import { rebuildBatchColumns } from './rebuildBatchColumns.ts';
import { recordVerification, recordVerifications } from './recordVerification.ts';
import type { DeviceIdentity } from './types.ts';
import type { VerificationInput } from './verificationBuild.ts';

const POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
const key = { Q3: 'q3', Q2: 'q2', Q1: 'q1' } as const;

let db: ErjianDb;
let device: DeviceIdentity;
let bench: Bench;
let dbNo = 0;

async function freshDb(): Promise<void> {
  db = new ErjianDb(`cols-${++dbNo}-${Math.random()}`, { indexedDB, IDBKeyRange });
  device = await getOrCreateDevice(db);
  bench = await setUpBench(db, device);
}
beforeEach(freshDb);
afterEach(async () => {
  await db.delete();
});

/** The same columns, computed the naive way: from each meter's newest record. */
async function columnsFromRecords(): Promise<Map<string, [number, number, number, boolean]>> {
  const out = new Map<string, [number, number, number, boolean]>();
  for (const v of await latestVerifications(db, bench.batchId)) {
    out.set(v.serial, [pointErrorPct(v.verdict, 'Q3'), pointErrorPct(v.verdict, 'Q2'), pointErrorPct(v.verdict, 'Q1'), v.verdict.passed]);
  }
  return out;
}

function bySerial(c: BatchColumns): Map<string, [number, number, number, boolean]> {
  const out = new Map<string, [number, number, number, boolean]>();
  for (let i = 0; i < c.n; i++) out.set(c.serials[i]!, [c.q3[i]!, c.q2[i]!, c.q1[i]!, c.passed[i] === 1]);
  return out;
}

const errorArb = fc.option(fc.double({ min: -6, max: 6, noNaN: true, noDefaultInfinity: true }), { nil: null, freq: 5 });
const opArb = fc.record({
  serial: fc.integer({ min: 0, max: 7 }),
  errors: fc.record({ Q3: errorArb, Q2: errorArb, Q1: errorArb }),
  /** record together with the previous op, in one transaction */
  sameCall: fc.boolean(),
});

describe('batch error columns', () => {
  it('hold NaN where a point has no valid run, and the deciding error otherwise', async () => {
    await recordVerification(db, device, verificationInput(bench, 'M1', { Q3: 0.5, Q2: null, Q1: -1.25 }));
    const c = await readBatchColumns(db, bench.batchId);
    expect(c.q3[0]).toBeCloseTo(0.5, 10);
    expect(c.q2[0]).toBeNaN();
    expect(c.q1[0]).toBeCloseTo(-1.25, 10);
    expect(c.passed[0]).toBe(0);
    expect(c.q3).toBeInstanceOf(Float64Array);
    expect(c.q3.buffer.byteLength).toBe(8); // packed: exactly n values, a buffer of its own to transfer
  });

  it('is empty for a batch without records', async () => {
    expect(await readBatchColumns(db, 'nothing')).toMatchObject({ n: 0, serials: [] });
  });

  it('stores few large chunks: 1,100 meters in 3 chunks of ≤ 512 rows', async () => {
    const inputs: VerificationInput[] = [];
    for (let i = 0; i < 1100; i++) inputs.push(verificationInput(bench, `S${String(i).padStart(5, '0')}`, { Q3: (i % 7) / 10, Q2: 0, Q1: -0.5 }));
    await recordVerifications(db, device, inputs);
    const chunks = await db.batchColumns.toArray();
    expect(chunks.map((c) => c.n)).toEqual([512, 512, 76]);
    const c = await readBatchColumns(db, bench.batchId);
    expect(c.n).toBe(1100);
    expect(c.serials[1099]).toBe('S01099');
    expect(c.q3[13]).toBeCloseTo(0.6, 10);
  });

  it('equal the columns computed from the records, for any sequence of verifications and re-verifications', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (ops, chunkRows) => {
        await db.delete();
        await freshDb();
        const current = new Map<string, string>(); // serial → its current verification id
        const model = new Map<string, PointErrors>(); // serial → errors of its newest record
        const order: string[] = []; // serials in the order of their newest record
        let group: VerificationInput[] = [];
        let groupSerials = new Set<string>();
        const flush = async () => {
          if (group.length === 0) return;
          const stored = await recordVerifications(db, device, group, { chunkRows });
          for (const v of stored) current.set(v.serial, v.id);
          group = [];
          groupSerials = new Set();
        };
        for (const op of ops) {
          const serial = `M${op.serial}`;
          // A re-verification must name the current record, so one call holds a serial once.
          if (!op.sameCall || groupSerials.has(serial)) await flush();
          const supersedes = current.get(serial) ?? null;
          group.push(verificationInput(bench, serial, op.errors, supersedes === null ? {} : { supersedes, reason: 'tested again' }));
          groupSerials.add(serial);
          model.set(serial, op.errors);
          const at = order.indexOf(serial);
          if (at !== -1) order.splice(at, 1);
          order.push(serial);
        }
        await flush();

        const cols = await readBatchColumns(db, bench.batchId);
        expect(cols.n).toBe(model.size);
        expect(cols.serials).toEqual(order);
        expect(bySerial(cols)).toEqual(await columnsFromRecords());
        for (let i = 0; i < cols.n; i++) {
          const errors = model.get(cols.serials[i]!)!;
          for (const p of POINTS) {
            const e = errors[p];
            if (e === null) expect(cols[key[p]][i]).toBeNaN();
            else expect(cols[key[p]][i]).toBeCloseTo(e, 9);
          }
        }
        // Every chunk but the last is full, and the rebuilt columns say the same.
        const chunks = await db.batchColumns.toArray();
        expect(chunks.slice(0, -1).every((c) => c.n === chunkRows)).toBe(true);
        await rebuildBatchColumns(db, bench.batchId, chunkRows);
        expect(bySerial(await readBatchColumns(db, bench.batchId))).toEqual(bySerial(cols));
      }),
      { numRuns: 40 },
    );
  });

  it('refuse to read inconsistent chunks (columns-corrupt) and rebuild from the records', async () => {
    await recordVerifications(
      db,
      device,
      ['A', 'B', 'C'].map((s) => verificationInput(bench, s, { Q3: 1, Q2: 1, Q1: 1 })),
      { chunkRows: 2 },
    );
    await db.batchColumns.delete([bench.batchId, 0]);
    await expect(readBatchColumns(db, bench.batchId)).rejects.toMatchObject({ code: 'columns-corrupt' });
    await rebuildBatchColumns(db, bench.batchId);
    expect((await readBatchColumns(db, bench.batchId)).n).toBe(3);
  });
});
