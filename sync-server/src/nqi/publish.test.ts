/**
 * The publish path (docs/nqi.md): a passed verification stored by the ingest reaches the
 * platform as the documented record, once, with its Idempotency-Key; a failed one is not
 * published; a re-verification updates the meter's platform record and a failing one
 * withdraws it; a slow platform is waited for, a too slow one retried without a duplicate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { reconcile } from './reconcile.ts';
import { ingest, meterRow, outboxOf, startRig, waitFor, type NqiRig } from './testSupport.ts';

let rig: NqiRig | null = null;
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

describe('NQI publication', () => {
  it('publishes a passed meter as the documented record, and not a failed one', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const passed = ingest(db, meterRow(), clock());
    const failed = ingest(db, meterRow({ conclusion: '不合格', valid_until: null }), clock());
    await waitFor('the passed meter sent', 5_000, () => outboxOf(db, passed.verification_id).state === 'sent');
    await waitFor('the failed meter skipped', 5_000, () => outboxOf(db, failed.verification_id).state === 'skipped');

    const sent = outboxOf(db, passed.verification_id);
    expect(sent.op).toBe('create');
    expect(sent.attempts).toBe(1);
    expect(sent.idempotency_key).toMatch(new RegExp(`^${passed.verification_id}\\.[0-9a-f]{32}$`));
    const onPlatform = await adapter.get(sent.platform_id ?? '');
    expect(onPlatform.ok && onPlatform.value?.record).toEqual({
      source_id: passed.verification_id,
      record_hash: passed.record_hash,
      enterprise_id: 'ent-1',
      authorisation_certificate_no: null,
      instrument_name: '冷水水表',
      model: 'LXS-20E',
      serial: passed.serial,
      accuracy_class: '2',
      manufacturer: '泰安示例水表有限公司',
      production_date: '2026-11-01',
      verification_date: '2026-11-29',
      valid_until: '2032-11-28',
      conclusion: '合格',
      institution: '泰安市法定计量检定机构（演示）',
      recall_notice: null,
      supersedes: null,
    });
    const writes = rig.sim.requests.filter((r) => r.method !== 'GET');
    expect(writes).toEqual([{ method: 'POST', path: '/api/v1/meter-records', key: sent.idempotency_key, status: 201, replayed: false }]);

    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 1, on_platform: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 });
  });

  it('names the authorisation certificate in force on the verification date', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const now = clock().toISOString();
    db.prepare(`INSERT INTO enterprises (id, name, standing, created_at, updated_at) VALUES ('ent-1', '示例', '"normal"', ?, ?)`).run(now, now);
    const insert = db.prepare(`INSERT INTO authorisations (id, enterprise_id, certificate_no, body, updated_at) VALUES (?, 'ent-1', ?, ?, ?)`);
    const body = (id: string, no: string, issuedOn: string, revokedOn?: string) =>
      JSON.stringify({ id, enterpriseId: 'ent-1', certificateNo: no, issuedOn, scope: { minDn: 15, maxDn: 25, categories: ['cold'] }, ...(revokedOn ? { revokedOn } : {}) });
    insert.run('a-old', '(鲁)法计(2025)01号', body('a-old', '(鲁)法计(2025)01号', '2025-01-01', '2026-06-01'), now);
    insert.run('a-new', '(鲁)法计(2026)07号', body('a-new', '(鲁)法计(2026)07号', '2026-06-01'), now);
    insert.run('a-future', '(鲁)法计(2027)01号', body('a-future', '(鲁)法计(2027)01号', '2027-01-01'), now);
    const m = ingest(db, meterRow(), clock());
    await waitFor('the meter sent', 5_000, () => outboxOf(db, m.verification_id).state === 'sent');
    const got = await adapter.get(outboxOf(db, m.verification_id).platform_id ?? '');
    expect(got.ok && got.value?.record.authorisation_certificate_no).toBe('(鲁)法计(2026)07号');
  });

  it('updates the platform record of a re-verified meter, and withdraws it when the re-verification fails', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const first = ingest(db, meterRow(), clock());
    await waitFor('the first verification sent', 5_000, () => outboxOf(db, first.verification_id).state === 'sent');
    const platformId = outboxOf(db, first.verification_id).platform_id ?? '';

    const again = ingest(db, meterRow({ serial: first.serial, verification_date: '2026-11-30', valid_until: '2032-11-29' }), clock(), first.verification_id);
    await waitFor('the re-verification sent', 5_000, () => outboxOf(db, again.verification_id).state === 'sent');
    expect(outboxOf(db, again.verification_id)).toMatchObject({ op: 'update', platform_id: platformId });
    const updated = await adapter.get(platformId);
    expect(updated.ok && updated.value).toMatchObject({ revision: 2, status: 'active', record: { source_id: again.verification_id, supersedes: first.verification_id, verification_date: '2026-11-30' } });
    // the platform lists the meter under its new verification date, and nothing under the old one
    let report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-30' }, clock());
    expect(report.totals).toMatchObject({ expected: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 });

    const failing = ingest(db, meterRow({ serial: first.serial, verification_date: '2026-11-30', conclusion: '不合格', valid_until: null }), clock(), again.verification_id);
    await waitFor('the withdrawal sent', 5_000, () => outboxOf(db, failing.verification_id).state === 'sent');
    expect(outboxOf(db, failing.verification_id)).toMatchObject({ op: 'withdraw', platform_id: platformId });
    const withdrawn = await adapter.get(platformId);
    expect(withdrawn.ok && withdrawn.value).toMatchObject({ revision: 3, status: 'withdrawn' });
    report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-30' }, clock());
    expect(report.totals).toMatchObject({ expected: 0, on_platform: 0, missing: 0, mismatched: 0, extra: 0 });
  });

  it('sends a record superseded before its first attempt only as its successor', async () => {
    rig = await startRig({ simulator: { latencyMs: 0 } });
    const { db, clock } = rig;
    await rig.sim.switches.setOutage('unavailable');
    const a = ingest(db, meterRow(), clock());
    // a is attempted during the outage (the platform may have stored it), then superseded: it is
    // still sent first, and b updates the platform record a made instead of making a second
    await waitFor('a tried once', 5_000, () => outboxOf(db, a.verification_id).attempts === 1);
    const b = ingest(db, meterRow({ serial: a.serial }), clock(), a.verification_id);
    await rig.sim.switches.setOutage('none');
    rig.advance(10 * 60_000);
    await waitFor('b sent', 5_000, () => outboxOf(db, b.verification_id).state === 'sent');
    expect(outboxOf(db, a.verification_id).state).toBe('sent');
    expect(outboxOf(db, b.verification_id)).toMatchObject({ op: 'update', platform_id: outboxOf(db, a.verification_id).platform_id });

    const c = ingest(db, meterRow(), clock());
    const d = ingest(db, meterRow({ serial: c.serial }), clock(), c.verification_id);
    await waitFor('d sent', 5_000, () => outboxOf(db, d.verification_id).state === 'sent');
    expect(outboxOf(db, c.verification_id)).toMatchObject({ state: 'skipped', attempts: 0 });
    expect(outboxOf(db, d.verification_id).op).toBe('create');
  });

  it('waits for a slow platform, and a retry after a timeout is deduplicated by its Idempotency-Key', async () => {
    rig = await startRig({ simulator: { latencyMs: 100 }, timeoutMs: 300 });
    const { db, clock, sim, adapter } = rig;
    const slow = ingest(db, meterRow(), clock());
    await waitFor('the slow answer taken', 5_000, () => outboxOf(db, slow.verification_id).state === 'sent');
    expect(outboxOf(db, slow.verification_id).attempts).toBe(1);

    sim.switches.latencyMs = 600;
    const late = ingest(db, meterRow({ verification_date: '2026-11-28' }), clock());
    rig.forwarder.kick();
    // the platform stores it, but its answer comes after the adapter gave up: a transient failure
    await waitFor('the first attempt to time out', 5_000, () => outboxOf(db, late.verification_id).attempts === 1);
    expect(outboxOf(db, late.verification_id)).toMatchObject({ state: 'pending', last_status: null });
    expect(outboxOf(db, late.verification_id).last_error).toMatch(/no answer within/);
    sim.switches.latencyMs = 0;
    rig.advance(60_000);
    await waitFor('the retry answered', 5_000, () => outboxOf(db, late.verification_id).state === 'sent');
    const writes = sim.requests.filter((r) => r.key === outboxOf(db, late.verification_id).idempotency_key);
    expect(writes.map((w) => [w.status, w.replayed])).toEqual([
      [201, false],
      [201, true],
    ]);
    const report = await reconcile(db, adapter, { from: '2026-11-28', to: '2026-11-29' }, clock());
    expect(report.totals).toMatchObject({ expected: 2, matched: 2, extra: 0, missing: 0 });
  });
});
