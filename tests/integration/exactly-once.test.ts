// Exactly-once read-process-write through the platform's consumer runner, with a real process
// killed (SIGKILL) inside a transaction, after its outputs reached the broker and before the
// offsets and the commit: a read_committed reader must see every output exactly once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kafka } from 'kafkajs';
import { consumerLag, ensureTopics } from '../../services/platform/admin.ts';
import { createProducer, type EventProducer } from '../../services/platform/producer.ts';
import type { Serde } from '../../services/platform/serde.ts';
import { dlqOf } from '../../services/platform/topics.ts';
import { readTopicToEnd } from '../../services/platform/topic-reader.ts';
import { serverEnv, testClients, testStack, uniqueName, waitFor } from '../helpers/stack.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/avro/article.json', import.meta.url), 'utf8'));
const stageScript = fileURLToPath(new URL('../helpers/eos-stage.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

let kafka: Kafka;
let serde: Serde;
let producer: EventProducer;
const children: ChildProcess[] = [];

before(async () => {
  const c = await testClients('eos-test');
  ({ kafka, serde } = c);
  producer = createProducer(kafka, serde, c.logger);
  await producer.connect();
});
after(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await producer.close();
});

async function topic(base: string, partitions: number): Promise<string> {
  const name = uniqueName(base);
  await ensureTopics(kafka, [
    { name, partitions, retentionMs: 3600_000 },
    { name: dlqOf(name), partitions: 1, retentionMs: 3600_000 },
  ]);
  await serde.register(name, 'article');
  await serde.register(dlqOf(name), 'dead-letter');
  return name;
}

async function stage(env: Record<string, string>): Promise<{ child: ChildProcess; exited: Promise<string> }> {
  const stack = await testStack();
  const child = spawn(process.execPath, ['--import', 'tsx', stageScript], {
    cwd: root,
    env: {
      ...process.env,
      ...serverEnv(stack),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  // With TEST_LOG_LEVEL set the stage's own log lines are shown as they come.
  if (process.env.TEST_LOG_LEVEL) child.stdout!.on('data', (d) => process.stderr.write(d));
  const exited = new Promise<string>((ok) =>
    child.on('exit', (code, signal) => ok(`${signal ?? `exit ${code}`}${stderr ? `\n${stderr}` : ''}`)),
  );
  return { child, exited };
}

/** Every key of a topic, read to its end by a read_committed reader (topic-reader). */
async function committedKeys(name: string): Promise<string[]> {
  const keys: string[] = [];
  const reader = await readTopicToEnd(kafka, {
    topic: name,
    start: 'earliest',
    groupPrefix: 'eos-test',
    onMessage: (m) => void keys.push(m.key?.toString() ?? ''),
  });
  await reader.done;
  return keys;
}

/** Waits until a read_uncommitted reader has seen more than `count` records of a topic. */
async function uncommittedMoreThan(name: string, count: number): Promise<number> {
  const consumer = kafka.consumer({
    groupId: uniqueName('raw-reader'),
    readUncommitted: true,
    maxWaitTimeInMs: 100,
  });
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: name, fromBeginning: true });
    await consumer.run({ eachMessage: async () => void seen++ });
    return await waitFor(`more than ${count} records read uncommitted`, () =>
      seen > count ? seen : undefined,
    );
  } finally {
    await consumer.disconnect();
  }
}

test('a stage killed between its outputs and their commit leaves no duplicate for read_committed readers', async () => {
  const input = await topic('eos-in', 2);
  const output = await topic('eos-out', 2);
  const group = uniqueName('eos-group');
  const total = 200;
  const keys = Array.from({ length: total }, (_, i) => `a-${String(i).padStart(4, '0')}`);
  await producer.send(
    input,
    keys.map((key) => ({ key, value: { ...fixture, id: key } })),
  );

  // First member: dies with SIGKILL in its third transaction, after sending that transaction's outputs.
  const first = await stage({
    INPUT_TOPIC: input,
    OUTPUT_TOPIC: output,
    GROUP_ID: group,
    EOS_CRASH_AT_TX: '3',
  });
  assert.match(await first.exited, /^SIGKILL/, 'the stage died in the transaction');

  // Its replacement finishes the work.
  const second = await stage({ INPUT_TOPIC: input, OUTPUT_TOPIC: output, GROUP_ID: group });
  await waitFor(
    'the group to commit every input',
    async () => {
      const lag = await consumerLag(kafka, group, input);
      return lag.length > 0 && lag.every((p) => p.lag === 0) ? true : undefined;
    },
    90_000,
  );
  second.child.kill('SIGTERM');
  await second.exited;

  const committed = await committedKeys(output);
  assert.equal(committed.length, total, 'each input written exactly once');
  assert.deepEqual([...new Set(committed)].sort(), keys, 'every input, none twice');
  // The crash did leave records in the log: a read_uncommitted reader sees the aborted copies,
  // so the count above is the isolation at work, not a crash that came too early.
  await uncommittedMoreThan(output, total);
});
