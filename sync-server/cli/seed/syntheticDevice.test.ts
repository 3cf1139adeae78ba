/**
 * The synthetic bench PC is physically plausible (syntheticTiming.ts): its runs last their
 * volume ÷ their flow, its sessions follow one another, it ends where `syntheticStart` says,
 * and an honest device synced through the real protocol passes every risk detector
 * (docs/risk.md) with no finding — so the demo and the tests raise no false alert. The
 * forged timing still trips `volume-inconsistent` and `rate-implausible` on the device's own
 * data (through the server: sync-server/src/supervision/risk.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProfile, minimumVolumeL } from '../../../web/src/domain/index.ts';
import { detectRisks, RISK_DEFAULTS } from '../../../web/src/domain/risk/index.ts';
import { decodeCommand, decodeMessage } from '../../../web/src/bench/wmb1/codec.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import type { VerificationRecord } from '../../../web/src/store/recordTypes.ts';
import type { RawLineRecord } from '../../../web/src/store/types.ts';
import { demoMeterTypes } from '../../../web/src/ui/bench/demoMeterTypes.ts';
import { Browser, startTestServer, type TestServer } from '../../src/identity/testServer.ts';
import { riskDataset } from '../../src/supervision/riskData.ts';
import { PersonSession } from './serverApi.ts';
import { seedDemo } from './seedDemo.ts';
import { END_MARGIN_MS, SyntheticDevice, syntheticStart, type SessionChunk, type SyntheticOptions } from './syntheticDevice.ts';

const UNTIL = new Date('2026-11-30T02:00:00.000Z');
const ms = (iso: string): number => Date.parse(iso);

async function makeAll(o: Omit<SyntheticOptions, 'start'>, until = UNTIL): Promise<{ start: Date; enrolledAt: string; chunks: SessionChunk[] }> {
  const start = syntheticStart(o, until);
  const device = await SyntheticDevice.create({ ...o, start });
  const enrolment = await device.enrolment();
  const chunks: SessionChunk[] = [];
  for (let c = await device.nextSession(); c; c = await device.nextSession()) chunks.push(c);
  return { start, enrolledAt: enrolment[0]!.body['at'] as string, chunks };
}

interface ParsedRun {
  point: string;
  lph: number;
  durS: number;
  refL: number;
  targetL: number;
  rsAt: number;
  reAt: number;
}

/** The bench runs of a session, read back from its WMB/1 lines. */
function runsOf(lines: readonly RawLineRecord[]): ParsedRun[] {
  const runs = new Map<string, Partial<ParsedRun>>();
  for (const l of lines) {
    if (l.direction === 'out') {
      const c = decodeCommand(asciiBytes(l.text));
      if (c.ok && c.value.verb === 'RUN') runs.set(c.value.id, { point: c.value.point, targetL: c.value.volL });
      continue;
    }
    const m = decodeMessage(asciiBytes(l.text));
    if (!m.ok) continue;
    if (m.value.verb === 'RS') runs.get(m.value.id)!.rsAt = ms(l.receivedAt);
    if (m.value.verb === 'RE') Object.assign(runs.get(m.value.id)!, { lph: m.value.lph, durS: m.value.durS, refL: m.value.ref, reAt: ms(l.receivedAt) });
  }
  return [...runs.values()] as ParsedRun[];
}

const meterType = demoMeterTypes[0]!;

describe('the synthetic bench PC’s timing', () => {
  it('runs each point for its volume ÷ its flow, at the planned volumes, one session after another', async () => {
    const { start, enrolledAt, chunks } = await makeAll({ meters: 25, meterType, seed: 3 });
    expect(chunks.map((c) => c.verdicts.length)).toEqual([10, 10, 5]);
    expect(enrolledAt).toBe(start.toISOString());
    const minL = minimumVolumeL(meterType.accuracyClass, meterType.deltaL, defaultProfile);
    let previousEnd = ms(enrolledAt);
    for (const c of chunks) {
      const times = c.lines.map((l) => ms(l.receivedAt));
      expect(times[0]!, 'a session starts after the one before it ended').toBeGreaterThan(previousEnd);
      for (let i = 1; i < times.length; i++) expect(times[i]!, `line ${c.lines[i]!.seq} goes back`).toBeGreaterThanOrEqual(times[i - 1]!);
      const runs = runsOf(c.lines);
      expect(runs.map((r) => r.point)).toEqual(['Q3', 'Q2', 'Q1']);
      expect(runs.map((r) => r.targetL)).toEqual([100, 1.5 * minL, 1.5 * minL]);
      for (const r of runs) {
        expect(r.refL, 'Va at or above the minimum volume').toBeGreaterThanOrEqual(minL);
        const expectedL = (r.lph * r.durS) / 3600;
        expect(Math.abs(r.refL - expectedL) / expectedL, `${r.point}: Va against flow × duration`).toBeLessThan(RISK_DEFAULTS.volumeTolerance / 2);
        expect((r.reAt - r.rsAt) / 1000, `${r.point}: RS → RE at least the run's duration`).toBeGreaterThanOrEqual(r.durS);
        expect((r.reAt - r.rsAt) / 1000).toBeLessThan(r.durS + 2);
      }
      // Q1 at ~26 L/h for 15 L takes over half an hour: a session of a DN15 bench is about 70 minutes
      const sessionS = (times.at(-1)! - times[0]!) / 1000;
      expect(sessionS).toBeGreaterThan(50 * 60);
      expect(sessionS).toBeLessThan(90 * 60);
      const ended = c.records.at(-1)!.body as unknown as { event: string; at: string };
      expect(ended.event).toBe('ended');
      previousEnd = ms(ended.at);
    }
    expect(previousEnd, 'the last record a minute before `until`').toBe(UNTIL.getTime() - END_MARGIN_MS);
  });

  it('is the same every time for a seed, and keeps its errors whatever the timing', async () => {
    const a = await makeAll({ meters: 12, meterType, seed: 9 });
    const b = await makeAll({ meters: 12, meterType, seed: 9 });
    const shape = (x: typeof a) => x.chunks.flatMap((c) => c.lines.map((l) => [l.receivedAt, l.text.replace(/^LOAD pos=\d+ meter=\S+/, 'LOAD')]));
    expect(shape(b)).toEqual(shape(a));
    const forged = await makeAll({ meters: 12, meterType, seed: 9, timing: 'forged' });
    const errors = (x: typeof a) =>
      x.chunks.flatMap((c) => c.records.filter((r) => r.type === 'erjian.verification/2').flatMap((r) => (r.body as unknown as VerificationRecord).verdict.runs.map((run) => run.errorPct ?? NaN)));
    const e = errors(a);
    const f = errors(forged);
    expect(e).toHaveLength(36);
    e.forEach((x, i) => expect(Math.abs(x - f[i]!), `error ${i}`).toBeLessThan(0.001));
    // the forged PC: 10 L for 60 s at every point, lines 200 ms apart
    const runs = runsOf(forged.chunks[0]!.lines);
    expect(runs.map((r) => [r.durS, r.refL])).toEqual([
      [60, 10],
      [60, 10],
      [60, 10],
    ]);
    expect(runs[0]!.reAt - runs[0]!.rsAt).toBe(200);
  });

  it('ends before `until` for a large device too (the sync benchmark’s)', async () => {
    const start = syntheticStart({ meters: 100_000, meterType, seed: 1 }, UNTIL);
    // 10,000 sessions of about 70 minutes
    const days = (UNTIL.getTime() - start.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(400);
    expect(days).toBeLessThan(600);
  });
});

describe('an honest synthetic device synced to a real server', () => {
  const NOW = '2026-11-30T02:00:00.000Z';
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ config: { demo: true }, start: NOW });
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
  });

  it('passes every risk detector with no finding', async () => {
    const person = await PersonSession.signIn(s.url, 'ent-admin', 'demo');
    const r = await seedDemo({ baseUrl: s.url, person, enterpriseId: 'demo', meters: 300, until: new Date(NOW), seed: 20261130, serialPrefix: 'HON', batchPrefix: 'HON-B', label: 'honest' });
    expect(r.refused).toEqual([]);
    expect(r.verifications).toBe(300);
    const data = riskDataset(s.running.db, 'demo');
    expect(data.sessions).toHaveLength(30);
    expect(data.benchRuns).toHaveLength(90);
    expect(data.benchRuns.every((run) => run.minimumVolumeL !== null && run.meters.every((m) => m.errorPct !== null))).toBe(true);
    const findings = detectRisks(data, defaultProfile);
    expect(findings.map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
    // and the regulator's scan agrees
    const regulator = new Browser(s.url);
    expect((await regulator.login('regulator', 'demo')).status).toBe(200);
    const scan = await regulator.post<{ findings: number }>('/api/risk/scan', { enterpriseId: 'demo' });
    expect(scan.status).toBe(200);
    expect(scan.body.findings).toBe(0);
  }, 120_000);
});
