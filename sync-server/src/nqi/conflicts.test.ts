/**
 * Two devices of one enterprise verify the same serial (docs/sync.md "Conflicts"): both
 * records are kept, and the platform holds ONE active record for the meter — the one the public
 * lookup shows, the newest by device time (docs/nqi.md "Outbox"). The reconciliation expects
 * that one record per meter, so it is zero in every case.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findPublicMeter } from '../lookup/publicMeter.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { reconcile } from './reconcile.ts';
import { ingest, meterRow, outboxOf, startRig, waitFor, type NqiRig } from './testSupport.ts';

let rig: NqiRig | null = null;
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

/** The older record of a serial, from device 1, and the newer one, from device 2 (device time an hour later). */
function conflict(newer: Partial<PublicMeterRow> = {}): { older: PublicMeterRow; newer: PublicMeterRow } {
  const older = meterRow({ device_id: 'dev-1', created_at: '2026-11-29T03:00:00.000Z', received_at: '2026-11-29T04:00:00.000Z' });
  return {
    older,
    newer: meterRow({ serial: older.serial, device_id: 'dev-2', created_at: '2026-11-29T04:00:00.000Z', received_at: '2026-11-29T04:30:00.000Z', valid_until: '2032-11-27', ...newer }),
  };
}

const settled = (rig: NqiRig, ...ids: string[]) => () => ids.every((id) => outboxOf(rig.db, id).state !== 'pending');

async function activeOnPlatform(rig: NqiRig, date = '2026-11-29') {
  const listed = await rig.adapter.listByDay(date);
  if (!listed.ok) throw new Error(`the simulator did not list ${date}: ${listed.message}`);
  return listed.value.filter((r) => r.status === 'active');
}

describe('NQI publication of a serial verified by two devices', () => {
  it('replaces the older record by the newer one when the newer arrives after the older was sent', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const { older, newer } = conflict();
    ingest(db, older, clock());
    await waitFor('the older record sent', 5_000, () => outboxOf(db, older.verification_id).state === 'sent');
    const platformId = outboxOf(db, older.verification_id).platform_id;
    ingest(db, newer, clock());
    await waitFor('the newer record sent', 5_000, () => outboxOf(db, newer.verification_id).state === 'sent');

    expect(outboxOf(db, newer.verification_id)).toMatchObject({ op: 'update', platform_id: platformId });
    const active = await activeOnPlatform(rig);
    expect(active.map((r) => [r.platform_id, r.record.source_id, r.record.supersedes])).toEqual([[platformId, newer.verification_id, null]]);
    // the platform holds what the lookup shows
    expect(active[0]?.record.valid_until).toBe(findPublicMeter(db, newer.serial)?.valid_until);
    expect(findPublicMeter(db, newer.serial)?.valid_until).toBe('2032-11-27');

    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 1, on_platform: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 });
  });

  it('publishes only the newer record when it arrives first, and skips the older one saying why', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const { older, newer } = conflict();
    ingest(db, newer, clock());
    await waitFor('the newer record sent', 5_000, () => outboxOf(db, newer.verification_id).state === 'sent');
    ingest(db, older, clock());
    await waitFor('the older record planned', 5_000, settled(rig, older.verification_id));

    expect(outboxOf(db, newer.verification_id).op).toBe('create');
    expect(outboxOf(db, older.verification_id)).toMatchObject({ state: 'skipped', attempts: 0, op: null });
    expect(outboxOf(db, older.verification_id).last_error).toBe(
      `not the meter's current record before it was sent: ${newer.verification_id} of device dev-2 is newer (serial ${newer.serial})`,
    );
    const active = await activeOnPlatform(rig);
    expect(active.map((r) => r.record.source_id)).toEqual([newer.verification_id]);
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 1, on_platform: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 });
  });

  it('withdraws the meter when the newer record fails, and expects nothing of it', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const { older, newer } = conflict({ conclusion: '不合格', valid_until: null });
    ingest(db, older, clock());
    await waitFor('the older record sent', 5_000, () => outboxOf(db, older.verification_id).state === 'sent');
    const platformId = outboxOf(db, older.verification_id).platform_id ?? '';
    ingest(db, newer, clock());
    await waitFor('the withdrawal sent', 5_000, () => outboxOf(db, newer.verification_id).state === 'sent');

    expect(outboxOf(db, newer.verification_id)).toMatchObject({ op: 'withdraw', platform_id: platformId });
    const got = await adapter.get(platformId);
    expect(got.ok && got.value).toMatchObject({ status: 'withdrawn', record: { source_id: older.verification_id } });
    expect(await activeOnPlatform(rig)).toEqual([]);
    expect(findPublicMeter(db, older.serial)?.conclusion).toBe('不合格');
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 0, on_platform: 0, matched: 0, missing: 0, mismatched: 0, extra: 0 });
  });

  it('keeps sending an older record attempted before the newer arrived, and the newer updates it', async () => {
    rig = await startRig({ simulator: { latencyMs: 0 } });
    const { db, clock, adapter } = rig;
    const { older, newer } = conflict();
    await rig.sim.switches.setOutage('unavailable');
    ingest(db, older, clock());
    // the older record's create is frozen at its first attempt (the platform may have stored it)
    await waitFor('the older record tried once', 5_000, () => outboxOf(db, older.verification_id).attempts === 1);
    ingest(db, newer, clock());
    rig.forwarder.kick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // one meter's records go in order: the newer waits for the older
    expect(outboxOf(db, newer.verification_id)).toMatchObject({ state: 'pending', op: null, attempts: 0 });
    await rig.sim.switches.setOutage('none');
    rig.advance(10 * 60_000);
    await waitFor('both sent', 5_000, () => outboxOf(db, older.verification_id).state === 'sent' && outboxOf(db, newer.verification_id).state === 'sent');

    expect(outboxOf(db, older.verification_id).op).toBe('create');
    expect(outboxOf(db, newer.verification_id)).toMatchObject({ op: 'update', platform_id: outboxOf(db, older.verification_id).platform_id });
    expect((await activeOnPlatform(rig)).map((r) => r.record.source_id)).toEqual([newer.verification_id]);
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 1, on_platform: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 });
  });

  it('publishes 10 meters verified by two devices each as 10 records, whatever the arrival order', async () => {
    rig = await startRig();
    const { db, clock, adapter, sim } = rig;
    const pairs = Array.from({ length: 10 }, () => conflict());
    // both records of each meter queued before the forwarder plans either: half arrive older
    // first, half newer first
    db.transaction(() => {
      pairs.forEach(({ older, newer }, i) => {
        for (const r of i % 2 === 0 ? [older, newer] : [newer, older]) ingest(db, r, clock());
      });
    })();
    const ids = pairs.flatMap((p) => [p.older.verification_id, p.newer.verification_id]);
    await waitFor('all 20 rows planned and sent or skipped', 10_000, settled(rig, ...ids));

    expect(pairs.map((p) => [outboxOf(db, p.older.verification_id).state, outboxOf(db, p.newer.verification_id).state])).toEqual(Array(10).fill(['skipped', 'sent']));
    expect(sim.requests.filter((r) => r.method !== 'GET')).toHaveLength(10);
    const active = await activeOnPlatform(rig);
    expect(active.map((r) => r.record.source_id).sort()).toEqual(pairs.map((p) => p.newer.verification_id).sort());
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 10, on_platform: 10, matched: 10, missing: 0, mismatched: 0, extra: 0 });
  });

  it('reports a conflict\'s older record still active on the platform as extra, and the newer as missing', async () => {
    rig = await startRig({ forwarder: { pollMs: 60_000 } });
    const { db, clock, adapter } = rig;
    const { older, newer } = conflict();
    // what the defect left behind: the older record published as a record of its own
    const made = await adapter.create(
      {
        source_id: older.verification_id,
        record_hash: older.record_hash,
        enterprise_id: older.enterprise_id,
        authorisation_certificate_no: null,
        instrument_name: older.instrument_name,
        model: older.model,
        serial: older.serial,
        accuracy_class: older.accuracy_class,
        manufacturer: older.manufacturer,
        production_date: older.production_date,
        verification_date: older.verification_date,
        valid_until: older.valid_until,
        conclusion: older.conclusion,
        institution: older.institution,
        recall_notice: null,
        supersedes: null,
      },
      `${older.verification_id}.by-hand-0000`,
      new AbortController().signal,
    );
    expect(made.ok).toBe(true);
    db.transaction(() => {
      ingest(db, older, clock());
      ingest(db, newer, clock());
    })();
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 1, on_platform: 1, matched: 0, missing: 1, mismatched: 0, extra: 1 });
    expect(report.differences.map((d) => [d.kind, d.verification_id])).toEqual([
      ['missing', newer.verification_id],
      ['extra', older.verification_id],
    ]);
  });
});
