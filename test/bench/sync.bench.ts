/**
 * Sync server benchmark (docs/architecture.md house rule 8: performance claims live in a
 * benchmark that prints the figure and the comparison side by side). Against the real
 * server, started as its own process (`tsx sync-server/src/main.ts`, so the load generator
 * never shares its event loop) on a real SQLite file (WAL, synchronous=FULL):
 *
 *   1. ingest: one client pushes N verifications with their raw lines, page by page, every
 *      one re-verified by the server (signature, chains, runs rebuilt from the raw lines,
 *      verdict recomputed) → verifications/s and lines/s; beside it, the same pages pushed
 *      again (all answered `duplicate`: parsing, signatures and lookups without storing);
 *   2. concurrency: C clients × M verifications each, pushing at the same time;
 *   3. lookup: the public lookup with L meters in the database, measured with autocannon at a
 *      fixed offered rate (default 2,000 requests/s), while a sync runs, and beside it the same
 *      load with the server otherwise idle → throughput, p50, p99.
 *
 * Goals it reports against (issue 12): ≥ 5,000 verifications/s ingest with re-verification;
 * lookup p99 ≤ 20 ms at 2,000 requests/s on the 2-core machine.
 *
 * Usage: npm run bench:sync [-- --verifications 100000 --clients 20 --per-client 5000
 *                              --meters 1000000 --rate 2000 --seconds 15]
 *        npm run bench:sync -- --smoke    (small counts, seconds: npm test runs it)
 *        … --profile-server DIR           (the server's CPU profile, written when it stops)
 *
 * The demo meters are made by the same synthetic bench PC as `npm run demo:seed`
 * (sync-server/cli/seed/), dated back from the moment the benchmark starts so that every device
 * time lies before the server's receipt; the lookup's extra meters beyond what was pushed are
 * written straight into `public_meters` (the lookup reads only that table), in bulk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { PersonSession, push, refusals } from '../../sync-server/cli/seed/serverApi.ts';
import { enrolSynthetic, makeDevicePages } from '../../sync-server/cli/seed/seedDemo.ts';
import type { PushRequest } from '../../web/src/sync/protocol.ts';
import { arg, SMOKE } from './benchArgs.ts';

/** `--profile-server DIR`: the server process writes a CPU profile there when it stops (node --cpu-prof), apart from the load generator's. */
const profileDir = ((i) => (i === -1 ? undefined : process.argv[i + 1]))(process.argv.indexOf('--profile-server'));

const config = {
  verifications: arg('verifications', 100_000, 300),
  clients: arg('clients', 20, 3),
  perClient: arg('per-client', 5_000, 100),
  meters: arg('meters', 1_000_000, 5_000),
  rate: arg('rate', 2_000, 200),
  seconds: arg('seconds', 15, 2),
};

const root = resolve(import.meta.dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

interface Server {
  url: string;
  child: ChildProcess;
  dbFile: string;
  stop(): Promise<void>;
}

/** The real server as its own process, with the demo enterprise and users. */
async function startServer(dir: string): Promise<Server> {
  const port = await freePort();
  const dist = join(dir, 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>bench</title>');
  writeFileSync(join(dist, 'lookup.html'), '<!doctype html><title>lookup</title>');
  const data = join(dir, 'data');
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, 'sync-server/src/main.ts'), '--port', String(port), '--data', data, '--dist', dist, '--log-level', 'warn'], {
    cwd: root,
    // a lookup limit the load generator (one address) does not hit: it measures the server, not the limiter
    env: { ...process.env, ERJIAN_LOOKUP_RATE: '100000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sync server exited with ${child.exitCode} before it answered`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the sync server did not answer /api/health within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    dbFile: join(data, 'erjian.sqlite'),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

const countVerifications = (pages: readonly PushRequest[]): number =>
  pages.reduce((n, p) => n + p.items.filter((i) => i.kind === 'record' && (i.body as { type?: string }).type === 'erjian.verification/2').length, 0);

const countLines = (pages: readonly PushRequest[]): number => pages.reduce((n, p) => n + p.lines.length, 0);

async function pushAll(url: string, token: string, pages: readonly PushRequest[]): Promise<{ ms: number; refused: string[]; duplicates: number }> {
  const refused: string[] = [];
  let duplicates = 0;
  const t0 = performance.now();
  for (const page of pages) {
    const answer = await push(url, token, page);
    refused.push(...refusals(answer));
    duplicates += answer.results.filter((r) => r.status === 'duplicate').length;
  }
  return { ms: performance.now() - t0, refused, duplicates };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Fills public_meters up to `total` rows with meters of a made-up enterprise (the lookup reads only this table). */
function fillLookupTable(dbFile: string, total: number): { added: number; serials: string[] } {
  const db = new Database(dbFile);
  db.pragma('busy_timeout = 10000');
  const have = (db.prepare('SELECT count(*) AS n FROM public_meters').get() as { n: number }).n;
  const add = Math.max(0, total - have);
  const insert = db.prepare(`INSERT INTO public_meters (verification_id, enterprise_id, device_id, serial, batch_id, instrument_name, model, accuracy_class, manufacturer,
    production_date, verification_date, valid_until, conclusion, institution, record_hash, created_at, received_at, superseded_by, integrity)
    VALUES (?, 'bench-ent', 'bench-device', ?, ?, '旋翼式冷水水表', 'LXS-15E', '2', '泰安示范水表有限公司', '2026-10-01', '2026-11-20', '2032-11-19', '合格', '泰安市法定计量检定机构（演示）', ?, '2026-11-20T02:00:00.000Z', '2026-11-20T02:05:00.000Z', NULL, 'verified')`);
  const serials: string[] = [];
  const chunk = 50_000;
  for (let from = 0; from < add; from += chunk) {
    db.transaction(() => {
      for (let i = from; i < Math.min(add, from + chunk); i++) {
        const serial = `LK${String(i + 1).padStart(9, '0')}`;
        insert.run(`bench-${i}`, serial, `LK-B${Math.floor(i / 1000)}`, '0'.repeat(64));
        if (i % 97 === 0) serials.push(serial);
      }
    })();
  }
  // The bulk rows out of the WAL into the file now: their checkpoint is set-up, not the server's measured work.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { added: add, serials };
}

/** Waits (at most `boundMs`) until the server's NQI outbox has nothing pending. */
async function drainNqi(dbFile: string, boundMs: number): Promise<{ rows: number; ms: number; left: number }> {
  const db = new Database(dbFile, { readonly: true });
  const pending = (): number => (db.prepare(`SELECT count(*) AS n FROM nqi_outbox WHERE state = 'pending'`).get() as { n: number }).n;
  const t0 = performance.now();
  const rows = pending();
  let left = rows;
  while (left > 0 && performance.now() - t0 < boundMs) {
    await new Promise((r) => setTimeout(r, 250));
    left = pending();
  }
  db.close();
  return { rows: rows - left, ms: performance.now() - t0, left };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function lookupLoad(url: string, serials: readonly string[], rate: number, seconds: number): Promise<LoadResult> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 50,
    overallRate: rate,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/public/meters/${serials[i++ % serials.length]!}` }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function main(): Promise<void> {
  console.log(`bench:sync ${SMOKE ? '(smoke) ' : ''}${JSON.stringify(config)}`);
  const dir = mkdtempSync(join(tmpdir(), 'erjian-bench-sync-'));
  const server = await startServer(dir);
  try {
    const person = await PersonSession.signIn(server.url, 'ent-admin', 'demo');
    // Every device time lies before the server's receipt: each device's sessions (as long as a
    // bench takes, syntheticStart) end before the next-made device's begin, the first before now.
    let until = new Date(Date.now());
    const before = <T extends { start: Date }>(made: T): T => {
      until = made.start;
      return made;
    };

    // 1. One client, N verifications.
    let t0 = performance.now();
    const one = before(await makeDevicePages({ meters: config.verifications, until, serialPrefix: 'ONE', batchPrefix: 'ONE-B', seed: 1 }));
    const makeMs = performance.now() - t0;
    const token = await enrolSynthetic({ baseUrl: server.url, person, enterpriseId: 'demo', label: 'bench:sync one' }, one.device);
    const v = countVerifications(one.pages);
    const lines = countLines(one.pages);
    const first = await pushAll(server.url, token, one.pages);
    const again = await pushAll(server.url, token, one.pages);
    console.log(`\n1. ingest, one client: ${fmt(v)} verifications, ${fmt(lines)} raw lines, ${one.pages.length} pages (made in ${fmt(makeMs / 1000, 1)} s, not timed)`);
    console.log(`   first push (stored + re-verified)  ${fmt(first.ms / 1000, 2)} s   ${fmt((v * 1000) / first.ms)} verifications/s   ${fmt((lines * 1000) / first.ms)} lines/s   refused ${first.refused.length}`);
    console.log(`   same pages again (all duplicate)   ${fmt(again.ms / 1000, 2)} s   ${fmt((v * 1000) / again.ms)} verifications/s   duplicates ${fmt(again.duplicates)}`);
    console.log(`   goal ≥ 5,000 verifications/s with re-verification: ${(v * 1000) / first.ms >= 5000 ? 'met' : 'NOT met'}`);
    if (first.refused.length > 0) throw new Error(`the server refused honest records:\n${first.refused.slice(0, 10).join('\n')}`);

    // 2. C clients × M verifications at once.
    t0 = performance.now();
    const clients = [];
    for (let k = 0; k < config.clients; k++) {
      const made = before(await makeDevicePages({ meters: config.perClient, until, serialPrefix: `C${k}-`, batchPrefix: `C${k}-B`, seed: 100 + k }));
      clients.push({ made, token: await enrolSynthetic({ baseUrl: server.url, person, enterpriseId: 'demo', label: `bench:sync client ${k}` }, made.device) });
    }
    const makeAllMs = performance.now() - t0;
    t0 = performance.now();
    const results = await Promise.all(clients.map((c) => pushAll(server.url, c.token, c.made.pages)));
    const concMs = performance.now() - t0;
    const concV = clients.reduce((n, c) => n + countVerifications(c.made.pages), 0);
    const concRefused = results.flatMap((r) => r.refused);
    console.log(`\n2. ${config.clients} concurrent clients × ${fmt(config.perClient)} verifications (made in ${fmt(makeAllMs / 1000, 1)} s, not timed)`);
    console.log(`   all pushed in ${fmt(concMs / 1000, 2)} s   ${fmt((concV * 1000) / concMs)} verifications/s   slowest client ${fmt(Math.max(...results.map((r) => r.ms)) / 1000, 2)} s   refused ${concRefused.length}`);
    if (concRefused.length > 0) throw new Error(`the server refused honest records:\n${concRefused.slice(0, 10).join('\n')}`);

    // 3. Lookup with L meters in the database, idle and while a sync runs.
    t0 = performance.now();
    const filled = fillLookupTable(server.dbFile, config.meters);
    const serials = [...filled.serials, ...one.serials.filter((_, i) => i % 7 === 0)];
    console.log(`\n3. public lookup, ${fmt(config.meters)} meters in public_meters (${fmt(filled.added)} written in bulk in ${fmt((performance.now() - t0) / 1000, 1)} s), offered ${fmt(config.rate)} requests/s for ${config.seconds} s, autocannon`);
    // "Idle" means idle: the NQI forwarder first publishes what the pushes above queued.
    const drained = await drainNqi(server.dbFile, SMOKE ? 30_000 : 600_000);
    console.log(`   the NQI forwarder published ${fmt(drained.rows)} queued records in ${fmt(drained.ms / 1000, 1)} s (${fmt((drained.rows * 1000) / Math.max(drained.ms, 1))} records/s)${drained.left > 0 ? `; ${fmt(drained.left)} still pending when the bound ran out` : ''}`);
    const idle = await lookupLoad(server.url, serials, config.rate, config.seconds);
    const syncing = before(await makeDevicePages({ meters: Math.max(config.perClient, Math.round((config.rate * config.seconds) / 4)), until, serialPrefix: 'BG', batchPrefix: 'BG-B', seed: 7 }));
    const bgToken = await enrolSynthetic({ baseUrl: server.url, person, enterpriseId: 'demo', label: 'bench:sync background' }, syncing.device);
    const background = pushAll(server.url, bgToken, syncing.pages);
    const busy = await lookupLoad(server.url, serials, config.rate, config.seconds);
    const bg = await background;
    const row = (name: string, r: LoadResult) =>
      console.log(`   ${name.padEnd(28)} ${fmt(r.rps).padStart(7)} req/s   p50 ${fmt(r.p50, 1).padStart(6)} ms   p99 ${fmt(r.p99, 1).padStart(6)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`);
    row('idle server', idle);
    row('while a sync runs', busy);
    console.log(`   (the background sync pushed ${fmt(countVerifications(syncing.pages))} verifications in ${fmt(bg.ms / 1000, 1)} s, refused ${bg.refused.length})`);
    console.log(`   goal p99 ≤ 20 ms at 2,000 requests/s while syncing: ${busy.p99 <= 20 && config.rate >= 2000 ? 'met' : config.rate < 2000 ? 'not measured at 2,000/s (smoke)' : 'NOT met'}`);
    if (busy.non2xx > 0 || idle.non2xx > 0) throw new Error('the lookup answered non-2xx under load (rate limit or errors)');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
