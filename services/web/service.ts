// The live web view: a small read-only HTTP service. It follows the enriched topic (a throwaway
// consumer group, from WEB_HISTORY_SECONDS ago), keeps the recent events for pages that open
// later, streams new ones to every open page as Server-Sent Events, serves the page and its
// bundled scripts and map from node_modules (nothing from the internet), and passes the page's
// articles on to ingest.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { EnrichedEventRecord } from '../contracts/records.ts';
import { brokerList } from '../platform/config.ts';
import { createKafka } from '../platform/kafka.ts';
import type { Logger } from '../platform/logger.ts';
import { createSerde } from '../platform/serde.ts';
import { followTopic, type TopicFollower } from '../platform/topic-reader.ts';
import { topicNames } from '../platform/topics.ts';
import type { WebConfig } from './config.ts';
import { eventView, type CountryAliases, type EventView } from './event-view.ts';

const PUBLIC = new URL('./public/', import.meta.url);
const MODULES = new URL('../../node_modules/', import.meta.url);

/** URL path → file, content type. Only these are served. */
const FILES: Record<string, [URL, string]> = {
  '/': [new URL('index.html', PUBLIC), 'text/html; charset=utf-8'],
  '/app.js': [new URL('app.js', PUBLIC), 'text/javascript; charset=utf-8'],
  '/style.css': [new URL('style.css', PUBLIC), 'text/css; charset=utf-8'],
  '/vendor/d3-array.js': [new URL('d3-array/dist/d3-array.min.js', MODULES), 'text/javascript'],
  '/vendor/d3-geo.js': [new URL('d3-geo/dist/d3-geo.min.js', MODULES), 'text/javascript'],
  '/vendor/topojson-client.js': [
    new URL('topojson-client/dist/topojson-client.min.js', MODULES),
    'text/javascript',
  ],
  '/vendor/countries-110m.json': [new URL('world-atlas/countries-110m.json', MODULES), 'application/json'],
};

export interface WebServiceDeps {
  logger: Logger;
  aliases: CountryAliases;
  /** CAMEO root code → short name. */
  rootNames: Record<string, string>;
}

export interface WebService {
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

function send(res: ServerResponse, event: string, data: unknown) {
  return res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Serves the files of FILES, each read once and kept. */
function createFileServer(): (path: string, res: ServerResponse) => Promise<void> {
  const files = new Map<string, Buffer>();
  return async (path: string, res: ServerResponse) => {
    const [url, type] = FILES[path]!;
    let body = files.get(path);
    if (!body) {
      body = await readFile(fileURLToPath(url));
      files.set(path, body);
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(body);
  };
}

/** Passes the page's article on to ingest and its answer back; 413 over 2 MiB, 502 when ingest is down. */
async function postArticle(ingestUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 2 * 1024 * 1024) {
      res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"body too large"}');
      return;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    const upstream = await fetch(new URL('/v1/articles', ingestUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.concat(chunks),
      signal: AbortSignal.timeout(30_000),
    });
    res
      .writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      })
      .end(Buffer.from(await upstream.arrayBuffer()));
  } catch (err) {
    res.writeHead(502, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        error: `ingest at ${ingestUrl} did not answer: ${(err as Error).message}`,
      }),
    );
  }
}

export function createWebService(config: WebConfig, deps: WebServiceDeps): WebService {
  const { logger } = deps;
  const kafka = createKafka({ brokers: brokerList(config.KAFKA_BROKERS), clientId: 'newsflow-web', logger });
  const serde = createSerde({ registryUrl: config.SCHEMA_REGISTRY_URL });
  const topic = topicNames(config.TOPIC_PREFIX).eventEnriched;
  const recent: EventView[] = [];
  const pages = new Set<ServerResponse>();
  let follower: TopicFollower | undefined;
  let following = false;

  const onEvent = (view: EventView) => {
    recent.push(view);
    if (recent.length > config.WEB_MAX_EVENTS) recent.splice(0, recent.length - config.WEB_MAX_EVENTS);
    for (const page of pages) send(page, 'event', view);
  };

  const serveFile = createFileServer();

  const streamEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    send(res, 'meta', { rootNames: deps.rootNames, topic });
    for (const view of recent) send(res, 'event', view);
    pages.add(res);
    // A comment line now and then keeps proxies and idle timeouts from closing the stream.
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      pages.delete(res);
    });
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = async () => {
      if (req.method === 'GET' && path in FILES) return serveFile(path, res);
      if (req.method === 'GET' && path === '/events') return streamEvents(req, res);
      if (req.method === 'POST' && path === '/api/articles')
        return postArticle(config.WEB_INGEST_URL, req, res);
      if (req.method === 'GET' && path === '/healthz') return void res.end('{"status":"ok"}');
      if (req.method === 'GET' && path === '/readyz') {
        res.writeHead(following ? 200 : 503, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ status: following ? 'ready' : 'not ready' }));
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    };
    route().catch((err: unknown) => {
      logger.error({ err, path }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  return {
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.WEB_HTTP_PORT, config.WEB_HTTP_HOST, () => resolve());
      });
      const { port } = server.address() as { port: number };
      follower = await followTopic(kafka, {
        topic,
        start: { timestamp: Date.now() - config.WEB_HISTORY_SECONDS * 1000 },
        groupPrefix: 'newsflow-web',
        onMessage: async (m) => {
          try {
            onEvent(
              eventView((await serde.decode(m.value, 'enriched-event')) as EnrichedEventRecord, deps.aliases),
            );
          } catch (err) {
            logger.warn({ err, topic, partition: m.partition, offset: m.offset }, 'cannot decode; skipped');
          }
        },
      });
      following = true;
      follower.done.catch((err: unknown) => {
        following = false;
        logger.error({ err }, 'stopped following the enriched topic');
      });
      const url = `http://${config.WEB_HTTP_HOST}:${port}`;
      logger.info({ url, topic }, 'web view listening');
      return { url };
    },
    async stop() {
      following = false;
      for (const page of pages) page.end();
      pages.clear();
      await follower?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
