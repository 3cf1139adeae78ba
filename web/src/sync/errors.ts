/**
 * Why a sync (or an enrolment) stopped, by a stable code: the UI keys its Chinese and
 * English sentences by it (web/src/ui/sync/messages.ts), so a code without a sentence is a
 * type error. Per-item refusals are not errors: they are the push answer's `RejectReason`s.
 */
export const syncFailures = [
  /** the server could not be reached (offline, DNS, connection refused or cut mid-body) */
  'network',
  /** the server did not answer in time */
  'timeout',
  /** 401: the device token is not valid (revoked device, or enrolled on another server) */
  'unauthorised',
  /** 403: the device may not do this (another enterprise, a role) */
  'forbidden',
  /** the device was revoked by its enterprise: it can no longer sync; an admin enrols a new one */
  'device-revoked',
  /** enrolment: the one-time code is unknown, used or expired */
  'code-invalid',
  /** 404 on an API path: the server has no sync API (wrong URL, or an older server) */
  'not-found',
  /** 409: the server refused the push as a whole (e.g. the chain does not continue) */
  'conflict',
  /** 413: the page is bigger than the server takes */
  'too-large',
  /** 429: too many requests; try again later */
  'rate-limited',
  /** 5xx: the server failed */
  'server-error',
  /** any other refusal (400 …) */
  'refused',
  /** the answer is not what the protocol says (not JSON, wrong shape, other protocol version) */
  'bad-response',
  /** the receipt's signature does not hold with the server key of the enrolment: nothing of the answer is kept */
  'receipt-invalid',
  /** the server's heads go backwards or do not match this PC's chain */
  'heads-differ',
  /** this PC is not enrolled with a server yet */
  'not-enrolled',
  /** the server is not in demo mode (no demo enrolment code) */
  'demo-unavailable',
  /** the local database refused a write */
  'storage',
  /** another sync is running (this tab or another) */
  'busy',
  /** a page was sent and nothing of it was taken, twice: sync stopped so it does not loop */
  'no-progress',
] as const;
export type SyncFailure = (typeof syncFailures)[number];

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncFailure,
    message: string,
    /** the HTTP status, when there was an answer */
    readonly status: number | null = null,
    /** the server's reason code, when the answer was an API error (protocol.ts apiErrorSchema) */
    readonly reason: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The failure an HTTP status means for sync (docs/sync.md "Errors"). */
export function failureOfStatus(status: number, reason: string | null): SyncFailure {
  // the server's enrolment refusals: enrolment-code-invalid, -used, -expired
  if (reason !== null && (reason === 'code-invalid' || reason.startsWith('enrolment-code-'))) return 'code-invalid';
  if (reason === 'device-revoked') return 'device-revoked';
  if (status === 401) return 'unauthorised';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server-error';
  return 'refused';
}
