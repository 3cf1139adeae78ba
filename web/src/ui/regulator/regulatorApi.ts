/**
 * The regulator's NQI screens' calls to the sync server (same origin; docs/nqi.md "API").
 * Sign-in is the admin screens' (adminApi): the session cookie, and the CSRF token of the
 * session, sent on the one write (requeueing dead letters).
 */
import type { ReconciliationReport } from '../../../../sync-server/src/nqi/reconcile.ts';
import type { DeadLetter, OutboxCounts } from '../../../../sync-server/src/nqi/deadLetters.ts';
import { AdminApiError } from '../admin/adminApi.ts';

export type { ReconciliationReport, DeadLetter, OutboxCounts };
export type { ReconciliationCounts, ReconciliationDifference } from '../../../../sync-server/src/nqi/reconcile.ts';

export interface NqiStatus {
  platform: { url: string; simulator: boolean };
  outbox: OutboxCounts;
}

async function call<T>(path: string, init: { body?: unknown; csrfToken?: string; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.csrfToken) headers['x-csrf-token'] = init.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers,
      credentials: 'same-origin',
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new AdminApiError('network', String(err));
  }
  const answer = (await res.json().catch(() => null)) as (T & { reason?: string; message?: string }) | null;
  if (!res.ok) throw new AdminApiError(answer?.reason ?? `http-${res.status}`, answer?.message ?? res.statusText);
  return answer as T;
}

export const regulatorApi = {
  reconciliation(from: string, to: string, signal?: AbortSignal): Promise<ReconciliationReport> {
    return call(`/api/regulator/nqi/reconciliation?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, signal ? { signal } : {});
  },
  status(signal?: AbortSignal): Promise<NqiStatus> {
    return call('/api/admin/nqi/status', signal ? { signal } : {});
  },
  async deadLetters(signal?: AbortSignal): Promise<DeadLetter[]> {
    return (await call<{ dead_letters: DeadLetter[] }>('/api/admin/nqi/dead-letters', signal ? { signal } : {})).dead_letters;
  },
  async republish(verificationIds: string[], csrfToken: string): Promise<number> {
    return (await call<{ queued: number }>('/api/admin/nqi/republish', { body: { verification_ids: verificationIds }, csrfToken })).queued;
  },
  async retryAll(csrfToken: string): Promise<number> {
    return (await call<{ requeued: number }>('/api/admin/nqi/dead-letters/retry', { body: { ids: 'all' }, csrfToken })).requeued;
  },
};
