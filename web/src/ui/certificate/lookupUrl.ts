/**
 * The public lookup URL of a meter, encoded in its label's QR code (docs/architecture.md flow
 * 7: "public lookup reads only the Annex-2 public fields of passed meters"; docs/rules.md
 * R-PUBLIC, Annex 2). The sync server serves the public lookup at `<base>/lookup/<serial>`.
 *
 * The base defaults to this page's origin, because the bench PC's app is served by the
 * same sync server. When the public lookup lives elsewhere (the city's server, a
 * printed-label domain), the base will come from a stored setting pulled with the
 * reference data — a later issue; until then callers pass it explicitly.
 */
export function lookupUrl(serial: string, base: string = globalThis.location?.origin ?? ''): string {
  // A serial may contain '/', '#', '?' or spaces: it is one path segment.
  return `${base.replace(/\/+$/, '')}/lookup/${encodeURIComponent(serial)}`;
}
