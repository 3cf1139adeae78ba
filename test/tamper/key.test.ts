/**
 * Attacks on the signing key (issue 11, items 2 and 7; docs/records.md "Pins", "What the
 * local checks cannot see"): the key is read from the pin made at enrolment, outside
 * IndexedDB, never only from the database it protects.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOrCreateDevice } from '../../web/src/store/deviceKey.ts';
import { deviceNotices } from '../../web/src/store/deviceLifecycle.ts';
import { jwkThumbprint } from '../../web/src/store/signing.ts';
import type { DeviceIdentity } from '../../web/src/store/types.ts';
import { check, checkRecord, honestDay, lines, resignEverything, rewriteFrom, shown, shownRecord, type Day } from './scenario.ts';

let day: Day;
beforeEach(async () => {
  day = await honestDay();
});
afterEach(async () => {
  await day.db.delete();
});

async function newKey(): Promise<{ pair: CryptoKeyPair; jwk: JsonWebKey; kid: string }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { pair, jwk, kid: await jwkThumbprint(jwk) };
}

describe('the device row replaced with a new key pair under the same deviceId', () => {
  it('everything re-signed with the new key still fails: the key is not the one pinned at enrolment', async () => {
    const k = await newKey();
    const forged: DeviceIdentity = { ...day.device, privateKey: k.pair.privateKey, publicKeyJwk: k.jwk, kid: k.kid };
    await day.db.device.put(forged);
    await rewriteFrom(day.db, day.device.deviceId, 3, (l) => l.text.replace(/vi=[\d.]+/, 'vi=10.0000'));
    await resignEverything(day.db, day.device.deviceId, k.pair.privateKey, k.kid);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'device-key-changed', deviceId: day.device.deviceId, expected: day.device.kid, found: k.kid });
    expect(shown(r)).toBe('设备签名密钥已被更换：与登记时的指纹不一致（疑似篡改）');
    // Every checkpoint and record is then checked against the pinned key, and none holds.
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['checkpoint-bad-signature', 'record-bad-signature']));
    const m = await checkRecord(day, day.passed.id);
    expect(m.firstProblem).toMatchObject({ check: 'signature', code: 'device-key-changed' });
    expect(shownRecord(m)).toContain('疑似篡改');
    // The start-up notice says so too, on every screen.
    expect((await deviceNotices(day.db, forged)).trust).toMatchObject({ code: 'device-key-changed' });
  });
});

describe('a replaced device row (a new device id and key, the old records left)', () => {
  it('is not a device this browser enrolled: reported as replaced, and the old device still checks against its pin', async () => {
    const k = await newKey();
    await day.db.device.put({ id: 'device', deviceId: 'intruder', privateKey: k.pair.privateKey, publicKeyJwk: k.jwk, kid: k.kid, createdAt: day.device.createdAt });
    const intruder = await getOrCreateDevice(day.db);
    expect(intruder.deviceId).toBe('intruder');
    const r = await check({ db: day.db, device: intruder });
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'device-replaced', expected: day.device.deviceId, found: 'intruder' });
    expect(shown(r)).toContain(`本机登记的设备是 ${day.device.deviceId}`);
    expect((await deviceNotices(day.db, intruder)).trust).toMatchObject({ code: 'device-replaced' });
    // No pin was made for it, and none was moved.
    expect(day.db.pins.read()?.current?.deviceId).toBe(day.device.deviceId);
    expect((await check(day)).ok).toBe(true);
  });
});

describe('re-signing from script with the page’s own key (non-extractable, but usable)', () => {
  async function forgeWithPageKey(): Promise<number> {
    const to = day.passed.rawLines[0]!.toSeq;
    // The passed meter's Q3 reading made worse, every later line rehashed, every checkpoint
    // and record re-signed by the page's own key: nothing inside IndexedDB disagrees any more.
    await rewriteFrom(day.db, day.device.deviceId, 3, (l) => l.text);
    const first = (await lines(day.db, day.device.deviceId)).find((l) => l.text.startsWith('MV') && l.text.includes('pos=1'))!;
    await rewriteFrom(day.db, day.device.deviceId, first.seq, (l) => (l.seq === first.seq ? l.text.replace(/vi=[\d.]+/, 'vi=10.0900') : l.text));
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, day.device.kid!);
    return to;
  }

  it('is found by the marks outside IndexedDB: the newest checkpoint and record this PC signed are no longer there', async () => {
    const pinned = day.db.pins.read()!.current!;
    await forgeWithPageKey();
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['pinned-checkpoint-missing', 'pinned-record-missing']);
    expect(r.problems[0]).toMatchObject({ seq: pinned.checkpoint!.seq, expected: pinned.checkpoint!.hash });
    expect(r.problems[1]).toMatchObject({ recordSeq: pinned.records!.seq, expected: pinned.records!.hash });
    expect(shown(r)).toContain('原始记录尾部被截断或重写');
  });

  it('with the marks outside IndexedDB rewritten too, the local checks cannot see it — what was already synced can', async () => {
    // What the server holds: the checkpoints and the record head queued before the forgery.
    const synced = (await day.db.checkpoints.toArray()).map((c) => ({ seq: c.seq, hash: c.hash }));
    const head = (await day.db.recordChain.toArray()).at(-1)!;
    await forgeWithPageKey();
    const key = `erjian.pins:${day.name}`;
    const pins = JSON.parse(day.storage.map.get(key)!) as { current: { checkpoint: unknown; records: unknown } };
    pins.current.checkpoint = null;
    pins.current.records = null;
    day.storage.map.set(key, JSON.stringify(pins));
    // Honest about the limit (docs/records.md): a forger with the page's key and its storage passes locally …
    expect((await check(day)).ok).toBe(true);
    // … and is caught against the copies that left the PC.
    const r = await check(day, { anchors: { lines: synced, records: [{ seq: head.recordSeq, hash: head.hash }] } });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(['anchor-differs', 'anchor-differs', 'anchor-differs', 'anchor-differs']);
    expect(r.firstProblem).toMatchObject({ seq: 500 });
    expect(shown(r)).toContain('与平台已同步的副本不一致');
  });
});
