/**
 * Visual reading (启停法 by eye; issue 14 item 3): the bench asks for each position's start
 * and end reading, the operator types them, each is recorded as typed with who typed it,
 * a typo is corrected by a second entry that gives its reason — and the record, replayed,
 * gives the run the session evaluated, from the corrected reading.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BenchError } from '../errors.ts';
import { decodeStep, type StepLine } from './steps.ts';
import type { ReadingRequest } from './types.ts';
import { DemoSession, planOf, visualConfig } from './demoSession.testkit.ts';

let demo: DemoSession | null = null;
afterEach(async () => {
  await demo?.close();
  demo = null;
});

/** What each meter errs by: the end reading is the water through it, times this. */
const ERR: Record<number, number> = { 1: 0.004, 2: -0.006, 3: 0.011 };

const codeOf = (e: unknown) => (e instanceof BenchError ? e.code : String(e));

describe('visual reading on a PLC bench', () => {
  it('takes typed start and end readings, a correction with its reason, and evaluates what the record replays', async () => {
    const refusals: string[] = [];
    const requests: ReadingRequest[] = [];
    let kgAtStart = 0;
    const starts = new Map<number, number>();
    const script = async (r: ReadingRequest): Promise<void> => {
      requests.push(r);
      const model = demo?.sim.model;
      if (model === undefined) throw new Error('no bench');
      if (r.at === 'start') {
        kgAtStart = model.collectedKg;
        // Done too early: one position has nothing yet.
        await r.enter(1, '100.000');
        try {
          r.done();
        } catch (e) {
          refusals.push(codeOf(e));
        }
        await r.enter(2, '200,5');
        // A typo on position 3, then the correction with its reason.
        await r.enter(3, '3OO.250');
        await r.enter(3, '300.25').catch((e: unknown) => refusals.push(codeOf(e)));
        await r.enter(3, '300.250', { reason: '看错 O 和 0' });
        await r.enter(7, '1.0').catch((e: unknown) => refusals.push(codeOf(e)));
        for (const [pos, typed] of [[1, '100.000'], [2, '200,5'], [3, '300.250']] as const) starts.set(pos, Number(typed.replace(',', '.')));
      } else {
        expect([...r.startReadings]).toEqual([...starts]);
        const litres = (model.collectedKg - kgAtStart) / 0.9982;
        for (const { pos } of r.positions) await r.enter(pos, ((starts.get(pos) ?? 0) + litres * (1 + (ERR[pos] ?? 0))).toFixed(3));
      }
      r.done();
    };
    demo = new DemoSession(visualConfig(), (r) => {
      void script(r);
    });
    const session = await demo.start(planOf('S-VIS', { points: [{ point: 'Q3', volumeL: 5 }] }));
    await demo.mountAll([1, 2, 3]);
    await session.runPoint({ point: 'Q3', volumeL: 5 });

    expect(refusals).toEqual(['reading-incomplete', 'reading-needs-reason', 'reading-position-unknown']);
    expect(requests.map((r) => [r.at, r.positions.map((p) => p.pos), r.volL])).toEqual([
      ['start', [1, 2, 3], 5],
      ['end', [1, 2, 3], 5],
    ]);
    const reads = demo.sink.lines.map((l) => decodeStep(l.text)).filter((s): s is Extract<StepLine, { verb: 'READ' }> => s?.verb === 'READ');
    expect(reads.filter((s) => s.at === 'start').map((s) => [s.pos, s.typed, s.by, s.fix])).toEqual([
      [1, '100.000', 'li.wei', null],
      [2, '200,5', 'li.wei', null],
      [3, '3OO.250', 'li.wei', null],
      [3, '300.250', 'li.wei', '看错 O 和 0'],
    ]);
    expect(reads.filter((s) => s.at === 'end')).toHaveLength(3);

    const results = demo.events.filter((e) => e.type === 'run-result');
    expect(results).toHaveLength(1);
    const errors = results[0]?.positions.map((p) => p.evaluation?.errorPct ?? NaN) ?? [];
    errors.forEach((e, i) => expect(e).toBeCloseTo((ERR[i + 1] ?? 0) * 100, 0));
    expect(demo.replayed().runs.map((r) => ({ runId: r.runId, serial: r.serial, position: r.position, run: r.run }))).toEqual(demo.sessionRuns());
  }, 15_000);

  it('a run stopped while the readings are asked for aborts the request and voids the run', async () => {
    const asked: ReadingRequest[] = [];
    demo = new DemoSession(visualConfig(), (r) => {
      asked.push(r);
    });
    const session = await demo.start(planOf('S-VIS-STOP', { points: [{ point: 'Q3', volumeL: 5 }] }));
    await demo.mountAll([1, 2]);
    const run = session.runPoint({ point: 'Q3', volumeL: 5 }).then(
      () => null,
      (e: unknown) => e,
    );
    await demo.event('run-started', 2000);
    // The operator walks away from the reading sheet; 中止.
    await new Promise((r) => setTimeout(r, 50));
    await session.abort();
    expect(await run).toMatchObject({ code: 'aborted' });
    expect(asked.map((r) => [r.at, r.signal.aborted])).toEqual([['start', true]]);
    await expect(asked[0]?.enter(1, '1.0')).rejects.toMatchObject({ code: 'reading-closed' });
    const steps = demo.sink.lines.map((l) => decodeStep(l.text)?.verb).filter((v) => v !== undefined);
    expect(steps.slice(-2)).toEqual(['BEGIN', 'VOID']);
  }, 15_000);
});
