/**
 * Adversarial sync (issue 12 item 8; docs/sync.md "What the server trusts"): each attack on a
 * real server with a real SQLite file, the records made by the real store code, refused
 * with a clear reason — and nothing lost or duplicated: what is honest in the same push is
 * still taken, and the honest day still syncs completely afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile, meterVerdict } from '../../web/src/domain/index.ts';
import { revokeDevice } from '../../sync-server/src/identity/enrolment.ts';
import { recordPenaltyEvent } from '../../sync-server/src/supervision/penaltyStore.ts';
import { jwkThumbprint } from '../../web/src/store/signing.ts';
import type { ItemResult, PushRequest } from '../../web/src/sync/protocol.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import { honestDay, lines, resignEverything, rewriteFrom, type Day } from '../tamper/scenario.ts';
import { count, enrol, postRaw, pull, push, seedEnterprise, startWorld, syncAll, type World } from './support.ts';

let world: World;
let day: Day;
let token: string;

beforeEach(async () => {
  world = await startWorld();
  seedEnterprise(world);
  day = await honestDay();
  token = await enrol(world, day.db);
}, 60_000);
afterEach(async () => {
  await world?.close();
  await day?.db.delete();
});

/** Everything the PC has, in one page (the honest day fits in one). */
async function fullPage(d: Day = day): Promise<PushRequest> {
  return (await nextPushPage(d.db, d.device.deviceId, emptyHeads(), { maxLines: 5000 }))!;
}

const resultOf = (results: readonly ItemResult[], id: string) => results.find((r) => r.id === id);
const rejections = (results: readonly ItemResult[]) => results.filter((r) => r.status === 'rejected').map((r) => (r.status === 'rejected' ? [r.id, r.reason] : []));

/** After the attack, the honest PC still syncs completely: heads are the PC's, nothing twice. */
async function convergesHonestly(d: Day = day, t = token): Promise<void> {
  const answers = await syncAll(world, t, d.db);
  const heads = answers.at(-1)?.heads ?? (await pull(world, t)).body['heads'];
  const all = await lines(d.db, d.device.deviceId);
  const chain = await d.db.recordChain.toArray();
  expect(heads).toMatchObject({ lines: { seq: all.at(-1)!.seq, hash: all.at(-1)!.hash }, records: { seq: chain.length, hash: chain.at(-1)!.hash } });
  expect(count(world, 'sync_lines')).toBe(all.length);
  expect(count(world, 'sync_records')).toBe(chain.length);
  expect(count(world, 'public_meters')).toBe(2);
}

async function kid(d: Day = day): Promise<string> {
  return d.device.kid ?? jwkThumbprint(d.device.publicKeyJwk);
}

describe('adversarial sync', () => {
  it('records out of order: refused to retry, the gap an alarm; sent in order they are taken', async () => {
    const page = await fullPage();
    const third = page.items.find((i) => i.kind === 'record' && (i.body as { recordSeq: number }).recordSeq === 3)!;
    const a = await push(world, token, { ...page, items: page.items.filter((i) => i !== third) });
    const later = a.results.filter((r) => r.kind === 'record' && r.status === 'rejected');
    expect(later).toHaveLength(3);
    for (const r of later) expect(r).toMatchObject({ reason: 'record-out-of-order', retry: true });
    expect(a.heads.records.seq).toBe(2);
    expect(count(world, "sync_alarms WHERE kind = 'record-seq-gap'")).toBe(1);
    // reversed order inside one page is no reason to refuse: the server takes a page in chain order
    const again = await push(world, token, { ...page, items: [...page.items].reverse() });
    expect(rejections(again.results)).toEqual([]);
    await convergesHonestly();
  });

  it('a page cut mid-body: 400 malformed-json, nothing stored, the whole page taken afterwards', async () => {
    const text = JSON.stringify(await fullPage());
    const a = await postRaw(world, token, text.slice(0, Math.floor(text.length / 2)));
    expect(a).toMatchObject({ status: 400, body: { status: 'error', reason: 'malformed-json' } });
    expect(count(world, 'sync_lines') + count(world, 'sync_records')).toBe(0);
    await convergesHonestly();
  });

  it('malformed JSON and a body that is no push: 400 with a reason, nothing stored', async () => {
    expect(await postRaw(world, token, '{"protocol":1,,}')).toMatchObject({ status: 400, body: { reason: 'malformed-json' } });
    expect(await postRaw(world, token, JSON.stringify({ protocol: 1, deviceId: day.device.deviceId, lines: [] }))).toMatchObject({ status: 400, body: { reason: 'schema-invalid' } });
    expect(count(world, 'sync_lines')).toBe(0);
  });

  it('an oversized body: 413 too-large before anything is read into the store', async () => {
    const page = await fullPage();
    const big = { ...page, items: [{ kind: 'audit', id: '1', body: { pad: 'x'.repeat(5 * 1024 * 1024) } }] };
    expect(await postRaw(world, token, JSON.stringify(big))).toMatchObject({ status: 413, body: { reason: 'too-large' } });
    expect(count(world, 'sync_lines')).toBe(0);
  });

  it('a forged verdict, re-signed with the page\'s own key: verdict-differs, the rest taken', async () => {
    const w2 = (await day.db.verifications.get(day.failed.id))!;
    await day.db.verifications.put({ ...w2, verdict: { ...w2.verdict, passed: true, reasons: [] }, validUntil: day.passed.validUntil });
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, await kid());
    const a = await push(world, token, await fullPage());
    expect(resultOf(a.results, day.failed.id)).toMatchObject({ status: 'rejected', reason: 'verdict-differs', retry: false });
    expect(rejections(a.results)).toEqual([[day.failed.id, 'verdict-differs']]);
    expect(world.server.db.prepare('SELECT serial FROM public_meters').all()).toEqual([{ serial: 'W1' }]);
    // the refused record keeps its place in the chain: the records after it are taken
    expect(a.heads.records.seq).toBe(6);
  });

  it('a forged nameplate (another R, the verdict recomputed to match): verdict-differs against the registered type', async () => {
    const w2 = (await day.db.verifications.get(day.failed.id))!;
    const record = { ...w2.record, meter: { ...w2.record.meter, r: 40 } };
    await day.db.verifications.put({ ...w2, record, verdict: meterVerdict(record, defaultProfile) });
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, await kid());
    const a = await push(world, token, await fullPage());
    expect(resultOf(a.results, day.failed.id)).toMatchObject({ status: 'rejected', reason: 'verdict-differs' });
    expect((resultOf(a.results, day.failed.id) as { message: string }).message).toContain('r = 40');
  });

  it('a broken chain (a line changed without its hash): chain-broken, nothing after it stored', async () => {
    const l5 = (await day.db.rawLines.get([day.device.deviceId, 5]))!;
    await day.db.rawLines.put({ ...l5, text: `${l5.text} ` });
    const a = await push(world, token, await fullPage());
    expect(a.lines.rejected).toMatchObject({ seq: 5, reason: 'chain-broken' });
    expect(a.lines.accepted).toBeNull(); // lines 1–4 are covered by no checkpoint the server could check
    expect(count(world, 'sync_lines')).toBe(0);
    expect(a.results.filter((r) => r.kind === 'checkpoint').every((r) => r.status === 'rejected')).toBe(true);
  });

  it('a wrong signature: bad-signature for that record; later ones wait (record-out-of-order)', async () => {
    const page = await fullPage();
    const w1 = page.items.find((i) => i.id === day.passed.id)!;
    const body = w1.body as { signature: string };
    const flipped = body.signature[5] === 'A' ? 'B' : 'A';
    body.signature = body.signature.slice(0, 5) + flipped + body.signature.slice(6);
    const a = await push(world, token, page);
    expect(resultOf(a.results, day.passed.id)).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
    expect(resultOf(a.results, day.failed.id)).toMatchObject({ status: 'rejected', reason: 'record-out-of-order', retry: true });
    await convergesHonestly();
  });

  it('a field injected into a signed record is refused (bad-signature), not dropped', async () => {
    const page = await fullPage();
    (page.items.find((i) => i.id === day.passed.id)!.body as Record<string, unknown>)['note'] = 'added later';
    const a = await push(world, token, page);
    expect(resultOf(a.results, day.passed.id)).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
  });

  it("another enterprise's device: refused for a push naming another device, and for items of another device", async () => {
    seedEnterprise(world, 'ENT-2');
    const other = await honestDay();
    try {
      const otherToken = await enrol(world, other.db, 'ENT-2');
      const page = await fullPage();
      // the other enterprise's token, this PC's push
      expect(await postRaw(world, otherToken, JSON.stringify(page))).toMatchObject({ status: 403, body: { reason: 'unknown-device' } });
      // its own push, carrying this PC's records and lines
      const own = await fullPage(other);
      const a = await push(world, otherToken, { ...own, lines: [], items: page.items.filter((i) => i.kind === 'record') });
      expect(a.results.every((r) => r.status === 'rejected' && r.reason === 'unknown-device')).toBe(true);
      const b = await push(world, otherToken, { ...own, lines: page.lines.slice(0, 3), items: [] });
      expect(b.lines.rejected).toMatchObject({ seq: 1, reason: 'unknown-device' });
      // its pull shows its own enterprise only
      const p = await pull(world, otherToken);
      expect(p.body['enterprise']).toMatchObject({ id: 'ENT-2' });
      expect((p.body['devices'] as Array<{ deviceId: string }>).map((d) => d.deviceId)).toEqual([other.device.deviceId]);
      expect(count(world, 'sync_lines')).toBe(0);
    } finally {
      await other.db.delete();
    }
  });

  it('a replayed device token after revocation: 403 device-revoked, nothing taken', async () => {
    revokeDevice(world.server.deps, day.device.deviceId, 'PC stolen');
    expect(await postRaw(world, token, JSON.stringify(await fullPage()))).toMatchObject({ status: 403, body: { reason: 'device-revoked' } });
    expect((await pull(world, token)).status).toBe(403);
    expect(count(world, 'sync_lines') + count(world, 'sync_records')).toBe(0);
  });

  it('a key substituted under the same device id: wrong-key (its own kid) or bad-signature (the enrolled kid)', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const otherKid = await jwkThumbprint(await crypto.subtle.exportKey('jwk', pair.publicKey));
    await resignEverything(day.db, day.device.deviceId, pair.privateKey, otherKid);
    const a = await push(world, token, await fullPage());
    const signed = a.results.filter((r) => r.kind === 'checkpoint' || r.kind === 'record');
    expect(signed.every((r) => r.status === 'rejected' && r.reason === 'wrong-key')).toBe(true);
    await resignEverything(day.db, day.device.deviceId, pair.privateKey, await kid());
    const b = await push(world, token, await fullPage());
    expect(b.results.filter((r) => r.kind === 'checkpoint' || r.kind === 'record').every((r) => r.status === 'rejected' && r.reason === 'bad-signature')).toBe(true);
    expect(count(world, 'sync_records') + count(world, 'sync_checkpoints')).toBe(0);
  });

  it('a truncated and re-signed tail: content-conflict and alarms; what the server holds stays', async () => {
    await syncAll(world, token, day.db);
    const held = count(world, 'sync_lines');
    const all = await lines(day.db, day.device.deviceId);
    // the tail rewritten and everything re-signed with the page's own key: locally undetectable (test/tamper/key.test.ts)
    await rewriteFrom(day.db, day.device.deviceId, all.length - 10, (l) => l.text.replace(/lph=\d+/, 'lph=2399'));
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, await kid());
    const a = await push(world, token, await fullPage());
    expect(a.lines.rejected).toMatchObject({ seq: all.length - 10, reason: 'content-conflict' });
    const refused = rejections(a.results).map(([, reason]) => reason);
    expect(refused).toContain('content-conflict');
    const kinds = (world.server.db.prepare('SELECT DISTINCT kind FROM sync_alarms ORDER BY kind').all() as Array<{ kind: string }>).map((r) => r.kind);
    expect(kinds).toEqual(expect.arrayContaining(['line-content-conflict', 'checkpoint-conflict', 'record-content-conflict']));
    expect(count(world, 'sync_lines')).toBe(held);
    expect(count(world, 'public_meters')).toBe(2);
  });

  it('a verification without a raw-line range, or with another device\'s range: raw-lines-foreign', async () => {
    const w1 = (await day.db.verifications.get(day.passed.id))!;
    await day.db.verifications.put({ ...w1, rawLines: [] });
    const w2 = (await day.db.verifications.get(day.failed.id))!;
    await day.db.verifications.put({ ...w2, rawLines: w2.rawLines.map((r) => ({ ...r, deviceId: '00000000-0000-4000-8000-000000000000' })) });
    await resignEverything(day.db, day.device.deviceId, day.device.privateKey, await kid());
    const a = await push(world, token, await fullPage());
    expect(resultOf(a.results, day.passed.id)).toMatchObject({ status: 'rejected', reason: 'raw-lines-foreign' });
    expect(resultOf(a.results, day.failed.id)).toMatchObject({ status: 'rejected', reason: 'raw-lines-foreign' });
    expect(count(world, 'public_meters')).toBe(0);
  });

  it("a certificate the server's own data does not allow (the enterprise's pilot stopped): not-authorised, its meters still taken", async () => {
    world.server.db.prepare("UPDATE enterprises SET standing = '\"pilot-stopped\"'").run();
    const a = await push(world, token, await fullPage());
    expect(rejections(a.results)).toEqual([[day.certificate.id, 'not-authorised']]);
    expect(count(world, 'public_meters')).toBe(2);
  });

  it('a certificate of a model the penalty ladder blocks (the 1st non-conforming sampling, docs/penalties.md): not-authorised, its meters still taken', async () => {
    const sampling = { type: 'non-conforming-sampling' as const, date: '2026-11-27', reason: '抽检不合格', decidedBy: '泰安市市场监督管理局', reference: '泰市监量〔2026〕12号', samplingId: 'S-1' };
    recordPenaltyEvent(world.server.deps, 'ENT-1', { ...sampling, model: 'LXS-15E' }, 'regulator');
    const a = await push(world, token, await fullPage());
    expect(rejections(a.results)).toEqual([[day.certificate.id, 'not-authorised']]);
    expect(count(world, 'public_meters')).toBe(2);
  });

  it('lines and records no checkpoint covers: unsigned, retried with the checkpoint', async () => {
    const page = await fullPage();
    const a = await push(world, token, { ...page, items: page.items.filter((i) => i.kind !== 'checkpoint') });
    expect(a.lines).toMatchObject({ accepted: null, rejected: { seq: 1, reason: 'unsigned' } });
    expect(resultOf(a.results, day.passed.id)).toMatchObject({ status: 'rejected', reason: 'unsigned', retry: true });
    await convergesHonestly();
  });

  it('device times after the receipt time: time-invalid, taken once the server\'s clock has passed them', async () => {
    world.clock.now = new Date('2026-11-27T02:10:00Z'); // before the PC's records of 02:20–02:40
    const a = await push(world, token, await fullPage());
    expect(rejections(a.results).map(([, r]) => r)).toContain('time-invalid');
    world.clock.now = new Date('2026-11-27T03:00:00Z');
    await convergesHonestly();
  });

  it('the server killed mid-sync and restarted on the same file: client and server converge', async () => {
    const device = day.device.deviceId;
    const first = (await nextPushPage(day.db, device, emptyHeads(), { maxLines: 600 }))!;
    await push(world, token, first);
    // closed between pages, restarted on the same SQLite file
    await world.restart();
    // a push in flight while the server closes: whatever it answered, the client resumes from the pulled heads
    const second = (await nextPushPage(day.db, device, (await pull(world, token)).body['heads'] as never, { maxLines: 600 }))!;
    const inFlight = postRaw(world, token, JSON.stringify(second)).catch(() => null);
    await world.restart();
    await inFlight;
    const heads = (await pull(world, token)).body['heads'] as never;
    await syncAll(world, token, day.db, {}, heads);
    await convergesHonestly();
    expect(count(world, 'nqi_outbox')).toBe(2);
  });
});
