import type { Batch, Consumer, EachBatchHandler, Kafka, KafkaMessage } from 'kafkajs';
import { groupConsumerSettings } from './kafka.ts';
import { classify, describeError, DecodeError, UnavailableError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { PipelineMetrics } from './metrics.ts';
import { createPartitionProducers, type PartitionProducers } from './partition-producers.ts';
import type { EventProducer, KafkaMessageOut, OutRecord } from './producer.ts';
import { dlqOf } from './topics.ts';
import type { Serde } from './serde.ts';
import type { SchemaName } from './topics.ts';

export interface MessageContext {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  logger: Logger;
  /** The value's registry schema id and Avro body as consumed (for Serde.encodeAfterFirst). */
  raw: { schemaId: number; body: Buffer } | null;
}

/** What a handler wants written for one input message; nothing means "consumed, no output". */
export interface HandlerResult {
  produce?: { topic: string; records: OutRecord[] }[];
  /**
   * Called once the transaction holding this result committed, never for a handling whose
   * transaction aborted (its batch is handled again): counts kept here match the outputs.
   */
  committed?: () => void;
}

export type MessageHandler<In> = (value: In, ctx: MessageContext) => Promise<HandlerResult | void>;

export interface ConsumerRunnerOptions<In> {
  kafka: Kafka;
  serde: Serde;
  producer: EventProducer;
  logger: Logger;
  service: string;
  groupId: string;
  topic: string;
  /** Schema the values are read as (writer schemas are resolved into it). */
  reader: SchemaName;
  handler: MessageHandler<In>;
  /** Attempts of a retriable failure before the message is dead-lettered. Default 3. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt. Default 100. */
  retryBackoffMs?: number;
  /** Output records after which a batch's transaction is committed and a new one begun. Default 500. */
  flushEvery?: number;
  /**
   * Longest a transaction stays open while a batch is handled (ms): a large batch (a catch-up)
   * then shows its first outputs after about this long instead of at its end. Default 1000.
   */
  commitEveryMs?: number;
  /**
   * Messages of one partition handled side by side (outputs still written in offset order).
   * Worth raising for handlers that wait on I/O (enrich's Redis calls). Default 1.
   */
  handlerConcurrency?: number;
  /** Partitions handled at once by this member (order is kept within each). Default 6, as many as a pipeline topic has. */
  partitionsConsumedConcurrently?: number;
  /** Read from the earliest offset when the group has none. Default true. */
  fromBeginning?: boolean;
  metrics?: PipelineMetrics;
  /** Called after each join of the group with the partitions of `topic` this member was given. */
  onAssignment?: (partitions: number[]) => void;
  /** Called once when a programmer error stops the consumer; the process should exit non-zero. */
  onFatal?: (err: unknown) => void;
  /** Fault injection only: see PartitionProducersOptions.afterOutputs. */
  afterOutputs?: () => void;
}

export interface ConsumerRunner {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly running: boolean;
  /** Partitions of the input topic this member holds now (0 before the first join and after leaving). */
  readonly assigned: number;
}

class FatalHandlerError extends Error {
  readonly retriable = false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Outcome =
  | { kind: 'ok'; produce: HandlerResult['produce']; committed?: () => void }
  | { kind: 'dead'; error: unknown; retriable: boolean; attempts: number };

/** What handling one message needs: the options with their defaults, and the member's state. */
interface MessageStep<In> {
  opts: ConsumerRunnerOptions<In>;
  log: Logger;
  maxAttempts: number;
  backoff: number;
  handlerSeconds: { observe(v: number): void } | undefined;
  isRunning: () => boolean;
}

/** The handler's view of a message; the raw bytes and the logger are made when first used. */
function messageContext(
  topic: string,
  partition: number,
  message: KafkaMessage,
  log: Logger,
): MessageContext {
  let logger: Logger | undefined;
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    // only enrich passes the consumed bytes on
    get raw() {
      const v = message.value;
      return v && v.length > 5 ? { schemaId: v.readInt32BE(1), body: v.subarray(5) } : null;
    },
    // most messages log nothing, and a child logger per message costs
    get logger() {
      return (logger ??= log.child({ partition, offset: message.offset }));
    },
  };
}

/**
 * Decodes and handles one message. Undecodable bytes are dead, at once; a dependency that is
 * down pauses on the message; other retriable failures are retried `maxAttempts` times, then
 * dead; programmer errors throw FatalHandlerError.
 */
async function handleMessage<In>(
  step: MessageStep<In>,
  message: KafkaMessage,
  partition: number,
  heartbeat: () => Promise<void>,
): Promise<Outcome> {
  const { opts } = step;
  const ctx = messageContext(opts.topic, partition, message, step.log);
  let value: In;
  try {
    value = (await opts.serde.decode(message.value, opts.reader)) as In;
  } catch (err) {
    if (err instanceof DecodeError) return { kind: 'dead', error: err, retriable: false, attempts: 1 };
    throw err; // registry unavailable: let kafkajs retry the batch
  }
  for (let attempt = 1; ; attempt++) {
    const started = process.hrtime.bigint();
    try {
      const result = await opts.handler(value, ctx);
      step.handlerSeconds?.observe(Number(process.hrtime.bigint() - started) / 1e9);
      return { kind: 'ok', produce: result?.produce, committed: result?.committed };
    } catch (err) {
      const disposition = classify(err);
      if (disposition === 'fatal')
        throw new FatalHandlerError(`programmer error in handler: ${describeError(err).message}`, {
          cause: err,
        });
      if (err instanceof UnavailableError) {
        // A server we depend on is down: pause on this message rather than dead-letter a
        // whole stream of good ones; the offset is not committed, so nothing is lost.
        opts.metrics?.retries.inc({ topic: opts.topic });
        if (attempt === 1 || attempt % 10 === 0)
          ctx.logger.warn({ attempt, err: describeError(err) }, 'dependency unavailable; pausing');
        await sleep(Math.min(step.backoff * 2 ** Math.min(attempt - 1, 10), 5000));
        await heartbeat();
        if (!step.isRunning()) throw err;
        continue;
      }
      if (disposition === 'retry' && attempt < step.maxAttempts) {
        opts.metrics?.retries.inc({ topic: opts.topic });
        ctx.logger.warn({ attempt, err: describeError(err) }, 'retriable handler failure; retrying');
        await sleep(step.backoff * 2 ** (attempt - 1));
        continue;
      }
      return { kind: 'dead', error: err, retriable: disposition === 'retry', attempts: attempt };
    }
  }
}

/**
 * The open transaction of one partition's batch: outputs and dead letters in offset order, and
 * the offsets they were made from, written and committed together by `commit`.
 */
function openTransaction<In>(
  opts: ConsumerRunnerOptions<In>,
  txs: PartitionProducers,
  partition: number,
  resolveOffset: (offset: string) => void,
) {
  const dlq = dlqOf(opts.topic);
  const pending = new Map<string, KafkaMessageOut[]>();
  let buffered = 0;
  let last: string | undefined;
  let openedAt = Date.now();
  let done: string[] = [];
  let onCommit: (() => void)[] = [];
  const push = (topic: string, list: KafkaMessageOut[]) => {
    const to = pending.get(topic) ?? [];
    for (const m of list) to.push(m);
    pending.set(topic, to);
    buffered += list.length;
  };
  return {
    /** Adds what one message gave (outputs, or its dead letter) after the earlier messages'. */
    add(message: KafkaMessage, outcome: Outcome) {
      if (outcome.kind === 'ok') {
        for (const p of outcome.produce ?? []) push(p.topic, opts.producer.encode(p.topic, p.records));
        if (outcome.committed) onCommit.push(outcome.committed);
      } else {
        const dead = opts.producer.deadLetterMessage({
          service: opts.service,
          topic: opts.topic,
          partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers,
          error: outcome.error,
          retriable: outcome.retriable,
          attempts: outcome.attempts,
        });
        push(dead.topic, [dead.message]);
        opts.metrics?.deadLettered.inc({ topic: opts.topic, reason: describeError(outcome.error).type });
      }
      done.push(message.offset);
      last = message.offset;
    },
    due(flushEvery: number, commitEveryMs: number): boolean {
      return buffered >= flushEvery || Date.now() - openedAt >= commitEveryMs;
    },
    /** Writes and commits what was added (nothing when nothing was), then opens a new one. */
    async commit() {
      if (last === undefined) return;
      const topicMessages = [...pending].map(([topic, list]) => ({ topic, messages: list }));
      const started = process.hrtime.bigint();
      await txs.commit(partition, topicMessages, String(BigInt(last) + 1n));
      opts.metrics?.transactionSeconds.observe(
        { topic: opts.topic },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      for (const t of topicMessages)
        if (t.topic !== dlq) opts.metrics?.produced.inc({ topic: t.topic }, t.messages.length);
      for (const o of done) resolveOffset(o);
      for (const f of onCommit) f();
      onCommit = [];
      pending.clear();
      buffered = 0;
      done = [];
      last = undefined;
      openedAt = Date.now();
    },
  };
}

/** What a member knows of its place in the group, shared by its steps. */
interface MemberState {
  running: boolean;
  /** Partitions of the input topic held now. */
  assigned: number;
  /** Bumped at every join: a partition is owned (fenced, offset re-read) once per generation. */
  generation: number;
  /**
   * The generation each partition was last owned in, and the group's committed offset read
   * then (after the fencing): nothing below it is handled again in that generation.
   */
  ownedIn: Map<number, { generation: number; committed: bigint | null }>;
}

/**
 * kafkajs' eachBatch: the messages not yet handled (owning the partition afresh at the first
 * batch of a generation), handled window by window, their outputs committed in transactions of
 * at most `flushEvery` records or `commitEveryMs`, the last one at the end of the batch.
 */
function batchHandler<In>(
  step: MessageStep<In>,
  txs: PartitionProducers,
  state: MemberState,
): EachBatchHandler {
  const { opts } = step;
  const flushEvery = opts.flushEvery ?? 500;
  const commitEveryMs = opts.commitEveryMs ?? 1000;
  const width = opts.handlerConcurrency ?? 1;
  // per-message metric, label child bound once
  const consumed = opts.metrics?.consumed.labels({ topic: opts.topic });

  // What the previous owner committed is not redone. kafkajs fetches from the offset it read when
  // the member joined, before any fencing: that can be behind the committed offset by more than
  // its first batch, so every batch of the generation is checked (a no-op once past it).
  async function unhandled(batch: Batch, resolveOffset: (offset: string) => void): Promise<KafkaMessage[]> {
    const partition = batch.partition;
    let owned = state.ownedIn.get(partition);
    if (owned?.generation !== state.generation) {
      // A broker that is down makes this throw (retriable): kafkajs retries the batch.
      owned = { generation: state.generation, committed: await txs.own(partition) };
      state.ownedIn.set(partition, owned);
    }
    const { committed } = owned;
    const first = batch.messages[0];
    if (committed === null || first === undefined || BigInt(first.offset) >= committed) return batch.messages;
    const skipped = batch.messages.filter((m) => BigInt(m.offset) < committed);
    for (const m of skipped) resolveOffset(m.offset);
    return batch.messages.slice(skipped.length);
  }

  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
    const partition = batch.partition;
    const messages = await unhandled(batch, resolveOffset);
    if (messages.length > 0) opts.metrics?.batchMessages.observe({ topic: opts.topic }, messages.length);
    const tx = openTransaction(opts, txs, partition, resolveOffset);
    const commit = async () => {
      try {
        await tx.commit();
      } catch (err) {
        // The producer was dropped (broker gone, fenced): the retry of this batch owns the
        // partition afresh, fencing again and re-reading the committed offset.
        state.ownedIn.delete(partition);
        throw err;
      }
    };
    for (let start = 0; start < messages.length; start += width) {
      if (!isRunning() || isStale()) break;
      const window = messages.slice(start, start + width);
      consumed?.inc(window.length);
      // Handled side by side, settled in offset order: outputs keep the partition's order.
      const outcomes = await Promise.all(window.map((m) => handleMessage(step, m, partition, heartbeat)));
      window.forEach((message, k) => tx.add(message, outcomes[k]!));
      if (tx.due(flushEvery, commitEveryMs)) await commit();
      // kafkajs sends one only when heartbeatInterval has passed: cheap to call per window.
      await heartbeat();
    }
    await commit();
    await heartbeat();
  };
}

/**
 * kafkajs' CRASH event: a programmer error stops the member for good (onFatal); any other crash
 * kafkajs does not restart from itself is restarted here, every 2 s until the broker takes it.
 */
function crashHandler<In>(
  step: MessageStep<In>,
  consumer: Consumer,
  state: MemberState,
  runConfig: Parameters<Consumer['run']>[0],
): (error: Error, restart: boolean) => void {
  const { log } = step;
  return (error, restart) => {
    if (
      error instanceof FatalHandlerError ||
      (error as { cause?: unknown }).cause instanceof FatalHandlerError
    ) {
      log.fatal(
        { err: describeError((error as Error).cause ?? error) },
        'consumer stopped by a programmer error',
      );
      state.running = false;
      step.opts.onFatal?.(error);
      return;
    }
    // kafkajs restarts itself after retriable errors only; after others (e.g. "failed to
    // find group coordinator" once its retries ran out during a broker outage) the member
    // would sit idle for good.
    if (restart || !state.running) return;
    log.warn({ err: describeError(error) }, 'consumer stopped by kafkajs; starting it again in 2 s');
    const again = () =>
      setTimeout(() => {
        if (!state.running) return;
        consumer
          .connect()
          .then(() => consumer.run(runConfig))
          .catch((err: unknown) => {
            log.warn({ err: describeError(err) }, 'consumer did not start; trying again in 2 s');
            again();
          });
      }, 2000);
    again();
  };
}

/**
 * Consumer group member with exactly-once read-process-write: a batch's outputs, dead letters and
 * consumed offsets are written in one Kafka transaction per input partition (see
 * partition-producers.ts), so a crash anywhere leaves either all of them or none visible to
 * read_committed readers, and the replay after it redoes exactly the uncommitted part.
 * A failure belongs to its one message: retriable errors are retried a bounded number of times,
 * anything else goes to `<topic>.dlq` with the original bytes and the reason, and the batch
 * goes on. Only programmer errors stop the consumer.
 */
export function createConsumerRunner<In>(opts: ConsumerRunnerOptions<In>): ConsumerRunner {
  // Made in start(): its session timeout depends on what the broker allows.
  let consumer: Consumer | undefined;
  const state: MemberState = { running: false, assigned: 0, generation: 0, ownedIn: new Map() };
  const step: MessageStep<In> = {
    opts,
    log: opts.logger.child({ topic: opts.topic, groupId: opts.groupId }),
    maxAttempts: opts.maxAttempts ?? 3,
    backoff: opts.retryBackoffMs ?? 100,
    handlerSeconds: opts.metrics?.handlerSeconds.labels({ topic: opts.topic }),
    isRunning: () => state.running,
  };
  const admin = opts.kafka.admin();
  const txs = createPartitionProducers({
    kafka: opts.kafka,
    groupId: opts.groupId,
    topic: opts.topic,
    logger: opts.logger,
    afterOutputs: opts.afterOutputs,
  });
  const runConfig: Parameters<Consumer['run']>[0] = {
    // Offsets are committed inside each output transaction (sendOffsets) only. A batch made
    // of transaction markers alone never reaches eachBatch, so the group's committed offset
    // can stay one short of the high watermark (the last marker) until the next record.
    autoCommit: false,
    partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 6,
    eachBatchAutoResolve: false,
    eachBatch: batchHandler(step, txs, state),
  };
  // A join gives this member its partitions; those it lost are forgotten (producers closed).
  const onJoin = (partitions: number[]) => {
    state.generation++;
    state.assigned = partitions.length;
    for (const p of [...state.ownedIn.keys()])
      if (!partitions.includes(p)) {
        state.ownedIn.delete(p);
        void txs.drop(p);
      }
    opts.onAssignment?.(partitions);
  };
  let stopping: Promise<void> | undefined;

  return {
    get running() {
      return state.running;
    },
    get assigned() {
      return state.assigned;
    },
    async start() {
      await admin.connect();
      const member = opts.kafka.consumer({ ...(await groupConsumerSettings(admin)), groupId: opts.groupId });
      consumer = member;
      const onCrash = crashHandler(step, member, state, runConfig);
      await member.connect();
      await member.subscribe({ topic: opts.topic, fromBeginning: opts.fromBeginning ?? true });
      member.on(member.events.CRASH, (e) => onCrash(e.payload.error, e.payload.restart));
      member.on(member.events.GROUP_JOIN, (e) => onJoin(e.payload.memberAssignment[opts.topic] ?? []));
      // Left the group (stopped, crashed, or kicked out after a missed session): not consuming.
      for (const event of [member.events.STOP, member.events.CRASH, member.events.DISCONNECT])
        member.on(event, () => (state.assigned = 0));
      state.running = true;
      await member.run(runConfig);
    },
    stop() {
      stopping ??= (async () => {
        state.running = false;
        await consumer?.disconnect();
        await Promise.allSettled([txs.close(), admin.disconnect()]);
      })();
      return stopping;
    },
  };
}
