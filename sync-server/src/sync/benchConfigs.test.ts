/**
 * `bench-config` push items and GET /api/bench-configs (docs/bench-config.md; issue 14
 * item 1), through HTTP on a real server and SQLite file: a saved version is validated
 * again with the PC's own parseBenchConfig and refused with `bench-config-invalid` (every
 * path named) when it does not validate; a re-push is a duplicate, another content under a
 * held version a conflict; people read the latest versions of their enterprise's devices only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemResult, PushItem, PushResponse } from '../../../web/src/sync/protocol.ts';
import { benchConfigPart, type BenchConfigView } from '../benchConfigs/benchConfigRoutes.ts';
import { identityPart } from '../identity/part.ts';
import { Browser, deviceKey, enrol, startTestServer, type TestServer } from '../identity/testServer.ts';
import { syncPart } from './part.ts';

let s: TestServer;
const as: Record<string, Browser> = {};
const devices: Record<string, { deviceId: string; token: string }> = {};

function b(name: string): Browser {
  const browser = as[name];
  if (!browser) throw new Error(`no browser for ${name}`);
  return browser;
}
function device(e: string): { deviceId: string; token: string } {
  const d = devices[e];
  if (!d) throw new Error(`no device of ${e}`);
  return d;
}

const reg = (address: number, type: 'u16' | 'u32' | 'f32' = 'f32') => ({ table: 'input', address, type, ...(type === 'u16' ? {} : { wordOrder: 'high-first' }) });
function plcBench(id: string, name: string, counterType: 'u32' | 'f32' = 'u32') {
  return {
    format: 'erjian.bench/1',
    id,
    name,
    uRelPct: 0.2,
    setup: {
      kind: 'plc',
      plc: { link: { baudRate: 19200, parity: 'even' }, unitId: 1, registers: { flowLph: reg(0), waterTempC: reg(2), airTempC: reg(4) }, control: { valves: [{ kind: 'coil', address: 0 }] } },
      reference: { kind: 'balance', link: { baudRate: 9600 } },
      reading: 'pulse',
      positions: [{ position: 1, counter: reg(100, counterType), pulsesPerL: 100 }],
    },
  };
}
const item = (config: ReturnType<typeof plcBench>, version: number, savedAt = '2026-11-30T00:30:00.000Z'): PushItem => ({
  kind: 'bench-config',
  id: `${config.id}#${version}`,
  body: { configId: config.id, version, config, savedAt, savedBy: 'op-1' },
});

async function push(e: string, items: PushItem[]): Promise<{ status: number; body: PushResponse }> {
  const d = device(e);
  const res = await fetch(`${s.url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${d.token}` },
    body: JSON.stringify({ protocol: 1, deviceId: d.deviceId, pushId: crypto.randomUUID(), lines: [], items }),
  });
  return { status: res.status, body: (await res.json()) as PushResponse };
}
const statuses = (results: ItemResult[]) => results.map((r) => [r.id, r.status, r.status === 'rejected' ? r.reason : null]);

beforeAll(async () => {
  s = await startTestServer({ parts: [identityPart, syncPart, benchConfigPart] });
  const root = (as.root = new Browser(s.url));
  expect((await root.login('root', 'root-password')).status).toBe(200);
  for (const e of ['ent-a', 'ent-b']) expect((await root.post('/api/enterprises', { id: e, name: e })).status).toBe(201);
  const people: [string, string[], string | null][] = [
    ['admin-a', ['enterprise-admin'], 'ent-a'],
    ['op-a', ['operator', 'verifier'], 'ent-a'],
    ['admin-b', ['enterprise-admin'], 'ent-b'],
    ['regulator', ['regulator'], null],
  ];
  for (const [username, roles, enterpriseId] of people) {
    expect((await root.post('/api/users', { username, displayName: username, password: 'password-1', roles, enterpriseId })).status).toBe(201);
    as[username] = new Browser(s.url);
    expect((await b(username).login(username, 'password-1')).status).toBe(200);
  }
  for (const [e, admin] of [['ent-a', 'admin-a'], ['ent-b', 'admin-b']] as const) {
    const code = await b(admin).post<{ code: string }>(`/api/enterprises/${e}/enrolment-codes`);
    const deviceId = crypto.randomUUID();
    const answer = await enrol(s.url, { protocol: 1, code: code.body.code, deviceId, publicKeyJwk: (await deviceKey()).publicKeyJwk, label: `PC of ${e}` });
    expect(answer.status).toBe(200);
    devices[e] = { deviceId, token: (answer.body as { token: string }).token };
  }
}, 60_000);
afterAll(() => s?.stop());

describe('bench-config push items', () => {
  it('takes valid versions, answers a re-push as duplicate, refuses another content under a held version', async () => {
    const first = await push('ent-a', [item(plcBench('B-1', 'Bench one'), 1), item(plcBench('B-1', 'Bench one, v2'), 2)]);
    expect(first.status).toBe(200);
    expect(statuses(first.body.results)).toEqual([
      ['B-1#1', 'accepted', null],
      ['B-1#2', 'accepted', null],
    ]);
    const again = await push('ent-a', [item(plcBench('B-1', 'Bench one'), 1), item(plcBench('B-1', 'Bench one, edited'), 2)]);
    expect(statuses(again.body.results)).toEqual([
      ['B-1#1', 'duplicate', null],
      ['B-1#2', 'rejected', 'content-conflict'],
    ]);
    expect(await push('ent-b', [item(plcBench('B-9', 'Bench of B'), 1)])).toMatchObject({ body: { results: [{ status: 'accepted' }] } });
  });

  it('refuses a configuration that does not validate, naming the path, and a version dated after the receipt', async () => {
    const bad = await push('ent-a', [item(plcBench('B-2', 'Bad counter', 'f32'), 1)]);
    const r = bad.body.results[0];
    expect(r).toMatchObject({ id: 'B-2#1', status: 'rejected', reason: 'bench-config-invalid', retry: false });
    expect(r?.status === 'rejected' && r.message).toContain('setup.positions[0].counter.type');
    const wrongId = await push('ent-a', [{ ...item(plcBench('B-3', 'x'), 1), id: 'B-3#7' }]);
    expect(wrongId.body.results[0]).toMatchObject({ status: 'rejected', reason: 'schema-invalid' });
    const future = await push('ent-a', [item(plcBench('B-4', 'Ahead'), 1, '2026-11-30T05:00:00.000Z')]);
    expect(future.body.results[0]).toMatchObject({ status: 'rejected', reason: 'time-invalid', retry: true });
  });
});

describe('GET /api/bench-configs', () => {
  type Answer = { configs: BenchConfigView[] };
  it("gives an enterprise admin the latest version of their own devices' configurations only", async () => {
    const a = await b('admin-a').get<Answer>('/api/bench-configs');
    expect(a.status).toBe(200);
    expect(a.body.configs.map((c) => [c.configId, c.version, c.name, c.deviceLabel, c.savedBy])).toEqual([['B-1', 2, 'Bench one, v2', 'PC of ent-a', 'op-1']]);
    expect(a.body.configs[0]).toMatchObject({ deviceId: device('ent-a').deviceId, savedAt: '2026-11-30T00:30:00.000Z', receivedAt: '2026-11-30T01:00:00.000Z', config: { format: 'erjian.bench/1', setup: { timing: { pollMs: 250 } } } });
    const across = await b('admin-a').get<{ reason: string }>('/api/bench-configs?enterpriseId=ent-b');
    expect(across.status).toBe(403);
    expect(across.body.reason).toBe('forbidden');
  });

  it('gives the regulator every enterprise, or one by name; refuses operators and strangers', async () => {
    const all = await b('regulator').get<Answer>('/api/bench-configs');
    expect(all.body.configs.map((c) => [c.enterpriseId, c.configId, c.version])).toEqual([
      ['ent-a', 'B-1', 2],
      ['ent-b', 'B-9', 1],
    ]);
    expect((await b('regulator').get<Answer>('/api/bench-configs?enterpriseId=ent-b')).body.configs.map((c) => c.configId)).toEqual(['B-9']);
    expect((await b('op-a').get('/api/bench-configs')).status).toBe(403);
    expect((await new Browser(s.url).get('/api/bench-configs')).status).toBe(401);
  });
});
