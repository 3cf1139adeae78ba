/**
 * The recorder beside the session (sessionRecorder.ts): lines get the sequence the target
 * gives them and belong to the session from `startSession` on; runs are written in the
 * order the bench made them, one write per bench run, citing RUN … RD; a failed write is
 * reported and the writes after it still happen; verdicts go out after every run.
 */
import { describe, expect, it } from 'vitest';
import type { Run } from '../../domain/index.ts';
import type { SessionEvent } from '../session/events.ts';
import { asciiBytes, type RawLine } from '../types.ts';
import { withChecksum } from '../wmb1/checksum.ts';
import type { JournalEntry } from './journal.ts';
import { SessionRecorder, type RecordTarget, type RecordedRun, type RecorderProblem } from './sessionRecorder.ts';

const run: Run = { point: 'Q3', flowLph: 2400, waterTempC: 20, indicatedL: 100.2, reference: { method: 'volume', volumeL: 100 } };
let n = 0;
const line = (direction: 'in' | 'out', body: string): RawLine => {
  const text = withChecksum(body);
  return { connectionId: 'c1', seq: ++n, direction, bytes: asciiBytes(text), text, receivedAtMs: 0 };
};

function target(failRuns = false) {
  const calls: string[] = [];
  const runs: RecordedRun[][] = [];
  let seq = 100;
  const t: RecordTarget = {
    appendLine: (_l, sessionId) => {
      calls.push(`line:${sessionId}`);
      return Promise.resolve(++seq);
    },
    recordRuns: (r) => {
      calls.push('runs');
      runs.push([...r]);
      return failRuns && runs.length === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
    },
    journal: (_s, e: JournalEntry) => {
      calls.push(`journal:${e.kind}`);
      return Promise.resolve();
    },
    recordVerdicts: (_s, v, lines) => {
      calls.push(`verdicts:${v.length}:${lines.fromSeq}-${lines.toSeq}`);
      return Promise.resolve();
    },
  };
  return { t, calls, runs };
}

/** A bench run on the wire, through the recorder, and the session's report of it. */
async function benchRun(rec: SessionRecorder, emit: (e: SessionEvent) => void, id: string): Promise<void> {
  await rec.append(line('out', `RUN id=${id} point=Q3 lph=2375.000 vol=100.000`));
  await rec.append(line('in', `RE id=${id} dur=151.0 lph=2380.000 tw=20.00 ta=21.0 pa=1013.0 rh=50 ref=100.000 unit=L`));
  await rec.append(line('in', `MV id=${id} pos=1 vi=100.2000`));
  await rec.append(line('in', `RD id=${id} n=1`));
  emit({ type: 'run-result', runId: id, point: 'Q3', flowLph: 2380, waterC: 20, positions: [{ pos: 1, serial: 'M1', viL: 100.2, run, counted: true }] });
}

describe('SessionRecorder', () => {
  it('records lines, runs with their lines, the journal, then the verdicts citing the session’s lines', async () => {
    const { t, calls, runs } = target();
    const rec = new SessionRecorder(t);
    let emit: (e: SessionEvent) => void = () => undefined;
    rec.follow((l) => ((emit = l), () => undefined));
    await rec.append(line('out', 'HELLO'));
    rec.startSession('S1');
    emit({ type: 'mounted', pos: 1, serial: 'M1' });
    await benchRun(rec, emit, 'S1-Q3-1');
    await rec.storeVerdicts([]);
    // The journal entry goes out as soon as it is made, the run once its RD is in the record.
    expect(calls.filter((c) => !c.startsWith('line:'))).toEqual(['journal:mounted', 'runs', 'verdicts:0:102-105']);
    expect(calls.filter((c) => c.startsWith('line:'))).toEqual(['line:null', 'line:S1', 'line:S1', 'line:S1', 'line:S1']);
    expect(runs[0]?.[0]).toMatchObject({ sessionId: 'S1', serial: 'M1', position: 1, benchRunId: 'S1-Q3-1', lines: { fromSeq: 102, toSeq: 105 }, raw: { vi: '100.2000', ref: '100.000', pos: '1' } });
  });

  it('a failed write is reported, and the writes after it still happen, in order', async () => {
    const { t, runs } = target(true);
    const problems: RecorderProblem[] = [];
    const rec = new SessionRecorder(t, (p) => problems.push(p));
    let emit: (e: SessionEvent) => void = () => undefined;
    rec.follow((l) => ((emit = l), () => undefined));
    rec.startSession('S1');
    await benchRun(rec, emit, 'S1-Q3-1');
    await benchRun(rec, emit, 'S1-Q3-2');
    await rec.flush();
    expect(runs.map((r) => r[0]?.benchRunId)).toEqual(['S1-Q3-1', 'S1-Q3-2']);
    expect(problems).toMatchObject([{ kind: 'runs-not-stored', runId: 'S1-Q3-1' }]);
    expect(rec.failures).toBe(1);
  });

  it('a run reported without its lines in the record is a problem, not a stored run', async () => {
    const { t, runs } = target();
    const problems: RecorderProblem[] = [];
    const rec = new SessionRecorder(t, (p) => problems.push(p));
    let emit: (e: SessionEvent) => void = () => undefined;
    rec.follow((l) => ((emit = l), () => undefined));
    rec.startSession('S1');
    emit({ type: 'run-result', runId: 'nowhere', point: 'Q3', flowLph: 2380, waterC: 20, positions: [{ pos: 1, serial: 'M1', viL: 100.2, run, counted: true }] });
    await rec.flush();
    expect(runs).toEqual([]);
    expect(problems).toEqual([{ kind: 'run-without-lines', point: 'Q3', runId: 'nowhere' }]);
  });
});
