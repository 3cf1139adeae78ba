/**
 * `npm run bench:parse`: cost per received bench line (goal ≤ 20 µs), printed next to a
 * raw split-lines baseline measured in the same process (docs/architecture.md house rule 8: performance
 * claims live in a benchmark that prints the figure and the comparison).
 *
 * Stream: WMB/1 runs as the bench sends them (RS, flow samples, RE, six MV, RD), cut into
 * chunks of 1–128 bytes like a USB serial adapter delivers. Stages, each over the same
 * bytes: (1) baseline: TextDecoder + split on LF; (2) LineFramer; (3) framer + WMB/1
 * decode (checksum, fields, typed message); (4) the driver: record sink awaited per line,
 * decode, RD bookkeeping, event dispatch; (5) driver + session: a VerificationSession
 * running points against a replaying bench, with the domain's evaluation of every run.
 *
 *   npm run bench:parse [-- --smoke]   (--smoke: a few runs, one repetition, seconds; npm test runs it)
 */
import { performance } from 'node:perf_hooks';
import { LineFramer } from '../../web/src/bench/framing/lineFramer.ts';
import { VerificationSession } from '../../web/src/bench/session/session.ts';
import { Prng } from '../../web/src/bench/sim/prng.ts';
import type { ByteLink, LinkConsumer } from '../../web/src/bench/transport/transport.ts';
import { asciiBytes, type RawLine, type RawRecordSink } from '../../web/src/bench/types.ts';
import { decodeCommand, decodeMessage, encodeMessage } from '../../web/src/bench/wmb1/codec.ts';
import { Wmb1Driver } from '../../web/src/bench/wmb1/driver.ts';
import type { Wmb1Message } from '../../web/src/bench/wmb1/messages.ts';

const SMOKE = process.argv.includes('--smoke');
const FS_PER_RUN = SMOKE ? 40 : 400;
const POSITIONS = 6;

function runLines(id: string, point: 'Q1' | 'Q2' | 'Q3', rng: Prng): string {
  const m: Wmb1Message[] = [{ verb: 'RS', id, point, t0Ms: 1000 }];
  for (let i = 1; i <= FS_PER_RUN; i++) m.push({ verb: 'FS', id, tMs: 1000 + i * 200, lph: 2375 * (1 + rng.normal(0, 0.004)), waterC: 20 + rng.normal(0, 0.02), kpa: 300 + rng.normal(0, 2) });
  m.push({ verb: 'RE', id, durS: 80, lph: point === 'Q3' ? 2375 : point === 'Q2' ? 42 : 26.25, waterC: 20.01, airC: 21, airHPa: 1013, airRhPct: 50, ref: 9.9876, unit: 'kg', k: null });
  for (let p = 1; p <= POSITIONS; p++) m.push({ verb: 'MV', id, pos: p, viL: 10 * (1 + rng.normal(0, 0.003)) });
  m.push({ verb: 'RD', id, n: POSITIONS });
  return m.map(encodeMessage).join('');
}

function chunked(bytes: Uint8Array, rng: Prng): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + rng.int(128);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

const rng = new Prng(42);
const RUNS = SMOKE ? 5 : 100;
const stream = asciiBytes(Array.from({ length: RUNS }, (_, i) => runLines(`R${i}`, 'Q3', rng)).join(''));
const chunks = chunked(stream, rng);
const LINES = RUNS * (FS_PER_RUN + POSITIONS + 3);

function time(label: string, reps: number, f: () => number | Promise<number>): Promise<{ label: string; usPerLine: number }> {
  return (async () => {
    await f(); // warm-up: JIT
    let best = Infinity;
    let lines = 0;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      lines = await f();
      best = Math.min(best, performance.now() - t0);
    }
    return { label, usPerLine: (best * 1000) / lines };
  })();
}

const baseline = () => {
  const dec = new TextDecoder();
  let rest = '';
  let n = 0;
  for (const c of chunks) {
    const parts = (rest + dec.decode(c, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    n += parts.length;
  }
  return n;
};

const framerOnly = () => {
  const f = new LineFramer();
  let n = 0;
  for (const c of chunks) f.push(c, () => n++);
  return n;
};

const framerDecode = () => {
  const f = new LineFramer();
  let n = 0;
  for (const c of chunks)
    f.push(c, (l) => {
      if (decodeMessage(l).ok) n++;
    });
  return n;
};

const nullClock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };
const awaitedSink: RawRecordSink = { append: (_l: RawLine) => Promise.resolve() };

const driverOnly = async () => {
  const link: ByteLink = { clock: nullClock, write: () => Promise.resolve(), attach: () => undefined };
  const d = new Wmb1Driver({ link, sink: awaitedSink, connectionId: 'b' });
  let n = 0;
  d.on((e) => {
    if (e.type === 'message') n++;
  });
  for (const c of chunks) await d.data(c, 0);
  if (n !== LINES) throw new Error(`driver saw ${n} of ${LINES} lines`);
  return n;
};

/** A bench that answers commands at once and replays a run's lines for every RUN. */
class ReplayBench implements ByteLink {
  readonly clock = { now: () => Date.now(), setTimeout: (f: () => void, ms: number) => setTimeout(f, ms), clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout) };
  private consumer: LinkConsumer | null = null;
  received = 0;
  attach(c: LinkConsumer): void {
    this.consumer = c;
  }
  write(bytes: Uint8Array): Promise<void> {
    const d = decodeCommand(bytes.subarray(0, bytes.length - 2));
    if (!d.ok) return Promise.resolve();
    const c = d.value;
    let reply = encodeMessage({ verb: 'ACK', cmd: c.verb });
    if (c.verb === 'HELLO') reply += encodeMessage({ verb: 'ID', vendor: 'b', model: 'b', sn: 'B1', fw: '1', positions: POSITIONS, method: 'weighing', uRelPct: 0.2 });
    const runBytes = c.verb === 'RUN' ? chunked(asciiBytes(runLines(c.id, c.point, rng)), rng) : [];
    setImmediate(() => {
      void (async () => {
        for (const ch of [asciiBytes(reply), ...runBytes]) await this.consumer?.data(ch, Date.now());
      })();
    });
    return Promise.resolve();
  }
}

/**
 * Whole sessions, Q3 → Q2 → Q1, one after another on one connection. A session runs each
 * point once (a second runPoint of a settled point is a no-op since resume keeps the
 * progress), and every replayed meter passes, so each point is one run.
 */
const SESSIONS = SMOKE ? 1 : 7;
const POINTS = ['Q3', 'Q2', 'Q1'] as const;
const withSession = async () => {
  const link = new ReplayBench();
  let lines = 0;
  const sink: RawRecordSink = {
    append: (l) => {
      if (l.direction === 'in') lines++;
      return Promise.resolve();
    },
  };
  const driver = new Wmb1Driver({ link, sink, connectionId: 's' });
  let runs = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const session = new VerificationSession(driver, {
      sessionId: `B${s}`,
      meter: { dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.005, mapMpa: 1 },
      points: POINTS.map((point) => ({ point, volumeL: 10 })),
    });
    session.on((e) => {
      if (e.type === 'run-result') runs++;
    });
    await session.identify();
    for (let p = 1; p <= POSITIONS; p++) await session.mount(p, `M${p}`);
    await session.runAll();
  }
  const expected = SESSIONS * POINTS.length;
  if (runs !== expected) throw new Error(`the sessions evaluated ${runs} of ${expected} runs`);
  driver.dispose();
  return lines;
};

const reps = (n: number) => (SMOKE ? 1 : n);
const results = [
  await time('baseline: TextDecoder + split("\\n")', reps(10), baseline),
  await time('LineFramer', reps(10), framerOnly),
  await time('LineFramer + WMB/1 decode', reps(10), framerDecode),
  await time('Wmb1Driver (sink awaited per line, decode, dispatch)', reps(5), driverOnly),
  await time('Wmb1Driver + VerificationSession (domain evaluation per run)', reps(3), withSession),
];

const goal = 20;
process.stdout.write(`bench:parse${SMOKE ? ' (smoke: too small to quote)' : ''} — ${LINES} WMB/1 lines, ${(stream.length / 1024).toFixed(0)} KiB in ${chunks.length} chunks of 1–128 B; Node ${process.version}\n\n`);
for (const r of results) process.stdout.write(`${r.label.padEnd(64)} ${r.usPerLine.toFixed(3).padStart(8)} µs/line\n`);
const full = results.at(-1)?.usPerLine ?? Infinity;
const base = results[0]?.usPerLine ?? 1;
process.stdout.write(`\nparse + session: ${full.toFixed(2)} µs/line = ${(full / base).toFixed(1)}× the split-lines baseline; goal ≤ ${goal} µs: ${full <= goal ? 'met' : 'NOT met'}\n`);
