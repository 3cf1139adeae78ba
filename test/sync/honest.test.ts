/**
 * An honest day synced (docs/sync.md): every line, checkpoint and record of a real bench PC
 * taken, each verification re-verified from the raw lines and projected for the lookup,
 * the certificate's issuance decided again, a signed receipt per push, and a push sent
 * again answered `duplicate` without storing anything twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBytes, signedBytes, trustedKey } from '../../web/src/store/signing.ts';
import { pullResponseSchema, pushResponseSchema, type PushResponse } from '../../web/src/sync/protocol.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import { honestDay, lines, type Day } from '../tamper/scenario.ts';
import { count, enrol, pull, push, seedEnterprise, startWorld, syncAll, type World } from './support.ts';

let world: World;
let day: Day;
let token: string;
let answers: PushResponse[];

beforeAll(async () => {
  world = await startWorld();
  seedEnterprise(world);
  day = await honestDay();
  token = await enrol(world, day.db);
  answers = await syncAll(world, token, day.db, { maxLines: 600 });
}, 60_000);
afterAll(async () => {
  await world?.close();
  await day?.db.delete();
});

describe('an honest day, synced', () => {
  it('takes every line, checkpoint and record: the heads are the PC\'s', async () => {
    for (const a of answers) expect(pushResponseSchema.parse(a)).toBeTruthy();
    const rejected = answers.flatMap((a) => a.results.filter((r) => r.status === 'rejected'));
    expect(rejected).toEqual([]);
    const all = await lines(day.db, day.device.deviceId);
    const last = answers.at(-1)!.heads;
    expect(last.lines).toEqual({ seq: all.at(-1)!.seq, hash: all.at(-1)!.hash });
    expect(last.checkpoint.seq).toBe(all.at(-1)!.seq);
    const chain = await day.db.recordChain.toArray();
    expect(last.records).toEqual({ seq: chain.length, hash: chain.at(-1)!.hash });
    expect(count(world, 'sync_lines')).toBe(all.length);
    expect(count(world, 'sync_records', "WHERE status = 'accepted'")).toBe(6);
    expect(count(world, 'sync_audit')).toBe(await day.db.audit.count());
    expect(count(world, 'sync_batches')).toBe(1);
    // small pages: the lines came in more than one push, each cut at a checkpoint
    expect(answers.length).toBeGreaterThan(1);
  });

  it('re-verifies and projects both meters: W1 合格 with its 有效期, W2 不合格', () => {
    const rows = world.server.db.prepare('SELECT serial, conclusion, valid_until, integrity, institution, model FROM public_meters ORDER BY serial').all();
    expect(rows).toEqual([
      { serial: 'W1', conclusion: '合格', valid_until: day.passed.validUntil, integrity: 'verified', institution: world.server.deps.config.institutionName, model: 'LXS-15E' },
      { serial: 'W2', conclusion: '不合格', valid_until: null, integrity: 'verified', institution: world.server.deps.config.institutionName, model: 'LXS-15E' },
    ]);
    // both mounted meters accounted for: no alarm
    expect(count(world, 'sync_alarms')).toBe(0);
  });

  it('signs a receipt for every push with the server key', async () => {
    const key = await trustedKey(world.server.deps.serverKey.publicKeyJwk);
    for (const a of answers) {
      const { signature, ...unsigned } = a.receipt;
      expect(unsigned.heads).toEqual(a.heads);
      expect(unsigned.receivedAt).toBe(world.clock.now.toISOString());
      expect(await verifyBytes(key, signedBytes(unsigned), signature)).toBe(true);
    }
  });

  it('answers the same pages again as duplicates and stores nothing twice', async () => {
    const before = ['sync_lines', 'sync_records', 'sync_checkpoints', 'public_meters', 'sync_audit', 'nqi_outbox'].map((t) => count(world, t));
    const page = (await nextPushPage(day.db, day.device.deviceId, emptyHeads(), { maxLines: 5000 }))!;
    const again = await push(world, token, page);
    expect(again.results.every((r) => r.status === 'duplicate')).toBe(true);
    expect(again.lines.rejected).toBeNull();
    expect(again.heads).toEqual(answers.at(-1)!.heads);
    expect(['sync_lines', 'sync_records', 'sync_checkpoints', 'public_meters', 'sync_audit', 'nqi_outbox'].map((t) => count(world, t))).toEqual(before);
  });

  it('pulls the reference data, the device keys and the heads', async () => {
    // a second after the reference data was written (a row changed in the very millisecond of a cursor is sent again)
    world.clock.now = new Date(world.clock.now.getTime() + 1000);
    const a = await pull(world, token);
    expect(a.status).toBe(200);
    const p = pullResponseSchema.parse(a.body);
    // the ladder's body (docs/penalties.md "On the wire"), also for a row stored as a plain "normal"
    expect(p.enterprise).toEqual({ id: 'ENT-1', name: expect.any(String), standing: { standing: 'normal', nonConformingSamplings: 0, salesStopped: false, blockedModels: [], lastDecision: null } });
    expect(p.meterTypes.map((m) => m.model)).toEqual(['LXS-15E']);
    expect(p.authorisations).toHaveLength(1);
    expect(p.devices.map((d) => d.deviceId)).toEqual([day.device.deviceId]);
    expect(p.heads).toEqual(answers.at(-1)!.heads);
    expect(p.institution.name).toBe(world.server.deps.config.institutionName);
    // since the cursor: nothing changed
    const next = pullResponseSchema.parse((await pull(world, token, p.cursor)).body);
    expect(next.meterTypes).toEqual([]);
    expect(next.authorisations).toEqual([]);
  });
});
