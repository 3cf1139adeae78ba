/**
 * A PLC bench's day, synced (issue 14 item 2: "so the server can re-verify these runs too";
 * docs/sync.md "Re-verification", docs/bench-config.md "Replay"): the server rebuilds every
 * run of a PLC + balance session from the Modbus frames, the balance lines and the app's
 * step lines it holds, and takes the verifications only when they agree. A forger with the
 * page's own key who edits a balance answer in the record, or the runs in a record, is
 * refused `runs-differ`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile, meterVerdict } from '../../web/src/domain/index.ts';
import { jwkThumbprint } from '../../web/src/store/signing.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import { lines, resignEverything, rewriteFrom } from '../tamper/scenario.ts';
import { plcDay, type PlcDay } from '../plc/plcDay.ts';
import { count, enrol, push, seedEnterprise, startWorld, syncAll, type World } from './support.ts';

const SERIALS = ['P1', 'P2', 'P3'];

let day: PlcDay;
beforeAll(async () => {
  // P3's meter reads 3 % high: it fails at Q3 and Q2 (MPE ±2 %).
  day = await plcDay(SERIALS, { meterErrorPct: { 3: 3 } });
}, 120_000);
afterAll(async () => {
  await day?.db.delete();
});

async function world(): Promise<{ world: World; token: string }> {
  const w = await startWorld();
  seedEnterprise(w);
  return { world: w, token: await enrol(w, day.db) };
}

describe('a PLC + balance session synced', () => {
  it('is re-verified from its raw exchanges and taken: P1, P2 合格, P3 不合格', async () => {
    const { world: w, token } = await world();
    try {
      const answers = await syncAll(w, token, day.db, { maxLines: 5000 });
      expect(answers.flatMap((a) => a.results.filter((r) => r.status === 'rejected'))).toEqual([]);
      const rows = w.server.db.prepare('SELECT serial, conclusion, integrity FROM public_meters ORDER BY serial').all();
      expect(rows).toEqual([
        { serial: 'P1', conclusion: '合格', integrity: 'verified' },
        { serial: 'P2', conclusion: '合格', integrity: 'verified' },
        { serial: 'P3', conclusion: '不合格', integrity: 'verified' },
      ]);
      expect(count(w, 'sync_records', "WHERE status = 'accepted'")).toBeGreaterThanOrEqual(3);
    } finally {
      await w.close();
    }
  });

  it('a balance answer edited in the record and everything re-signed with the page\'s key: runs-differ for every meter of that run', async () => {
    const all = await lines(day.db, day.device.deviceId);
    // The last stable balance answer before the first end take: that run's end reading.
    const firstEnd = all.findIndex((l) => l.text.startsWith('TAKE') && l.text.includes('at=end'));
    const answer = all.slice(0, firstEnd).reverse().find((l) => l.direction === 'in' && /^S\s+S\s/.test(l.text))!;
    expect(answer).toBeDefined();
    const { w, token } = await world().then((x) => ({ w: x.world, token: x.token }));
    try {
      await rewriteFrom(day.db, day.device.deviceId, answer.seq, (l) => (l.seq === answer.seq ? l.text.replace(/(\d+\.\d+)/, (v) => (Number(v) + 1).toFixed(3)) : l.text));
      await resignEverything(day.db, day.device.deviceId, day.device.privateKey, day.device.kid ?? (await jwkThumbprint(day.device.publicKeyJwk)));
      const page = (await nextPushPage(day.db, day.device.deviceId, emptyHeads(), { maxLines: 5000 }))!;
      const a = await push(w, token, page);
      const refused = a.results.filter((r) => r.status === 'rejected').map((r) => (r.status === 'rejected' ? r.reason : ''));
      expect(refused).toEqual(['runs-differ', 'runs-differ', 'runs-differ']);
      expect(count(w, 'public_meters')).toBe(0);
    } finally {
      await w.close();
    }
  });
});

describe('a PLC session read by eye, synced', () => {
  let visual: PlcDay;
  beforeAll(async () => {
    visual = await plcDay(['V1', 'V2'], { visual: true });
  }, 120_000);
  afterAll(async () => {
    await visual?.db.delete();
  });

  it('its typed readings rebuild the runs on the server; a record claiming other runs is refused', async () => {
    const w = await startWorld();
    seedEnterprise(w);
    try {
      const token = await enrol(w, visual.db);
      // The record of V2 says its meter indicated 1 % less at every run; the verdict recomputed to match, re-signed.
      const v2 = visual.verifications.find((v) => v.serial === 'V2')!;
      const record = { ...v2.record, runs: v2.record.runs.map((r) => ({ ...r, indicatedL: r.indicatedL * 0.99 })) };
      await visual.db.verifications.put({ ...v2, record, verdict: meterVerdict(record, defaultProfile) });
      await resignEverything(visual.db, visual.device.deviceId, visual.device.privateKey, visual.device.kid ?? (await jwkThumbprint(visual.device.publicKeyJwk)));
      const answers = await syncAll(w, token, visual.db, { maxLines: 5000 });
      const results = answers.flatMap((a) => a.results);
      expect(results.find((r) => r.id === v2.id)).toMatchObject({ status: 'rejected', reason: 'runs-differ' });
      expect(w.server.db.prepare('SELECT serial, integrity FROM public_meters').all()).toEqual([{ serial: 'V1', integrity: 'verified' }]);
    } finally {
      await w.close();
    }
  });
});
