import { timingSafeEqual } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import type { Acceptor } from '../accept.ts';
import { isRetriable } from '../errors.ts';
import type { FeedManager } from '../feeds/feed-manager.ts';
import { articlesRoutes } from './articles-routes.ts';
import { feedsRoutes } from './feeds-routes.ts';
import { replyError } from './reply-error.ts';

export interface HttpAppOptions {
  /** Largest request body; larger ones get 413. Default 5 MiB. */
  bodyLimitBytes?: number;
  /** Most articles in one batch; more get 413. Default 1000. */
  batchMaxItems?: number;
  /** When set, /v1/* needs `Authorization: Bearer <token>` (401 missing, 403 wrong). */
  authToken?: string | null;
  /** Retry-After of a 503. Default 5 s. */
  retryAfterSeconds?: number;
}

export interface HttpDeps {
  acceptor: Acceptor;
  /** Absent → the /v1/feeds routes are not served. */
  feeds?: FeedManager;
  /** Readiness for /readyz (Kafka and Redis reachable); default always ready. */
  ready?: () => Promise<boolean> | boolean;
  logger?: Logger;
  /** Served as Prometheus text at /metrics when given. */
  metrics?: { contentType: string; metrics(): Promise<string> };
  options?: HttpAppOptions;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A 400 whose `problem` and `message` reach the client (see the error handler). */
function badBody(problem: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400, code: 'NF_ERR_BAD_BODY', problem });
}

function utf8(body: Buffer): string | Error {
  try {
    return strictUtf8.decode(body);
  } catch {
    return badBody('invalid body', 'is not valid UTF-8');
  }
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Bodies are checked to be UTF-8 before parsing: Node would otherwise replace invalid bytes
 * with U+FFFD and accept an article whose text is not what was sent.
 */
function addBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    const text = utf8(body as Buffer);
    if (text instanceof Error) return done(text, undefined);
    if (text.trim() === '') return done(badBody('invalid JSON', 'is empty'), undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(badBody('invalid JSON', (err as Error).message), undefined);
    }
  });
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'],
    { parseAs: 'buffer' },
    (_req, body, done) => {
      const text = utf8(body as Buffer);
      if (text instanceof Error) done(text, undefined);
      else done(null, text);
    },
  );
}

/** Every error answers in the API's error shape; retriable ones are 503 with Retry-After. */
function setErrorHandlers(app: FastifyInstance, opts: HttpAppOptions, retryAfter: string): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return replyError(reply, 413, 'body too large', [
          { field: 'body', message: `is larger than ${opts.bodyLimitBytes ?? 5 * 1024 * 1024} bytes` },
        ]);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return replyError(reply, 415, 'unsupported media type', [
          { field: 'content-type', message: `'${request.headers['content-type'] ?? ''}' is not accepted` },
        ]);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return replyError(reply, 400, 'invalid JSON', [{ field: 'body', message: 'is empty' }]);
      case 'NF_ERR_BAD_BODY':
        return replyError(reply, 400, (err as unknown as { problem: string }).problem, [
          { field: 'body', message: err.message },
        ]);
    }
    if (
      err.statusCode === 400 &&
      (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
    ) {
      return replyError(reply, 400, 'invalid JSON', [{ field: 'body', message: err.message }]);
    }
    if (isRetriable(err)) {
      request.log.warn({ err }, 'intake unavailable');
      reply.header('retry-after', retryAfter);
      return replyError(reply, 503, 'temporarily unavailable, retry later', [
        { field: 'body', message: err.message },
      ]);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return replyError(reply, err.statusCode, err.message);
    }
    request.log.error({ err }, 'request failed');
    return replyError(reply, 500, 'internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    replyError(reply, 404, 'not found', [
      { field: 'path', message: `${request.method} ${request.url} does not exist` },
    ]),
  );
}

/** /v1/* needs `Authorization: Bearer <token>`: 401 when missing, 403 when wrong. */
function addBearerAuth(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/')) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      reply.header('www-authenticate', 'Bearer realm="newsflow-ingest"');
      return replyError(reply, 401, 'authentication required', [
        { field: 'authorization', message: 'a Bearer token is required' },
      ]);
    }
    if (!tokenMatches(match[1]!.trim(), token)) {
      return replyError(reply, 403, 'forbidden', [
        { field: 'authorization', message: 'the token is not valid' },
      ]);
    }
  });
}

/** The ingest HTTP API, not listening: `service.ts` listens, tests use `inject`. */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const opts = deps.options ?? {};
  const retryAfter = String(opts.retryAfterSeconds ?? 5);
  const app = Fastify({
    bodyLimit: opts.bodyLimitBytes ?? 5 * 1024 * 1024,
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
  }) as unknown as FastifyInstance;

  // Route schemas document the API (OpenAPI); the domain's zod schemas do the checking, so
  // that the HTTP API, the CLI and the feeds reject the same inputs with the same messages.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // An answer is due within the intake deadline (3 s) whatever is down: one that took longer than
  // 5 s is logged, so a stall outside the accept path (the event loop, a parser) shows.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.elapsedTime > 5000)
      request.log.warn(
        { ms: Math.round(reply.elapsedTime), url: request.url, status: reply.statusCode },
        'answered late',
      );
  });

  addBodyParsers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'newsflow ingest',
        version: '1.0.0',
        description: 'Push news articles and manage polled feeds.',
      },
      components: opts.authToken ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {},
      security: opts.authToken ? [{ bearer: [] }] : [],
    },
  });

  setErrorHandlers(app, opts, retryAfter);

  if (opts.authToken) addBearerAuth(app, opts.authToken);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = deps.ready ? await deps.ready() : true;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });
  if (deps.metrics) {
    const registry = deps.metrics;
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', registry.contentType).send(await registry.metrics()),
    );
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(articlesRoutes, { acceptor: deps.acceptor, batchMaxItems: opts.batchMaxItems ?? 1000 });
  if (deps.feeds) await app.register(feedsRoutes, { feeds: deps.feeds });
  return app;
}
