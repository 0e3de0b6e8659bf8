import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FetchError, ForbiddenTargetError } from '../errors.ts';
import type { Validators } from '../ports.ts';
import { createFetcher } from './fetcher.ts';
import { isForbiddenAddress } from './ssrf-guard.ts';

const PAGE = '<html><body><p>Hello page</p></body></html>';
let server: Server;
let base: string;
let hits: Record<string, number> = {};

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    switch (path) {
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
        return;
      case '/latin1':
        res
          .writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' })
          .end(Buffer.from('<p>caf\xe9</p>', 'latin1'));
        return;
      case '/gzip':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE));
        return;
      case '/slow':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<p>start');
        setTimeout(() => res.end('</p>'), 2000).unref();
        return;
      case '/big': {
        // No content-length: the cap must hold while streaming.
        res.writeHead(200, { 'content-type': 'text/html', 'transfer-encoding': 'chunked' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 64 && res.write(chunk)) sent++;
          if (sent >= 64) res.end();
          else res.once('drain', pump);
        };
        pump();
        return;
      }
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4');
        return;
      case '/etag':
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304).end();
          return;
        }
        res
          .writeHead(200, {
            'content-type': 'text/html',
            etag: '"v1"',
            'last-modified': 'Fri, 01 Mar 2024 10:00:00 GMT',
          })
          .end(PAGE);
        return;
      case '/redirect':
        res.writeHead(302, { location: '/page' }).end();
        return;
      case '/loop':
        res.writeHead(301, { location: '/loop' }).end();
        return;
      case '/unavailable':
        res.writeHead(503).end();
        return;
      case '/gone':
        res.writeHead(404).end();
        return;
      default:
        res.writeHead(500).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((ok) => server.close(() => ok())));

function memoryValidators() {
  const map = new Map<string, Validators>();
  return {
    map,
    get: async (url: string) => map.get(url) ?? null,
    set: async (url: string, v: Validators) => void map.set(url, v),
  };
}

describe('fetcher', () => {
  const fetcher = createFetcher({ allowPrivateNetworks: true, timeoutMs: 500, maxBytes: 64 * 1024 });
  after(() => fetcher.close());

  it('fetches a page, decoding the declared charset and gzip', async () => {
    const page = await fetcher.fetch(`${base}/page`, { accept: 'html' });
    assert.equal(page.status, 'ok');
    assert.equal(page.status === 'ok' && page.body, PAGE);
    const latin = await fetcher.fetch(`${base}/latin1`, { accept: 'html' });
    assert.equal(latin.status === 'ok' && latin.body, '<p>café</p>');
    const gz = await fetcher.fetch(`${base}/gzip`, { accept: 'html' });
    assert.equal(gz.status === 'ok' && gz.body, PAGE);
  });

  it('times out a slow response as a retriable error', async () => {
    await assert.rejects(fetcher.fetch(`${base}/slow`, { accept: 'html' }), (err: FetchError) => {
      assert.ok(err instanceof FetchError);
      assert.match(err.message, /timed out after 500 ms/);
      assert.equal(err.retriable, true);
      return true;
    });
  });

  it('aborts a response above the size cap while streaming', async () => {
    await assert.rejects(fetcher.fetch(`${base}/big`, { accept: 'html' }), /larger than 65536 bytes/);
  });

  it('refuses a content type it was not asked for', async () => {
    await assert.rejects(
      fetcher.fetch(`${base}/pdf`, { accept: 'html' }),
      (err: FetchError) => err.status === 415 && !err.retriable,
    );
    await assert.rejects(fetcher.fetch(`${base}/page`, { accept: 'feed' }), /content type 'text\/html'/);
  });

  it('follows redirects, but not forever', async () => {
    const r = await fetcher.fetch(`${base}/redirect`, { accept: 'html' });
    assert.equal(r.status === 'ok' && r.url, `${base}/page`);
    await assert.rejects(fetcher.fetch(`${base}/loop`, { accept: 'html' }), /more than 5 redirects/);
  });

  it('marks 5xx retriable and 4xx not', async () => {
    await assert.rejects(
      fetcher.fetch(`${base}/unavailable`, { accept: 'html' }),
      (err: FetchError) => err.retriable && err.status === 503,
    );
    await assert.rejects(
      fetcher.fetch(`${base}/gone`, { accept: 'html' }),
      (err: FetchError) => !err.retriable && err.status === 404,
    );
  });
});

describe('conditional GET', () => {
  it('stores validators only on commit, then gets a 304', async () => {
    const validators = memoryValidators();
    const fetcher = createFetcher({ allowPrivateNetworks: true, validators });
    try {
      const first = await fetcher.fetch(`${base}/etag`, { accept: 'html' });
      assert.equal(first.status, 'ok');
      const uncommitted = await fetcher.fetch(`${base}/etag`, { accept: 'html' });
      assert.equal(uncommitted.status, 'ok', 'without commit the page is fetched again in full');
      if (first.status === 'ok') await first.commit();
      assert.deepEqual(validators.map.get(`${base}/etag`), {
        etag: '"v1"',
        lastModified: 'Fri, 01 Mar 2024 10:00:00 GMT',
      });
      const second = await fetcher.fetch(`${base}/etag`, { accept: 'html' });
      assert.equal(second.status, 'not-modified');
      const forced = await fetcher.fetch(`${base}/etag`, { accept: 'html', conditional: false });
      assert.equal(forced.status, 'ok');
    } finally {
      fetcher.close();
    }
  });
});

describe('SSRF guard', () => {
  it('refuses loopback targets unless private networks are allowed', async () => {
    const strict = createFetcher();
    try {
      hits = {};
      await assert.rejects(strict.fetch(`${base}/page`, { accept: 'html' }), ForbiddenTargetError);
      await assert.rejects(
        strict.fetch(`http://localhost:${new URL(base).port}/page`, { accept: 'html' }),
        (err: Error) => {
          assert.ok(err instanceof ForbiddenTargetError);
          assert.match(err.message, /resolves to 127\.0\.0\.1/);
          return true;
        },
      );
      await assert.rejects(strict.fetch('http://[::1]/x', { accept: 'html' }), ForbiddenTargetError);
      await assert.rejects(
        strict.fetch('http://169.254.169.254/latest/meta-data', { accept: 'html' }),
        ForbiddenTargetError,
      );
      assert.equal(hits['/page'], undefined, 'the server was never reached');
    } finally {
      strict.close();
    }
  });

  it('checks every redirect hop: loopback allowed by CIDR, a hop into 10/8 refused', async () => {
    const redirector = createServer((_req, res) =>
      res.writeHead(302, { location: 'http://10.0.0.1/admin' }).end(),
    );
    await new Promise<void>((ok) => redirector.listen(0, '127.0.0.1', ok));
    const port = (redirector.address() as AddressInfo).port;
    const f = createFetcher({ allowPrivateNetworks: ['127.0.0.0/8'], timeoutMs: 2000 });
    try {
      const page = await f.fetch(`${base}/page`, { accept: 'html' });
      assert.equal(page.status, 'ok');
      await assert.rejects(f.fetch(`http://127.0.0.1:${port}/`, { accept: 'html' }), (err: Error) => {
        assert.ok(err instanceof ForbiddenTargetError);
        assert.match(err.message, /10\.0\.0\.1/);
        return true;
      });
    } finally {
      f.close();
      redirector.close();
    }
  });

  it('classifies addresses, IPv4 and IPv6', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:a00:1',
    ]) {
      assert.equal(isForbiddenAddress(ip), true, ip);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      assert.equal(isForbiddenAddress(ip), false, ip);
    }
  });
});
