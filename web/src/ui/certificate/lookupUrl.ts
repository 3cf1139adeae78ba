/**
 * The public lookup URL of a meter, encoded in its label's QR code (docs/architecture.md flow
 * 7: "public lookup reads only the Annex-2 public fields of passed meters"; docs/rules.md
 * R-PUBLIC, Annex 2). The sync server serves the public lookup at `<base>/lookup/<serial>`.
 *
 * The base is the `publicBaseUrl` the sync pull brought (docs/sync.md "Pull": the public
 * lookup may live on the city's server, not on this PC's origin); before the first pull it
 * is this page's origin, since the bench PC's app is served by the same sync server.
 */
export function lookupBaseOf(publicBaseUrl: string | null | undefined, origin: string = globalThis.location?.origin ?? ''): string {
  return publicBaseUrl && /^https?:\/\//.test(publicBaseUrl) ? publicBaseUrl : origin;
}

/** `<base>/lookup/<serial>`. */
export function lookupUrl(serial: string, base: string = globalThis.location?.origin ?? ''): string {
  // A serial may contain '/', '#', '?' or spaces: it is one path segment.
  return `${base.replace(/\/+$/, '')}/lookup/${encodeURIComponent(serial)}`;
}
