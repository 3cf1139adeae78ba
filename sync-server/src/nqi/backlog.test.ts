/**
 * A backlog drains at the platform's pace (forwarder.ts): after a full batch that moved, the
 * next tick follows at once instead of after `pollMs` — a large sync's thousands of passed
 * meters are not published `batchSize` rows per poll.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ingest, meterRow, outboxOf, startRig, waitFor, type NqiRig } from './testSupport.ts';

let rig: NqiRig | null = null;
afterEach(async () => {
  await rig?.stop();
  rig = null;
});

describe('NQI forwarder backlog', () => {
  it('sends more than one batch without waiting for the next poll', async () => {
    // a poll far longer than the test's bound: only the backlog rule can send the later batches
    rig = await startRig({ forwarder: { batchSize: 3, pollMs: 600_000 } });
    const { db, clock } = rig;
    const rows = Array.from({ length: 8 }, () => ingest(db, meterRow(), clock()));
    rig.forwarder.kick();
    await waitFor('all 8 rows sent, 3 per batch', 10_000, () => rows.every((r) => outboxOf(db, r.verification_id).state === 'sent'));
    expect(rig.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(8);
  });
});
