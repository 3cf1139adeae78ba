import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiErrorBody } from '../../web/src/sync/protocol.ts';

/**
 * One error shape for every API answer (docs/sync.md "Errors"): a stable reason code that
 * clients switch on, and a message for people. Clients never parse the message.
 */
export function apiError(reason: string, message: string, details?: unknown): ApiErrorBody {
  return { status: 'error', reason, message, ...(details === undefined ? {} : { details }) };
}

/** Thrown by handlers and guards; answered as `apiError` with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send(apiError(err.reason, err.message, err.details));
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply.code(400).send(apiError('schema-invalid', 'the request does not match the schema', err.validation));
    }
    const code = err.statusCode ?? 500;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(apiError('too-large', err.message));
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (code === 400 && err instanceof SyntaxError)) {
      return reply.code(400).send(apiError('malformed-json', 'the body is not valid JSON'));
    }
    if (code === 429) return reply.code(429).send(apiError('rate-limited', err.message));
    if (code >= 500) req.log.error({ err }, 'request failed');
    return reply.code(code).send(apiError(code >= 500 ? 'internal' : (err.code ?? 'bad-request').toLowerCase(), err.message));
  });
}
