/**
 * Asks the server for one meter (`GET /api/public/meters/:serial`, docs/lookup.md) and sorts
 * the answer into what the page shows. Only the type of the shared protocol is imported: the
 * page stays light (no zod), and it checks the few things it renders instead.
 */
import type { PublicMeter } from '../sync/protocol.ts';
import { publicMeterApiPath } from './address.ts';

export type LookupOutcome =
  | { kind: 'found'; meter: PublicMeter }
  | { kind: 'not-found' }
  /** 429: `retryAfterS` from the Retry-After header, when it gives seconds */
  | { kind: 'rate-limited'; retryAfterS: number | null }
  /** the server answered, but not with a meter (5xx, a proxy's page) */
  | { kind: 'unavailable' }
  /** no answer at all */
  | { kind: 'offline' };

function isPublicMeter(v: unknown): v is PublicMeter {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const strings = ['instrument_name', 'model', 'serial', 'accuracy_class', 'manufacturer', 'production_date', 'verification_date', 'institution'];
  return (
    strings.every((k) => typeof m[k] === 'string') &&
    (m.valid_until === null || typeof m.valid_until === 'string') &&
    (m.conclusion === '合格' || m.conclusion === '不合格') &&
    (m.integrity === 'verified' || m.integrity === 'broken') &&
    (m.recall === null || (typeof m.recall === 'object' && m.recall !== null))
  );
}

export async function lookUpMeter(serial: string, fetchImpl: typeof fetch = fetch): Promise<LookupOutcome> {
  let res: Response;
  try {
    res = await fetchImpl(publicMeterApiPath(serial), { headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'offline' };
  }
  if (res.status === 404) return { kind: 'not-found' };
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    return { kind: 'rate-limited', retryAfterS: Number.isInteger(seconds) && seconds > 0 ? seconds : null };
  }
  if (!res.ok) return { kind: 'unavailable' };
  try {
    const body: unknown = await res.json();
    return isPublicMeter(body) ? { kind: 'found', meter: body } : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}
