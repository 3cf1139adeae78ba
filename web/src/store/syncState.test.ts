import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullResponseSchema, type Heads, type PullResponse, type PushResponse, type Receipt } from '../sync/protocol.ts';
import { ErjianDb } from './db.ts';
import { applyPull, auditAfterOf, cachedEnterpriseOf, itemStatuses, readSyncState, recordPushAnswer, saveEnrolment, standingOf } from './syncState.ts';

let db: ErjianDb;
let n = 0;
beforeEach(() => {
  db = new ErjianDb(`sync-state-${++n}-${Math.random()}`, { indexedDB, IDBKeyRange });
});
afterEach(async () => {
  await db.delete();
});

const deviceId = '4c033000-851b-4295-b9a7-b0a2715521b0';
const zero = '0'.repeat(64);
const heads = (records: number, hash = zero): Heads => ({ lines: { seq: 0, hash: zero }, checkpoint: { seq: 0, hash: zero }, records: { seq: records, hash } });
const now = () => new Date('2026-11-27T03:00:00.000Z');
const receipt = (pushId: string, h: Heads): Receipt => ({ type: 'erjian.receipt/1', alg: 'ES256', kid: 'k', deviceId, pushId, receivedAt: '2026-11-27T03:00:00.000Z', heads: h, accepted: 0, signature: 's' });
const answer = (pushId: string, results: PushResponse['results'], h = heads(0)) => ({ results, heads: h, lines: { accepted: null, rejected: null }, receipt: receipt(pushId, h) });

describe('sync state', () => {
  it('keeps a synced item synced, and leaves an item the server asks to retry local', async () => {
    await recordPushAnswer(db, answer('00000000-0000-4000-8000-000000000001', [{ kind: 'record', id: 'v1', status: 'accepted' }]), now);
    await recordPushAnswer(
      db,
      answer('00000000-0000-4000-8000-000000000002', [
        { kind: 'record', id: 'v1', status: 'rejected', reason: 'content-conflict', message: 'x', retry: false },
        { kind: 'record', id: 'v2', status: 'rejected', reason: 'record-out-of-order', message: 'wait', retry: true },
        { kind: 'record', id: 'v3', status: 'rejected', reason: 'verdict-differs', message: 'no', retry: false },
      ]),
      now,
    );
    const s = await itemStatuses(db, [{ kind: 'record', id: 'v1' }, { kind: 'record', id: 'v2' }, { kind: 'record', id: 'v3' }]);
    expect(s.get('record:v1')?.status).toBe('synced');
    expect(s.has('record:v2')).toBe(false);
    expect(s.get('record:v3')).toMatchObject({ status: 'rejected', reason: 'verdict-differs' });
    expect(await db.receipts.count()).toBe(2);
  });

  it('moves the audit mark past answered entries and stops before one to retry', () => {
    const a = (id: number, retry: boolean | null) =>
      retry === null ? { kind: 'audit' as const, id: String(id), status: 'accepted' as const } : { kind: 'audit' as const, id: String(id), status: 'rejected' as const, reason: 'too-large' as const, message: '', retry };
    expect(auditAfterOf(3, [a(4, null), a(5, false), a(6, null)])).toBe(6);
    expect(auditAfterOf(3, [a(6, null), a(4, null), a(5, true)])).toBe(4);
    expect(auditAfterOf(3, [])).toBe(3);
  });

  it('reads an unknown enterprise standing as revoked: the PC never issues on a guess', () => {
    expect(standingOf('normal')).toBe('normal');
    expect(standingOf('something-new')).toBe('revoked');
  });

  it('caches the ladder\'s body whole, reads an older server\'s plain string, and anything else as revoked', async () => {
    const body = {
      standing: 'batch-returned' as const,
      nonConformingSamplings: 1,
      salesStopped: false,
      blockedModels: [{ model: 'LXS-15E', since: '2026-12-03', reference: '泰市监量〔2026〕12号', samplingId: 'S-12' }],
      lastDecision: { type: 'non-conforming-sampling' as const, date: '2026-12-03', reference: '泰市监量〔2026〕12号' },
    };
    expect(standingOf(body)).toBe('batch-returned');
    const at = '2026-12-04T00:00:00.000Z';
    expect(cachedEnterpriseOf({ id: 'E', name: '企业', standing: body }, at)).toEqual({ id: 'E', name: '企业', ...body, fetchedAt: at });
    expect(cachedEnterpriseOf({ id: 'E', name: '企业', standing: 'rectifying' }, at)).toMatchObject({ standing: 'rectifying', salesStopped: true, blockedModels: [], lastDecision: null });
    // the pull schema turns what it cannot read into 'unreadable', which reads as revoked
    const parsed = pullResponseSchema.shape.enterprise.parse({ id: 'E', name: '企业', standing: { standing: 'normal', extra: 1 } });
    expect(parsed.standing).toBe('unreadable');
    expect(cachedEnterpriseOf(parsed, at)).toMatchObject({ standing: 'revoked', salesStopped: true });
    expect(standingOf({ ...body, standing: 'on-probation' })).toBe('revoked');
  });

  it("marks what the server's head covers as synced, but never turns a refusal into synced", async () => {
    await saveEnrolment(db, { serverUrl: 'http://s', deviceId, enterpriseId: 'E', token: 't'.repeat(40), serverKey: { kid: 'k', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'b'.repeat(43) } }, enrolledAt: '2026-11-27T00:00:00.000Z' }, 'admin', now);
    for (const seq of [1, 2, 3]) await db.recordChain.add({ deviceId, recordSeq: seq, type: 'erjian.verification/2', recordId: `v${seq}`, hash: zero });
    await recordPushAnswer(db, answer('00000000-0000-4000-8000-000000000003', [{ kind: 'record', id: 'v2', status: 'rejected', reason: 'verdict-differs', message: '', retry: false }]), now);
    const pull: PullResponse = {
      protocol: 1,
      cursor: 'c',
      serverTime: '2026-11-27T03:00:00.000Z',
      enterprise: { id: 'E', name: '企业', standing: 'normal' },
      authorisations: [],
      meterTypes: [],
      benches: [],
      profile: { id: 'p', version: '1' },
      devices: [],
      publicBaseUrl: 'https://lookup.example.cn',
      institution: { name: '所' },
      conflicts: [],
      rejections: [],
      heads: heads(3),
    };
    await applyPull(db, pull, now);
    const s = await itemStatuses(db, [1, 2, 3].map((i) => ({ kind: 'record' as const, id: `v${i}` })));
    expect([...[1, 2, 3].map((i) => s.get(`record:v${i}`)?.status)]).toEqual(['synced', 'rejected', 'synced']);
    expect((await readSyncState(db)).heads?.records.seq).toBe(3);

    // The answer to v4 was lost with the connection; the server holds it refused and its head passed it.
    await db.recordChain.add({ deviceId, recordSeq: 4, type: 'erjian.verification/2', recordId: 'v4', hash: zero });
    await applyPull(db, { ...pull, heads: heads(4), rejections: [{ kind: 'record', id: 'v4', reason: 'verdict-differs', message: 'Q1 differs', retry: false, at: '2026-11-27T02:59:00.000Z' }] }, now);
    const after = await itemStatuses(db, [{ kind: 'record', id: 'v4' }]);
    expect(after.get('record:v4')).toMatchObject({ status: 'rejected', reason: 'verdict-differs' });

    // The authorisation is kept with its printed number and expiry: the certificate prints the number, the validity counts the printed date.
    const auth = { id: 'A-1', enterpriseId: 'E', certificateNo: '（鲁）法计〔2026〕二检合一第001号', issuedOn: '2026-01-05', expiresOn: '2029-01-04', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };
    await applyPull(db, { ...pull, heads: heads(4), authorisations: [auth] }, now);
    expect(await db.authorisations.get('A-1')).toMatchObject({ certificateNo: auth.certificateNo, expiresOn: '2029-01-04' });
  });
});
