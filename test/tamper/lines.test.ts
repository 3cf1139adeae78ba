/**
 * Attacks on the raw lines and their checkpoints (issue 11, items 1, 4, 5; docs/records.md
 * "Checkpoints"): each is detected, named by a stable code, located by seq, and said in
 * Chinese — and never reported as OK.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealHead } from '../../web/src/store/checkpoints.ts';
import { OriginalRecord } from '../../web/src/store/originalRecord.ts';
import { signObject, withoutSignature } from '../../web/src/store/signing.ts';
import { isSignedCheckpoint, type SignedCheckpoint } from '../../web/src/store/types.ts';
import { integrityProblemText } from '../../web/src/ui/meter/meterText.ts';
import { check, checkRecord, clock, honestDay, lines, rewriteFrom, shown, shownRecord, type Day } from './scenario.ts';

let day: Day;
beforeEach(async () => {
  day = await honestDay();
});
afterEach(async () => {
  await day.db.delete();
});

const line = (text: string) => ({ connectionId: 'c2', sessionId: null, direction: 'in' as const, text });

describe('the tail after the last checkpoint', () => {
  it('is reported as unsigned (未签名), never OK — and stays so when it is cut or rewritten', async () => {
    const head = (await lines(day.db, day.device.deviceId)).at(-1)!.seq;
    await new OriginalRecord(day.db, day.device, { now: clock(50) }).appendMany([line('FS a'), line('FS b'), line('FS c'), line('FS d')]);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ status: 'unsigned', unsigned: { fromSeq: head + 1, toSeq: head + 4 }, problems: [] });

    // Cut the last two lines: still unsigned, still not OK.
    await day.db.rawLines.bulkDelete([[day.device.deviceId, head + 3], [day.device.deviceId, head + 4]]);
    expect(await check(day)).toMatchObject({ ok: false, status: 'unsigned', unsigned: { fromSeq: head + 1, toSeq: head + 2 } });
    // Rewrite them: the same.
    await rewriteFrom(day.db, day.device.deviceId, head + 1, (l) => l.text.replace('FS', 'MV'));
    expect(await check(day)).toMatchObject({ ok: false, status: 'unsigned' });
  });

  it('cut into the signed lines, with the checkpoint of the head deleted: the checkpoint this PC signed last is missing', async () => {
    const all = await lines(day.db, day.device.deviceId);
    const head = all.at(-1)!.seq;
    await day.db.rawLines.bulkDelete(all.filter((l) => l.seq > head - 10).map((l) => [l.deviceId, l.seq] as [string, number]));
    await day.db.checkpoints.delete([day.device.deviceId, head]);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('pinned-checkpoint-missing');
    expect(r.problems.find((p) => p.code === 'pinned-checkpoint-missing')).toMatchObject({ seq: head });
    expect(integrityProblemText(r.problems.find((p) => p.code === 'pinned-checkpoint-missing')!)).toContain(`第 ${head} 行`);
  });
});

describe('checkpoints', () => {
  it('all deleted and the lines rewritten from line 3: the checkpoint due at line 500 is missing', async () => {
    await day.db.checkpoints.clear();
    await rewriteFrom(day.db, day.device.deviceId, 3, (l) => l.text.replace(/vi=[\d.]+/, 'vi=10.0000'));
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstBreak).toBeNull(); // the chain alone holds: it was rehashed
    expect(r.firstProblem).toMatchObject({ code: 'checkpoint-missing', seq: 500 });
    expect(shown(r)).toBe('第 500 行处应有的签名检查点缺失（被删除或未写入）');
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['checkpoint-missing', 'pinned-checkpoint-missing', 'session-head-differs', 'cited-line-differs']));
    // The meter's own check: the last line it cites is not the one it signed.
    const m = await checkRecord(day, day.passed.id);
    expect(m.ok).toBe(false);
    expect(m.firstProblem).toMatchObject({ code: 'cited-line-differs', seq: day.passed.rawLines[0]!.toSeq });
    expect(shownRecord(m)).toContain(`第 ${day.passed.rawLines[0]!.toSeq} 行`);
  });

  it('one overwritten (put over the signed one): its signature no longer holds', async () => {
    await rewriteFrom(day.db, day.device.deviceId, 400, (l) => l.text.replace('lph=2400.000', 'lph=2399.000'));
    const cp = (await day.db.checkpoints.get([day.device.deviceId, 500]))!;
    const now = (await day.db.rawLines.get([day.device.deviceId, 500]))!;
    await day.db.checkpoints.put({ ...cp, hash: now.hash });
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.firstProblem).toMatchObject({ code: 'checkpoint-bad-signature', seq: 500 });
    expect(shown(r)).toBe('第 500 行处的检查点签名无效');
  });

  it('overwritten with ones re-signed by the page key over rewritten lines: the head the session signed and the checkpoint mark disagree', async () => {
    await rewriteFrom(day.db, day.device.deviceId, 400, (l) => l.text.replace('lph=2400.000', 'lph=2399.000'));
    for (const c of await day.db.checkpoints.toArray()) {
      const now = (await day.db.rawLines.get([day.device.deviceId, c.seq]))!;
      await day.db.checkpoints.put(await signObject(day.device.privateKey, { ...withoutSignature(c as SignedCheckpoint), hash: now.hash }));
    }
    const r = await check(day);
    expect(r.ok).toBe(false);
    const head = (await lines(day.db, day.device.deviceId)).at(-1)!.seq;
    expect(r.problems.map((p) => p.code)).toEqual(['pinned-checkpoint-missing', 'session-head-differs']);
    expect(r.problems[0]).toMatchObject({ seq: head });
    expect(r.problems[1]).toMatchObject({ seq: head, sessionId: day.bench.session.id });
    expect(shown(r)).toBe(`本机最近签名的检查点（第 ${head} 行）已不存在或被改动：原始记录尾部被截断或重写`);
  });

  it('are written with add(), never put(): a checkpoint of the head with another hash is refused, not replaced', async () => {
    const rec = new OriginalRecord(day.db, day.device, { now: clock(50) });
    const added = await rec.append(line('FS x'));
    const planted = { ...(await day.db.checkpoints.get([day.device.deviceId, 1000]))!, seq: added.seq, hash: 'f'.repeat(64) };
    await day.db.checkpoints.add(planted);
    await expect(sealHead(day.db, day.device, 'on-demand', { now: clock(51) })).rejects.toMatchObject({ code: 'checkpoint-conflict' });
    expect(await day.db.checkpoints.get([day.device.deviceId, added.seq])).toEqual(planted);
    const r = await check(day);
    expect(r.firstProblem).toMatchObject({ code: 'checkpoint-hash-differs', seq: added.seq });
  });

  it('sign at every 500-line boundary and the head of the session; each is queued for sync', async () => {
    const cps = await day.db.checkpoints.toArray();
    const head = (await lines(day.db, day.device.deviceId)).at(-1)!.seq;
    expect(cps.map((c) => c.seq)).toEqual([500, 1000, head]);
    expect(cps.map((c) => (isSignedCheckpoint(c) ? c.reason : 'format 1'))).toEqual(['boundary', 'boundary', 'session-end']);
    const queued = (await day.db.outbox.where('kind').equals('checkpoint').toArray()).map((o) => o.recordId);
    expect(queued).toEqual(cps.map((c) => `${c.deviceId}:${c.seq}`));
  });
});

describe('the last cited line', () => {
  it('rewritten and rehashed on its own: the meter check names it — the record signed its hash', async () => {
    const to = day.passed.rawLines[0]!.toSeq;
    const cited = (await day.db.rawLines.get([day.device.deviceId, to]))!;
    await rewriteFrom(day.db, day.device.deviceId, to, (l) => (l.seq === to ? l.text.replace('n=2', 'n=1') : l.text));
    // (only line `to` changed; the lines after it were rehashed to keep the chain whole)
    expect((await day.db.rawLines.get([day.device.deviceId, to]))!.text).not.toBe(cited.text);
    const m = await checkRecord(day, day.passed.id);
    expect(m.ok).toBe(false);
    expect(m.firstProblem).toMatchObject({ check: 'raw-lines', code: 'cited-line-differs', seq: to });
    expect(shownRecord(m)).toBe(`所引用的最后一行（第 ${to} 行）不是记录签名时的那一行：已被改动`);
    const r = await check(day);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('cited-line-differs');
  });

  it('rewritten alone, not rehashed onwards: the next line no longer links — found past the cited range', async () => {
    const to = day.passed.rawLines[0]!.toSeq;
    await rewriteFrom(day.db, day.device.deviceId, to, (l) => l.text);
    const cited = (await day.db.rawLines.get([day.device.deviceId, to]))!;
    const { hash: _h, ...fields } = { ...cited, text: cited.text.replace('n=2', 'n=1') };
    const { lineHash } = await import('../../web/src/store/chain.ts');
    await day.db.rawLines.put({ ...fields, hash: await lineHash(fields) });
    const m = await checkRecord(day, day.passed.id);
    expect(m.ok).toBe(false);
    expect(m.firstProblem).toMatchObject({ code: 'cited-line-differs', seq: to });
  });
});
