/**
 * GET /api/admin/sync/alarms (docs/sync.md "Alarms", "Access"): city-wide people read every
 * enterprise's alarms; an enterprise admin only their own enterprise's, and is refused
 * another's by name; other enterprise roles and strangers are refused. A real server, a real
 * SQLite file; the alarms are raised with the ingest's own `raiseAlarm`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityPart } from '../identity/part.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from '../identity/testServer.ts';
import { raiseAlarm, type AlarmView } from './alarms.ts';
import { syncPart } from './part.ts';

let s: TestServer;
const as: Record<string, Browser> = {};
const devices: Record<string, string> = {};
type Answer = { alarms: AlarmView[]; total: number };

function b(name: string): Browser {
  const browser = as[name];
  if (!browser) throw new Error(`no browser for ${name}`);
  return browser;
}

beforeAll(async () => {
  s = await startTestServer({ parts: [identityPart, syncPart] });
  const root = (as.root = new Browser(s.url));
  expect((await root.login('root', 'root-password')).status).toBe(200);
  for (const e of ['ent-a', 'ent-b']) expect((await root.post('/api/enterprises', { id: e, name: e })).status).toBe(201);
  const people: [string, string[], string | null][] = [
    ['admin-a', ['enterprise-admin'], 'ent-a'],
    ['op-a', ['operator', 'verifier', 'approver'], 'ent-a'],
    ['admin-b', ['enterprise-admin'], 'ent-b'],
    ['regulator', ['regulator'], null],
    ['institute', ['institute'], null],
  ];
  for (const [username, roles, enterpriseId] of people) {
    expect((await root.post('/api/users', { username, displayName: username, password: 'password-1', roles, enterpriseId })).status).toBe(201);
    as[username] = new Browser(s.url);
    expect((await b(username).login(username, 'password-1')).status).toBe(200);
  }
  for (const [e, admin] of [['ent-a', 'admin-a'], ['ent-b', 'admin-b']] as const) {
    const code = await b(admin).post<{ code: string }>(`/api/enterprises/${e}/enrolment-codes`);
    const deviceId = crypto.randomUUID();
    expect((await enrol(s.url, { protocol: 1, code: code.body.code, deviceId, publicKeyJwk: (await deviceKey()).publicKeyJwk, label: `PC of ${e}` })).status).toBe(200);
    devices[e] = deviceId;
  }
  const db = s.running.db;
  raiseAlarm(db, { enterpriseId: 'ent-a', deviceId: devices['ent-a']!, kind: 'record-seq-gap', subject: 'record 7', message: 'a gap after record 6', details: { expected: 7, found: 9 }, at: '2026-11-30T00:10:00.000Z' });
  raiseAlarm(db, { enterpriseId: 'ent-a', deviceId: devices['ent-a']!, kind: 'serial-conflict', subject: 'serial W1', message: 'two devices', details: { serial: 'W1', verificationIds: ['v1', 'v2'] }, at: '2026-11-30T00:20:00.000Z' });
  raiseAlarm(db, { enterpriseId: 'ent-b', deviceId: devices['ent-b']!, kind: 'line-content-conflict', subject: 'line 12', message: 'another content for line 12', details: { seq: 12 }, at: '2026-11-30T00:15:00.000Z' });
}, 60_000);
afterAll(() => s?.stop());

const enterprisesOf = (a: Answer) => [...new Set(a.alarms.map((x) => x.enterpriseId))].sort();

describe('GET /api/admin/sync/alarms', () => {
  it('gives city-wide people every enterprise, newest first, with the evidence and the device label', async () => {
    for (const who of ['root', 'regulator', 'institute']) {
      const res = await b(who).get<Answer>('/api/admin/sync/alarms');
      expect(res.status, who).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.alarms.map((a) => a.kind)).toEqual(['serial-conflict', 'line-content-conflict', 'record-seq-gap']);
    }
    const one = (await b('regulator').get<Answer>('/api/admin/sync/alarms')).body.alarms[0]!;
    expect(one).toMatchObject({ enterpriseId: 'ent-a', deviceId: devices['ent-a'], deviceLabel: 'PC of ent-a', subject: 'serial W1', details: { serial: 'W1', verificationIds: ['v1', 'v2'] }, acknowledgedAt: null });
    const onlyB = await b('institute').get<Answer>('/api/admin/sync/alarms?enterpriseId=ent-b');
    expect(onlyB.body).toMatchObject({ total: 1, alarms: [{ kind: 'line-content-conflict', deviceId: devices['ent-b'] }] });
  });

  it("gives an enterprise admin only their own enterprise's alarms, and refuses another's by name", async () => {
    const a = await b('admin-a').get<Answer>('/api/admin/sync/alarms');
    expect(a.status).toBe(200);
    expect(enterprisesOf(a.body)).toEqual(['ent-a']);
    expect(a.body.total).toBe(2);
    expect(a.body.alarms.map((x) => x.deviceId)).not.toContain(devices['ent-b']);
    const bees = await b('admin-b').get<Answer>('/api/admin/sync/alarms');
    expect(enterprisesOf(bees.body)).toEqual(['ent-b']);
    expect((await b('admin-a').get('/api/admin/sync/alarms?enterpriseId=ent-a')).status).toBe(200);
    const across = await b('admin-a').get<{ reason: string }>('/api/admin/sync/alarms?enterpriseId=ent-b');
    expect(across.status).toBe(403);
    expect(across.body.reason).toBe('forbidden');
    expect(JSON.stringify(across.body)).not.toContain(devices['ent-b']);
  });

  it('refuses other enterprise roles and people not signed in', async () => {
    const op = await b('op-a').get<{ reason: string }>('/api/admin/sync/alarms');
    expect(op.status).toBe(403);
    expect(op.body.reason).toBe('forbidden');
    const anonymous = await new Browser(s.url).get<{ reason: string }>('/api/admin/sync/alarms');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.reason).toBe('not-signed-in');
  });

  it('cuts the list at the limit and says how many there are', async () => {
    const page = await b('root').get<Answer>('/api/admin/sync/alarms?limit=1');
    expect(page.body.alarms).toHaveLength(1);
    expect(page.body.total).toBe(3);
    expect((await b('root').get('/api/admin/sync/alarms?limit=0')).status).toBe(400);
  });
});
