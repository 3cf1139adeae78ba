/**
 * For the NQI tests: a real SQLite file in a temp dir, a clock the test moves, the real
 * simulator on 127.0.0.1 port 0, the real adapter, and verifications stored the way the sync
 * ingest stores them (sync/projection.ts: the public_meters row, the superseded record
 * marked, and the outbox row, in one transaction).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../db/open.ts';
import { first, qb, run } from '../db/sql.ts';
import type { NqiOutboxRow } from '../db/tables/nqi.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { Prng } from '../../../web/src/bench/sim/prng.ts';
import { until } from '../../../test/support/bounded.ts';
import { createNqiAdapter, type NqiAdapter } from './adapter.ts';
import { enqueuePublication } from './enqueue.ts';
import { startForwarder, type Forwarder, type ForwarderOptions } from './forwarder.ts';
import { startNqiSimulator, type NqiSimulator, type NqiSimulatorOptions } from './simulator.ts';

export interface NqiRig {
  db: Db;
  now: { value: Date };
  clock: () => Date;
  sim: NqiSimulator;
  adapter: NqiAdapter;
  forwarder: Forwarder;
  /** the seed of the forwarder's PRNG: a second Prng(seed) replays its jitter */
  seed: number;
  advance(ms: number): void;
  stop(): Promise<void>;
}

export const rigDefaults: ForwarderOptions = { baseMs: 1_000, capMs: 60_000, maxAttempts: 6, pollMs: 5, batchSize: 100 };

export async function startRig(options: { simulator?: NqiSimulatorOptions; forwarder?: Partial<ForwarderOptions>; timeoutMs?: number; seed?: number } = {}): Promise<NqiRig> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-nqi-'));
  const db = openDb(join(dir, 'erjian.sqlite'));
  const now = { value: new Date('2026-11-30T02:00:00.000Z') };
  const clock = () => now.value;
  const sim = await startNqiSimulator({ port: 0, clock, ...options.simulator });
  const adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: options.timeoutMs ?? 2_000 });
  const seed = options.seed ?? 42;
  const prng = new Prng(seed);
  const forwarder = startForwarder({ db, adapter, clock, random: () => prng.next(), options: { ...rigDefaults, ...options.forwarder } });
  return {
    db,
    now,
    clock,
    sim,
    adapter,
    forwarder,
    seed,
    advance: (ms) => {
      now.value = new Date(now.value.getTime() + ms);
    },
    stop: async () => {
      await forwarder.close();
      await sim.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serialNo = 0;

/** A verification as the ingest projects it (sync/projection.ts), Annex-2 keys of a DN20 meter. */
export function meterRow(values: Partial<PublicMeterRow> = {}): PublicMeterRow {
  serialNo += 1;
  const serial = values.serial ?? `SN${String(serialNo).padStart(6, '0')}`;
  return {
    verification_id: `ver-${serial}-${serialNo}`,
    enterprise_id: 'ent-1',
    device_id: 'dev-1',
    serial,
    batch_id: 'B20261129-01',
    instrument_name: '冷水水表',
    model: 'LXS-20E',
    accuracy_class: '2',
    manufacturer: '泰安示例水表有限公司',
    production_date: '2026-11-01',
    verification_date: '2026-11-29',
    valid_until: '2032-11-28',
    conclusion: '合格',
    institution: '泰安市法定计量检定机构（演示）',
    record_hash: `sha256-${serial}-${serialNo}`.padEnd(64, '0'),
    created_at: '2026-11-29T03:00:00.000Z',
    received_at: '2026-11-29T04:00:00.000Z',
    superseded_by: null,
    integrity: 'verified',
    ...values,
  };
}

/** Store a verification and queue it, in one transaction, as the ingest does; `supersedes` marks the earlier record. */
export function ingest(db: Db, row: PublicMeterRow, now: Date, supersedes: string | null = null): PublicMeterRow {
  db.transaction(() => {
    run(db, qb.insertInto('public_meters').values(row));
    if (supersedes !== null) run(db, qb.updateTable('public_meters').set({ superseded_by: row.verification_id }).where('verification_id', '=', supersedes));
    enqueuePublication(db, row, now);
  })();
  return row;
}

export function outboxOf(db: Db, verificationId: string): NqiOutboxRow {
  const row = first(db, qb.selectFrom('nqi_outbox').selectAll().where('verification_id', '=', verificationId).orderBy('id', 'desc').limit(1));
  if (!row) throw new Error(`no outbox row for ${verificationId}`);
  return row;
}

/** Poll `predicate` every 5 ms until it holds; fails naming `what` after `ms`. */
export async function waitFor(what: string, ms: number, predicate: () => boolean): Promise<void> {
  let stopped = false;
  try {
    await until<void>(what, ms, (resolve) => {
      const check = () => {
        if (stopped) return;
        if (predicate()) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  } finally {
    stopped = true;
  }
}
