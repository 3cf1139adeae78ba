/**
 * The sync tests' world (docs/sync.md): a real server on 127.0.0.1 with a real SQLite file
 * in a temporary folder, an enterprise with its meter type and authorisation, and a bench PC
 * made by the real store code (test/tamper/scenario.ts: an honest day in fake-indexeddb)
 * enrolled through the identity part's own endpoint with its existing key. Pushes are made
 * by the PC's own paging (web/src/sync/pushPages.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../../sync-server/src/config.ts';
import { qb, run } from '../../sync-server/src/db/sql.ts';
import { makeEnrolmentCode } from '../../sync-server/src/identity/enrolment.ts';
import { insertEnterprise } from '../../sync-server/src/identity/store.ts';
import { startServer, type RunningServer } from '../../sync-server/src/server.ts';
import type { ErjianDb } from '../../web/src/store/db.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import type { Heads, PushRequest, PushResponse } from '../../web/src/sync/protocol.ts';
import { dn15 } from '../bench/storeFixtures.ts';
import { auth, enterprise } from '../tamper/scenario.ts';

/** An hour after the honest day's last record (scenario T0 + 40 min): tests never read the wall clock. */
export const SERVER_T0 = new Date('2026-11-27T03:00:00Z');

export interface World {
  dir: string;
  server: RunningServer;
  clock: { now: Date };
  url: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(dir = mkdtempSync(join(tmpdir(), 'erjian-sync-'))): Promise<World> {
  const clock = { now: SERVER_T0 };
  const config = configWith({ dataDir: dir, staticRoot: dir });
  const start = () => startServer({ config, clock: () => clock.now });
  const world: World = {
    dir,
    clock,
    server: await start(),
    get url() {
      return world.server.url;
    },
    async restart() {
      await world.server.close();
      world.server = await start();
    },
    async close() {
      await world.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The enterprise of the scenario, its meter type and authorisation, on the server. */
export function seedEnterprise(world: World, id = enterprise.id): void {
  const deps = world.server.deps;
  const now = deps.clock().toISOString();
  insertEnterprise(deps, { id, name: enterprise.name });
  run(deps.db, qb.insertInto('meter_types').values({ enterprise_id: id, model: dn15.model, body: JSON.stringify(dn15), updated_at: now }));
  const { fetchedAt: _f, ...a } = { ...auth, enterpriseId: id, fetchedAt: '' };
  run(deps.db, qb.insertInto('authorisations').values({ id: `${a.id}-${id}`, enterprise_id: id, certificate_no: '(2025)鲁制检字第007号', body: JSON.stringify({ ...a, id: `${a.id}-${id}`, certificateNo: '(2025)鲁制检字第007号' }), updated_at: now }));
}

/** Enrols the PC's existing key through POST /api/devices/enrol; returns the device token. */
export async function enrol(world: World, db: ErjianDb, enterpriseId = enterprise.id): Promise<string> {
  const device = (await db.device.get('device'))!;
  const { code } = makeEnrolmentCode(world.server.deps, enterpriseId, 'admin-test');
  const jwk = device.publicKeyJwk;
  const res = await fetch(`${world.url}/api/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 1, code, deviceId: device.deviceId, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } }),
  });
  if (res.status !== 200) throw new Error(`enrolment failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface Answer<T> {
  status: number;
  body: T;
}

export async function postRaw(world: World, token: string, body: string, contentType = 'application/json'): Promise<Answer<Record<string, unknown>>> {
  const res = await fetch(`${world.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function push(world: World, token: string, page: PushRequest): Promise<PushResponse> {
  const a = await postRaw(world, token, JSON.stringify(page));
  if (a.status !== 200) throw new Error(`push answered ${a.status}: ${JSON.stringify(a.body)}`);
  return a.body as unknown as PushResponse;
}

export async function pull(world: World, token: string, cursor?: string): Promise<Answer<Record<string, unknown>>> {
  const res = await fetch(`${world.url}/api/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Pushes pages until the PC has nothing more to push; returns every answer. */
export async function syncAll(world: World, token: string, db: ErjianDb, opts: Parameters<typeof nextPushPage>[3] = {}, heads: Heads = emptyHeads()): Promise<PushResponse[]> {
  const device = (await db.device.get('device'))!;
  const answers: PushResponse[] = [];
  let auditAfter = opts.auditAfter ?? 0;
  for (let i = 0; i < 100; i++) {
    const page = await nextPushPage(db, device.deviceId, heads, { ...opts, auditAfter });
    if (page === null) return answers;
    const answer = await push(world, token, page);
    answers.push(answer);
    const audits = page.items.filter((it) => it.kind === 'audit').map((it) => Number(it.id));
    if (audits.length > 0) auditAfter = Math.max(auditAfter, ...audits);
    const moved = JSON.stringify(answer.heads) !== JSON.stringify(heads) || audits.length > 0;
    heads = answer.heads;
    if (!moved) return answers; // the server took nothing more: stop instead of sending the same page again
  }
  throw new Error('sync did not finish in 100 pages');
}

export function count(world: World, table: string, where = ''): number {
  return (world.server.db.prepare(`SELECT COUNT(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
}
