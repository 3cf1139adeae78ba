/**
 * Risk early warning on a real server (docs/risk.md): two synthetic bench PCs synced through
 * the real protocol (sync-server/cli/seed/) with forged data — the second PC copies the
 * first one's readings onto other serials (same PRNG seed) and starts a second chain on the
 * same bench; both are made with the synthetic PC's `forged` timing (syntheticTiming.ts):
 * runs 200 ms between lines that report 60 s, and 10 L at every point where no flow ×
 * duration gives it. The scan raises each kind once, with raw refs that resolve to the
 * lines that show it; the regulator acknowledges with a note. (An honest synthetic PC
 * raises nothing: sync-server/cli/seed/syntheticDevice.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../cli/seed/seedDemo.ts';
import { PersonSession } from '../../cli/seed/serverApi.ts';
import { Browser, startTestServer, type TestServer } from '../identity/testServer.ts';
import type { RiskAlertView } from './riskScan.ts';

const NOW = '2026-11-30T02:00:00.000Z';
let s: TestServer;
let regulator: Browser;

interface RawLines {
  truncated: boolean;
  lines: Array<{ seq: number; text: string; cited: boolean; direction: string }>;
}

async function seed(prefix: string, minutesBefore: number): Promise<string> {
  const person = await PersonSession.signIn(s.url, 'ent-admin', 'demo');
  const r = await seedDemo({ baseUrl: s.url, person, enterpriseId: 'demo', meters: 10, until: new Date(Date.parse(NOW) - minutesBefore * 60_000), timing: 'forged', seed: 7, serialPrefix: prefix, batchPrefix: `${prefix}-B`, label: prefix });
  expect(r.refused).toEqual([]);
  return r.deviceId;
}

const alerts = async (query = ''): Promise<RiskAlertView[]> => {
  const a = await regulator.get<{ alerts: RiskAlertView[] }>(`/api/risk/alerts${query}`);
  expect(a.status).toBe(200);
  return a.body.alerts;
};

let first: string;
let second: string;

beforeAll(async () => {
  s = await startTestServer({ config: { demo: true }, start: NOW });
  regulator = new Browser(s.url);
  expect((await regulator.login('regulator', 'demo')).status).toBe(200);
  first = await seed('RISKA', 10);
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

describe('risk early warning on synced data', () => {
  it('scans by itself after a push: the first PC\'s impossible timing is raised without asking', async () => {
    // the scan runs after the push's answer, in a worker thread that starts in a second or
    // two: poll, at most 600 times 50 ms
    let found: RiskAlertView[] = [];
    for (let i = 0; i < 600 && found.length === 0; i++) {
      found = await alerts();
      if (found.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found.map((a) => a.kind), 'no alert appeared within 600 polls (30 s) of the automatic scan').toContain('rate-implausible');
  });

  it('raises each forgery kind once, with refs to the lines that show it', async () => {
    second = await seed('RISKB', 5);
    const scan = await regulator.post<{ enterprises: number; findings: number; added: number }>('/api/risk/scan', { enterpriseId: 'demo' });
    expect(scan.status).toBe(200);
    const list = await alerts('?enterpriseId=demo');
    const kinds = new Set(list.map((a) => a.kind));
    for (const k of ['copied-errors', 'chain-restart', 'volume-inconsistent', 'rate-implausible'] as const) expect(kinds, k).toContain(k);
    expect(kinds).not.toContain('clock-jump');
    expect(kinds).not.toContain('back-dated');

    // copied errors: the two PCs' meters n and n share every error, one alert for the two sessions;
    // the refs span each PC's MV lines
    const copied = list.filter((a) => a.kind === 'copied-errors');
    expect(copied).toHaveLength(1);
    expect(copied[0]!.enterpriseName, 'the regulator reads the enterprise by its name').toBe('泰安示范水表有限公司（演示）');
    const groups = copied[0]!.evidence['groups'] as Array<{ serials: string[] }>;
    expect(groups).toHaveLength(10);
    expect(groups.map((g) => g.serials.map((x) => x.slice(0, 5)).join('='))).toEqual(Array(10).fill('RISKA=RISKB'));
    expect(new Set(copied[0]!.rawRefs.map((r) => r.deviceId))).toEqual(new Set([first, second]));
    for (const ref of copied[0]!.rawRefs) {
      const raw = await regulator.get<RawLines>(`/api/risk/raw-lines?deviceId=${ref.deviceId}&fromSeq=${ref.fromSeq}&toSeq=${ref.toSeq}`);
      expect(raw.status).toBe(200);
      const cited = raw.body.lines.filter((l) => l.cited);
      expect(cited.length).toBe(ref.toSeq - ref.fromSeq + 1);
      expect(cited[0]!.text).toMatch(/^MV /);
      expect(cited.at(-1)!.text).toMatch(/^MV /);
      expect(cited.filter((l) => l.text.startsWith('MV ')).length).toBe(30);
      // context around the cited lines
      expect(raw.body.lines.length).toBeGreaterThan(cited.length);
    }

    // Va vs flow × duration: the refs run from the RUN command to RD
    const volume = list.find((a) => a.kind === 'volume-inconsistent' && a.rawRefs[0]!.deviceId === first)!;
    const ref = volume.rawRefs[0]!;
    const raw = await regulator.get<RawLines>(`/api/risk/raw-lines?deviceId=${ref.deviceId}&fromSeq=${ref.fromSeq}&toSeq=${ref.toSeq}`);
    const cited = raw.body.lines.filter((l) => l.cited);
    expect(cited[0]!.text).toMatch(/^RUN /);
    expect(cited.at(-1)!.text).toMatch(/^RD /);
    expect(cited.some((l) => l.text.startsWith('RE ') && l.text.includes('dur=60'))).toBe(true);
    const run = (volume.evidence['runs'] as Array<{ durationS: number; referenceL: number; expectedL: number }>)[0]!;
    expect(run.durationS).toBe(60);
    expect(run.referenceL).toBe(10);

    // a second chain on DEMO-BENCH: the new PC names no predecessor
    const chain = list.find((a) => a.kind === 'chain-restart')!;
    expect(chain.evidence).toMatchObject({ benchId: 'DEMO-BENCH', newDevice: second, earlierDevice: first, predecessor: null, parallel: false });
  });

  it('stores a finding once, however often it is scanned', async () => {
    const before = (await alerts()).length;
    const again = await regulator.post<{ added: number; findings: number }>('/api/risk/scan', {});
    expect(again.body.added).toBe(0);
    expect(again.body.findings).toBe(before);
    expect((await alerts()).length).toBe(before);
  });

  it('filters by kind and open, and the regulator acknowledges with a note', async () => {
    const copied = await alerts('?kind=copied-errors');
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.every((a) => a.kind === 'copied-errors')).toBe(true);
    const id = copied[0]!.id;
    expect((await regulator.post(`/api/risk/alerts/${id}/acknowledge`, { note: '' })).status).toBe(400);
    expect((await regulator.post(`/api/risk/alerts/${id}/acknowledge`, { note: 'x' }, { csrf: false })).status).toBe(403);
    const ack = await regulator.post<RiskAlertView>(`/api/risk/alerts/${id}/acknowledge`, { note: '已现场核查，企业复制了读数' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ acknowledgedAt: NOW, acknowledgedBy: 'regulator', acknowledgedNote: '已现场核查，企业复制了读数' });
    expect((await regulator.post(`/api/risk/alerts/${id}/acknowledge`, { note: 'again' })).body).toMatchObject({ reason: 'already-acknowledged' });
    expect((await alerts('?open=true')).map((a) => a.id)).not.toContain(id);
    expect((await alerts()).map((a) => a.id)).toContain(id);
  });

  it('lets the institute read but not acknowledge or scan, and keeps enterprises out', async () => {
    const institute = new Browser(s.url);
    expect((await institute.login('institute', 'demo')).status).toBe(200);
    expect((await institute.get('/api/risk/alerts')).status).toBe(200);
    const id = (await alerts('?open=true'))[0]!.id;
    expect((await institute.post(`/api/risk/alerts/${id}/acknowledge`, { note: 'x' })).status).toBe(403);
    expect((await institute.post('/api/risk/scan', {})).status).toBe(403);
    const entAdmin = new Browser(s.url);
    expect((await entAdmin.login('ent-admin', 'demo')).status).toBe(200);
    expect((await entAdmin.get('/api/risk/alerts')).status).toBe(403);
    expect((await entAdmin.get(`/api/risk/raw-lines?deviceId=${first}&fromSeq=1&toSeq=3`)).status).toBe(403);
  });

  it('caps the raw lines and refuses a backwards range', async () => {
    const big = await regulator.get<RawLines>(`/api/risk/raw-lines?deviceId=${first}&fromSeq=1&toSeq=100000`);
    expect(big.status).toBe(200);
    expect(big.body.truncated).toBe(true);
    expect(big.body.lines.filter((l) => l.cited).length).toBeLessThanOrEqual(200);
    expect((await regulator.get(`/api/risk/raw-lines?deviceId=${first}&fromSeq=5&toSeq=2`)).body).toMatchObject({ reason: 'bad-range' });
    expect((await regulator.get('/api/risk/raw-lines?deviceId=nope&fromSeq=1&toSeq=2')).status).toBe(404);
  });
});
