/**
 * How a session ends and how a device ends (issue 11, items 4 and 8; docs/records.md
 * "Checkpoints", "Device lifecycle"): the head of every session is signed however it ended
 * — normally, aborted, cut by a lost bench, or by a crash (signed at the next start) — and a
 * device whose database or key was lost stays on screen, by id, until an admin acknowledges it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditTrail } from '../../web/src/store/audit.ts';
import { sealHead } from '../../web/src/store/checkpoints.ts';
import type { DeviceStatement } from '../../web/src/store/chainTypes.ts';
import type { ErjianDb } from '../../web/src/store/db.ts';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import { acknowledgeLostDevice, deviceNotices } from '../../web/src/store/deviceLifecycle.ts';
import { legacyDeviceMarkerKey } from '../../web/src/store/devicePins.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { recordVerifications } from '../../web/src/store/recordVerification.ts';
import { closeSession, resumeSession } from '../../web/src/store/sessionProgress.ts';
import { endSession, markInterruptedSessions, markSessionInterrupted } from '../../web/src/store/sessions.ts';
import { isSignedCheckpoint } from '../../web/src/store/types.ts';
import { setUpWmb1Bench, wmb1Lines } from '../bench/storeFixtures.ts';
import { check, checkRecord, clock, lines, memoryStorage, openDb } from './scenario.ts';

const opened: ErjianDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

async function running() {
  const storage = memoryStorage();
  const name = `life-${Math.random()}`;
  const db = openDb(name, storage);
  opened.push(db);
  const device = await getOrCreateDevice(db, clock(0));
  const { bench, inputs } = await setUpWmb1Bench(db, device, [{ serial: 'L1', errors: { Q3: 0.2, Q2: 0.3, Q1: 1 } }], 'B-L', clock(1));
  return { db, name, storage, device, bench, inputs };
}

async function headCheckpoint(db: ErjianDb, deviceId: string) {
  const head = (await lines(db, deviceId)).at(-1)!;
  const cp = await db.checkpoints.get([deviceId, head.seq]);
  return { head, cp };
}

describe('the head of a session is signed however it ended', () => {
  it('aborted by the operator, or cut by a lost bench: signed at once, queued for sync', async () => {
    const s = await running();
    await markSessionInterrupted(s.db, s.bench.session.id, 'op-1', 'bench lost (device-lost), operator gave up', { now: clock(5) });
    const { head, cp } = await headCheckpoint(s.db, s.device.deviceId);
    expect(cp && isSignedCheckpoint(cp) ? [cp.reason, cp.sessionId, cp.hash] : null).toEqual(['session-end', s.bench.session.id, head.hash]);
    expect(await s.db.outbox.where('recordId').equals(`${s.device.deviceId}:${head.seq}`).count()).toBe(1);
    expect((await check(s)).ok).toBe(true);
  });

  it('by a crash: the next start marks it interrupted and signs its head; the app died after storing the verdicts, before the checkpoint', async () => {
    const s = await running();
    await recordVerifications(s.db, s.device, s.inputs, { now: clock(3) });
    // The tab dies here: session running, its last lines unsigned.
    await new OriginalRecord(s.db, s.device, { now: clock(4) }).appendMany([{ connectionId: 'c1', sessionId: s.bench.session.id, direction: 'in', text: 'STAT state=idle' }]);
    expect(await check(s)).toMatchObject({ ok: false, status: 'unsigned' });
    // The next start (ui/appStore.ts does the same).
    const db = openDb(s.name, s.storage);
    const device = await getOrCreateDevice(db, clock(10));
    expect(await markInterruptedSessions(db, { now: clock(10), isAlive: () => Promise.resolve(false) })).toEqual([s.bench.session.id]);
    expect(await sealHead(db, device, 'startup', { now: clock(10) })).toBeNull(); // the interrupted session's end signed it already
    const { head, cp } = await headCheckpoint(db, device.deviceId);
    expect(cp?.hash).toBe(head.hash);
    expect(await check({ db, device })).toMatchObject({ ok: true, status: 'ok' });
    const v = (await db.verifications.toArray())[0]!;
    expect((await checkRecord({ db }, v.id)).ok).toBe(true);
    db.close();
  });

  it('lines after the end (a disconnect) are unsigned until the next start signs them', async () => {
    const s = await running();
    await markSessionInterrupted(s.db, s.bench.session.id, 'op-1', 'aborted', { now: clock(5) });
    await new OriginalRecord(s.db, s.device, { now: clock(6) }).appendMany([{ connectionId: 'c1', sessionId: null, direction: 'out', text: 'STOP' }]);
    expect(await check(s)).toMatchObject({ status: 'unsigned' });
    expect(await sealHead(s.db, s.device, 'startup', { now: clock(20) })).toMatchObject({ reason: 'startup' });
    expect((await check(s)).ok).toBe(true);
  });
});

describe('a session interrupted, then resumed or closed (sessionProgress.ts)', () => {
  it('its row keeps agreeing with its signed statements; a meter verified across the interruption rebuilds from both parts', async () => {
    const s = await running();
    // Part 1 (Q3, Q2 and Q1 of wmb1Lines are all in the fixture's lines); the session is cut, then resumed.
    await markSessionInterrupted(s.db, s.bench.session.id, 'system', 'left running at start-up (crash or power loss)', { now: clock(5) });
    await resumeSession(s.db, s.bench.session.id, 'op-1', { now: clock(6) });
    const { lines: more } = wmb1Lines([{ serial: 'L1', errors: { Q3: 0.2, Q2: 0.3, Q1: 1 } }], 'S');
    const written = await new OriginalRecord(s.db, s.device, { now: clock(7) }).appendMany(more.map((l) => ({ ...l, connectionId: 'c2', sessionId: s.bench.session.id })));
    const [v] = await recordVerifications(s.db, s.device, [{ ...s.inputs[0]!, rawLines: [{ deviceId: s.device.deviceId, fromSeq: s.bench.lines.fromSeq, toSeq: written.at(-1)!.seq }] }], { now: clock(8) });
    await endSession(s.db, s.bench.session.id, 'op-1', { now: clock(9) });
    expect(await check(s)).toMatchObject({ ok: true, problems: [] });
    // The runs of part 2 came after the meter had settled every point: not counted, as the session does.
    expect((await checkRecord(s, v!.id)).checks).toEqual({ signature: 'ok', chain: 'ok', 'raw-lines': 'ok', verdict: 'ok', runs: 'ok' });

    const other = await running();
    await markSessionInterrupted(other.db, other.bench.session.id, 'op-1', 'aborted', { now: clock(5) });
    await closeSession(other.db, other.bench.session.id, '王管理', '表位漏水，改日重检', { now: clock(6) });
    expect(await check(other)).toMatchObject({ ok: true, problems: [] });
    const row = (await other.db.sessions.get(other.bench.session.id))!;
    await other.db.sessions.put({ ...row, closure: { ...row.closure!, by: 'someone else' } });
    expect((await check(other)).firstProblem).toMatchObject({ code: 'session-altered', sessionId: other.bench.session.id });
  });
});

describe('a device whose database was wiped', () => {
  it('the new device succeeds it; the notice names it on every start until an admin acknowledges it — who and when recorded', async () => {
    const s = await running();
    const old = s.device.deviceId;
    await s.db.delete();
    const db = openDb(s.name, s.storage);
    opened.push(db);
    const device = await getOrCreateDevice(db, clock(30));
    expect(device.predecessor).toBe(old);
    const enrolled = (await db.statements.get(`${device.deviceId}/enrolled`)) as DeviceStatement;
    expect(enrolled).toMatchObject({ type: 'erjian.device/1', recordSeq: 1, predecessor: { deviceId: old, reason: 'database-wiped' } });
    const notice = { deviceId: old, reason: 'database-wiped', successor: device.deviceId, acknowledged: null };
    expect((await deviceNotices(db, device)).lost).toMatchObject([notice]);
    // A reload shows it again: it is not a one-time message.
    const again = openDb(s.name, s.storage);
    expect((await deviceNotices(again, await getOrCreateDevice(again, clock(31)))).lost).toMatchObject([notice]);
    again.close();

    await expect(acknowledgeLostDevice(db, device, { lostDeviceId: old, by: ' ' })).rejects.toMatchObject({ code: 'invalid-record' });
    await acknowledgeLostDevice(db, device, { lostDeviceId: old, by: '王管理' }, { now: clock(40) });
    expect((await deviceNotices(db, device)).lost).toEqual([]);
    expect(db.pins.read()!.lost).toMatchObject([{ ...notice, acknowledged: { by: '王管理', at: clock(40)().toISOString() } }]);
    expect(await auditTrail(db, old)).toMatchObject([{ actor: '王管理', action: 'device.loss-acknowledged' }]);
    expect(await db.statements.get(`${device.deviceId}/acknowledged/${old}`)).toMatchObject({ actor: '王管理', recordSeq: 2, event: 'predecessor-acknowledged' });
    expect((await check({ db, device })).ok).toBe(true);
  });

  it('a wipe made by an older version of the app (only its device id was kept) is named too', async () => {
    const storage = memoryStorage();
    storage.setItem(legacyDeviceMarkerKey, 'old-pc-device');
    const db = openDb('erjian', storage);
    opened.push(db);
    const device = await getOrCreateDevice(db, clock(0));
    expect((await deviceNotices(db, device)).lost).toMatchObject([{ deviceId: 'old-pc-device', kid: null, reason: 'database-wiped', successor: device.deviceId }]);
    expect(storage.getItem(legacyDeviceMarkerKey)).toBe(device.deviceId);
  });
});

describe('a device whose key was lost (its row gone, its records kept)', () => {
  it('is succeeded the same way, and its records still check against the key pinned when it was enrolled', async () => {
    const s = await running();
    await recordVerifications(s.db, s.device, s.inputs, { now: clock(3) });
    await markSessionInterrupted(s.db, s.bench.session.id, 'op-1', 'aborted', { now: clock(4) });
    await s.db.device.delete('device');
    const successor = await getOrCreateDevice(s.db, clock(10));
    expect((await deviceNotices(s.db, successor)).lost).toMatchObject([{ deviceId: s.device.deviceId, reason: 'key-lost', successor: successor.deviceId }]);
    expect(await check(s)).toMatchObject({ ok: true, problems: [] });
    const v = (await s.db.verifications.toArray())[0]!;
    expect((await checkRecord(s, v.id)).checks.signature).toBe('ok');
  });
});
