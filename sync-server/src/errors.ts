import type { ServerResponse } from 'node:http';

/**
 * One error shape for every API answer (docs/architecture.md, house rules: after Actual): a stable reason code
 * that clients switch on, and a message for people. Clients never parse the message.
 */
export interface ApiError {
  status: 'error';
  reason: string;
  message: string;
  details?: unknown;
}

export function sendError(res: ServerResponse, httpStatus: number, reason: string, message: string, details?: unknown): void {
  const body: ApiError = { status: 'error', reason, message, ...(details === undefined ? {} : { details }) };
  res.writeHead(httpStatus, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
