/**
 * Pages smaller than the checkpoint interval (web/src/sync/pushPages.ts; docs/sync.md
 * "Paging"): a `maxLines` below `CHECKPOINT_EVERY` (500) has no checkpoint within its lines,
 * and the server stores no line that no checkpoint covers — so the page reaches to the FIRST
 * pending checkpoint (not further, and never beyond `syncLimits.maxLinesPerPush`). Before
 * that rule such a page had no lines at all and nothing was ever pushed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_EVERY } from '../../web/src/store/checkpoints.ts';
import { syncLimits, type Heads, type PushRequest } from '../../web/src/sync/protocol.ts';
import { emptyHeads, nextPushPage } from '../../web/src/sync/pushPages.ts';
import { honestDay, lines, type Day } from '../tamper/scenario.ts';

let day: Day;
beforeAll(async () => {
  day = await honestDay();
}, 60_000);
afterAll(async () => {
  await day?.db.delete();
});

/** The heads of a server that took the whole page. */
function headsAfter(page: PushRequest, heads: Heads): Heads {
  const last = page.lines.at(-1);
  const cps = page.items.filter((it) => it.kind === 'checkpoint').map((it) => it.body as { seq: number; hash: string });
  const top = cps.reduce((m, c) => (c.seq > m.seq ? c : m), heads.checkpoint);
  return { lines: last ? { seq: last.seq, hash: last.hash } : heads.lines, checkpoint: { seq: top.seq, hash: top.hash }, records: heads.records };
}

describe('push pages smaller than the checkpoint interval', () => {
  for (const maxLines of [1, 100, CHECKPOINT_EVERY - 1]) {
    it(`maxLines ${maxLines}: each page reaches to the first pending checkpoint, and every line is pushed once`, async () => {
      const deviceId = day.device.deviceId;
      const checkpoints = (await day.db.checkpoints.where('deviceId').equals(deviceId).toArray()).map((c) => c.seq).sort((a, b) => a - b);
      expect(checkpoints[0]).toBe(CHECKPOINT_EVERY); // the day's first checkpoint lies beyond maxLines
      let heads = emptyHeads();
      const ends: number[] = [];
      const sent: number[] = [];
      for (let i = 0; i < 20; i++) {
        const page = await nextPushPage(day.db, deviceId, heads, { maxLines, maxItems: 2 });
        if (page === null || page.lines.length === 0) break;
        const first = page.lines[0]!.seq;
        const last = page.lines.at(-1)!.seq;
        expect(first).toBe(heads.lines.seq + 1);
        expect(page.lines.length).toBeLessThanOrEqual(syncLimits.maxLinesPerPush);
        // up to the first checkpoint after the server's head: not short of it, not past it
        expect(last).toBe(checkpoints.find((c) => c > heads.lines.seq));
        expect(page.items.some((it) => it.kind === 'checkpoint' && (it.body as { seq: number }).seq === last)).toBe(true);
        ends.push(last);
        sent.push(...page.lines.map((l) => l.seq));
        heads = headsAfter(page, heads);
      }
      expect(ends).toEqual(checkpoints);
      expect(sent).toEqual((await lines(day.db, deviceId)).map((l) => l.seq));
    });
  }
});
