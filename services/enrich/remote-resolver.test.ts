import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnavailableError } from '../platform/errors.ts';
import { createRemoteResolver } from './remote-resolver.ts';

let server: Server;
let base: string;
const asked: URLSearchParams[] = [];

before(async () => {
  server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://x').searchParams;
    asked.push(params);
    if (params.get('mention') === 'slow') return void setTimeout(() => res.end('{}'), 3000);
    if (params.get('mention') === 'broken') return void res.writeHead(500).end();
    if (params.get('mention') !== 'Jane Roe') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(
        JSON.stringify({ id: 'Q999', name: 'Jane Roe', type: 'PERSON', countryIso3: 'FRA', role: 'Mayor' }),
      );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/resolve`;
});

after(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

test('asks with mention, code and date, and maps the answer to an Entity', async () => {
  const resolve = createRemoteResolver(base, 1000);
  const entity = await resolve({ mention: 'Jane Roe', code: 'FRAGOV', eventDate: '2020-05-01' });
  assert.deepEqual(entity, {
    id: 'Q999',
    name: 'Jane Roe',
    type: 'PERSON',
    countryIso3: 'FRA',
    role: 'Mayor',
    roleStart: null,
    roleEnd: null,
    confidence: 0.5,
  });
  const last = asked.at(-1)!;
  assert.equal(last.get('code'), 'FRAGOV');
  assert.equal(last.get('date'), '2020-05-01');
});

test('404 is "no entity"; errors and time-outs are retriable', async () => {
  // A loaded machine can take more than a short time-out to answer at all: only the time-out
  // case uses one, against a server that waits far longer than it.
  const resolve = createRemoteResolver(base, 10_000);
  assert.equal(await resolve({ mention: 'Nobody', code: '', eventDate: '2020-05-01' }), null);
  await assert.rejects(
    resolve({ mention: 'broken', code: '', eventDate: '2020-05-01' }),
    (e) => e instanceof UnavailableError && e.retriable,
  );
  await assert.rejects(
    createRemoteResolver(base, 200)({ mention: 'slow', code: '', eventDate: '2020-05-01' }),
    (e) => e instanceof UnavailableError,
  );
});
