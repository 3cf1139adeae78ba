/**
 * The admin screens' calls to the sync server (same origin; docs/sync.md "Access"). The
 * session is the server's HttpOnly cookie; the CSRF token it hands out on sign-in and on
 * /api/auth/me is kept in memory only and sent as `x-csrf-token` on every write.
 */
import type { DeviceView, EnrolmentCodeView, EnterpriseView, SessionView } from '../../../../sync-server/src/identity/api.ts';
import type { AlarmView } from '../../../../sync-server/src/sync/alarms.ts';

export type { AlarmView, DeviceView, EnrolmentCodeView, EnterpriseView, SessionView };

/** A refusal with the server's stable reason code (or `network` when there was no answer). */
export class AdminApiError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly retryAfterSeconds: number | null = null,
    /** the server's `details` (e.g. the refused lines of an import), when it sent any */
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

let csrfToken: string | null = null;

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal ? { signal } : {}) });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new AdminApiError('network', String(err));
  }
  const answer = (await res.json().catch(() => null)) as (T & { status?: string; reason?: string; message?: string }) | null;
  if (!res.ok) {
    const retry = Number(res.headers.get('retry-after'));
    throw new AdminApiError(answer?.reason ?? `http-${res.status}`, answer?.message ?? res.statusText, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return answer as T;
}

function remember(s: SessionView): SessionView {
  csrfToken = s.csrfToken;
  return s;
}

export const adminApi = {
  /** The signed-in person, or null when there is no session. */
  async me(): Promise<SessionView | null> {
    try {
      return remember(await call<SessionView>('GET', '/api/auth/me'));
    } catch (err) {
      if (err instanceof AdminApiError && err.reason === 'not-signed-in') return null;
      throw err;
    }
  },
  async login(username: string, password: string): Promise<SessionView> {
    return remember(await call<SessionView>('POST', '/api/auth/login', { username, password }));
  },
  async logout(): Promise<void> {
    await call('POST', '/api/auth/logout', {});
    csrfToken = null;
  },
  async enterprises(): Promise<EnterpriseView[]> {
    return (await call<{ enterprises: EnterpriseView[] }>('GET', '/api/enterprises')).enterprises;
  },
  async devices(enterpriseId: string): Promise<DeviceView[]> {
    return (await call<{ devices: DeviceView[] }>('GET', `/api/enterprises/${encodeURIComponent(enterpriseId)}/devices`)).devices;
  },
  makeCode(enterpriseId: string): Promise<EnrolmentCodeView> {
    return call<EnrolmentCodeView>('POST', `/api/enterprises/${encodeURIComponent(enterpriseId)}/enrolment-codes`, {});
  },
  /** The sync alarms (docs/sync.md "Alarms"): one enterprise's, or (city-wide people) all. */
  alarms(enterpriseId: string | null, signal?: AbortSignal): Promise<{ alarms: AlarmView[]; total: number }> {
    const query = enterpriseId === null ? '' : `?enterpriseId=${encodeURIComponent(enterpriseId)}`;
    return call('GET', `/api/admin/sync/alarms${query}`, undefined, signal);
  },
  revoke(deviceId: string, reason: string): Promise<DeviceView> {
    return call<DeviceView>('POST', `/api/devices/${encodeURIComponent(deviceId)}/revoke`, { reason });
  },
};
