/**
 * For the identity tests (and anyone's): a real server on 127.0.0.1:0 with a real SQLite
 * file in a temp dir and a clock the test moves; a `Browser` that keeps the session cookie
 * and the CSRF token like the PWA does; a device key made with WebCrypto.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith, type ServerConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import type { ServerPart } from '../app.ts';
import type { PublicKeyJwk } from '../../../web/src/sync/protocol.ts';
import type { SessionView } from './api.ts';

export interface TestServer {
  running: RunningServer;
  url: string;
  /** the injected clock reads this */
  now: { value: Date };
  stop(): Promise<void>;
}

export async function startTestServer(options: { config?: Partial<ServerConfig>; parts?: readonly ServerPart[]; start?: string } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-identity-'));
  const now = { value: new Date(options.start ?? '2026-11-30T01:00:00.000Z') };
  const config = configWith({ dataDir: join(dir, 'data'), staticRoot: dir, firstAdmin: 'root:root-password', ...options.config });
  const running = await startServer({ config, clock: () => now.value, ...(options.parts ? { parts: options.parts } : {}) });
  return {
    running,
    url: running.url,
    now,
    stop: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

async function answer<T>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

/** A person's browser: the session cookie, and the CSRF token sent on every write. */
export class Browser {
  cookie: string | null = null;
  csrfToken: string | null = null;
  setCookie: string[] = [];
  constructor(readonly url: string) {}

  async login(username: string, password: string): Promise<Answer<SessionView>> {
    const res = await fetch(`${this.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    this.setCookie = res.headers.getSetCookie();
    const a = await answer<SessionView>(res);
    if (a.status === 200) {
      this.cookie = this.setCookie[0]?.split(';')[0] ?? null;
      this.csrfToken = a.body.csrfToken;
    }
    return a;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown, options: { csrf?: boolean } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && options.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    this.setCookie = res.headers.getSetCookie();
    return answer<T>(res);
  }

  get<T = unknown>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown, options?: { csrf?: boolean }) {
    return this.call<T>('POST', path, body ?? {}, options);
  }
  put<T = unknown>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }
}

export async function deviceKey(): Promise<{ publicKeyJwk: PublicKeyJwk; privateKey: CryptoKey }> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { publicKeyJwk: { kty: 'EC', crv: 'P-256', x: jwk.x ?? '', y: jwk.y ?? '' }, privateKey: pair.privateKey };
}

export async function enrol(url: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${url}/api/devices/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return answer(res);
}
