/**
 * From the bench PC to the NQI platform (docs/nqi.md "Outbox"): an honest day synced through
 * the real sync ingest queues its verifications in the ingest's transaction; the forwarder of
 * the default server (embedded simulator) publishes the passed meter with the enterprise's
 * authorisation certificate number and not the failed one, and the regulator's
 * reconciliation of that day is zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { honestDay, type Day } from '../../../test/tamper/scenario.ts';
import { enrol, seedEnterprise, startWorld, syncAll, type World } from '../../../test/sync/support.ts';
import { createUser } from '../identity/store.ts';
import { Browser } from '../identity/testServer.ts';
import { createNqiAdapter } from './adapter.ts';
import type { NqiStatus } from '../../../web/src/ui/regulator/regulatorApi.ts';
import type { ReconciliationReport } from './reconcile.ts';
import { waitFor } from './testSupport.ts';

let world: World;
let day: Day;

beforeAll(async () => {
  world = await startWorld();
  seedEnterprise(world);
  day = await honestDay();
  const token = await enrol(world, day.db);
  await syncAll(world, token, day.db, { maxLines: 600 });
}, 60_000);
afterAll(async () => {
  await world?.close();
  await day?.db.delete();
});

describe('an honest day, published', () => {
  it('publishes the passed meter, not the failed one, and reconciles to zero', async () => {
    const db = world.server.db;
    const states = () => db.prepare(`SELECT m.serial, m.conclusion, o.state, o.op FROM nqi_outbox o JOIN public_meters m USING (verification_id) ORDER BY m.serial`).all() as { serial: string; conclusion: string; state: string; op: string | null }[];
    await waitFor('the outbox worked through', 10_000, () => states().length > 0 && states().every((s) => s.state !== 'pending'));
    const rows = states();
    expect(rows.filter((r) => r.conclusion === '合格').every((r) => r.state === 'sent' && r.op === 'create')).toBe(true);
    expect(rows.filter((r) => r.conclusion === '不合格').every((r) => r.state === 'skipped')).toBe(true);
    expect(rows.some((r) => r.conclusion === '合格')).toBe(true);

    await createUser(world.server.deps, { username: 'reg', displayName: '监管', password: 'regulator-pw', roles: ['regulator'], enterpriseId: null });
    const regulator = new Browser(world.url);
    expect((await regulator.login('reg', 'regulator-pw')).status).toBe(200);
    const dates = db.prepare(`SELECT min(verification_date) AS f, max(verification_date) AS t FROM public_meters`).get() as { f: string; t: string };
    const report = await regulator.get<ReconciliationReport>(`/api/regulator/nqi/reconciliation?from=${dates.f}&to=${dates.t}`);
    const passed = rows.filter((r) => r.conclusion === '合格').length;
    expect(report.body.totals).toEqual({ expected: passed, on_platform: passed, matched: passed, missing: 0, mismatched: 0, extra: 0 });

    const status = (await regulator.get<NqiStatus>('/api/admin/nqi/status')).body;
    expect(status.platform.simulator).toBe(true);
    const listed = await createNqiAdapter({ baseUrl: status.platform.url, timeoutMs: 2_000 }).listByDay(dates.f);
    expect(listed.ok && listed.value.map((r) => r.record.authorisation_certificate_no)).toEqual(Array(passed).fill('(2025)鲁制检字第007号'));
  });
});
