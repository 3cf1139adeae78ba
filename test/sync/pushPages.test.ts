/**
 * The PC's push pages (web/src/sync/pushPages.ts; docs/sync.md "Paging"), read from a real
 * honest day: every page ends its lines at a checkpoint it carries, a record comes only once
 * the lines it cites are sent, the batches a page's verifications name come with them, the
 * limits hold, and walking the pages sends everything exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Heads, PushRequest } from '../../web/src/sync/protocol.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import { honestDay, lines, type Day } from '../tamper/scenario.ts';

let day: Day;
const pages: PushRequest[] = [];

beforeAll(async () => {
  day = await honestDay();
  let heads: Heads = emptyHeads();
  let auditAfter = 0;
  for (let i = 0; i < 50; i++) {
    const page = await nextPushPage(day.db, day.device.deviceId, heads, { maxLines: 300, maxItems: 4, auditAfter });
    if (page === null) break;
    pages.push(page);
    // as if the server took everything
    const lastLine = page.lines.at(-1);
    const cps = page.items.filter((it) => it.kind === 'checkpoint').map((it) => it.body as { seq: number; hash: string });
    const recs = page.items.filter((it) => it.kind === 'record').map((it) => it.body as { recordSeq: number });
    const topCp = cps.reduce((m, c) => (c.seq > m.seq ? c : m), heads.checkpoint);
    const chain = await day.db.recordChain.toArray();
    const topRec = recs.length ? Math.max(...recs.map((r) => r.recordSeq)) : heads.records.seq;
    heads = {
      lines: lastLine ? { seq: lastLine.seq, hash: lastLine.hash } : heads.lines,
      checkpoint: { seq: topCp.seq, hash: topCp.hash },
      records: topRec === heads.records.seq ? heads.records : { seq: topRec, hash: chain.find((c) => c.recordSeq === topRec)!.hash },
    };
    const audits = page.items.filter((it) => it.kind === 'audit').map((it) => Number(it.id));
    if (audits.length) auditAfter = Math.max(...audits);
  }
}, 60_000);
afterAll(async () => {
  await day?.db.delete();
});

describe('push pages', () => {
  it('cut lines at a checkpoint of the page, within the limits', () => {
    for (const p of pages) {
      expect(p.items.length).toBeLessThanOrEqual(4);
      // longer than asked only when no checkpoint lies within the lines asked for
      if (p.lines.length > 300) {
        const first = p.lines[0]!.seq;
        expect(p.items.filter((it) => it.kind === 'checkpoint' && (it.body as { seq: number }).seq < first + 300)).toEqual([]);
      }
      const last = p.lines.at(-1);
      if (last) expect(p.items.some((it) => it.kind === 'checkpoint' && (it.body as { seq: number }).seq === last.seq)).toBe(true);
    }
  });

  it('send a record only after the lines it cites, with the batch it names', () => {
    let sentTo = 0;
    const batches = new Set<string>();
    for (const p of pages) {
      sentTo = p.lines.at(-1)?.seq ?? sentTo;
      for (const it of p.items) {
        if (it.kind === 'batch') batches.add(it.id);
        if (it.kind !== 'record') continue;
        const body = it.body as { rawLines?: Array<{ toSeq: number }>; batchId?: string; type: string };
        for (const r of body.rawLines ?? []) expect(r.toSeq).toBeLessThanOrEqual(sentTo);
        if (body.type === 'erjian.verification/2') expect(batches.has(body.batchId!)).toBe(true);
      }
    }
  });

  it('send every line, checkpoint, record and audit entry exactly once, then nothing', async () => {
    const sent = (kind: string) => pages.flatMap((p) => p.items.filter((it) => it.kind === kind).map((it) => it.id));
    const allLines = pages.flatMap((p) => p.lines.map((l) => l.seq));
    expect(allLines).toEqual((await lines(day.db, day.device.deviceId)).map((l) => l.seq));
    expect(new Set(sent('record')).size).toBe(sent('record').length);
    expect(sent('record')).toHaveLength(await day.db.recordChain.count());
    expect(sent('checkpoint')).toHaveLength(await day.db.checkpoints.count());
    expect(sent('audit')).toHaveLength(await day.db.audit.count());
  });
});
