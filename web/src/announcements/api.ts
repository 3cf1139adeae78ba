/**
 * Asks the server for the announcement (`GET /api/public/announcements`, docs/authorisations.md)
 * and sorts the answer into what the page shows. Only the schema's type is imported: the page
 * stays light (no zod), and checks the shape it renders.
 */
import type { PublicAnnouncements } from './announcementSchema.ts';

export type AnnouncementsOutcome =
  | { kind: 'found'; announcements: PublicAnnouncements }
  | { kind: 'rate-limited' }
  | { kind: 'unavailable' }
  | { kind: 'offline' };

function isAnnouncements(v: unknown): v is PublicAnnouncements {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a.asOf === 'string' && Array.isArray(a.units);
}

export async function fetchAnnouncements(fetchImpl: typeof fetch = fetch): Promise<AnnouncementsOutcome> {
  let res: Response;
  try {
    res = await fetchImpl('/api/public/announcements', { headers: { accept: 'application/json' } });
  } catch {
    return { kind: 'offline' };
  }
  if (res.status === 429) return { kind: 'rate-limited' };
  if (!res.ok) return { kind: 'unavailable' };
  try {
    const body: unknown = await res.json();
    return isAnnouncements(body) ? { kind: 'found', announcements: body } : { kind: 'unavailable' };
  } catch {
    return { kind: 'unavailable' };
  }
}
