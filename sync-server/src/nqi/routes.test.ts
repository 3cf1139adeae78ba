/**
 * The NQI part in the real server (docs/nqi.md "API"): the embedded simulator started and
 * stopped with it, the forwarder publishing what the ingest queued, and the regulator's and
 * admin's endpoints behind the sign-in of the identity part.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Prng } from '../../../web/src/bench/sim/prng.ts';
import { identityPart } from '../identity/part.ts';
import { createUser } from '../identity/store.ts';
import { Browser, startTestServer, type TestServer } from '../identity/testServer.ts';
import { createNqiAdapter } from './adapter.ts';
import { nqiPart } from './part.ts';
import type { ReconciliationReport } from './reconcile.ts';
import type { NqiSimulator } from './simulator.ts';
import { ingest, meterRow, outboxOf, waitFor } from './testSupport.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function start(): Promise<{ server: TestServer; sim: NqiSimulator }> {
  let sim: NqiSimulator | null = null;
  const prng = new Prng(3);
  server = await startTestServer({
    parts: [identityPart, nqiPart({ random: () => prng.next(), forwarder: { pollMs: 5, baseMs: 1_000, capMs: 60_000, maxAttempts: 5 }, onSimulator: (s) => (sim = s) })],
  });
  if (!sim) throw new Error('the embedded simulator did not start');
  return { server, sim };
}

describe('NQI part', () => {
  it('answers the regulator with the reconciliation, by civil day and batch, only when signed in', async () => {
    const { server, sim } = await start();
    const { db } = server.running;
    const anonymous = new Browser(server.url);
    expect((await anonymous.get('/api/regulator/nqi/reconciliation')).status).toBe(401);
    await createUser(server.running.deps, { username: 'reg', displayName: '监管', password: 'regulator-pw', roles: ['regulator'], enterpriseId: null });
    const regulator = new Browser(server.url);
    expect((await regulator.login('reg', 'regulator-pw')).status).toBe(200);

    // 2026-11-30T01:00Z is 09:00 in Tai'an: "today" is 2026-11-30 there
    const a = ingest(db, meterRow({ verification_date: '2026-11-30' }), server.now.value);
    await waitFor('a sent', 5_000, () => outboxOf(db, a.verification_id).state === 'sent');
    sim.switches.forcedErrors.push(422);
    const refused = ingest(db, meterRow({ verification_date: '2026-11-30', batch_id: 'B20261130-02' }), server.now.value);
    await waitFor('the refusal', 5_000, () => outboxOf(db, refused.verification_id).state === 'dead');

    const today = await regulator.get<ReconciliationReport>('/api/regulator/nqi/reconciliation');
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ from: '2026-11-30', to: '2026-11-30', totals: { expected: 2, matched: 1, missing: 1 } });
    expect(today.body.days[0]?.batches.map((b) => [b.batch_id, b.missing])).toEqual([
      ['B20261129-01', 0],
      ['B20261130-02', 1],
    ]);
    expect((await regulator.get('/api/regulator/nqi/reconciliation?from=2026-12-01&to=2026-11-30')).body).toMatchObject({ reason: 'range-invalid' });
    expect((await regulator.get('/api/regulator/nqi/reconciliation?from=2026-01-01&to=2026-11-30')).body).toMatchObject({ reason: 'range-too-long' });

    const letters = await regulator.get<{ dead_letters: unknown[] }>('/api/admin/nqi/dead-letters');
    expect(letters.body.dead_letters).toMatchObject([{ verification_id: refused.verification_id, dead_reason: 'refused', last_status: 422 }]);
    // a regulator sees dead letters; only an admin requeues them
    expect((await regulator.post('/api/admin/nqi/dead-letters/retry', { ids: 'all' })).status).toBe(403);
    const admin = new Browser(server.url);
    await admin.login('root', 'root-password');
    expect((await admin.post('/api/admin/nqi/dead-letters/retry', { ids: 'all' }, { csrf: false })).status).toBe(403);
    expect((await admin.post('/api/admin/nqi/dead-letters/retry', { ids: 'all' })).body).toEqual({ requeued: 1 });
    await waitFor('the requeued record sent', 5_000, () => outboxOf(db, refused.verification_id).state === 'sent');
    const after = await regulator.get<ReconciliationReport>('/api/regulator/nqi/reconciliation?from=2026-11-30&to=2026-11-30');
    expect(after.body.totals).toEqual({ expected: 2, on_platform: 2, matched: 2, missing: 0, mismatched: 0, extra: 0 });
    expect((await admin.get('/api/admin/nqi/status')).body).toMatchObject({ platform: { url: sim.url, simulator: true }, outbox: { sent: 2, dead: 0, pending: 0 } });

    // the platform loses a record: only an admin has it published again
    const adapter = createNqiAdapter({ baseUrl: sim.url, timeoutMs: 2_000 });
    expect((await adapter.withdraw(outboxOf(db, a.verification_id).platform_id ?? '', 'platform-operator', 'platform-side-1')).ok).toBe(true);
    const lost = await regulator.get<ReconciliationReport>('/api/regulator/nqi/reconciliation');
    expect(lost.body.differences).toMatchObject([{ kind: 'missing', verification_id: a.verification_id }]);
    expect((await regulator.post('/api/admin/nqi/republish', { verification_ids: [a.verification_id] })).status).toBe(403);
    expect((await admin.post('/api/admin/nqi/republish', { verification_ids: [a.verification_id] })).body).toEqual({ queued: 1 });
    await waitFor('the republication sent', 5_000, () => outboxOf(db, a.verification_id).reason === 'republish' && outboxOf(db, a.verification_id).state === 'sent');
    expect((await regulator.get<ReconciliationReport>('/api/regulator/nqi/reconciliation')).body.totals).toMatchObject({ matched: 2, missing: 0, extra: 0 });

    await sim.switches.setOutage('refuse');
    expect((await regulator.get('/api/regulator/nqi/reconciliation')).body).toMatchObject({ status: 'error', reason: 'nqi-unavailable' });
  });

  it('stops the embedded simulator with the server', async () => {
    const { server, sim } = await start();
    expect((await fetch(`${sim.url}/api/v1/meter-records?verification_date=2026-11-30`)).status).toBe(200);
    await server.running.close();
    await expect(fetch(`${sim.url}/api/v1/meter-records?verification_date=2026-11-30`)).rejects.toThrow();
  });
});
