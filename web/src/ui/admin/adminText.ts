/** What to tell a person about a refused admin call, from the server's reason code (docs/sync.md "Access"). */
import { AdminApiError } from './adminApi.ts';
import { at, type AdminKey } from './messages.ts';

const known = ['login-failed', 'login-locked', 'rate-limited', 'not-signed-in', 'forbidden', 'csrf', 'network'] as const;
type KnownReason = (typeof known)[number];

function isKnown(reason: string): reason is KnownReason {
  return (known as readonly string[]).includes(reason);
}

export function adminErrorText(err: unknown): string {
  if (err instanceof AdminApiError && isKnown(err.reason)) {
    const key: AdminKey = `admin.error.${err.reason}`;
    return at(key, { seconds: err.retryAfterSeconds ?? 60 });
  }
  return at('admin.error.other', { reason: err instanceof AdminApiError ? err.reason : String(err) });
}
