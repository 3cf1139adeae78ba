/**
 * The public lookup against the real server and a real SQLite file (docs/lookup.md): the
 * exact Annex-2 body of the newest current record, recalls, the 404 and 429 shapes, the
 * page routes, and that nothing internal leaks.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicMeterSchema } from '../../../web/src/sync/protocol.ts';
import { configWith } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import { insertPublicMeter, insertRecall, publicMeterRow } from './fixtures.ts';
import type { PublicMeterRow } from '../db/tables/sync.ts';
import { qb, run } from '../db/sql.ts';

const clock = () => new Date('2026-03-10T02:00:00.000Z');
const annex2Keys = ['instrument_name', 'model', 'serial', 'accuracy_class', 'manufacturer', 'production_date', 'verification_date', 'valid_until', 'conclusion', 'institution'];

let dir: string;
let server: RunningServer;
const inserted: PublicMeterRow[] = [];

function meter(overrides: Parameters<typeof publicMeterRow>[0]): PublicMeterRow {
  const row = insertPublicMeter(server.db, publicMeterRow(overrides));
  inserted.push(row);
  return row;
}

async function lookup(serial: string, base = server.url): Promise<{ status: number; headers: Headers; text: string; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/api/public/meters/${encodeURIComponent(serial)}`);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, unknown> };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'erjian-lookup-'));
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>operator app</title><erjian-app></erjian-app>');
  writeFileSync(join(dist, 'lookup.html'), '<!doctype html><title>水表检定信息查询</title><main id="lookup"></main>');
  server = await startServer({ config: configWith({ dataDir: join(dir, 'data'), staticRoot: dist, lookupRatePerMinute: 10_000 }), clock });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/public/meters/:serial', () => {
  it('answers exactly the Annex-2 keys plus integrity and recall, with a short cache lifetime', async () => {
    const row = meter({ serial: 'LK-0001' });
    const res = await lookup('LK-0001');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([...annex2Keys, 'integrity', 'recall'].sort());
    expect(publicMeterSchema.parse(res.body)).toEqual({
      instrument_name: row.instrument_name,
      model: row.model,
      serial: 'LK-0001',
      accuracy_class: row.accuracy_class,
      manufacturer: row.manufacturer,
      production_date: row.production_date,
      verification_date: row.verification_date,
      valid_until: row.valid_until,
      conclusion: '合格',
      institution: row.institution,
      integrity: 'verified',
      recall: null,
    });
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('shows the newest non-superseded record: a re-verification replaces the earlier one, a newer superseded one never shows, two devices\' current records give the newer', async () => {
    const replacement = 'verif-replacement-of-lk2';
    meter({ serial: 'LK-0002', created_at: '2026-03-01T01:00:00.000Z', superseded_by: replacement, valid_until: '2032-02-28', verification_date: '2026-03-01' });
    meter({ serial: 'LK-0002', verification_id: replacement, created_at: '2026-03-02T01:00:00.000Z', verification_date: '2026-03-02', valid_until: '2032-03-01' });
    // Newest by device time, but superseded (withdrawn): never shown.
    meter({ serial: 'LK-0002', created_at: '2026-03-05T01:00:00.000Z', superseded_by: 'verif-later', conclusion: '不合格', valid_until: null, verification_date: '2026-03-05' });
    // Another device's current record, newer than the replacement: the conflict is kept, the newer shows.
    meter({ serial: 'LK-0002', created_at: '2026-03-03T01:00:00.000Z', verification_date: '2026-03-03', valid_until: '2032-03-02', model: 'LXS-15E-B' });
    const res = await lookup('LK-0002');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verification_date: '2026-03-03', valid_until: '2032-03-02', model: 'LXS-15E-B', conclusion: '合格' });
  });

  it('answers 404 when every record of the serial is superseded', async () => {
    meter({ serial: 'LK-0003', superseded_by: 'verif-gone' });
    expect((await lookup('LK-0003')).status).toBe(404);
  });

  it('normalises the serial as the app does: full-width and lower case find the meter; a label\'s percent-encoded form is one path segment', async () => {
    meter({ serial: '24A00109' });
    for (const typed of ['２４Ａ００１０９', '24a00109', ' 24A00109 ']) {
      const res = await lookup(typed);
      expect(res.status, typed).toBe(200);
      expect(res.body.serial).toBe('24A00109');
    }
    meter({ serial: 'A/B#1?X' });
    expect((await lookup('a/b#1?x')).body.serial).toBe('A/B#1?X');
  });

  it('shows a not-passed meter with no 有效期, and a broken record chain as such', async () => {
    meter({ serial: 'LK-0004', conclusion: '不合格', valid_until: null, integrity: 'broken' });
    const res = await lookup('LK-0004');
    expect(publicMeterSchema.parse(res.body)).toMatchObject({ conclusion: '不合格', valid_until: null, integrity: 'broken' });
  });

  it('adds the recall notice of the meter\'s own enterprise, the newest one, whatever its progress', async () => {
    meter({ serial: 'LK-0005' });
    meter({ serial: 'LK-0006' });
    insertRecall(server.db, { id: 'RC-2026-001', enterprise_id: 'ent-internal-taian-01', issued_on: '2026-03-05', reason: '计数器齿轮可能卡滞', action: '请联系制造单位免费更换', created_at: '2026-03-05T01:00:00.000Z' }, [
      { serial: 'LK-0005', status: 'affected' },
      { serial: 'LK-0006', status: 'replaced' },
    ]);
    insertRecall(server.db, { id: 'RC-2026-002', enterprise_id: 'ent-internal-taian-01', issued_on: '2026-03-08', reason: '外壳密封圈批次缺陷', action: '请勿继续使用，等待上门更换', created_at: '2026-03-08T01:00:00.000Z' }, [
      { serial: 'LK-0005', status: 'recalled' },
    ]);
    // Another manufacturer's notice naming the same serial is not this meter's.
    insertRecall(server.db, { id: 'RC-OTHER-9', enterprise_id: 'ent-internal-other', issued_on: '2026-03-09', reason: '其他企业', action: '其他企业', created_at: '2026-03-09T01:00:00.000Z' }, [
      { serial: 'LK-0005', status: 'affected' },
      { serial: 'LK-0001', status: 'affected' },
    ]);
    expect((await lookup('LK-0005')).body.recall).toEqual({ id: 'RC-2026-002', issuedOn: '2026-03-08', reason: '外壳密封圈批次缺陷', action: '请勿继续使用，等待上门更换' });
    expect((await lookup('LK-0006')).body.recall).toEqual({ id: 'RC-2026-001', issuedOn: '2026-03-05', reason: '计数器齿轮可能卡滞', action: '请联系制造单位免费更换' });
    expect((await lookup('LK-0001')).body.recall).toBeNull();
  });

  it('answers an unknown serial with 404 and the one error shape', async () => {
    const res = await lookup('NO-SUCH-1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'error', reason: 'meter-not-found', message: expect.stringContaining('NO-SUCH-1') as unknown });
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
  });

  it('leaks no internal id, hash, device, batch, enterprise, person or raw data in any answer', async () => {
    // The people and the raw data the server holds beside the public rows: the operator who
    // ran the session, a user of the enterprise, the bench's raw lines of the meter.
    const device = inserted[0]!.device_id;
    const operator = '王检定员';
    const rawText = 'WMB/1 RUN LK-0001 Q3 VI=10.0123 VA=10.0031*5A';
    run(server.db, qb.insertInto('users').values({ id: 'user-internal-1', enterprise_id: null, username: 'zhang.jianding', display_name: '张检定', password_hash: 'scrypt$x', roles: '["operator"]', created_at: '2026-03-01T00:00:00.000Z', disabled_at: null }));
    run(server.db, qb.insertInto('sync_sessions').values({ device_id: device, session_id: 'session-internal-1', enterprise_id: 'ent-internal-taian-01', bench_id: 'bench-internal-1', bench: '{}', u_rel_pct: 0.1, operator, started_at: '2026-03-02T01:00:00.000Z', state: 'ended', ended_at: '2026-03-02T02:00:00.000Z', head_seq: 1, id_line_bench: null }));
    run(server.db, qb.insertInto('sync_lines').values({ device_id: device, seq: 1, connection_id: 'conn-internal-1', session_id: 'session-internal-1', direction: 'in', text: rawText, received_at: '2026-03-02T01:30:00.000Z', prev_hash: '0'.repeat(64), hash: '1'.repeat(64), stored_at: '2026-03-02T03:00:00.000Z' }));
    const answers = await Promise.all(['LK-0001', 'LK-0002', 'LK-0004', 'LK-0005', '24A00109', 'NO-SUCH-1'].map((s) => lookup(s)));
    const internal = inserted.flatMap((r) => [r.verification_id, r.device_id, r.enterprise_id, r.batch_id, r.record_hash, r.created_at, r.received_at]);
    internal.push('ent-internal-other', 'verif-replacement-of-lk2', 'verif-later', operator, '张检定', 'zhang.jianding', 'user-internal-1', 'session-internal-1', 'bench-internal-1', 'conn-internal-1', rawText, 'WMB/1', '1'.repeat(64));
    for (const a of answers) {
      for (const value of internal) expect(a.text, value).not.toContain(value);
      expect(a.text).not.toMatch(/verification_id|device_id|enterprise_id|batch_id|record_hash|superseded|received_at|created_at|operator|"user|"seq"|"lines"/i);
    }
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After and the error shape once an address passes the limit; the page itself is not limited', async () => {
    const limited = await startServer({ config: configWith({ dataDir: join(dir, 'data-limited'), staticRoot: join(dir, 'dist'), lookupRatePerMinute: 5 }), clock });
    try {
      insertPublicMeter(limited.db, publicMeterRow({ serial: 'RL-0001' }));
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await lookup(i % 2 === 0 ? 'RL-0001' : 'RL-MISSING', limited.url)).status);
      expect(statuses).toEqual([200, 404, 200, 404, 200]);
      const res = await lookup('RL-0001', limited.url);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(res.body).toMatchObject({ status: 'error', reason: 'rate-limited' });
      expect(res.text).not.toContain('ent-internal');
      expect((await fetch(`${limited.url}/lookup/RL-0001`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('is configurable (--lookup-rate, ERJIAN_LOOKUP_RATE) and refuses nonsense', async () => {
    const { parseConfig } = await import('../config.ts');
    expect(parseConfig([], {}).lookupRatePerMinute).toBe(120);
    expect(parseConfig(['--lookup-rate', '1000000'], {}).lookupRatePerMinute).toBe(1_000_000);
    expect(parseConfig([], { ERJIAN_LOOKUP_RATE: '30' }).lookupRatePerMinute).toBe(30);
    expect(() => parseConfig(['--lookup-rate', '0'], {})).toThrow(/lookup-rate/);
  });
});

describe('the lookup page', () => {
  it('serves lookup.html, never the operator app, for /lookup, /lookup/ and every serial form a label prints', async () => {
    for (const path of ['/lookup', '/lookup/', '/lookup?lang=en', '/lookup/LK-0001', '/lookup/24a00109?lang=en', `/lookup/${encodeURIComponent('A/B#1 ?x')}`, `/lookup/${encodeURIComponent('表-01')}`]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('<main id="lookup">');
      expect(html, path).not.toContain('erjian-app');
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('x-robots-tag')).toContain('noindex');
    }
    expect((await fetch(`${server.url}/lookup/LK-0001`, { method: 'HEAD' })).status).toBe(200);
  });

  it('says the page is not built when dist/ lacks lookup.html', async () => {
    const empty = join(dir, 'empty-dist');
    mkdirSync(empty, { recursive: true });
    const bare = await startServer({ config: configWith({ dataDir: join(dir, 'data-bare'), staticRoot: empty }), clock });
    try {
      const res = await fetch(`${bare.url}/lookup/LK-0001`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('lookup.html');
    } finally {
      await bare.close();
    }
  });
});
