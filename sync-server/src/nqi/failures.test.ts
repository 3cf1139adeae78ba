/**
 * The platform misbehaving (docs/nqi.md "Retries", "Dead letters", "Reconciliation"):
 * transient errors retried on the schedule the injected random gives, refusals dead-lettered,
 * replays the platform does not deduplicate found as extra records, an outage survived with
 * the reconciliation back at zero, and the forwarder stopping cleanly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { within } from '../../../test/support/bounded.ts';
import { Prng } from '../../../web/src/bench/sim/prng.ts';
import { backoffDelay } from './backoff.ts';
import { listDeadLetters, outboxCounts, republish, retryDeadLetters } from './deadLetters.ts';
import { reconcile } from './reconcile.ts';
import { ingest, meterRow, outboxOf, rigDefaults, startRig, waitFor, type NqiRig } from './testSupport.ts';

let rig: NqiRig | null = null;

/** Pending records whose next attempt is due at the rig's clock. */
function dueNow(r: NqiRig): number {
  return (r.db.prepare(`SELECT count(*) AS n FROM nqi_outbox WHERE state = 'pending' AND next_attempt_at <= ?`).get(r.clock().toISOString()) as { n: number }).n;
}
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

describe('NQI forwarder under failures', () => {
  it('retries transient errors with exponential backoff and full jitter from the injected random', async () => {
    rig = await startRig({ seed: 7 });
    const { db, clock, sim } = rig;
    sim.switches.forcedErrors.push(503, 500, 503);
    const m = ingest(db, meterRow(), clock());
    const jitter = new Prng(7);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await waitFor(`attempt ${attempt}`, 5_000, () => outboxOf(db, m.verification_id).attempts === attempt);
      const row = outboxOf(db, m.verification_id);
      const delay = backoffDelay(attempt, rigDefaults, () => jitter.next());
      expect(delay).toBeLessThan(rigDefaults.baseMs * 2 ** (attempt - 1));
      expect(Date.parse(row.next_attempt_at) - clock().getTime()).toBe(delay);
      expect(row).toMatchObject({ state: 'pending', last_status: attempt === 2 ? 500 : 503 });
      // nothing is sent before the wait is over
      rig.advance(delay - 1);
      await new Promise((r) => setTimeout(r, 30));
      expect(outboxOf(db, m.verification_id).attempts).toBe(attempt);
      rig.advance(1);
    }
    await waitFor('the fourth attempt went through', 5_000, () => outboxOf(db, m.verification_id).state === 'sent');
    expect(outboxOf(db, m.verification_id).attempts).toBe(4);
    expect(sim.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([503, 500, 503, 201]);
  });

  it('caps the wait, and makes a dead letter after the last attempt', async () => {
    expect(backoffDelay(30, { baseMs: 1_000, capMs: 60_000 }, () => 0.999999)).toBe(59_999);
    rig = await startRig({ forwarder: { maxAttempts: 3 } });
    const { db, clock, sim } = rig;
    await sim.switches.setOutage('unavailable');
    const m = ingest(db, meterRow(), clock());
    for (let attempt = 1; attempt <= 3; attempt++) {
      await waitFor(`attempt ${attempt}`, 5_000, () => outboxOf(db, m.verification_id).attempts === attempt);
      rig.advance(rigDefaults.capMs);
    }
    expect(outboxOf(db, m.verification_id)).toMatchObject({ state: 'dead', dead_reason: 'exhausted', last_status: 503 });
    expect(listDeadLetters(db)).toMatchObject([{ verification_id: m.verification_id, serial: m.serial, batch_id: m.batch_id, dead_reason: 'exhausted', attempts: 3 }]);
  });

  it('makes a dead letter at once of a refusal (4xx), and an admin retry sends it again', async () => {
    rig = await startRig();
    const { db, clock, sim, adapter } = rig;
    sim.switches.forcedErrors.push(422);
    const m = ingest(db, meterRow(), clock());
    await waitFor('the refusal', 5_000, () => outboxOf(db, m.verification_id).state === 'dead');
    expect(outboxOf(db, m.verification_id)).toMatchObject({ dead_reason: 'refused', attempts: 1, last_status: 422, last_error: 'forced: forced 422' });
    rig.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    let report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.differences).toMatchObject([{ kind: 'missing', verification_id: m.verification_id, batch_id: m.batch_id, publication: 'dead' }]);

    expect(retryDeadLetters(db, null, clock())).toBe(1);
    expect(outboxOf(db, m.verification_id)).toMatchObject({ state: 'pending', attempts: 0, op: null });
    await waitFor('the retried record sent', 5_000, () => outboxOf(db, m.verification_id).state === 'sent');
    report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toMatchObject({ expected: 1, matched: 1, missing: 0, extra: 0 });
  });

  it('finds a replay the platform stored twice as an extra record', async () => {
    // the platform ignores Idempotency-Key, and its first answer comes too late
    rig = await startRig({ simulator: { duplicates: true, latencyMs: 400 }, timeoutMs: 150 });
    const { db, clock, sim, adapter } = rig;
    const m = ingest(db, meterRow({ batch_id: 'B20261129-02' }), clock());
    const other = ingest(db, meterRow(), clock());
    await waitFor('the first attempt timed out', 5_000, () => outboxOf(db, m.verification_id).attempts === 1);
    sim.switches.latencyMs = 0;
    rig.advance(60_000);
    await waitFor('both sent', 5_000, () => outboxOf(db, m.verification_id).state === 'sent' && outboxOf(db, other.verification_id).state === 'sent');

    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toEqual({ expected: 2, on_platform: 3, matched: 2, missing: 0, mismatched: 0, extra: 1 });
    expect(report.differences).toMatchObject([{ kind: 'extra', verification_id: m.verification_id, batch_id: 'B20261129-02', serial: m.serial }]);
    expect(report.days[0]?.batches).toEqual([
      { batch_id: 'B20261129-01', expected: 1, on_platform: 1, matched: 1, missing: 0, mismatched: 0, extra: 0 },
      { batch_id: 'B20261129-02', expected: 1, on_platform: 2, matched: 1, missing: 0, mismatched: 0, extra: 1 },
    ]);
  });

  it('finds a record the platform changed, field by field', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const m = ingest(db, meterRow(), clock());
    await waitFor('sent', 5_000, () => outboxOf(db, m.verification_id).state === 'sent');
    const held = outboxOf(db, m.verification_id);
    const tampered = { ...(JSON.parse(held.body ?? '{}') as object), valid_until: '2033-11-28', model: 'LXS-20' };
    const put = await adapter.update(held.platform_id ?? '', tampered as never, 'someone-else-key-1');
    expect(put.ok).toBe(true);
    const report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.totals).toMatchObject({ matched: 0, mismatched: 1 });
    expect(report.differences[0]?.fields).toEqual([
      { field: 'model', server: 'LXS-20E', platform: 'LXS-20' },
      { field: 'valid_until', server: '2032-11-28', platform: '2033-11-28' },
    ]);
  });

  it('publishes again a record the platform lost, when an admin asks', async () => {
    rig = await startRig();
    const { db, clock, adapter } = rig;
    const m = ingest(db, meterRow(), clock());
    const pending = ingest(db, meterRow({ verification_date: '2026-11-30' }), clock());
    await waitFor('sent', 5_000, () => outboxOf(db, m.verification_id).state === 'sent' && outboxOf(db, pending.verification_id).state === 'sent');
    const lost = outboxOf(db, m.verification_id).platform_id ?? '';
    expect((await adapter.withdraw(lost, 'someone-at-the-platform', 'platform-side-delete-1')).ok).toBe(true);
    let report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-29' }, clock());
    expect(report.differences).toMatchObject([{ kind: 'missing', verification_id: m.verification_id, publication: 'sent' }]);

    expect(republish(db, [m.verification_id, 'no-such-verification'], clock())).toBe(1);
    await waitFor('republished', 5_000, () => outboxOf(db, m.verification_id).reason === 'republish' && outboxOf(db, m.verification_id).state === 'sent');
    expect(outboxOf(db, m.verification_id).op).toBe('create');
    expect(outboxOf(db, m.verification_id).platform_id).not.toBe(lost);
    report = await reconcile(db, adapter, { from: '2026-11-29', to: '2026-11-30' }, clock());
    expect(report.totals).toEqual({ expected: 2, on_platform: 2, matched: 2, missing: 0, mismatched: 0, extra: 0 });
  });

  for (const mode of ['refuse', 'unavailable'] as const) {
    it(`survives an outage (${mode}) and the reconciliation comes back to zero`, async () => {
      rig = await startRig({ forwarder: { maxAttempts: 4 } });
      const { db, clock, sim, adapter } = rig;
      const before = [1, 2, 3].map(() => ingest(db, meterRow({ verification_date: '2026-11-28', batch_id: 'B20261128-01' }), clock()));
      await waitFor('the first records sent', 5_000, () => before.every((m) => outboxOf(db, m.verification_id).state === 'sent'));

      await sim.switches.setOutage(mode);
      const day = (i: number) => ({ verification_date: i % 2 ? '2026-11-28' : '2026-11-29', batch_id: i % 3 ? 'B20261129-01' : 'B20261129-02' });
      const early = Array.from({ length: 6 }, (_, i) => ingest(db, meterRow(day(i)), clock()));
      await expect(reconcile(db, adapter, { from: '2026-11-28', to: '2026-11-29' }, clock())).rejects.toThrow(/did not list 2026-11-28/);
      // each round: every due record tried once (one attempt per poll, not a burst), then the clock passes the longest wait
      const round = async (n: number) => {
        await waitFor(`outage round ${n}: every due record tried`, 5_000, () => dueNow(rig!) === 0);
        rig!.advance(rigDefaults.capMs);
      };
      await round(1);
      await round(2);
      const late = Array.from({ length: 6 }, (_, i) => ingest(db, meterRow(day(i + 1)), clock()));
      await round(3);
      await round(4);
      await waitFor('the early records dead', 5_000, () => early.every((m) => outboxOf(db, m.verification_id).state === 'dead'));
      expect(early.map((m) => outboxOf(db, m.verification_id).dead_reason)).toEqual(Array(6).fill('exhausted'));
      expect(late.map((m) => outboxOf(db, m.verification_id).attempts)).toEqual(Array(6).fill(2));
      expect(sim.requests.filter((r) => r.method === 'POST').length).toBe(mode === 'refuse' ? 3 : 3 + 6 * 4 + 6 * 2);

      await sim.switches.setOutage('none');
      rig.advance(rigDefaults.capMs);
      await waitFor('the queue drained', 10_000, () => outboxCounts(db).pending === 0);
      let report = await reconcile(db, adapter, { from: '2026-11-28', to: '2026-11-29' }, clock());
      expect(report.totals).toEqual({ expected: 15, on_platform: 9, matched: 9, missing: 6, mismatched: 0, extra: 0 });
      expect(report.differences.filter((d) => d.kind === 'missing').map((d) => d.verification_id).sort()).toEqual(early.map((m) => m.verification_id).sort());

      expect(retryDeadLetters(db, null, clock())).toBe(6);
      await waitFor('the dead letters sent', 5_000, () => early.every((m) => outboxOf(db, m.verification_id).state === 'sent'));
      report = await reconcile(db, adapter, { from: '2026-11-28', to: '2026-11-29' }, clock());
      expect(report.totals).toEqual({ expected: 15, on_platform: 15, matched: 15, missing: 0, mismatched: 0, extra: 0 });
      expect(report.differences).toEqual([]);
      expect(report.days.map((d) => [d.date, d.matched])).toEqual([
        ['2026-11-28', 9],
        ['2026-11-29', 6],
      ]);
    });
  }

  it('stops cleanly on close, abandoning an answer it waits for', async () => {
    rig = await startRig({ simulator: { latencyMs: 3_000 }, timeoutMs: 10_000 });
    const { db, clock, sim } = rig;
    const m = ingest(db, meterRow(), clock());
    await waitFor('the request in flight', 5_000, () => sim.requests.length === 1);
    await within('the forwarder to close', 1_000, rig.forwarder.close());
    expect(outboxOf(db, m.verification_id)).toMatchObject({ state: 'pending', attempts: 0 });
    ingest(db, meterRow(), clock());
    rig.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.requests).toHaveLength(1);
    await expect(rig.forwarder.runOnce()).resolves.toEqual({ sent: 0, skipped: 0, deferred: 0, dead: 0, retried: 0 });
  });
});
