/**
 * The page the store benchmark drives in headless Chromium (bundled by store.bench.ts).
 * Each function opens its own connection and reports milliseconds measured in the page,
 * so browser start-up and the Playwright round trip are not in the figures.
 */
import { defaultProfile } from '../../web/src/domain/index.ts';
import {
  ErjianDb,
  OriginalRecord,
  getOrCreateDevice,
  pointErrorPct,
  readBatchColumns,
  recordVerification,
  recordVerifications,
  type RawLineInput,
  type VerificationRecord,
} from '../../web/src/store/index.ts';
import { setUpBench, verificationInput, type PointErrors } from './storeFixtures.ts';

const line = (i: number): RawLineInput => ({
  connectionId: 'c1',
  sessionId: 's1',
  direction: 'in',
  text: `MV id=1 pos=${(i % 8) + 1} vi=${(10 + (i % 997) / 1000).toFixed(3)} t=20.1*5A`,
});

/** Errors spread like a real batch: a small bias, ~0.6 % SD, some points without a valid run. */
function errorsFor(i: number): PointErrors {
  const wave = (k: number) => Math.sin(i * k) * 0.9;
  return { Q3: 0.1 + wave(1.3), Q2: i % 997 === 0 ? null : -0.2 + wave(0.7), Q1: 0.4 + wave(2.1) * 2 };
}

export interface Timed {
  count: number;
  ms: number;
}

async function fresh(name: string): Promise<ErjianDb> {
  await new ErjianDb(name).delete();
  const db = new ErjianDb(name);
  await db.open();
  return db;
}

async function ingestLines(count: number): Promise<Timed> {
  const db = await fresh('bench-lines-single');
  const rec = new OriginalRecord(db, await getOrCreateDevice(db));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await rec.append(line(i));
  const ms = performance.now() - t0;
  db.close();
  return { count, ms };
}

async function ingestLinesBatched(count: number, perTransaction: number): Promise<Timed> {
  const db = await fresh('bench-lines-batched');
  const rec = new OriginalRecord(db, await getOrCreateDevice(db));
  const t0 = performance.now();
  for (let i = 0; i < count; i += perTransaction) {
    await rec.appendMany(Array.from({ length: Math.min(perTransaction, count - i) }, (_, k) => line(i + k)));
  }
  const ms = performance.now() - t0;
  db.close();
  return { count, ms };
}

export interface Offered extends Timed {
  offeredPerS: number;
  p50AckMs: number;
  p99AckMs: number;
}

/**
 * A bench sending `perS` lines a second, in reads of `perTick` lines: every line is handed
 * to append() as it arrives, without waiting for earlier ones, and its acknowledgement
 * (its commit) is timed — the interpreter may only use a line after that.
 */
async function ingestLinesOffered(count: number, perS: number, perTick: number): Promise<Offered> {
  const db = await fresh('bench-lines-offered');
  const rec = new OriginalRecord(db, await getOrCreateDevice(db));
  const acks: Promise<number>[] = [];
  const t0 = performance.now();
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - t0) / 1000) * perS) + perTick);
    for (; sent < due; sent++) {
      const at = performance.now();
      acks.push(rec.append(line(sent)).then(() => performance.now() - at));
    }
    await new Promise((r) => setTimeout(r, (perTick / perS) * 1000));
  }
  const latencies = (await Promise.all(acks)).sort((a, b) => a - b);
  const ms = performance.now() - t0;
  db.close();
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { count, ms, offeredPerS: perS, p50AckMs: q(0.5), p99AckMs: q(0.99) };
}

async function ingestVerifications(count: number): Promise<Timed & { bytesPerRecord: number }> {
  const db = await fresh('bench-verifications');
  const device = await getOrCreateDevice(db);
  const bench = await setUpBench(db, device);
  let last: VerificationRecord | undefined;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) last = await recordVerification(db, device, verificationInput(bench, `V${i}`, errorsFor(i)));
  const ms = performance.now() - t0;
  db.close();
  return { count, ms, bytesPerRecord: JSON.stringify(last).length };
}

/** A batch of `meters` meters, `reverified` of them verified a second time. */
async function buildBatch(meters: number, reverified: number, perCall: number): Promise<Timed & { batchId: string }> {
  const db = await fresh('bench-batch');
  const device = await getOrCreateDevice(db);
  const bench = await setUpBench(db, device);
  const serial = (i: number) => `S${String(i).padStart(6, '0')}`;
  const t0 = performance.now();
  for (let i = 0; i < meters; i += perCall) {
    const inputs = Array.from({ length: Math.min(perCall, meters - i) }, (_, k) => verificationInput(bench, serial(i + k), errorsFor(i + k)));
    await recordVerifications(db, device, inputs);
  }
  const firsts = new Map<string, string>();
  const step = Math.max(1, Math.floor(meters / Math.max(1, reverified)));
  for (let i = 0; i < meters && firsts.size < reverified; i += step) firsts.set(serial(i), '');
  for (const v of await db.verifications.where('serial').anyOf([...firsts.keys()]).toArray()) firsts.set(v.serial, v.id);
  const redo = [...firsts].map(([s, id], k) => verificationInput(bench, s, errorsFor(k + 7), { supersedes: id, reason: 'benchmark re-test' }));
  for (let i = 0; i < redo.length; i += perCall) await recordVerifications(db, device, redo.slice(i, i + perCall));
  const ms = performance.now() - t0;
  db.close();
  return { count: meters + redo.length, ms, batchId: bench.batchId };
}

export interface OpenResult {
  ms: number;
  n: number;
  meanQ3: number;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s / a.length;
}

/** Cold: a new connection, opened inside the timing. */
async function openColumns(batchId: string): Promise<OpenResult> {
  const t0 = performance.now();
  const db = new ErjianDb('bench-batch');
  const cols = await readBatchColumns(db, batchId);
  const ms = performance.now() - t0;
  db.close();
  return { ms, n: cols.n, meanQ3: mean(cols.q3) };
}

/** The naive way: read every verification object, drop superseded ones, extract the errors. */
async function openNaive(batchId: string): Promise<OpenResult> {
  const t0 = performance.now();
  const db = new ErjianDb('bench-batch');
  const all = await db.verifications.where('batchId').equals(batchId).toArray();
  const superseded = new Set(all.map((v) => v.supersedes));
  const live = all.filter((v) => !superseded.has(v.id));
  const q3 = new Float64Array(live.length);
  const q2 = new Float64Array(live.length);
  const q1 = new Float64Array(live.length);
  live.forEach((v, i) => {
    q3[i] = pointErrorPct(v.verdict, 'Q3');
    q2[i] = pointErrorPct(v.verdict, 'Q2');
    q1[i] = pointErrorPct(v.verdict, 'Q1');
  });
  const ms = performance.now() - t0;
  db.close();
  return { ms, n: live.length, meanQ3: mean(q3) };
}

const api = { ingestLines, ingestLinesBatched, ingestLinesOffered, ingestVerifications, buildBatch, openColumns, openNaive, profile: `${defaultProfile.id} ${defaultProfile.version}` };
export type StoreBenchApi = typeof api;
(globalThis as unknown as { storeBench: StoreBenchApi }).storeBench = api;
document.title = 'store-bench-ready';
