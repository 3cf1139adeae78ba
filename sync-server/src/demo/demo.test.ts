import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorisationStatus, pilotDate, type Authorisation } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { demoMeterTypes } from '../../../web/src/ui/bench/demoMeterTypes.ts';
import type { Db } from '../db/open.ts';
import type { EnrolmentCodeView } from '../identity/api.ts';
import { Browser, deviceKey, enrol, startTestServer } from '../identity/testServer.ts';
import { demoUsers } from './seed.ts';
import { demoBanner } from './demoPart.ts';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'erjian-demo-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function counts(db: Db) {
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { enterprises: n('enterprises'), users: n('users'), meterTypes: n('meter_types'), benches: n('benches'), authorisations: n('authorisations') };
}

describe('the demo', () => {
  it('seeds the demo enterprise once: a restart on the same data changes nothing', async () => {
    const start = '2026-11-30T01:00:00.000Z';
    const first = await startTestServer({ config: { dataDir, demo: true, firstAdmin: null }, start });
    let before;
    try {
      before = counts(first.running.db);
      expect(before).toEqual({ enterprises: 1, users: demoUsers.length, meterTypes: demoMeterTypes.length, benches: 1, authorisations: 1 });
      const ent = new Browser(first.url);
      expect((await ent.login('ent-admin', 'demo')).body.user).toMatchObject({ enterpriseId: 'demo', roles: ['enterprise-admin'] });
      const e = await ent.get<{ name: string; standing: string }>('/api/enterprises/demo');
      expect(e.body).toMatchObject({ name: '泰安示范水表有限公司（演示）', standing: 'normal' });
      const types = await ent.get<{ meterTypes: unknown[] }>('/api/enterprises/demo/meter-types');
      expect(types.body.meterTypes).toEqual([...demoMeterTypes]);
      expect((await ent.get('/api/enterprises/demo/benches')).body).toEqual({ benches: [{ id: 'DEMO-BENCH', name: '演示检定台', uRelPct: 0.2 }] });
      const auths = await ent.get<{ authorisations: Authorisation[] }>('/api/enterprises/demo/authorisations');
      const auth = auths.body.authorisations[0];
      expect(auth).toMatchObject({ certificateNo: expect.stringMatching(/^（鲁）法计〔\d{4}〕二检合一第001号$/), scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'], models: demoMeterTypes.map((t) => t.model) } });
      expect(auth && authorisationStatus(auth, pilotDate(new Date(start), defaultProfile), defaultProfile)).toBe('active');
      for (const u of ['admin', 'operator', 'regulator', 'institute']) expect((await new Browser(first.url).login(u, 'demo')).status).toBe(200);
      expect(demoBanner(first.running.deps)).toMatch(/DEMO ONLY[\s\S]*password "demo"[\s\S]*enrolment code of the demo enterprise: [2-9A-Z]{4}-[2-9A-Z]{4}/);
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ config: { dataDir, demo: true, firstAdmin: null }, start: '2027-03-01T01:00:00.000Z' });
    try {
      expect(counts(second.running.db)).toEqual(before);
    } finally {
      await second.stop();
    }
  });

  it('hands the PWA demo an enrolment code that enrols once, then a fresh one', async () => {
    const s = await startTestServer({ config: { dataDir, demo: true, firstAdmin: null } });
    try {
      const get = async () => (await fetch(`${s.url}/api/demo/enrolment-code`)).json() as Promise<EnrolmentCodeView>;
      const a = await get();
      expect(a.enterpriseId).toBe('demo');
      expect((await get()).code).toBe(a.code);
      expect(demoBanner(s.running.deps)).toContain(a.code);
      const enrolled = await enrol(s.url, { protocol: 1, code: a.code, deviceId: crypto.randomUUID(), publicKeyJwk: (await deviceKey()).publicKeyJwk });
      expect(enrolled.body).toMatchObject({ enterpriseId: 'demo' });
      const b = await get();
      expect(b.code).not.toBe(a.code);
    } finally {
      await s.stop();
    }
  });

  it('is absent without config.demo: no demo enterprise, no code route', async () => {
    const s = await startTestServer();
    try {
      expect(counts(s.running.db)).toMatchObject({ enterprises: 0, users: 1 });
      const res = await fetch(`${s.url}/api/demo/enrolment-code`);
      expect(res.status).toBe(404);
      expect(demoBanner(s.running.deps)).toBeNull();
    } finally {
      await s.stop();
    }
  });

  it('keeps a --first-admin called admin and adds the other demo people', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erjian-demo-admin-'));
    const s = await startTestServer({ config: { dataDir: dir, demo: true, firstAdmin: 'admin:a-real-password' } });
    try {
      expect(counts(s.running.db).users).toBe(demoUsers.length);
      expect((await new Browser(s.url).login('admin', 'demo')).status).toBe(401);
      expect((await new Browser(s.url).login('admin', 'a-real-password')).status).toBe(200);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
