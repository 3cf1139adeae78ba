/**
 * After a browser session on a PLC bench: the device's stored original record (rawLines,
 * with their connection ids), its runs and its verifications, read from the page's
 * IndexedDB, and the checks that the raw exchanges alone — replayed here, in Node, by the
 * same `replayBenchRuns` the per-meter check and the server use — give every stored run
 * and, through the domain's `meterVerdict`, every stored verdict (issue 14 item 5).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { replayBenchRuns, type BenchReplayLine } from '../../web/src/bench/replay.ts';
import { countRuns, defaultProfile, meterVerdict, type Run } from '../../web/src/domain/index.ts';
import type { StoredRun, VerificationRecord } from '../../web/src/store/recordTypes.ts';

export interface StoredLine {
  seq: number;
  connectionId: string;
  direction: 'in' | 'out';
  text: string;
  sessionId: string | null;
}

/** A stored verification as the page's IndexedDB holds it (web/src/store/recordTypes.ts). */
export type StoredVerification = VerificationRecord;

export interface StoredSession {
  lines: StoredLine[];
  runs: StoredRun[];
  verifications: StoredVerification[];
}

export function readStoredSession(page: Page): Promise<StoredSession> {
  return page.evaluate(
    () =>
      new Promise<StoredSession>((resolve, reject) => {
        const open = indexedDB.open('erjian');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['rawLines', 'verifications', 'runs'], 'readonly');
          const lines = tx.objectStore('rawLines').getAll();
          const verifications = tx.objectStore('verifications').getAll();
          const runs = tx.objectStore('runs').getAll();
          tx.oncomplete = () => {
            resolve({ lines: lines.result, verifications: verifications.result, runs: runs.result });
            open.result.close();
          };
        };
      }),
  );
}

/** The record's lines as the replay reads them: in order, with their connection. */
export function replayLinesOf(lines: readonly StoredLine[]): BenchReplayLine[] {
  return [...lines].sort((a, b) => a.seq - b.seq).map((l) => ({ seq: l.seq, connectionId: l.connectionId, direction: l.direction, text: l.text }));
}

/**
 * Every stored run that was not cut short is a replayed run — same meter, same bench run,
 * same `Run` — and every verdict is the domain's over the replayed runs of its meter (those
 * the domain counts, as the session did).
 * Returns the replayed runs by serial, for the caller's own checks.
 */
export function expectReplayReproduces(stored: StoredSession): Map<string, Run[]> {
  const replay = replayBenchRuns(replayLinesOf(stored.lines));
  const bySerial = new Map<string, Run[]>();
  for (const r of replay.runs) bySerial.set(r.serial, [...(bySerial.get(r.serial) ?? []), r.run]);

  const complete = stored.runs.filter((r) => !r.interrupted);
  expect(complete.length, 'runs stored').toBeGreaterThan(0);
  expect(replay.runs.length, 'the replay finds as many runs as were stored').toBe(complete.length);
  for (const run of complete) {
    const same = replay.runs.find((r) => r.serial === run.serial && r.runId === run.benchRunId && r.position === run.position);
    expect(same, `stored run ${run.benchRunId} of ${run.serial} is in the replay`).toBeDefined();
    expect(same?.run, `run ${run.benchRunId} of ${run.serial} as replayed`).toEqual(run.run);
  }

  for (const v of stored.verifications) {
    // A point run again for another meter gives this one a run the session does not count: the domain's countRuns says which.
    const runs = countRuns(v.record.meter, bySerial.get(v.serial) ?? [], defaultProfile).counted;
    expect(runs, `the replayed runs of ${v.serial} the domain counts are the record's`).toEqual(v.record.runs);
    const recomputed = meterVerdict({ ...v.record, runs }, defaultProfile);
    expect(recomputed.passed, `${v.serial} pass/fail from the replay`).toBe(v.verdict.passed);
    for (const point of ['Q3', 'Q2', 'Q1'] as const) {
      expect(recomputed.points[point], `${v.serial} at ${point} from the replay`).toEqual(v.verdict.points[point]);
    }
    expect(recomputed).toEqual(v.verdict);
  }
  return bySerial;
}
