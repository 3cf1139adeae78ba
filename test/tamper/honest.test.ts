/**
 * The other half of every attack test: an honest record passes every check, so a report of
 * tampering means something (docs/records.md "What the checks hold").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check, checkRecord, honestDay, type Day } from './scenario.ts';

let day: Day;
beforeEach(async () => {
  day = await honestDay();
});
afterEach(async () => {
  await day.db.delete();
});

describe('an honest day', () => {
  it('passes "verify integrity": every line signed, every record chained, every session as signed', async () => {
    const r = await check(day);
    expect(r).toMatchObject({ ok: true, status: 'ok', problems: [], unsigned: null, firstBreak: null });
    // enrolment, session start, W1, W2, session end, certificate
    expect(r.recordsChecked).toBe(6);
    expect(r.checkpointsChecked).toBe(3);
  });

  it('passes the per-meter check of the passed and the failed meter, runs rebuilt from the raw WMB/1 text', async () => {
    for (const v of [day.passed, day.failed]) {
      const r = await checkRecord(day, v.id);
      expect(r.problems).toEqual([]);
      expect(r.checks).toEqual({ signature: 'ok', chain: 'ok', 'raw-lines': 'ok', verdict: 'ok', runs: 'ok' });
    }
  });

  it('queues every signed object for sync: checkpoints, statements, verifications, the certificate', async () => {
    const kinds = (await day.db.outbox.toArray()).map((o) => o.kind);
    expect(kinds.filter((k) => k === 'checkpoint')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'statement')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'verification')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'certificate')).toHaveLength(1);
  });
});
