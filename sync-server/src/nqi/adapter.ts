/**
 * The NQI platform adapter (docs/nqi.md): the only code of the server that knows the
 * platform's wire format — paths, headers, bodies, status codes. Everything else speaks
 * `NqiRecord` and the outcome kinds below. The platform's real API is not public; this is our
 * documented contract, and the simulator (simulator.ts) is its reference implementation.
 *
 * Outcomes: `refused` (a 4xx but 408/429: the platform read and rejected the request; a retry
 * would be refused again, so a dead letter), `transient` (5xx, 408, 429, a timeout, a refused
 * or reset connection, an answer we cannot read: retried with backoff), `aborted` (the
 * forwarder is closing: not an attempt).
 */
import { z } from 'zod';
import type { NqiRecord } from './record.ts';

export const wireSchema = 'erjian.nqi-record/1';

const ackSchema = z.object({
  platform_id: z.string().min(1),
  revision: z.number().int().positive(),
  status: z.enum(['active', 'withdrawn']),
});
export type NqiAck = z.infer<typeof ackSchema>;

const recallSchema = z.object({ id: z.string(), issued_on: z.string(), reason: z.string(), action: z.string() }).nullable();

const recordSchema = z.object({
  source_id: z.string(),
  record_hash: z.string(),
  enterprise_id: z.string(),
  authorisation_certificate_no: z.string().nullable(),
  instrument_name: z.string(),
  model: z.string(),
  serial: z.string(),
  accuracy_class: z.string(),
  manufacturer: z.string(),
  production_date: z.string(),
  verification_date: z.string(),
  valid_until: z.string().nullable(),
  conclusion: z.enum(['合格', '不合格']),
  institution: z.string(),
  recall_notice: recallSchema,
  supersedes: z.string().nullable(),
});

const platformRecordSchema = ackSchema.extend({
  received_at: z.string(),
  updated_at: z.string(),
  record: recordSchema,
});
export type NqiPlatformRecord = z.infer<typeof platformRecordSchema>;

const listSchema = z.object({ verification_date: z.string(), records: z.array(platformRecordSchema) });

export type NqiOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'refused' | 'transient' | 'aborted'; status: number | null; message: string };

export interface NqiAdapter {
  /** a new platform record for a meter */
  create(record: NqiRecord, key: string, signal?: AbortSignal): Promise<NqiOutcome<NqiAck>>;
  /** replace the content of a platform record (a re-verification, a recall notice) */
  update(platformId: string, record: NqiRecord, key: string, signal?: AbortSignal): Promise<NqiOutcome<NqiAck>>;
  /** withdraw a platform record (its meter failed a re-verification) */
  withdraw(platformId: string, sourceId: string, key: string, signal?: AbortSignal): Promise<NqiOutcome<NqiAck>>;
  get(platformId: string, signal?: AbortSignal): Promise<NqiOutcome<NqiPlatformRecord | null>>;
  /** every platform record (withdrawn ones too) whose verification date is `date` */
  listByDay(date: string, signal?: AbortSignal): Promise<NqiOutcome<NqiPlatformRecord[]>>;
}

export interface AdapterOptions {
  /** the platform's base URL, e.g. http://127.0.0.1:8090 */
  baseUrl: string;
  /** per request; a slower answer is a transient failure */
  timeoutMs: number;
}

export function createNqiAdapter({ baseUrl, timeoutMs }: AdapterOptions): NqiAdapter {
  const root = baseUrl.replace(/\/+$/, '');
  const records = `${root}/api/v1/meter-records`;

  async function call<T>(
    method: string,
    url: string,
    parse: z.ZodType<T>,
    init: { key?: string; body?: unknown; signal?: AbortSignal; notFoundIsNull?: boolean },
  ): Promise<NqiOutcome<T>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(init.key === undefined ? {} : { 'idempotency-key': init.key }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal,
      });
    } catch (err) {
      if (init.signal?.aborted) return { ok: false, kind: 'aborted', status: null, message: 'forwarder closing' };
      if (timeout.aborted) return { ok: false, kind: 'transient', status: null, message: `no answer within ${timeoutMs} ms` };
      return { ok: false, kind: 'transient', status: null, message: describe(err) };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (init.signal?.aborted) return { ok: false, kind: 'aborted', status: res.status, message: 'forwarder closing' };
      return { ok: false, kind: 'transient', status: res.status, message: describe(err) };
    }
    if (res.status === 404 && init.notFoundIsNull) return { ok: true, value: null as T };
    if (!res.ok) {
      const kind = res.status >= 500 || res.status === 408 || res.status === 429 ? 'transient' : 'refused';
      return { ok: false, kind, status: res.status, message: platformMessage(text) ?? `HTTP ${res.status}` };
    }
    try {
      return { ok: true, value: parse.parse(JSON.parse(text)) };
    } catch {
      return { ok: false, kind: 'transient', status: res.status, message: 'the platform answered with a body we cannot read' };
    }
  }

  const envelope = (record: NqiRecord) => ({ schema: wireSchema, record });
  const one = (id: string) => `${records}/${encodeURIComponent(id)}`;
  return {
    create: (record, key, signal) => call('POST', records, ackSchema, { key, body: envelope(record), signal }),
    update: (platformId, record, key, signal) => call('PUT', one(platformId), ackSchema, { key, body: envelope(record), signal }),
    withdraw: (platformId, sourceId, key, signal) =>
      call('POST', `${one(platformId)}/withdrawal`, ackSchema, { key, body: { schema: wireSchema, withdrawn_by: sourceId }, signal }),
    get: (platformId, signal) => call('GET', one(platformId), platformRecordSchema.nullable(), { signal, notFoundIsNull: true }),
    listByDay: async (date, signal) => {
      const r = await call('GET', `${records}?verification_date=${encodeURIComponent(date)}`, listSchema, { signal });
      return r.ok ? { ok: true, value: r.value.records } : r;
    },
  };
}

/** The platform's `{error: {code, message}}`, when it sends one. */
function platformMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : null;
    const message = typeof body.error?.message === 'string' ? body.error.message : null;
    return code === null && message === null ? null : [code, message].filter(Boolean).join(': ');
  } catch {
    return null;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : null;
    return code ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
