/**
 * A stand-in for the city's NQI platform (docs/nqi.md "The simulator"): its own small HTTP
 * server speaking the contract of docs/nqi.md, with switches that make it misbehave the
 * ways a real platform does — slow answers, 5xx, forced refusals, replays stored twice
 * (a platform that ignores Idempotency-Key), and outages (connections refused, or 503).
 * Started by the tests (port 0), by `npm run nqi-sim`, and by `npm start` when
 * `--nqi-url embedded`. It keeps its records in memory: a restart is an empty platform.
 *
 * It parses the wire format on its own (not with the adapter's schemas), so a drift of the
 * adapter from the documented contract fails the tests instead of agreeing with itself.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Prng } from '../../../web/src/bench/sim/prng.ts';

export type NqiOutageMode = 'none' | 'refuse' | 'unavailable';

export interface NqiSimulatorSwitches {
  /** every answer waits this long (ms) — after the request took effect, as a slow platform does */
  latencyMs: number;
  /** the fraction of writes answered 503 before taking effect (seeded) */
  errorRate: number;
  /** HTTP statuses the next requests are answered with, first in first out, before taking effect */
  forcedErrors: number[];
  /** ignore Idempotency-Key: a replayed create is stored as a second record */
  duplicates: boolean;
  readonly outage: NqiOutageMode;
  /** 'refuse' stops listening (connection refused), 'unavailable' answers every request 503 */
  setOutage(mode: NqiOutageMode): Promise<void>;
}

export interface NqiSimulatorOptions {
  port?: number;
  host?: string;
  clock?: () => Date;
  seed?: number;
  latencyMs?: number;
  errorRate?: number;
  duplicates?: boolean;
  /** keep the records in this JSON file across restarts (the embedded demo); default: memory only */
  stateFile?: string;
}

interface StoredRecord {
  platform_id: string;
  revision: number;
  status: 'active' | 'withdrawn';
  received_at: string;
  updated_at: string;
  record: Record<string, unknown>;
}

interface JournalEntry {
  nextId: number;
  key: string;
  answer: { status: number; body: unknown };
  record: StoredRecord | null;
}

export interface NqiRequestLog {
  method: string;
  path: string;
  key: string | null;
  status: number;
  replayed: boolean;
}

export interface NqiSimulator {
  url: string;
  switches: NqiSimulatorSwitches;
  /** every request answered, in order (tests count attempts with it) */
  requests: readonly NqiRequestLog[];
  close(): Promise<void>;
}

const wireSchema = 'erjian.nqi-record/1';
const requiredStrings = [
  'source_id',
  'record_hash',
  'enterprise_id',
  'instrument_name',
  'model',
  'serial',
  'accuracy_class',
  'manufacturer',
  'production_date',
  'verification_date',
  'institution',
];
const nullableKeys = ['authorisation_certificate_no', 'valid_until', 'recall_notice', 'supersedes'];
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startNqiSimulator(options: NqiSimulatorOptions = {}): Promise<NqiSimulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? (() => new Date());
  const prng = new Prng(options.seed ?? 1);
  const records = new Map<string, StoredRecord>();
  const byKey = new Map<string, { status: number; body: unknown }>();
  const requests: NqiRequestLog[] = [];
  let nextId = 1;
  // The state survives a restart as a snapshot (`stateFile`) plus a journal of the writes
  // since (`<stateFile>.journal`, one JSON line per write, appended): rewriting the whole
  // snapshot on every write cost O(records) per write, and in the embedded demo that blocked
  // the server's own event loop for tens of milliseconds a record (docs/nqi.md "Simulator").
  const journal = options.stateFile ? `${options.stateFile}.journal` : null;
  if (options.stateFile && existsSync(options.stateFile)) {
    const saved = JSON.parse(readFileSync(options.stateFile, 'utf8')) as { nextId: number; records: StoredRecord[]; keys: [string, { status: number; body: unknown }][] };
    nextId = saved.nextId;
    for (const r of saved.records) records.set(r.platform_id, r);
    for (const [k, v] of saved.keys) byKey.set(k, v);
  }
  if (journal && existsSync(journal)) {
    for (const text of readFileSync(journal, 'utf8').split('\n')) {
      let entry: JournalEntry;
      try {
        entry = JSON.parse(text) as JournalEntry;
      } catch {
        continue; // an empty line, or the last one cut by a crash mid-append: that write was never answered
      }
      nextId = entry.nextId;
      byKey.set(entry.key, entry.answer);
      if (entry.record) records.set(entry.record.platform_id, entry.record);
    }
  }
  if (options.stateFile) {
    // Start from one snapshot and an empty journal.
    const tmp = `${options.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ nextId, records: [...records.values()], keys: [...byKey] }));
    renameSync(tmp, options.stateFile);
    if (journal) writeFileSync(journal, '');
  }
  /** One write, appended to the journal: the answer under its key and the record it made or changed. */
  const save = (key: string, answer: { status: number; body: unknown }): void => {
    if (!journal) return;
    const platformId = (answer.body as { platform_id?: unknown } | null)?.platform_id;
    const record = typeof platformId === 'string' ? (records.get(platformId) ?? null) : null;
    const entry: JournalEntry = { nextId, key, answer, record };
    appendFileSync(journal, `${JSON.stringify(entry)}\n`);
  };
  let outage: NqiOutageMode = 'none';
  let port = options.port ?? 0;

  const switches: NqiSimulatorSwitches = {
    latencyMs: options.latencyMs ?? 0,
    errorRate: options.errorRate ?? 0,
    forcedErrors: [],
    duplicates: options.duplicates ?? false,
    get outage() {
      return outage;
    },
    async setOutage(mode) {
      if (mode === outage) return;
      const was = outage;
      outage = mode;
      if (mode === 'refuse') await stopListening();
      else if (was === 'refuse') await listen();
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 1_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://nqi');
    const key = header(req, 'idempotency-key');
    let status = 500;
    let body: unknown;
    let replayed = false;
    try {
      const text = await readBody(req);
      if (url.pathname === '/_sim/switches') {
        ({ status, body } = await control(req.method ?? '', text));
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
        return;
      }
      if (outage === 'unavailable') throw new Refusal(503, 'unavailable', 'the platform is down for maintenance');
      const forced = switches.forcedErrors.shift();
      if (forced !== undefined) throw new Refusal(forced, 'forced', `forced ${forced}`);
      const isWrite = req.method !== 'GET' && req.method !== 'HEAD';
      if (isWrite && switches.errorRate > 0 && prng.next() < switches.errorRate) throw new Refusal(503, 'busy', 'try again later');
      if (isWrite) {
        if (key === null || key.length < 8 || key.length > 200) throw new Refusal(400, 'idempotency-key', 'Idempotency-Key header (8–200 characters) is required');
        const earlier = switches.duplicates && req.method === 'POST' && url.pathname === '/api/v1/meter-records' ? undefined : byKey.get(key);
        if (earlier) {
          replayed = true;
          ({ status, body } = earlier);
        } else {
          ({ status, body } = write(req.method ?? '', url.pathname, text));
          byKey.set(key, { status, body });
          save(key, { status, body });
        }
      } else {
        ({ status, body } = read(url));
      }
    } catch (err) {
      if (err instanceof Refusal) {
        status = err.status;
        body = { error: { code: err.code, message: err.message } };
      } else {
        status = 500;
        body = { error: { code: 'internal', message: String(err) } };
      }
    }
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, key, status, replayed });
    if (switches.latencyMs > 0) await new Promise((r) => setTimeout(r, switches.latencyMs));
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
    res.end(JSON.stringify(body));
  }

  function write(method: string, path: string, text: string): { status: number; body: unknown } {
    const now = clock().toISOString();
    const m = /^\/api\/v1\/meter-records(?:\/([^/]+)(\/withdrawal)?)?$/.exec(path);
    if (!m) throw new Refusal(404, 'not-found', `no route ${method} ${path}`);
    const [, id, withdrawal] = m;
    const payload = parseJson(text);
    if (payload.schema !== wireSchema) throw new Refusal(422, 'schema', `schema must be ${wireSchema}`);
    if (method === 'POST' && id === undefined) {
      const record = validRecord(payload.record);
      const stored: StoredRecord = { platform_id: `NQI-${String(nextId++).padStart(8, '0')}`, revision: 1, status: 'active', received_at: now, updated_at: now, record };
      records.set(stored.platform_id, stored);
      return { status: 201, body: ack(stored) };
    }
    const stored = id === undefined ? undefined : records.get(decodeURIComponent(id));
    if (!stored) throw new Refusal(404, 'not-found', `no record ${id ?? ''}`);
    if (method === 'PUT' && !withdrawal) {
      stored.record = validRecord(payload.record);
      stored.status = 'active';
    } else if (method === 'POST' && withdrawal) {
      if (typeof payload.withdrawn_by !== 'string') throw new Refusal(422, 'withdrawn_by', 'withdrawn_by is required');
      stored.status = 'withdrawn';
    } else {
      throw new Refusal(405, 'method', `${method} is not allowed on ${path}`);
    }
    stored.revision += 1;
    stored.updated_at = now;
    return { status: 200, body: ack(stored) };
  }

  /** Not the platform's API: the switches, for a person driving the standalone simulator (docs/nqi.md). */
  async function control(method: string, text: string): Promise<{ status: number; body: unknown }> {
    if (method === 'POST') {
      const p = parseJson(text);
      if (typeof p.latencyMs === 'number') switches.latencyMs = p.latencyMs;
      if (typeof p.errorRate === 'number') switches.errorRate = p.errorRate;
      if (typeof p.duplicates === 'boolean') switches.duplicates = p.duplicates;
      if (Array.isArray(p.forcedErrors)) switches.forcedErrors.push(...p.forcedErrors.filter((n): n is number => typeof n === 'number'));
      // 'refuse' would also refuse this endpoint: a standalone outage is 'unavailable'
      if (p.outage === 'none' || p.outage === 'unavailable') await switches.setOutage(p.outage);
    } else if (method !== 'GET') throw new Refusal(405, 'method', 'GET or POST');
    const { latencyMs, errorRate, forcedErrors, duplicates } = switches;
    return { status: 200, body: { latencyMs, errorRate, forcedErrors, duplicates, outage, records: records.size } };
  }

  function read(url: URL): { status: number; body: unknown } {
    if (url.pathname === '/api/v1/meter-records') {
      const date = url.searchParams.get('verification_date') ?? '';
      if (!isoDate.test(date)) throw new Refusal(400, 'verification_date', 'verification_date=YYYY-MM-DD is required');
      const list = [...records.values()].filter((r) => r.record.verification_date === date);
      return { status: 200, body: { verification_date: date, records: list } };
    }
    const m = /^\/api\/v1\/meter-records\/([^/]+)$/.exec(url.pathname);
    const stored = m ? records.get(decodeURIComponent(m[1] ?? '')) : undefined;
    if (!stored) throw new Refusal(404, 'not-found', `no record at ${url.pathname}`);
    return { status: 200, body: stored };
  }

  function listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function stopListening(): Promise<void> {
    return new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  await listen();
  return {
    url: `http://${host}:${port}`,
    switches,
    requests,
    close: async () => {
      outage = 'refuse';
      await stopListening();
    },
  };
}

function ack(r: StoredRecord) {
  return { platform_id: r.platform_id, revision: r.revision, status: r.status };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) reject(new Refusal(413, 'too-large', 'a record is at most 64 KiB'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new Refusal(400, 'json', 'the body must be a JSON object');
}

function validRecord(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal(422, 'record', 'record must be an object');
  const r = value as Record<string, unknown>;
  for (const k of requiredStrings) if (typeof r[k] !== 'string' || r[k] === '') throw new Refusal(422, k, `${k} is required`);
  for (const k of nullableKeys) if (!(k in r)) throw new Refusal(422, k, `${k} is required (null when none)`);
  for (const k of ['production_date', 'verification_date']) if (!isoDate.test(r[k] as string)) throw new Refusal(422, k, `${k} must be YYYY-MM-DD`);
  if (r.conclusion !== '合格' && r.conclusion !== '不合格') throw new Refusal(422, 'conclusion', 'conclusion must be 合格 or 不合格');
  return { ...r };
}
