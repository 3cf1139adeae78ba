/**
 * One fetch for the supervision screens' calls to the sync server (same origin;
 * docs/supervision.md "API"): the session cookie, the CSRF token on every write, and the
 * server's stable reason code on a refusal (AdminApiError, shown through the screens' texts).
 */
import { AdminApiError } from '../admin/adminApi.ts';

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  csrfToken?: string;
  signal?: AbortSignal;
}

export async function supervisionCall<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new AdminApiError('network', String(err));
  }
  const answer = (await res.json().catch(() => null)) as (T & { reason?: string; message?: string; details?: unknown }) | null;
  if (!res.ok) throw new AdminApiError(answer?.reason ?? `http-${res.status}`, answer?.message ?? res.statusText, null, answer?.details ?? null);
  return answer as T;
}
