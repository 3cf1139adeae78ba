/**
 * The app's places, read from the URL hash so a bookmark, a reload or a link printed in a
 * report brings a person back to the same screen:
 *
 *   #/                          home
 *   #/bench[?speed=N]           the bench (N: the demo bench clock's speed-up, a test setting:
 *                               a session is bound by storing each line, see README)
 *   #/batches                   the batches on this PC
 *   #/batches/<id>              one batch: counts, statistics, control chart, CSV
 *   #/batches/<id>/certificate  its printable A4 certificate (the passed meters)
 *   #/batches/<id>/notice       its printable A4 检定结果通知书 (the failed meters)
 *   #/batches/<id>/labels       its per-meter QR labels
 *   #/meters/<serial>           one meter's full record
 *   #/sessions                  the interrupted verification sessions
 *   #/sessions/<id>             one session: what it stored; resume or close it
 *   #/stats[?n=N]               the statistics demo
 *   #/about                     software identification, storage, integrity
 *   #/sync                      enrolment with the sync server, sync state, refused records
 *   #/admin                     the sync server's admin screens: sign in, the enterprise's devices
 *   #/regulator[?from=&to=]     the regulator's NQI reconciliation and the dead letters (docs/nqi.md)
 *   #/regulator?tab=T           the regulator's supervision: authorisations, samplings, penalties, recalls, risk (docs/supervision.md)
 *   #/institute                 the legal metrology institute: the samplings it inspects, their results
 *   #/settings/bench            this PC's bench configurations: edit, import/export, test connection (docs/bench-config.md)
 */
export type Route =
  | { view: 'home' }
  | { view: 'bench' }
  | { view: 'stats' }
  | { view: 'about' }
  | { view: 'sync' }
  | { view: 'admin' }
  | { view: 'regulator' }
  | { view: 'institute' }
  | { view: 'bench-settings' }
  | { view: 'batches' }
  | { view: 'batch'; batchId: string }
  | { view: 'certificate'; batchId: string }
  | { view: 'notice'; batchId: string }
  | { view: 'labels'; batchId: string }
  | { view: 'meter'; serial: string }
  | { view: 'sessions' }
  | { view: 'session'; sessionId: string };

export type View = Route['view'];

function decode(part: string): string | null {
  try {
    const v = decodeURIComponent(part);
    return v.trim() === '' ? null : v;
  } catch {
    return null; // a malformed %-escape is not a place
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter((p) => p !== '');
  const [head, id, tail] = parts;
  if (parts.length === 1 && (head === 'bench' || head === 'stats' || head === 'about' || head === 'batches' || head === 'sessions' || head === 'sync' || head === 'admin' || head === 'regulator' || head === 'institute')) return { view: head };
  if (head === 'settings' && id === 'bench' && parts.length === 2) return { view: 'bench-settings' };
  if (head === 'sessions' && id !== undefined && parts.length === 2) {
    const sessionId = decode(id);
    if (sessionId !== null) return { view: 'session', sessionId };
  }
  if (head === 'batches' && id !== undefined && parts.length <= 3) {
    const batchId = decode(id);
    if (batchId !== null) {
      if (tail === undefined) return { view: 'batch', batchId };
      if (tail === 'certificate' || tail === 'notice' || tail === 'labels') return { view: tail, batchId };
    }
  }
  if (head === 'meters' && id !== undefined && parts.length === 2) {
    const serial = decode(id);
    if (serial !== null) return { view: 'meter', serial };
  }
  return { view: 'home' };
}

/** The hash of a place, with ids escaped (a serial may contain '/' or '#'). */
export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'home':
      return '#/';
    case 'batch':
      return `#/batches/${encodeURIComponent(route.batchId)}`;
    case 'certificate':
    case 'notice':
    case 'labels':
      return `#/batches/${encodeURIComponent(route.batchId)}/${route.view}`;
    case 'meter':
      return `#/meters/${encodeURIComponent(route.serial)}`;
    case 'session':
      return `#/sessions/${encodeURIComponent(route.sessionId)}`;
    case 'bench-settings':
      return '#/settings/bench';
    default:
      return `#/${route.view}`;
  }
}
