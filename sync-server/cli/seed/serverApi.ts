/**
 * The few calls a seeding or load-testing tool makes on a running sync server, through its
 * public HTTP API only (docs/sync.md): sign in as a person, make an enrolment code, enrol a
 * device with its public key, push pages with the device token.
 */
import { enrolResponseSchema, pushResponseSchema, SYNC_PROTOCOL, type PushRequest, type PushResponse } from '../../../web/src/sync/protocol.ts';

export class ServerApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

async function failure(res: Response, what: string): Promise<ServerApiError> {
  const text = await res.text();
  let reason = 'http-' + res.status;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { reason?: string; message?: string };
    reason = body.reason ?? reason;
    message = body.message ?? message;
  } catch {
    // not the API's error shape: keep the text
  }
  return new ServerApiError(res.status, reason, `${what}: ${res.status} ${reason} — ${message}`);
}

/** A signed-in person: the session cookie and the CSRF token writes need. */
export class PersonSession {
  private constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signIn(baseUrl: string, username: string, password: string): Promise<PersonSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw await failure(res, `sign in as ${username}`);
    const body = (await res.json()) as { csrfToken?: string };
    const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
    if (!body.csrfToken || cookie === '') throw new ServerApiError(res.status, 'no-session', 'the login answer has no session cookie or CSRF token');
    return new PersonSession(baseUrl, cookie, body.csrfToken);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw await failure(res, `${method} ${path}`);
    return (await res.json()) as T;
  }

  async enrolmentCode(enterpriseId: string): Promise<string> {
    const r = await this.request<{ code: string }>('POST', `/api/enterprises/${encodeURIComponent(enterpriseId)}/enrolment-codes`, {});
    return r.code;
  }
}

export interface EnrolledDevice {
  deviceId: string;
  token: string;
}

export async function enrolDevice(baseUrl: string, code: string, deviceId: string, publicKeyJwk: JsonWebKey, label: string): Promise<EnrolledDevice> {
  const res = await fetch(`${baseUrl}/api/devices/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: SYNC_PROTOCOL, code, deviceId, publicKeyJwk: { kty: publicKeyJwk.kty, crv: publicKeyJwk.crv, x: publicKeyJwk.x, y: publicKeyJwk.y }, label }),
  });
  if (!res.ok) throw await failure(res, 'enrol the device');
  const body = enrolResponseSchema.parse(await res.json());
  return { deviceId: body.deviceId, token: body.token };
}

/** One push; the answer parsed with the shared schema. */
export async function push(baseUrl: string, token: string, page: PushRequest): Promise<PushResponse> {
  const res = await fetch(`${baseUrl}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(page) });
  if (!res.ok) throw await failure(res, 'push');
  return pushResponseSchema.parse(await res.json());
}

/** What a push answer refused, in a line a person can read. */
export function refusals(answer: PushResponse): string[] {
  const out: string[] = [];
  if (answer.lines.rejected) out.push(`line ${answer.lines.rejected.seq}: ${answer.lines.rejected.reason} — ${answer.lines.rejected.message}`);
  for (const r of answer.results) if (r.status === 'rejected') out.push(`${r.kind} ${r.id}: ${r.reason} — ${r.message}`);
  return out;
}
