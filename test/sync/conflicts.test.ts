/**
 * Conflicts (docs/sync.md "Conflicts"): records are immutable; two devices verifying the same
 * serial both keep their records, the verifier sees the conflict in the pull (and an alarm),
 * and public_meters keeps both current rows for the lookup to show the newest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema } from '../../web/src/sync/protocol.ts';
import { honestDay, type Day } from '../tamper/scenario.ts';
import { count, enrol, pull, seedEnterprise, startWorld, syncAll, type World } from './support.ts';

let world: World;
let a: Day;
let b: Day;
let tokenA: string;

beforeAll(async () => {
  world = await startWorld();
  seedEnterprise(world);
  a = await honestDay();
  b = await honestDay();
  tokenA = await enrol(world, a.db);
  const tokenB = await enrol(world, b.db);
  await syncAll(world, tokenA, a.db);
  await syncAll(world, tokenB, b.db);
}, 60_000);
afterAll(async () => {
  await world?.close();
  await a?.db.delete();
  await b?.db.delete();
});

describe('two devices verify the same meters', () => {
  it('keeps both devices\' records, current side by side', () => {
    expect(count(world, 'public_meters')).toBe(4);
    expect(count(world, 'public_meters', 'WHERE superseded_by IS NULL')).toBe(4);
    // the batch is the enterprise's: the second PC's copy of it was a duplicate
    expect(count(world, 'sync_batches')).toBe(1);
  });

  it('shows the conflict to the verifier in the pull, and raises one alarm per serial', async () => {
    const p = pullResponseSchema.parse((await pull(world, tokenA)).body);
    expect(p.conflicts.map((c) => c.serial).sort()).toEqual(['W1', 'W2']);
    for (const c of p.conflicts) expect(new Set(c.deviceIds)).toEqual(new Set([a.device.deviceId, b.device.deviceId]));
    expect(count(world, 'sync_alarms', "WHERE kind = 'serial-conflict'")).toBe(2);
    expect(p.devices).toHaveLength(2);
  });
});
