/**
 * What the server holds a session's meters and bench to (docs/sync.md "What the server
 * trusts"): a meter the session's LOAD lines mounted and nobody verified is an alarm when the
 * session's end arrives; an ID line inside a verification's cited lines that names another
 * bench than the session's signed start is `bench-differs`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../web/src/bench/wmb1/codec.ts';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import { recordVerifications } from '../../web/src/store/recordVerification.ts';
import { cacheReferenceData } from '../../web/src/store/referenceData.ts';
import { endSession } from '../../web/src/store/sessions.ts';
import { jwkThumbprint } from '../../web/src/store/signing.ts';
import type { ErjianDb } from '../../web/src/store/db.ts';
import { setUpWmb1Bench } from '../bench/storeFixtures.ts';
import { auth, clock, enterprise, honestDay, lines, memoryStorage, openDb, resignEverything, rewriteFrom, type Day } from '../tamper/scenario.ts';
import { count, enrol, push, seedEnterprise, startWorld, syncAll, type World } from './support.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';

let world: World | undefined;
const dbs: ErjianDb[] = [];
afterEach(async () => {
  await world?.close();
  for (const db of dbs.splice(0)) await db.delete();
});

describe('sessions on the server', () => {
  it('a mounted meter without a verification: an alarm naming it when the session ends', async () => {
    world = await startWorld();
    seedEnterprise(world);
    const db = openDb(`sync-sessions-${Math.random()}`, memoryStorage());
    dbs.push(db);
    const device = await getOrCreateDevice(db, clock(0));
    await cacheReferenceData(db, { enterprise, authorisations: [{ ...auth, fetchedAt: '2026-11-26T08:00:00Z' }] });
    const { bench, inputs } = await setUpWmb1Bench(db, device, [
      { serial: 'M1', errors: { Q3: 0.4, Q2: -0.8, Q1: 1.9 } },
      { serial: 'M2', errors: { Q3: 0.4, Q2: -0.8, Q1: 1.9 } },
      { serial: 'M3', errors: { Q3: 0.4, Q2: -0.8, Q1: 1.9 } },
    ], 'B-S', clock(1));
    await recordVerifications(db, device, inputs.slice(0, 2), { now: clock(30) });
    await endSession(db, bench.session.id, 'op-1', { now: clock(31) });
    const token = await enrol(world, db);
    const answers = await syncAll(world, token, db);
    expect(answers.flatMap((a) => a.results.filter((r) => r.status === 'rejected'))).toEqual([]);
    const alarms = world.server.db.prepare("SELECT kind, subject, message FROM sync_alarms").all() as Array<{ kind: string; subject: string; message: string }>;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ kind: 'meters-unaccounted', subject: `session ${bench.session.id}` });
    expect(alarms[0]!.message).toContain('M3');
    expect(alarms[0]!.message).not.toContain('M1');
  }, 60_000);

  it('an ID line of another bench inside the cited lines: bench-differs', async () => {
    world = await startWorld();
    seedEnterprise(world);
    const day: Day = await honestDay();
    dbs.push(day.db);
    const token = await enrol(world, day.db);
    // The run's RS line (not read by the replay) becomes the bench's ID of another bench; re-signed with the page's key.
    const all = await lines(day.db, day.device.deviceId);
    const rs = all.find((l) => l.direction === 'in' && l.text.startsWith('RS'))!;
    const id = encodeMessage({ verb: 'ID', vendor: 'X', model: 'M', sn: 'BENCH-9', fw: '1', positions: 10, method: 'volumetric', uRelPct: 0.2 }).replace(/\r\n$/, '');
    await rewriteFrom(day.db, day.device.deviceId, rs.seq, (l) => (l.seq === rs.seq ? id : l.text));
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, day.device.kid ?? (await jwkThumbprint(day.device.publicKeyJwk)));
    const a = await push(world, token, (await nextPushPage(day.db, day.device.deviceId, emptyHeads(), { maxLines: 5000 }))!);
    for (const v of [day.passed, day.failed]) expect(a.results.find((r) => r.id === v.id)).toMatchObject({ status: 'rejected', reason: 'bench-differs' });
    expect(count(world, 'public_meters')).toBe(0);
  }, 60_000);
});
