import { describe, expect, it } from 'vitest';
import { failureOfStatus } from './errors.ts';
import { normaliseServerUrl } from './enrol.ts';

describe('sync failures', () => {
  it('reads the server’s answers by status and reason code, never by message text', () => {
    expect(failureOfStatus(403, 'enrolment-code-used')).toBe('code-invalid');
    expect(failureOfStatus(403, 'enrolment-code-expired')).toBe('code-invalid');
    expect(failureOfStatus(403, 'device-revoked')).toBe('device-revoked');
    expect(failureOfStatus(401, 'unauthorised')).toBe('unauthorised');
    expect(failureOfStatus(404, 'no-demo')).toBe('not-found');
    expect(failureOfStatus(409, 'key-substituted')).toBe('conflict');
    expect(failureOfStatus(413, null)).toBe('too-large');
    expect(failureOfStatus(429, null)).toBe('rate-limited');
    expect(failureOfStatus(503, null)).toBe('server-error');
    expect(failureOfStatus(400, 'bad-key')).toBe('refused');
  });

  it('takes a server address with or without a trailing slash, and refuses what is not http(s)', () => {
    expect(normaliseServerUrl(' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
    expect(normaliseServerUrl('https://erjian.example.cn/sync/')).toBe('https://erjian.example.cn/sync');
    expect(() => normaliseServerUrl('ftp://x')).toThrow();
    expect(() => normaliseServerUrl('not a url')).toThrow();
  });
});
