/**
 * The sync client's one way to talk to the server: JSON over fetch, every failure turned
 * into a `SyncError` with a stable code (errors.ts), every answer parsed with the protocol's
 * schema before anyone reads it (docs/sync.md). `fetch` is a parameter so tests and the
 * service worker-free Node runs use the same code.
 */
import type { z } from 'zod';
import { apiErrorSchema } from './protocol.ts';
import { SyncError, failureOfStatus } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpOptions {
  fetch?: FetchLike;
  /** abort a request after this long (ms) */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

async function errorOf(res: Response): Promise<SyncError> {
  let reason: string | null = null;
  let message = `HTTP ${res.status}`;
  try {
    const body = apiErrorSchema.safeParse(await res.json());
    if (body.success) {
      reason = body.data.reason;
      message = `${message}: ${body.data.reason}: ${body.data.message}`;
    }
  } catch {
    /* not JSON: the status says enough */
  }
  return new SyncError(failureOfStatus(res.status, reason), message, res.status, reason);
}

export async function requestJson<S extends z.ZodType>(
  url: string,
  schema: S,
  init: { method: 'GET' | 'POST'; token?: string; body?: unknown },
  options: HttpOptions = {},
): Promise<z.infer<S>> {
  const doFetch = options.fetch ?? ((input, i) => fetch(input, i));
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? 60_000);
  const onAbort = () => timeout.abort();
  options.signal?.addEventListener('abort', onAbort);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  try {
    let res: Response;
    try {
      res = await doFetch(url, { method: init.method, headers, signal: timeout.signal, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    } catch (err) {
      throw new SyncError(timeout.signal.aborted && !options.signal?.aborted ? 'timeout' : 'network', `${init.method} ${url}: ${String(err)}`, null, null, { cause: err });
    }
    if (!res.ok) throw await errorOf(res);
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      // A body cut mid-way is a network failure, not a bad server: the next sync resumes.
      throw new SyncError(timeout.signal.aborted ? 'timeout' : 'network', `${init.method} ${url}: the answer was cut or is not JSON`, res.status, null, { cause: err });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncError('bad-response', `${init.method} ${url}: ${parsed.error.message}`, res.status);
    return parsed.data as z.infer<S>;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
