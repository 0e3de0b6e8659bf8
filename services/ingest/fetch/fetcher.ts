import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { FetchError, ForbiddenTargetError } from '../errors.ts';
import type { RateLimiter, ValidatorStore, Validators } from '../ports.ts';
import { decodeBody } from './decode-body.ts';
import { assertLiteralAllowed, guardedLookup, refuses, type PrivateNetworkPolicy } from './ssrf-guard.ts';

type ContentKind = 'html' | 'text' | 'feed';

/** Media types accepted for each kind of fetch; anything else is refused before the body is read. */
const ACCEPTED_TYPES: Record<ContentKind, readonly string[]> = {
  html: ['text/html', 'application/xhtml+xml', 'text/plain'],
  text: ['text/plain'],
  feed: [
    'application/rss+xml',
    'application/atom+xml',
    'application/rdf+xml',
    'application/xml',
    'text/xml',
    'application/feed+xml',
  ],
};

export interface FetcherOptions {
  /** Whole exchange, headers and body. Default 10 s. */
  timeoutMs?: number;
  /** Largest decoded body; larger responses are aborted mid-stream. Default 5 MiB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /**
   * Private, loopback and link-local targets: false refuses them (default), true allows them all,
   * a list of CIDRs allows just those (e.g. ['127.0.0.0/8'] in tests, an intranet feed host).
   */
  allowPrivateNetworks?: PrivateNetworkPolicy;
  /** Where ETag/Last-Modified are kept per URL; absent → no conditional GET. */
  validators?: ValidatorStore;
  /** Per-host rate limit; absent → unlimited. */
  rateLimiter?: RateLimiter;
}

interface FetchOptions {
  accept: ContentKind;
  /** Send the stored validators and answer `not-modified` on 304. Default true when a store is set. */
  conditional?: boolean;
  signal?: AbortSignal;
}

type FetchResult =
  | { status: 'not-modified'; url: string }
  | {
      status: 'ok';
      /** The URL after redirects. */
      url: string;
      body: string;
      mediaType: string;
      /**
       * Stores this response's validators. Call it only once the body has been dealt with (e.g.
       * published): stored earlier, a failure afterwards would turn the retry into a 304 and lose
       * the article.
       */
      commit(): Promise<void>;
    };

export interface Fetcher {
  fetch(url: string, options: FetchOptions): Promise<FetchResult>;
  close(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRIABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);
const MAX_RATE_WAIT_MS = 60_000;

function decompress(res: IncomingMessage): Readable {
  switch ((res.headers['content-encoding'] ?? '').toLowerCase().trim()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip());
    case 'deflate':
      return res.pipe(createInflate());
    case 'br':
      return res.pipe(createBrotliDecompress());
    default:
      return res;
  }
}

async function readCapped(stream: Readable, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      stream.destroy();
      throw new FetchError(`${url}: response larger than ${maxBytes} bytes`, { retriable: false });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toFetchError(err: unknown, url: string): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as NodeJS.ErrnoException & { name?: string };
  if (e?.name === 'AbortError') return new FetchError(`${url}: aborted`, { retriable: true, cause: err });
  const retriable = RETRIABLE_CODES.has(e?.code ?? '') || e?.code === 'ENOTFOUND';
  return new FetchError(`${url}: ${e?.message ?? String(err)}`, { retriable, cause: err });
}

async function waitForRate(
  rateLimiter: FetcherOptions['rateLimiter'],
  host: string,
  signal: AbortSignal,
): Promise<void> {
  if (!rateLimiter) return;
  for (let waited = 0; ;) {
    const wait = await rateLimiter.take(host);
    if (wait <= 0) return;
    if (waited + wait > MAX_RATE_WAIT_MS) {
      throw new FetchError(`rate limit for ${host}: would wait more than ${MAX_RATE_WAIT_MS} ms`, {
        retriable: true,
      });
    }
    waited += wait;
    await sleep(wait, undefined, { signal });
  }
}

/** The last hop's answer (not a redirect): checked for status, type and size, then read. */
async function readResponse(
  res: IncomingMessage,
  hop: {
    input: string;
    url: URL;
    accepted: readonly string[];
    maxBytes: number;
    store: FetcherOptions['validators'];
  },
): Promise<FetchResult> {
  const { input, url, accepted, maxBytes, store } = hop;
  const status = res.statusCode ?? 0;
  if (status === 304) {
    res.resume();
    return { status: 'not-modified', url: url.href };
  }
  if (status < 200 || status >= 300) {
    res.resume();
    throw new FetchError(`${url.href}: HTTP ${status}`, {
      retriable: status === 429 || status >= 500,
      status,
    });
  }
  const contentType = res.headers['content-type'] ?? '';
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (!accepted.includes(mediaType)) {
    res.destroy();
    throw new FetchError(
      `${url.href}: content type '${mediaType || 'none'}' is not one of ${accepted.join(', ')}`,
      { retriable: false, status: 415 },
    );
  }
  const declaredLength = Number(res.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > maxBytes && !res.headers['content-encoding']) {
    res.destroy();
    throw new FetchError(`${url.href}: response larger than ${maxBytes} bytes`, { retriable: false });
  }
  const bytes = await readCapped(decompress(res), maxBytes, url.href);
  const validators: Validators = {};
  if (typeof res.headers.etag === 'string') validators.etag = res.headers.etag;
  if (typeof res.headers['last-modified'] === 'string')
    validators.lastModified = res.headers['last-modified'];
  return {
    status: 'ok',
    url: url.href,
    body: decodeBody(bytes, contentType, mediaType),
    mediaType,
    commit: async () => {
      if (store && (validators.etag || validators.lastModified)) await store.set(input, validators);
    },
  };
}

/**
 * HTTP(S) GET for article pages and feeds, built on node:http so that the SSRF guard runs in the
 * connection's own DNS lookup, and so that redirects are followed by hand and checked hop by hop.
 */
export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const refused = refuses(options.allowPrivateNetworks ?? false);
  const lookup = guardedLookup(refused);
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 16 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }),
  };
  const userAgent = options.userAgent ?? 'newsflow-ingest/0.1';

  function get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const https = url.protocol === 'https:';
      const req = (https ? httpsRequest : httpRequest)(url, {
        method: 'GET',
        headers,
        signal,
        agent: https ? agents.https : agents.http,
        lookup: lookup as never,
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end();
    });
  }

  async function fetchOnce(input: string, opts: FetchOptions, signal: AbortSignal): Promise<FetchResult> {
    const accepted = ACCEPTED_TYPES[opts.accept];
    const stored =
      opts.conditional !== false && options.validators ? await options.validators.get(input) : null;
    let url = new URL(input);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new FetchError(`${url.href}: only http and https can be fetched`, { retriable: false });
      }
      assertLiteralAllowed(url.hostname, refused);
      await waitForRate(options.rateLimiter, url.host, signal);
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: `${accepted.join(', ')};q=1.0, */*;q=0.1`,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (stored?.etag) headers['if-none-match'] = stored.etag;
      if (stored?.lastModified) headers['if-modified-since'] = stored.lastModified;
      const res = await get(url, headers, signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location) {
        res.resume();
        if (hop >= maxRedirects)
          throw new FetchError(`${input}: more than ${maxRedirects} redirects`, { retriable: false });
        url = new URL(res.headers.location, url);
        continue;
      }
      return readResponse(res, { input, url, accepted, maxBytes, store: options.validators });
    }
  }

  return {
    async fetch(input, opts) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      try {
        return await fetchOnce(input, opts, signal);
      } catch (err) {
        if (err instanceof ForbiddenTargetError) throw err;
        const cause = (err as { cause?: unknown })?.cause;
        if (cause instanceof ForbiddenTargetError) throw cause;
        if (timeout.aborted && !(err instanceof FetchError)) {
          throw new FetchError(`${input}: timed out after ${timeoutMs} ms`, { retriable: true, cause: err });
        }
        throw toFetchError(err, input);
      }
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
