/**
 * The simulator's state across restarts (simulator.ts: a snapshot plus a journal of the writes
 * since, so a write costs one appended line, not a rewrite of every record): creates, updates
 * and withdrawals made in several lives all come back, with their Idempotency-Keys, and a last
 * journal line cut by a crash mid-append is the one write that is lost.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open.ts';
import { createNqiAdapter } from './adapter.ts';
import { buildRecord } from './record.ts';
import { startNqiSimulator, type NqiSimulator } from './simulator.ts';
import { meterRow } from './testSupport.ts';

const dir = mkdtempSync(join(tmpdir(), 'erjian-nqi-journal-'));
let sim: NqiSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => new Date('2026-11-30T02:00:00.000Z');
const db = openDb(':memory:');

describe('NQI simulator state file', () => {
  it('keeps every write across restarts, one journal line each', async () => {
    const stateFile = join(dir, 'sim.json');
    const journal = `${stateFile}.journal`;
    const start = async () => {
      sim = await startNqiSimulator({ port: 0, clock, stateFile });
      return createNqiAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
    };
    const a = meterRow();
    const b = meterRow();
    let adapter = await start();
    const madeA = await adapter.create(buildRecord(db, a, null), 'key-a-create');
    const madeB = await adapter.create(buildRecord(db, b, null), 'key-b-create');
    if (!madeA.ok || !madeB.ok) throw new Error('the simulator refused an honest record');
    const updatedA = await adapter.update(madeA.value.platform_id, buildRecord(db, { ...a, model: 'LXS-25E' }, null), 'key-a-update');
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(3);
    await sim!.close();

    // a second life: everything is there, and its own writes are journalled after the snapshot
    adapter = await start();
    expect(readFileSync(journal, 'utf8')).toBe('');
    expect(await adapter.update(madeA.value.platform_id, buildRecord(db, { ...a, model: 'LXS-25E' }, null), 'key-a-update')).toEqual(updatedA);
    const withdrawn = await adapter.withdraw(madeB.value.platform_id, b.verification_id, 'key-b-withdraw');
    expect(withdrawn).toMatchObject({ ok: true, value: { status: 'withdrawn', revision: 2 } });
    // a crash mid-append leaves half a line: that write was never answered
    appendFileSync(journal, '{"nextId":99,"key":"key-cut');
    await sim!.close();

    adapter = await start();
    const onA = await adapter.get(madeA.value.platform_id);
    const onB = await adapter.get(madeB.value.platform_id);
    expect(onA.ok && onA.value).toMatchObject({ revision: 2, status: 'active', record: { model: 'LXS-25E' } });
    expect(onB.ok && onB.value).toMatchObject({ revision: 2, status: 'withdrawn' });
    expect(await adapter.withdraw(madeB.value.platform_id, b.verification_id, 'key-b-withdraw')).toEqual(withdrawn);
    const third = await adapter.create(buildRecord(db, meterRow(), null), 'key-c-create');
    expect(third.ok && third.value.platform_id).toBe('NQI-00000003');
  });
});
