/**
 * Role AND enterprise on every endpoint (docs/sync.md "Access"): an enterprise never reads
 * or writes another's people, devices, codes, meter types, benches or authorisations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceView, EnterpriseView, UserView } from './api.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from './testServer.ts';

let s: TestServer;
const as: Record<string, Browser> = {};
const meterType = (model: string) => ({ model, name: '旋翼式冷水水表', dn: 20, q3M3h: 4, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1, manufacturer: 'M' });
const authorisation = (id: string, enterpriseId: string) => ({
  id,
  enterpriseId,
  certificateNo: `（鲁）二检合一 ${id}`,
  issuedOn: '2026-01-05',
  scope: { minDn: 15, maxDn: 25, categories: ['cold-potable-water-meter'] },
});
let deviceB: string;
let userB: string;

beforeAll(async () => {
  s = await startTestServer();
  const root = (as.root = new Browser(s.url));
  await root.login('root', 'root-password');
  const people: [string, string[], string | null][] = [
    ['admin-a', ['enterprise-admin'], 'ent-a'],
    ['op-a', ['operator', 'verifier'], 'ent-a'],
    ['admin-b', ['enterprise-admin'], 'ent-b'],
    ['regulator', ['regulator'], null],
    ['institute', ['institute'], null],
  ];
  for (const e of ['ent-a', 'ent-b']) expect((await root.post('/api/enterprises', { id: e, name: e })).status).toBe(201);
  for (const [username, roles, enterpriseId] of people) {
    const res = await root.post<UserView>('/api/users', { username, displayName: username, password: 'password-1', roles, enterpriseId });
    expect(res.status).toBe(201);
    if (username === 'admin-b') userB = res.body.id;
    as[username] = new Browser(s.url);
    expect((await as[username].login(username, 'password-1')).status).toBe(200);
  }
  // B's data: a meter type, a bench, an authorisation, a device
  expect((await as['admin-b']!.put('/api/enterprises/ent-b/meter-types/B-20', meterType('B-20'))).status).toBe(200);
  expect((await as['admin-b']!.put('/api/enterprises/ent-b/benches/B-1', { name: 'bench B', uRelPct: 0.3 })).status).toBe(200);
  expect((await as.regulator!.put('/api/enterprises/ent-b/authorisations/auth-b', authorisation('auth-b', 'ent-b'))).status).toBe(200);
  const code = await as['admin-b']!.post<{ code: string }>('/api/enterprises/ent-b/enrolment-codes');
  deviceB = crypto.randomUUID();
  expect((await enrol(s.url, { protocol: 1, code: code.body.code, deviceId: deviceB, publicKeyJwk: (await deviceKey()).publicKeyJwk })).status).toBe(200);
});
afterAll(() => s.stop());

const b = (name: string): Browser => {
  const browser = as[name];
  if (!browser) throw new Error(`no browser for ${name}`);
  return browser;
};

describe('an enterprise never reaches another enterprise', () => {
  it('sees only itself in the enterprise list, and is refused the other by id', async () => {
    const list = await b('admin-a').get<{ enterprises: EnterpriseView[] }>('/api/enterprises');
    expect(list.body.enterprises.map((e) => e.id)).toEqual(['ent-a']);
    expect((await b('op-a').get('/api/enterprises/ent-b')).status).toBe(403);
  });

  it('people: lists, makes and disables only its own', async () => {
    const list = await b('admin-a').get<{ users: UserView[] }>('/api/users');
    expect(new Set(list.body.users.map((u) => u.enterpriseId))).toEqual(new Set(['ent-a']));
    expect((await b('admin-a').get('/api/users?enterpriseId=ent-b')).status).toBe(403);
    const intoB = await b('admin-a').post('/api/users', { username: 'mole', displayName: 'm', password: 'password-1', roles: ['operator'], enterpriseId: 'ent-b' });
    expect(intoB.status).toBe(403);
    const cityRole = await b('admin-a').post('/api/users', { username: 'boss', displayName: 'b', password: 'password-1', roles: ['admin'], enterpriseId: null });
    expect(cityRole.status).toBe(400);
    expect((await b('admin-a').post(`/api/users/${userB}/disable`)).status).toBe(403);
    expect((await b('admin-b').get('/api/auth/me')).status).toBe(200);
    // its own operator: yes
    const own = await b('admin-a').post<UserView>('/api/users', { username: 'op-a2', displayName: 'o', password: 'password-1', roles: ['operator'], enterpriseId: 'ent-a' });
    expect(own.status).toBe(201);
    expect(own.body.enterpriseId).toBe('ent-a');
  });

  it('devices and enrolment codes: neither listed, nor made, nor revoked across enterprises', async () => {
    expect((await b('admin-a').get('/api/enterprises/ent-b/devices')).status).toBe(403);
    expect((await b('admin-a').get('/api/enterprises/ent-b/enrolment-codes')).status).toBe(403);
    expect((await b('admin-a').post('/api/enterprises/ent-b/enrolment-codes')).status).toBe(403);
    expect((await b('admin-a').post(`/api/devices/${deviceB}/revoke`, { reason: 'x' })).status).toBe(403);
    const own = await b('admin-b').get<{ devices: DeviceView[] }>('/api/enterprises/ent-b/devices');
    expect(own.body.devices).toMatchObject([{ deviceId: deviceB, status: 'active' }]);
    expect((await b('admin-a').get<{ devices: DeviceView[] }>('/api/enterprises/ent-a/devices')).body.devices).toEqual([]);
  });

  it('meter types, benches and authorisations: neither read nor written across enterprises', async () => {
    for (const path of ['meter-types', 'benches', 'authorisations']) {
      expect((await b('op-a').get(`/api/enterprises/ent-b/${path}`)).status).toBe(403);
      expect((await b('admin-a').get(`/api/enterprises/ent-b/${path}`)).status).toBe(403);
    }
    expect((await b('admin-a').put('/api/enterprises/ent-b/meter-types/X', meterType('X'))).status).toBe(403);
    expect((await b('admin-a').put('/api/enterprises/ent-b/benches/X', { name: 'x', uRelPct: null })).status).toBe(403);
    const bTypes = await b('admin-b').get<{ meterTypes: { model: string }[] }>('/api/enterprises/ent-b/meter-types');
    expect(bTypes.body.meterTypes.map((t) => t.model)).toEqual(['B-20']);
    const bBenches = await b('admin-b').get<{ benches: unknown[] }>('/api/enterprises/ent-b/benches');
    expect(bBenches.body.benches).toEqual([{ id: 'B-1', name: 'bench B', uRelPct: 0.3 }]);
    // an authorisation of B filed under A's path is refused, and an id of B's is not taken over by A
    expect((await b('regulator').put('/api/enterprises/ent-a/authorisations/auth-b', authorisation('auth-b', 'ent-b'))).status).toBe(400);
    expect((await b('regulator').put('/api/enterprises/ent-a/authorisations/auth-b', authorisation('auth-b', 'ent-a'))).status).toBe(409);
  });
});

describe('roles', () => {
  it('the operator reads its enterprise’s reference data but writes none of it', async () => {
    expect((await b('op-a').get('/api/enterprises/ent-a/meter-types')).status).toBe(200);
    const put = await b('op-a').put<{ reason: string }>('/api/enterprises/ent-a/meter-types/A-20', meterType('A-20'));
    expect(put.status).toBe(403);
    expect(put.body.reason).toBe('forbidden');
    expect((await b('op-a').get('/api/users')).status).toBe(403);
    expect((await b('op-a').get('/api/enterprises/ent-a/devices')).status).toBe(403);
    expect((await b('op-a').post('/api/enterprises/ent-a/enrolment-codes')).status).toBe(403);
  });

  it('authorisations are the regulator’s (and admin’s): an enterprise admin cannot grant itself one', async () => {
    expect((await b('admin-a').put('/api/enterprises/ent-a/authorisations/auth-a', authorisation('auth-a', 'ent-a'))).status).toBe(403);
    expect((await b('regulator').put('/api/enterprises/ent-a/authorisations/auth-a', authorisation('auth-a', 'ent-a'))).status).toBe(200);
    const seen = await b('op-a').get<{ authorisations: { id: string }[] }>('/api/enterprises/ent-a/authorisations');
    expect(seen.body.authorisations.map((a) => a.id)).toEqual(['auth-a']);
  });

  it('the regulator and the institute read every enterprise but manage no people or devices; only the admin makes enterprises', async () => {
    for (const who of ['regulator', 'institute']) {
      expect((await b(who).get<{ enterprises: unknown[] }>('/api/enterprises')).body.enterprises).toHaveLength(2);
      expect((await b(who).get('/api/enterprises/ent-b/devices')).status).toBe(200);
      expect((await b(who).get('/api/users')).status).toBe(403);
      expect((await b(who).post(`/api/devices/${deviceB}/revoke`, { reason: 'x' })).status).toBe(403);
      expect((await b(who).post('/api/enterprises', { id: 'ent-c', name: 'c' })).status).toBe(403);
    }
    expect((await b('institute').put('/api/enterprises/ent-a/authorisations/auth-x', authorisation('auth-x', 'ent-a'))).status).toBe(403);
    // the standing is the penalty ladder's, never set by hand, not even by the regulator (docs/penalties.md)
    const standing = await b('regulator').call<{ reason: string }>('PATCH', '/api/enterprises/ent-b', { standing: 'rectifying' });
    expect(standing.status).toBe(409);
    expect(standing.body.reason).toBe('standing-by-ladder');
    expect((await b('admin-b').call('PATCH', '/api/enterprises/ent-b', { standing: 'normal' })).status).toBe(403);
  });

  it('a disabled person is signed out at once', async () => {
    const res = await b('root').post<UserView>('/api/users', { username: 'temp', displayName: 't', password: 'password-1', roles: ['operator'], enterpriseId: 'ent-a' });
    const temp = new Browser(s.url);
    await temp.login('temp', 'password-1');
    expect((await b('admin-a').post(`/api/users/${res.body.id}/disable`)).status).toBe(200);
    expect((await temp.get('/api/auth/me')).status).toBe(401);
    expect((await temp.login('temp', 'password-1')).status).toBe(401);
  });
});
