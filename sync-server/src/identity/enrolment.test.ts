import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerPart } from '../app.ts';
import { enrolResponseSchema } from '../../../web/src/sync/protocol.ts';
import { jwkThumbprint } from '../../../web/src/store/signing.ts';
import { codeLifetimeMs } from './enrolment.ts';
import { requireDevice } from './guards.ts';
import { identityPart } from './part.ts';
import type { DeviceView, EnrolmentCodeView } from './api.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from './testServer.ts';

/** A route that only a device reaches: what sync/ does first on every request. */
const whoAmI: ServerPart = (app, deps) => {
  app.get('/api/test/device', async (req) => requireDevice(deps, req));
};

let s: TestServer;
let adminA: Browser;
let adminB: Browser;

async function codeFor(b: Browser, enterpriseId: string): Promise<string> {
  const res = await b.post<EnrolmentCodeView>(`/api/enterprises/${enterpriseId}/enrolment-codes`);
  expect(res.status).toBe(201);
  return res.body.code;
}

async function asDevice(token: string | null) {
  const res = await fetch(`${s.url}/api/test/device`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  s = await startTestServer({ parts: [identityPart, whoAmI] });
  const root = new Browser(s.url);
  await root.login('root', 'root-password');
  for (const e of ['ent-a', 'ent-b']) {
    expect((await root.post('/api/enterprises', { id: e, name: `Enterprise ${e}` })).status).toBe(201);
    const u = await root.post('/api/users', { username: `admin-${e}`, displayName: `Admin ${e}`, password: 'password-1', roles: ['enterprise-admin'], enterpriseId: e });
    expect(u.status).toBe(201);
  }
  expect((await root.post('/api/users', { username: 'op-a', displayName: 'Op', password: 'password-1', roles: ['operator'], enterpriseId: 'ent-a' })).status).toBe(201);
  adminA = new Browser(s.url);
  adminB = new Browser(s.url);
  expect((await adminA.login('admin-ent-a', 'password-1')).status).toBe(200);
  expect((await adminB.login('admin-ent-b', 'password-1')).status).toBe(200);
});
afterAll(() => s.stop());

describe('enrolment codes', () => {
  it('are short, typeable and kept only as a hash', async () => {
    const code = await codeFor(adminA, 'ent-a');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const dump = JSON.stringify(s.running.db.prepare('SELECT * FROM enrolment_codes').all());
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(code.replace('-', ''));
  });

  it('are made by an enterprise admin only, for their own enterprise', async () => {
    const op = new Browser(s.url);
    await op.login('op-a', 'password-1');
    expect((await op.post<{ reason: string }>('/api/enterprises/ent-a/enrolment-codes')).body.reason).toBe('forbidden');
    expect((await adminB.post<{ reason: string }>('/api/enterprises/ent-a/enrolment-codes')).status).toBe(403);
  });
});

describe('enrolment', () => {
  it('registers the key, computes the kid itself and returns a token and the server key', async () => {
    const key = await deviceKey();
    const deviceId = crypto.randomUUID();
    const code = await codeFor(adminA, 'ent-a');
    const res = await enrol(s.url, { protocol: 1, code: code.toLowerCase().replace('-', ' '), deviceId, publicKeyJwk: key.publicKeyJwk, label: 'PC 1' });
    expect(res.status).toBe(200);
    const body = enrolResponseSchema.parse(res.body);
    expect(body).toMatchObject({ deviceId, enterpriseId: 'ent-a', serverTime: s.now.value.toISOString() });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.serverKey).toEqual({ kid: s.running.deps.serverKey.kid, publicKeyJwk: s.running.deps.serverKey.publicKeyJwk });
    const me = await asDevice(body.token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ deviceId, enterpriseId: 'ent-a', kid: await jwkThumbprint(key.publicKeyJwk), publicKeyJwk: key.publicKeyJwk });
    const stored = JSON.stringify(s.running.db.prepare('SELECT * FROM devices').all());
    expect(stored).not.toContain(body.token);
  });

  it('takes a code once: a second device is refused with enrolment-code-used', async () => {
    const code = await codeFor(adminA, 'ent-a');
    const first = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
    expect(first.status).toBe(200);
    const second = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
    expect(second.status).toBe(403);
    expect(second.body).toMatchObject({ reason: 'enrolment-code-used' });
  });

  it('refuses an expired code and an unknown one', async () => {
    const code = await codeFor(adminA, 'ent-a');
    const start = s.now.value;
    s.now.value = new Date(start.getTime() + codeLifetimeMs);
    try {
      const late = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
      expect(late.body).toMatchObject({ reason: 'enrolment-code-expired' });
    } finally {
      s.now.value = start;
    }
    const unknown = await enrol(s.url, { protocol: 1, code: 'AAAA-AAAA', deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
    expect(unknown.status).toBe(403);
    expect(unknown.body).toMatchObject({ reason: 'enrolment-code-invalid' });
  });

  it('never replaces a key under the same device id (key-substituted), and the code stays unspent', async () => {
    const original = await deviceKey();
    const deviceId = crypto.randomUUID();
    const enrolled = await enrol(s.url, { protocol: 1, code: await codeFor(adminA, 'ent-a'), deviceId, publicKeyJwk: original.publicKeyJwk });
    expect(enrolled.status).toBe(200);
    const code = await codeFor(adminA, 'ent-a');
    const attacker = await deviceKey();
    const substituted = await enrol(s.url, { protocol: 1, code, deviceId, publicKeyJwk: attacker.publicKeyJwk });
    expect(substituted.status).toBe(409);
    expect(substituted.body).toMatchObject({ reason: 'key-substituted' });
    const row = s.running.db.prepare('SELECT kid FROM devices WHERE device_id = ?').get(deviceId) as { kid: string };
    expect(row.kid).toBe(await jwkThumbprint(original.publicKeyJwk));
    // the same key under a second device id is refused too
    const copied = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: original.publicKeyJwk });
    expect(copied.body).toMatchObject({ reason: 'key-in-use' });
    // the refused attempts did not spend the code
    expect((await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: attacker.publicKeyJwk })).status).toBe(200);
  });

  it('lets the same PC with the same key enrol again (lost token): the old token stops working', async () => {
    const key = await deviceKey();
    const deviceId = crypto.randomUUID();
    const a = await enrol(s.url, { protocol: 1, code: await codeFor(adminA, 'ent-a'), deviceId, publicKeyJwk: key.publicKeyJwk });
    const b = await enrol(s.url, { protocol: 1, code: await codeFor(adminA, 'ent-a'), deviceId, publicKeyJwk: key.publicKeyJwk });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await asDevice((a.body as { token: string }).token)).status).toBe(401);
    expect((await asDevice((b.body as { token: string }).token)).status).toBe(200);
    // but not into another enterprise
    const other = await enrol(s.url, { protocol: 1, code: await codeFor(adminB, 'ent-b'), deviceId, publicKeyJwk: key.publicKeyJwk });
    expect(other.body).toMatchObject({ reason: 'device-enrolled-elsewhere' });
  });

  it('refuses a key that is not a P-256 point, and a body off the schema', async () => {
    const code = await codeFor(adminA, 'ent-a');
    const bad = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ reason: 'bad-key' });
    const extra = await enrol(s.url, { protocol: 1, code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk, kid: 'mine' });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ reason: 'schema-invalid' });
  });
});

describe('device tokens and revocation', () => {
  it('answers 401 unknown-device without a token or with a made-up one', async () => {
    expect(await asDevice(null)).toMatchObject({ status: 401, body: { reason: 'unknown-device' } });
    expect(await asDevice('x'.repeat(43))).toMatchObject({ status: 401, body: { reason: 'unknown-device' } });
  });

  it('refuses a revoked device’s token (403 device-revoked); only its own enterprise’s admin revokes it', async () => {
    const key = await deviceKey();
    const deviceId = crypto.randomUUID();
    const res = await enrol(s.url, { protocol: 1, code: await codeFor(adminA, 'ent-a'), deviceId, publicKeyJwk: key.publicKeyJwk });
    const token = (res.body as { token: string }).token;
    expect((await asDevice(token)).status).toBe(200);

    const foreign = await adminB.post<{ reason: string }>(`/api/devices/${deviceId}/revoke`, { reason: 'not mine' });
    expect(foreign.status).toBe(403);
    expect((await asDevice(token)).status).toBe(200);
    expect((await adminA.post(`/api/devices/${deviceId}/revoke`, { reason: '' })).status).toBe(400);

    s.now.value = new Date(s.now.value.getTime() + 120_000);
    const revoked = await adminA.post<DeviceView>(`/api/devices/${deviceId}/revoke`, { reason: 'PC stolen' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'PC stolen', revokedAt: s.now.value.toISOString() });
    expect(await asDevice(token)).toMatchObject({ status: 403, body: { reason: 'device-revoked' } });

    const list = await adminA.get<{ devices: DeviceView[] }>('/api/enterprises/ent-a/devices');
    const listed = list.body.devices.find((d) => d.deviceId === deviceId);
    expect(listed).toMatchObject({ status: 'revoked', revokedReason: 'PC stolen', label: null });
    expect(listed?.lastSeenAt).not.toBeNull();
    // a revoked device does not come back with a new code
    const again = await enrol(s.url, { protocol: 1, code: await codeFor(adminA, 'ent-a'), deviceId, publicKeyJwk: key.publicKeyJwk });
    expect(again.body).toMatchObject({ reason: 'device-revoked' });
  });
});
