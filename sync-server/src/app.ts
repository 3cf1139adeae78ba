/**
 * The sync server's HTTP front (Fastify with the zod type provider): the API under /api/,
 * the public lookup page under /lookup/, the built PWA for everything else. Each part of
 * the server is a plugin of its own folder (identity/, sync/, nqi/, lookup/); this file only
 * wires them. Thin by design: validate, store, answer (docs/architecture.md).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.ts';
import { healthBody } from './health.ts';
import { serveStatic } from './staticFiles.ts';
import { apiError, installErrorHandler } from './errors.ts';
import { syncLimits } from '../../web/src/sync/protocol.ts';

export type App = FastifyInstance & { withTypeProvider(): ReturnType<FastifyInstance['withTypeProvider']> };
export type ApiApp = ReturnType<typeof typed>;

function typed(app: FastifyInstance) {
  return app.withTypeProvider<ZodTypeProvider>();
}

/** What a part may leave running (a forwarder loop, a simulator): closed when the server closes. */
export interface PartHandle {
  close(): Promise<void>;
}

/** A part of the server: registers its routes on the typed app. */
export type ServerPart = (app: ApiApp, deps: AppDeps) => Promise<void | PartHandle> | void | PartHandle;

export interface BuildAppOptions {
  deps: AppDeps;
  parts: readonly ServerPart[];
}

export async function buildApp({ deps, parts }: BuildAppOptions): Promise<{ app: FastifyInstance; handles: PartHandle[] }> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: syncLimits.maxBodyBytes,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(cookie);
  // Off by default; a route opts in with `config: { rateLimit: { max, timeWindow } }` (login, public lookup).
  await app.register(rateLimit, { global: false });

  const api = typed(app);
  api.get('/api/health', () => healthBody(deps));
  const handles: PartHandle[] = [];
  for (const part of parts) {
    const handle = await part(api, deps);
    if (handle) handles.push(handle);
  }

  // Everything else: the PWA's files. An unknown /api/ route keeps the API's error shape.
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/')) return reply.code(404).send(apiError('not-found', `no API route ${req.method} ${path}`));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply.code(405).send(apiError('method-not-allowed', `${req.method} is not allowed on ${path}`));
    }
    reply.hijack();
    serveStatic(deps.config.staticRoot, req.raw, reply.raw);
  });
  app.addHook('onClose', async () => {
    for (const h of handles.reverse()) await h.close();
  });
  return { app, handles };
}
