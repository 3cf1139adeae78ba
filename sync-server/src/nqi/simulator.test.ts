/**
 * The simulator as a platform (docs/nqi.md "The platform's API"): it refuses what the
 * contract forbids, deduplicates by Idempotency-Key unless told not to, and with a state
 * file keeps its records across a restart (the embedded demo).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/open.ts';
import { createNqiAdapter } from './adapter.ts';
import { buildRecord } from './record.ts';
import { startNqiSimulator, type NqiSimulator } from './simulator.ts';
import { meterRow } from './testSupport.ts';

const dir = mkdtempSync(join(tmpdir(), 'erjian-nqi-sim-'));
let sim: NqiSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const clock = () => new Date('2026-11-30T02:00:00.000Z');
const db = openDb(':memory:');
const record = () => buildRecord(db, meterRow(), null);

describe('NQI simulator', () => {
  it('refuses a record without its keys, a write without an Idempotency-Key, an unknown record', async () => {
    sim = await startNqiSimulator({ port: 0, clock });
    const post = (body: unknown, headers: Record<string, string> = { 'idempotency-key': 'key-12345678' }) =>
      fetch(`${sim!.url}/api/v1/meter-records`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const { serial: _s, ...noSerial } = record();
    expect((await post({ schema: 'erjian.nqi-record/1', record: noSerial })).status).toBe(422);
    expect((await post({ schema: 'other/1', record: record() })).status).toBe(422);
    expect((await post({ schema: 'erjian.nqi-record/1', record: record() }, {})).status).toBe(400);
    const adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
    expect(await adapter.update('NQI-404', record(), 'key-abcdefgh')).toMatchObject({ ok: false, kind: 'refused', status: 404 });
    expect(await adapter.get('NQI-404')).toEqual({ ok: true, value: null });
  });

  it('deduplicates a replay by its key, or stores it twice when switched to', async () => {
    sim = await startNqiSimulator({ port: 0, clock });
    const adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
    const r = record();
    const first = await adapter.create(r, 'key-aaaaaaaa');
    expect(await adapter.create(r, 'key-aaaaaaaa')).toEqual(first);
    sim.switches.duplicates = true;
    const second = await adapter.create(r, 'key-aaaaaaaa');
    expect(second.ok && first.ok && second.value.platform_id !== first.value.platform_id).toBe(true);
    const listed = await adapter.listByDay(r.verification_date);
    expect(listed.ok && listed.value.map((x) => x.record.source_id)).toEqual([r.source_id, r.source_id]);
  });

  it('keeps its records in a state file across a restart', async () => {
    const stateFile = join(dir, 'sim.json');
    sim = await startNqiSimulator({ port: 0, clock, stateFile });
    let adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
    const r = record();
    const made = await adapter.create(r, 'key-bbbbbbbb');
    await sim.close();
    sim = await startNqiSimulator({ port: 0, clock, stateFile });
    adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: 1_000 });
    expect(await adapter.create(r, 'key-bbbbbbbb')).toEqual(made);
    const listed = await adapter.listByDay(r.verification_date);
    expect(listed.ok && listed.value).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
