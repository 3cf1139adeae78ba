/**
 * Recalls (docs/recalls.md) against the real server on a real SQLite file, its clock moved by
 * the test: each scope kind selects exactly the right meters (a bench's window with its edge
 * days, a batch, a model; superseded and failed records out; another enterprise's meters
 * never), the Tai'an issue date, marking with its history and its refusals, who may do what;
 * and a recall that reaches the public lookup and the NQI simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Prng } from '../../../web/src/bench/sim/prng.ts';
import type { Db } from '../db/open.ts';
import { first, qb, run } from '../db/sql.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { identityPart } from '../identity/part.ts';
import { createUser, insertEnterprise } from '../identity/store.ts';
import { Browser, startTestServer, type TestServer } from '../identity/testServer.ts';
import { lookupPart } from '../lookup/lookupPart.ts';
import { createNqiAdapter } from '../nqi/adapter.ts';
import { nqiPart } from '../nqi/part.ts';
import { reconcile } from '../nqi/reconcile.ts';
import type { NqiSimulator } from '../nqi/simulator.ts';
import { ingest, meterRow, outboxOf, waitFor } from '../nqi/testSupport.ts';
import type { RecallDetail, RecallMeterView, RecallPreview, RecallSummary } from './recallApi.ts';
import { supervisionPart } from './part.ts';

const VERIFICATION = 'erjian.verification/2';

/** A session's signed start as the ingest keeps it (sync/sessions.ts). */
function session(db: Db, s: { enterpriseId: string; deviceId: string; sessionId: string; benchId: string }): void {
  run(
    db,
    qb.insertInto('sync_sessions').values({
      device_id: s.deviceId,
      session_id: s.sessionId,
      enterprise_id: s.enterpriseId,
      bench_id: s.benchId,
      bench: JSON.stringify({ id: s.benchId }),
      u_rel_pct: null,
      operator: 'op',
      started_at: '2026-11-19T00:00:00.000Z',
      state: 'ended',
      ended_at: null,
      head_seq: null,
      id_line_bench: s.benchId,
    }),
  );
}

let recordSeq = 0;
/** A verification as the ingest keeps it: its public row and its signed record naming the session. */
function verified(db: Db, sessionId: string, values: Partial<PublicMeterRow> & Pick<PublicMeterRow, 'serial' | 'enterprise_id' | 'device_id'>): PublicMeterRow {
  const row = meterRow({ verification_id: `v-${values.serial}-${values.verification_date ?? ''}-${recordSeq}`, ...values });
  recordSeq += 1;
  run(db, qb.insertInto('public_meters').values(row));
  run(
    db,
    qb.insertInto('sync_records').values({
      device_id: row.device_id,
      record_seq: recordSeq,
      type: VERIFICATION,
      record_id: row.verification_id,
      hash: `h${recordSeq}`,
      prev_hash: `h${recordSeq - 1}`,
      device_time: row.created_at,
      body: JSON.stringify({ type: VERIFICATION, id: row.verification_id, sessionId, serial: row.serial }),
      status: 'accepted',
      reason: null,
      message: null,
      push_id: 'p',
      stored_at: row.received_at,
    }),
  );
  return row;
}

describe('recall scope, marking and access', () => {
  let server: TestServer;
  const people: Record<'entA' | 'entB' | 'verifierA' | 'operatorA' | 'regulator', Browser> = {} as never;

  beforeAll(async () => {
    // 23:00 on 30 November in Tai'an; sessions last 12 hours, so the test moves the clock less
    server = await startTestServer({ start: '2026-11-30T15:00:00.000Z', parts: [identityPart, supervisionPart] });
    const { deps, db } = server.running;
    insertEnterprise(deps, { id: 'ent-a', name: '甲水表有限公司' });
    insertEnterprise(deps, { id: 'ent-b', name: '乙水表有限公司' });
    const users: [keyof typeof people, string, Parameters<typeof createUser>[1]['roles'], string | null][] = [
      ['entA', 'ent-a-admin', ['enterprise-admin'], 'ent-a'],
      ['entB', 'ent-b-admin', ['enterprise-admin'], 'ent-b'],
      ['verifierA', 'ent-a-verifier', ['verifier'], 'ent-a'],
      ['operatorA', 'ent-a-operator', ['operator'], 'ent-a'],
      ['regulator', 'regulator', ['regulator'], null],
    ];
    for (const [k, username, roles, enterpriseId] of users) {
      await createUser(deps, { username, displayName: `${username} 显示名`, password: `${username}-password`, roles, enterpriseId });
      people[k] = new Browser(server.url);
      expect((await people[k].login(username, `${username}-password`)).status).toBe(200);
    }

    session(db, { enterpriseId: 'ent-a', deviceId: 'dev-a1', sessionId: 's1', benchId: 'BENCH-1' });
    session(db, { enterpriseId: 'ent-a', deviceId: 'dev-a1', sessionId: 's2', benchId: 'BENCH-2' });
    session(db, { enterpriseId: 'ent-a', deviceId: 'dev-a2', sessionId: 's3', benchId: 'BENCH-1' });
    session(db, { enterpriseId: 'ent-b', deviceId: 'dev-b1', sessionId: 's4', benchId: 'BENCH-1' });
    const a = (serial: string, deviceId: string, sessionId: string, verification_date: string, more: Partial<PublicMeterRow> = {}) =>
      verified(db, sessionId, { serial, enterprise_id: 'ent-a', device_id: deviceId, verification_date, batch_id: 'B1', model: 'M1', created_at: `${verification_date}T03:00:00.000Z`, ...more });
    a('A01', 'dev-a1', 's1', '2026-11-19'); // the day before the window
    a('A02', 'dev-a1', 's1', '2026-11-20'); // the window's first day
    a('A03', 'dev-a2', 's3', '2026-11-25', { batch_id: 'B2', model: 'M2' }); // bench 1 on another PC
    a('A04', 'dev-a1', 's1', '2026-11-26', { conclusion: '不合格', valid_until: null }); // failed: never shipped as passed
    const old = a('A05', 'dev-a1', 's1', '2026-11-26'); // re-verified on bench 2 later: its current record is not bench 1's
    const again = a('A05', 'dev-a1', 's2', '2026-11-28');
    run(db, qb.updateTable('public_meters').set({ superseded_by: again.verification_id }).where('verification_id', '=', old.verification_id));
    a('A06', 'dev-a1', 's2', '2026-11-22', { batch_id: 'B3' }); // bench 2
    a('A07', 'dev-a1', 's1', '2026-11-26', { model: 'M3', batch_id: 'B3' }); // the window's last day
    a('A08', 'dev-a1', 's1', '2026-11-27'); // the day after
    // another enterprise: the same bench id, batch id and model, inside the window
    verified(db, 's4', { serial: 'X01', enterprise_id: 'ent-b', device_id: 'dev-b1', verification_date: '2026-11-22', batch_id: 'B1', model: 'M1' });
    verified(db, 's4', { serial: 'A02', enterprise_id: 'ent-b', device_id: 'dev-b1', verification_date: '2026-11-22', batch_id: 'B9', model: 'M9' });
  });
  afterAll(async () => {
    await server.stop();
  });

  const preview = async (who: Browser, enterpriseId: string, scope: unknown) => who.post<RecallPreview & { reason?: string }>(`/api/enterprises/${enterpriseId}/recalls/preview`, { scope });
  const serials = (p: RecallPreview) => p.meters.map((m) => m.serial);

  it('selects by bench and window: the edge days in, failed and superseded records and other enterprises out', async () => {
    const p = await preview(people.entA, 'ent-a', { kind: 'bench', benchId: 'BENCH-1', from: '2026-11-20', to: '2026-11-26' });
    expect(p.status).toBe(200);
    expect(serials(p.body)).toEqual(['A02', 'A03', 'A07']);
    expect(p.body.count).toBe(3);
    expect(p.body.meters[1]).toEqual({ serial: 'A03', verificationId: expect.stringMatching(/^v-A03-/), batchId: 'B2', model: 'M2', verificationDate: '2026-11-25' });
    // one day: only that day's meters
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'bench', benchId: 'BENCH-1', from: '2026-11-19', to: '2026-11-19' })).body)).toEqual(['A01']);
    // bench 2 holds the re-verification of A05, and A06
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'bench', benchId: 'BENCH-2', from: '2026-11-01', to: '2026-11-30' })).body)).toEqual(['A05', 'A06']);
    expect((await preview(people.entA, 'ent-a', { kind: 'bench', benchId: 'BENCH-9', from: '2026-11-01', to: '2026-11-30' })).body.count).toBe(0);
    expect((await preview(people.regulator, 'ent-nope', { kind: 'model', model: 'M1' })).body.reason).toBe('not-found');
    expect((await preview(people.entA, 'ent-a', { kind: 'model' })).body.reason).toBe('schema-invalid');
    const backwards = await preview(people.entA, 'ent-a', { kind: 'bench', benchId: 'BENCH-1', from: '2026-11-26', to: '2026-11-20' });
    expect([backwards.status, backwards.body.reason]).toEqual([400, 'scope-invalid']);
    // the regulator names the other enterprise: its bench 1 only
    expect(serials((await preview(people.regulator, 'ent-b', { kind: 'bench', benchId: 'BENCH-1', from: '2026-11-20', to: '2026-11-26' })).body)).toEqual(['A02', 'X01']);
  });

  it('selects by batch and by model within the enterprise', async () => {
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'batch', batchId: 'B1' })).body)).toEqual(['A01', 'A02', 'A05', 'A08']);
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'batch', batchId: 'B3' })).body)).toEqual(['A06', 'A07']);
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'model', model: 'M1' })).body)).toEqual(['A01', 'A02', 'A05', 'A06', 'A08']);
    expect(serials((await preview(people.entA, 'ent-a', { kind: 'model', model: 'M9' })).body)).toEqual([]);
    expect(serials((await preview(people.regulator, 'ent-b', { kind: 'model', model: 'M9' })).body)).toEqual(['A02']);
    const a05 = (await preview(people.entA, 'ent-a', { kind: 'batch', batchId: 'B1' })).body.meters.find((m) => m.serial === 'A05');
    expect(a05?.verificationDate).toBe('2026-11-28'); // the current record, not the superseded one
    const choices = await people.entA.get<{ benches: { id: string }[]; batches: { id: string; meters: number }[]; models: { model: string; meters: number }[] }>('/api/enterprises/ent-a/recall-scopes');
    expect(choices.body.benches.map((b) => b.id)).toEqual(['BENCH-1', 'BENCH-2']);
    expect(choices.body.batches).toEqual([
      { id: 'B1', model: 'M1', meters: 4 },
      { id: 'B2', model: 'M2', meters: 1 },
      { id: 'B3', model: 'M3', meters: 2 },
    ]);
    expect(choices.body.models).toEqual([
      { model: 'M1', meters: 5 },
      { model: 'M2', meters: 1 },
      { model: 'M3', meters: 1 },
    ]);
  });

  it('defines a recall in one go, dated in Tai\'an, and lets the enterprise mark each meter forward only, keeping the history', async () => {
    const { db } = server.running;
    // 01:30 on 1 December in Tai'an, still 30 November in UTC
    server.now.value = new Date('2026-11-30T17:30:00.000Z');
    const body = { scope: { kind: 'bench', benchId: 'BENCH-1', from: '2026-11-20', to: '2026-11-26' }, reason: '一号检定台流量计期间核查超差', action: '请联系厂家免费更换水表' };
    expect((await people.operatorA.post('/api/enterprises/ent-a/recalls', body)).status).toBe(403);
    expect((await people.entB.post('/api/enterprises/ent-a/recalls', body)).body).toMatchObject({ reason: 'forbidden' });
    expect((await people.entA.post('/api/enterprises/ent-a/recalls', body, { csrf: false })).body).toMatchObject({ reason: 'csrf' });
    const empty = await people.entA.post<{ reason: string }>('/api/enterprises/ent-a/recalls', { ...body, scope: { kind: 'batch', batchId: 'NOPE' } });
    expect([empty.status, empty.body.reason]).toEqual([409, 'recall-empty']);
    expect(first(db, qb.selectFrom('recalls').select('id'))).toBeUndefined();

    const made = await people.entA.post<RecallDetail>('/api/enterprises/ent-a/recalls', body);
    expect(made.status).toBe(201);
    const recall = made.body;
    expect(recall).toMatchObject({
      id: 'RC-20261201-01',
      enterpriseId: 'ent-a',
      enterpriseName: '甲水表有限公司',
      issuedOn: '2026-12-01',
      reason: body.reason,
      action: body.action,
      scope: body.scope,
      createdAt: '2026-11-30T17:30:00.000Z',
      createdBy: { name: 'ent-a-admin 显示名' },
      progress: { affected: 3, recalled: 0, replaced: 0, total: 3 },
    });
    expect(recall.meters.map((m) => [m.serial, m.status, m.history.length])).toEqual([
      ['A02', 'affected', 1],
      ['A03', 'affected', 1],
      ['A07', 'affected', 1],
    ]);
    // an NQI update queued for each affected verification, in the same transaction
    const queued = db.prepare(`SELECT verification_id FROM nqi_outbox WHERE reason = 'recall' ORDER BY verification_id`).all() as { verification_id: string }[];
    expect(queued.map((q) => q.verification_id.slice(0, 5))).toEqual(['v-A02', 'v-A03', 'v-A07']);

    // marking: forward only, a note kept, every step a history row
    server.now.value = new Date('2026-11-30T19:00:00.000Z');
    const mark = (who: Browser, serial: string, status: string, note = '') => who.post<RecallMeterView & { reason: string }>(`/api/recalls/${recall.id}/meters/${serial}`, { status, note });
    const recalled = await mark(people.entA, 'A02', 'recalled', '用户已送回');
    expect(recalled.status).toBe(200);
    expect(recalled.body.status).toBe('recalled');
    server.now.value = new Date('2026-11-30T21:00:00.000Z');
    expect((await mark(people.entA, 'A02', 'replaced', '已换新表 A02-N')).body.status).toBe('replaced');
    for (const [status, reason] of [
      ['recalled', 'recall-status-backwards'],
      ['affected', 'recall-status-backwards'],
      ['replaced', 'recall-status-unchanged'],
    ] as const) {
      const refused = await mark(people.entA, 'A02', status);
      expect([refused.status, refused.body.reason]).toEqual([409, reason]);
    }
    expect((await mark(people.entA, 'A07', 'replaced', '直接更换')).body.status).toBe('replaced');
    expect((await mark(people.entA, 'A99', 'replaced')).body.reason).toBe('recall-meter-not-found');
    expect((await mark(people.entA, 'X01', 'replaced')).body.reason).toBe('recall-meter-not-found');
    expect((await people.entA.post<{ reason: string }>('/api/recalls/RC-NONE/meters/A02', { status: 'replaced' })).body.reason).toBe('recall-not-found');
    expect((await mark(people.regulator, 'A03', 'recalled')).status).toBe(403);
    expect((await mark(people.entB, 'A03', 'recalled')).body.reason).toBe('forbidden');
    expect((await mark(people.verifierA, 'A03', 'recalled')).status).toBe(403);

    const detail = await people.verifierA.get<RecallDetail>(`/api/recalls/${recall.id}`);
    expect(detail.body.progress).toEqual({ affected: 1, recalled: 0, replaced: 2, total: 3 });
    expect(detail.body.meters.find((m) => m.serial === 'A02')?.history).toEqual([
      { status: 'affected', note: '', by: { id: expect.any(String), name: 'ent-a-admin 显示名' }, at: '2026-11-30T17:30:00.000Z' },
      { status: 'recalled', note: '用户已送回', by: { id: expect.any(String), name: 'ent-a-admin 显示名' }, at: '2026-11-30T19:00:00.000Z' },
      { status: 'replaced', note: '已换新表 A02-N', by: { id: expect.any(String), name: 'ent-a-admin 显示名' }, at: '2026-11-30T21:00:00.000Z' },
    ]);
    expect(detail.body.page).toEqual({ offset: 0, limit: 100, matching: 3 });
    // a page, a status, a part of the serial
    const page = (query: string) => people.entA.get<RecallDetail>(`/api/recalls/${recall.id}?${query}`).then((a) => [a.body.meters.map((m) => m.serial), a.body.page.matching]);
    expect(await page('status=replaced')).toEqual([['A02', 'A07'], 2]);
    expect(await page('status=affected')).toEqual([['A03'], 1]);
    expect(await page('serial=07')).toEqual([['A07'], 1]);
    expect(await page('offset=1&limit=1')).toEqual([['A03'], 3]);
    expect(await page('serial=%25')).toEqual([[], 0]); // a LIKE wildcard is an ordinary character
    // nothing was deleted: 3 listings + 3 marks
    expect((db.prepare('SELECT COUNT(*) AS n FROM recall_meter_events').get() as { n: number }).n).toBe(6);
    expect((await people.entB.get<{ reason: string }>(`/api/recalls/${recall.id}`)).body.reason).toBe('forbidden');

    // the regulator orders one for the other enterprise; the lists follow who asks
    const ordered = await people.regulator.post<RecallDetail>('/api/enterprises/ent-b/recalls', { scope: { kind: 'batch', batchId: 'B1' }, reason: '监督抽查不合格', action: '请停止使用并联系厂家' });
    expect(ordered.status).toBe(201);
    expect(ordered.body).toMatchObject({ id: 'RC-20261201-02', enterpriseId: 'ent-b', progress: { total: 1 } });
    expect(ordered.body.meters.map((m) => m.serial)).toEqual(['X01']);
    const all = await people.regulator.get<{ recalls: RecallSummary[] }>('/api/recalls');
    expect(all.body.recalls.map((r) => r.id)).toEqual(['RC-20261201-02', 'RC-20261201-01']);
    expect((await people.regulator.get<{ recalls: RecallSummary[] }>('/api/recalls?enterpriseId=ent-b')).body.recalls.map((r) => r.id)).toEqual(['RC-20261201-02']);
    expect((await people.verifierA.get<{ recalls: RecallSummary[] }>('/api/recalls')).body.recalls.map((r) => r.id)).toEqual(['RC-20261201-01']);
    expect((await people.entB.get<{ recalls: RecallSummary[] }>('/api/recalls')).body.recalls.map((r) => r.id)).toEqual(['RC-20261201-02']);
    expect((await people.entB.get<{ reason: string }>('/api/recalls?enterpriseId=ent-a')).body.reason).toBe('forbidden');
    expect((await people.operatorA.get('/api/recalls')).status).toBe(403);
  });
});

describe('a recall reaches the public lookup and the NQI platform', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it('shows the notice on the lookup and sends the updated record with recall_notice to the platform', async () => {
    let sim: NqiSimulator | null = null;
    const prng = new Prng(5);
    server = await startTestServer({
      start: '2026-11-30T02:00:00.000Z',
      parts: [identityPart, nqiPart({ random: () => prng.next(), forwarder: { pollMs: 5, baseMs: 1_000, capMs: 60_000, maxAttempts: 5 }, onSimulator: (s) => (sim = s) }), lookupPart, supervisionPart],
    });
    if (!sim) throw new Error('the embedded simulator did not start');
    const platform = sim as NqiSimulator;
    const { db, deps } = server.running;
    insertEnterprise(deps, { id: 'ent-1', name: '泰安示例水表有限公司' });
    await createUser(deps, { username: 'ent-admin', displayName: '企业管理员', password: 'ent-admin-password', roles: ['enterprise-admin'], enterpriseId: 'ent-1' });
    const admin = new Browser(server.url);
    expect((await admin.login('ent-admin', 'ent-admin-password')).status).toBe(200);

    const now = server.now.value;
    const recalledMeter = ingest(db, meterRow({ serial: 'RCL0001', batch_id: 'B-RCL' }), now);
    const other = ingest(db, meterRow({ serial: 'RCL0002', batch_id: 'B-OK' }), now);
    await waitFor('both meters published', 5_000, () => outboxOf(db, recalledMeter.verification_id).state === 'sent' && outboxOf(db, other.verification_id).state === 'sent');
    const platformId = outboxOf(db, recalledMeter.verification_id).platform_id ?? '';
    const adapter = createNqiAdapter({ baseUrl: platform.url, timeoutMs: 2_000 });
    const before = await adapter.get(platformId);
    expect(before.ok && before.value?.record.recall_notice).toBe(null);

    const made = await admin.post<RecallDetail>('/api/enterprises/ent-1/recalls', { scope: { kind: 'batch', batchId: 'B-RCL' }, reason: '检定台流量计超差', action: '请联系厂家更换' });
    expect(made.status).toBe(201);
    const notice = { id: made.body.id, issued_on: '2026-11-30', reason: '检定台流量计超差', action: '请联系厂家更换' };

    // the public lookup shows it at once
    const looked = await fetch(`${server.url}/api/public/meters/RCL0001`);
    expect(looked.status).toBe(200);
    expect(((await looked.json()) as { recall: unknown }).recall).toEqual({ id: notice.id, issuedOn: notice.issued_on, reason: notice.reason, action: notice.action });
    expect(((await (await fetch(`${server.url}/api/public/meters/RCL0002`)).json()) as { recall: unknown }).recall).toBe(null);

    // the forwarder sends the meter's record again, now carrying the notice
    const recallRow = () => first(db, qb.selectFrom('nqi_outbox').selectAll().where('verification_id', '=', recalledMeter.verification_id).where('reason', '=', 'recall'));
    await waitFor('the recall update sent', 5_000, () => recallRow()?.state === 'sent');
    expect(recallRow()).toMatchObject({ op: 'update', platform_id: platformId });
    const after = await adapter.get(platformId);
    expect(after.ok && after.value).toMatchObject({ revision: 2, status: 'active', record: { source_id: recalledMeter.verification_id, recall_notice: notice } });
    expect(platform.requests.filter((r) => r.method !== 'GET' && r.key === recallRow()?.idempotency_key)).toMatchObject([{ status: 200, replayed: false }]);
    const untouched = await adapter.get(outboxOf(db, other.verification_id).platform_id ?? '');
    expect(untouched.ok && untouched.value).toMatchObject({ revision: 1, record: { recall_notice: null } });

    // reconciliation compares recall_notice too: everything agrees
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, server.now.value);
    expect(report.totals).toMatchObject({ expected: 2, matched: 2, mismatched: 0, missing: 0, extra: 0 });

    // the recalled meter re-verified later: its new record still carries the notice, as the lookup still shows it
    const again = ingest(db, meterRow({ serial: 'RCL0001', batch_id: 'B-RCL2', verification_date: '2026-11-30', created_at: '2026-11-30T01:30:00.000Z' }), server.now.value, recalledMeter.verification_id);
    await waitFor('the re-verification sent', 5_000, () => outboxOf(db, again.verification_id).state === 'sent');
    const reverified = await adapter.get(platformId);
    expect(reverified.ok && reverified.value).toMatchObject({ revision: 3, record: { source_id: again.verification_id, recall_notice: notice } });
  });
});
