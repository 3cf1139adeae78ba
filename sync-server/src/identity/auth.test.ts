import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, startTestServer, type TestServer } from './testServer.ts';
import { loginRateLimit } from './authRoutes.ts';
import { loginThrottleRule } from './loginThrottle.ts';
import { sessionLifetimeMs } from './sessions.ts';

describe('sign-in', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('signs in with an HttpOnly, SameSite=Strict session cookie and answers me, then signs out', async () => {
    const b = new Browser(s.url);
    const login = await b.login('root', 'root-password');
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'root', roles: ['admin'], enterpriseId: null });
    expect(login.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = b.setCookie[0] ?? '';
    expect(cookie).toMatch(/^erjian_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    // the id is stored hashed: the database never holds the cookie's value
    const value = cookie.split(';')[0]?.split('=')[1] ?? '';
    const rows = s.running.db.prepare('SELECT id_hash FROM web_sessions').all() as { id_hash: string }[];
    expect(rows.some((r) => r.id_hash === value)).toBe(false);
    expect(rows.some((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);

    const me = await b.get<{ user: { username: string }; csrfToken: string }>('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('root');
    expect(me.body.csrfToken).toBe(login.body.csrfToken);

    expect((await b.post('/api/auth/logout')).status).toBe(200);
    expect(b.setCookie[0]).toMatch(/^erjian_session=;/);
    const after = await b.get<{ reason: string }>('/api/auth/me');
    expect(after.status).toBe(401);
    expect(after.body.reason).toBe('not-signed-in');
  });

  it('refuses a wrong password and an unknown name alike (401 login-failed)', async () => {
    const b = new Browser(s.url);
    const wrong = await b.login('root', 'not-the-password');
    const unknown = await b.login('nobody', 'whatever');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toMatchObject({ status: 'error', reason: 'login-failed' });
    expect(unknown.body).toEqual(wrong.body);
    expect(b.setCookie).toEqual([]);
  });

  it('refuses a write without the session’s CSRF token (403 csrf), also with another session’s token', async () => {
    const b = new Browser(s.url);
    await b.login('root', 'root-password');
    const none = await b.post<{ reason: string }>('/api/enterprises', { id: 'x1', name: 'X' }, { csrf: false });
    expect(none.status).toBe(403);
    expect(none.body.reason).toBe('csrf');
    const other = new Browser(s.url);
    await other.login('root', 'root-password');
    b.csrfToken = other.csrfToken;
    const foreign = await b.post<{ reason: string }>('/api/enterprises', { id: 'x1', name: 'X' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.reason).toBe('csrf');
    expect((await other.get<{ enterprises: unknown[] }>('/api/enterprises')).body.enterprises).toEqual([]);
    const logout = await b.post<{ reason: string }>('/api/auth/logout', {}, { csrf: false });
    expect(logout.status).toBe(403);
  });

  it('ends a session after its lifetime on the injected clock', async () => {
    const b = new Browser(s.url);
    await b.login('root', 'root-password');
    expect((await b.get('/api/auth/me')).status).toBe(200);
    const start = s.now.value;
    s.now.value = new Date(start.getTime() + sessionLifetimeMs + 1);
    try {
      expect((await b.get('/api/auth/me')).status).toBe(401);
    } finally {
      s.now.value = start;
    }
  });

  it('answers 401 not-signed-in without a cookie and with a made-up one', async () => {
    const b = new Browser(s.url);
    expect((await b.get<{ reason: string }>('/api/enterprises')).body.reason).toBe('not-signed-in');
    b.cookie = 'erjian_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await b.get('/api/enterprises')).status).toBe(401);
  });
});

describe('sign-in rate limits', () => {
  it(`answers 429 with Retry-After after ${loginRateLimit.max} attempts a minute from one address`, async () => {
    const s = await startTestServer();
    try {
      const b = new Browser(s.url);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i <= loginRateLimit.max; i++) {
        last = await b.login(`someone-${i}`, 'guess');
        statuses.push(last.status);
      }
      expect(statuses.slice(0, loginRateLimit.max).every((x) => x === 401)).toBe(true);
      expect(last?.status).toBe(429);
      expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last?.body).toMatchObject({ status: 'error', reason: 'rate-limited' });
    } finally {
      await s.stop();
    }
  });

  it(`locks a username after ${loginThrottleRule.maxFailures} failures (429 login-locked, Retry-After), even with the right password, until the lock ends`, async () => {
    const s = await startTestServer();
    try {
      const b = new Browser(s.url);
      for (let i = 0; i < loginThrottleRule.maxFailures; i++) expect((await b.login('root', `wrong-${i}`)).status).toBe(401);
      const locked = await b.login('root', 'root-password');
      expect(locked.status).toBe(429);
      expect(locked.body).toMatchObject({ reason: 'login-locked' });
      expect(Number(locked.headers.get('retry-after'))).toBe(loginThrottleRule.lockMs / 1000);
      // another name from the same address is not locked
      expect((await b.login('someone-else', 'x')).status).toBe(401);
      s.now.value = new Date(s.now.value.getTime() + loginThrottleRule.lockMs + 1000);
      expect((await b.login('root', 'root-password')).status).toBe(200);
    } finally {
      await s.stop();
    }
  });
});
