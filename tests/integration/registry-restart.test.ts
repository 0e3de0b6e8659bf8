// The registry keeps its schemas across a restart (Apicurio's SQL storage on an H2 file under
// NEWSFLOW_HOME): a message encoded before the restart decodes after it, by the same schema id,
// with a client that has never seen the schema. A registry of its own (own home, own port), so
// that restarting it disturbs no other test.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadLauncherConfig, stackDown, stackUp } from '../../infra/launcher/index.ts';
import { createSerde } from '../../services/platform/serde.ts';

let home: string;
let env: NodeJS.ProcessEnv;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'nf-registry-'));
  // The downloaded registry is shared with the usual home rather than fetched again.
  const cache = loadLauncherConfig(process.env).dirs.cache;
  if (existsSync(cache)) await symlink(cache, join(home, 'cache'));
  else await mkdir(join(home, 'cache'));
  env = { ...process.env, NEWSFLOW_HOME: home, NEWSFLOW_REGISTRY_PORT: String(await freePort()) };
});

after(async () => {
  await stackDown({ env, only: ['registry'] }).catch(() => {});
  await rm(home, { recursive: true, force: true });
});

test(
  'a message encoded before a registry restart decodes after it, with the same schema id',
  { timeout: 400_000 },
  async () => {
    const up = await stackUp({ env, only: ['registry'] });
    const topic = `restart-${Date.now().toString(36)}`;
    const before = createSerde({ registryUrl: up.schemaRegistryUrl });
    const id = await before.register(topic, 'article');
    const fixture = JSON.parse(
      await readFile(new URL('../fixtures/avro/article.json', import.meta.url), 'utf8'),
    );
    const article = { ...fixture, id: 'r1' };
    const bytes = before.encode(topic, article);
    assert.equal(bytes.readInt32BE(1), id);

    await stackDown({ env, only: ['registry'] });
    const again = await stackUp({ env, only: ['registry'] });
    assert.deepEqual(again.started, ['registry'], 'the registry was started again, not reused');

    const after = createSerde({ registryUrl: again.schemaRegistryUrl });
    const decoded = (await after.decode(bytes, 'article')) as { id: string };
    assert.equal(decoded.id, 'r1');
    assert.equal(await after.register(topic, 'article'), id, 're-registering finds the same id');
  },
);
