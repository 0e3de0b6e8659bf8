import type { Kafka, Producer, IHeaders } from 'kafkajs';
import { IDEMPOTENT_PRODUCER } from './kafka.ts';
import { describeError, UnavailableError, WithdrawnError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Serde } from './serde.ts';
import { dlqOf } from './topics.ts';

export interface OutRecord {
  key: string;
  value: unknown;
  headers?: Record<string, string>;
  /**
   * The consumed bytes of the value's first field, passed on unchanged (see
   * Serde.encodeAfterFirst); the value must still hold that field.
   */
  first?: { schemaId: number; body: Buffer };
}

interface RawRecord {
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

interface DeadLetterInput {
  service: string;
  topic: string;
  partition: number;
  offset: string | number;
  key: Buffer | string | null;
  value: Buffer | null;
  headers?: IHeaders;
  error: unknown;
  retriable?: boolean;
  attempts?: number;
}

export type KafkaMessageOut = { key: string | Buffer | null; value: Buffer | null; headers?: IHeaders };

/** How a caller that may stop waiting (an HTTP request past its deadline) follows one write. */
interface WriteControl {
  /**
   * Once aborted, a write still queued behind the one in flight is taken back: it rejects with a
   * WithdrawnError and none of its records reach Kafka. A write already sent is not affected.
   */
  signal?: AbortSignal;
  /** Called when the write leaves the queue for Kafka: from then on its outcome is Kafka's. */
  onSent?: () => void;
}

export interface EventProducer {
  connect(): Promise<void>;
  /** Encodes and writes the records; resolves once every in-sync replica has them (acks=all). */
  send(topic: string, records: OutRecord[], control?: WriteControl): Promise<void>;
  /** Writes several topics' records in one request. */
  sendMany(batches: { topic: string; records: OutRecord[] }[]): Promise<void>;
  sendRaw(topic: string, records: RawRecord[]): Promise<void>;
  /** Writes a DeadLetter record to `<topic>.dlq` with the original bytes and the reason. */
  deadLetter(input: DeadLetterInput): Promise<void>;
  /** The Kafka messages `send` would write (for a transactional writer). */
  encode(topic: string, records: OutRecord[]): KafkaMessageOut[];
  /** The `<topic>.dlq` message `deadLetter` would write (logged as dead-lettered). */
  deadLetterMessage(input: DeadLetterInput): { topic: string; message: KafkaMessageOut };
  /** Connected and the last write (if any) succeeded: the readiness of a writing service. */
  healthy(): boolean;
  /**
   * When the write in flight was sent (epoch ms), undefined when none is waiting for Kafka's
   * acknowledgement. Acks take milliseconds; seconds mean Kafka is away and kafkajs still retries.
   */
  unacknowledgedSince(): number | undefined;
  close(): Promise<void>;
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

type Message = KafkaMessageOut;
type TopicMessages = { topic: string; messages: Message[] };
type Pending = {
  batches: TopicMessages[];
  bytes: number;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Called as the write is taken into a request (drops its abort listener, tells its caller). */
  sent?: () => void;
};

const MAX_REQUEST_BYTES = 512 * 1024;

/** Takes from the queue the writes that fit in one request, merged by topic. */
function nextGroup(queue: Pending[]): { group: Pending[]; byTopic: Map<string, Message[]> } {
  const group: Pending[] = [queue.shift()!];
  let bytes = group[0]!.bytes;
  while (queue.length > 0 && bytes + queue[0]!.bytes <= MAX_REQUEST_BYTES) {
    bytes += queue[0]!.bytes;
    group.push(queue.shift()!);
  }
  const byTopic = new Map<string, Message[]>();
  for (const g of group)
    for (const b of g.batches) {
      const list = byTopic.get(b.topic) ?? [];
      for (const m of b.messages) list.push(m);
      byTopic.set(b.topic, list);
    }
  return { group, byTopic };
}

type SendBatch = Pick<Producer, 'sendBatch'>['sendBatch'];

/**
 * The idempotent producer behind the group commit, replaced by a new one (a new producer id)
 * after every write that failed. kafkajs gives up on a write after its bounded retries without
 * advancing the partitions' sequence numbers, yet the broker may have appended it before the
 * connection broke (a broker killed before it answered). The next write then reuses those
 * numbers: the broker takes it for a duplicate of the appended one and acknowledges records it
 * never wrote (lost although acknowledged), or, when the counts differ, refuses every later
 * write with OUT_OF_ORDER_SEQUENCE_NUMBER for good (seen in the kill-kafka fault scenario).
 * Under a new producer id nothing is matched against the old numbers: a failed write sent
 * again can only add a copy, which downstream ids absorb.
 */
function createProducerSession(kafka: Kafka, logger: Logger) {
  let producer: Producer = kafka.producer(IDEMPOTENT_PRODUCER);
  // The replacement's connect (it fetches its producer id), awaited by the next write.
  let connecting: Promise<void> | undefined;
  return {
    connect: () => producer.connect(),
    async sendBatch(batch: Parameters<SendBatch>[0]): Promise<void> {
      if (connecting) await connecting;
      await producer.sendBatch(batch);
    },
    replace(reason: unknown): void {
      const old = producer;
      void old.disconnect().catch(() => {});
      producer = kafka.producer(IDEMPOTENT_PRODUCER);
      const connected = producer.connect();
      connecting = connected;
      // A failed connect fails the next write, which replaces the producer again.
      connected.then(
        () => {
          if (connecting === connected) connecting = undefined;
        },
        () => {},
      );
      logger.warn(
        { err: (reason as Error)?.message ?? String(reason) },
        'a write failed: its outcome is unknown, so a new idempotent producer takes over',
      );
    },
    async disconnect(): Promise<void> {
      await connecting?.catch(() => {});
      await producer.disconnect();
    },
  };
}

type ProducerSession = ReturnType<typeof createProducerSession>;

/**
 * Group commit: kafkajs keeps one produce request in flight (required for idempotence), so
 * writes that arrive while one is in flight are merged into the next request instead of
 * queueing one request each. Every caller still learns the fate of its own records.
 */
function createGroupCommit(producer: ProducerSession) {
  const queue: Pending[] = [];
  let pumping = false;
  // Readiness drops for a short while after a failed write, then recovers by itself so that a
  // service whose traffic stopped because it was unready gets tried again.
  let lastFailureAt = 0;
  // When the request in flight was sent (0: none is).
  let inFlightSince = 0;

  async function pump(): Promise<void> {
    pumping = true;
    try {
      while (queue.length > 0) {
        const { group, byTopic } = nextGroup(queue);
        for (const g of group) g.sent?.();
        inFlightSince = Date.now();
        try {
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
          });
          lastFailureAt = 0;
          for (const g of group) g.resolve();
        } catch (err) {
          lastFailureAt = Date.now();
          producer.replace(err);
          const wrapped = new UnavailableError(
            `Kafka did not acknowledge the write: ${(err as Error).message}`,
            {
              cause: err,
            },
          );
          for (const g of group) g.reject(wrapped);
        } finally {
          inFlightSince = 0;
        }
      }
    } finally {
      pumping = false;
    }
  }

  function write(batches: TopicMessages[], control?: WriteControl): Promise<void> {
    const nonEmpty = batches.filter((b) => b.messages.length > 0);
    if (nonEmpty.length === 0) return Promise.resolve();
    const signal = control?.signal;
    if (signal?.aborted)
      return Promise.reject(new WithdrawnError('the write was withdrawn before it was sent'));
    let bytes = 0;
    for (const b of nonEmpty) for (const m of b.messages) bytes += (m.value?.length ?? 0) + 64;
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { batches: nonEmpty, bytes, resolve, reject };
      if (signal || control?.onSent) {
        const withdraw = () => {
          const i = queue.indexOf(pending);
          if (i < 0) return;
          queue.splice(i, 1);
          reject(new WithdrawnError('the write was withdrawn before it was sent'));
        };
        signal?.addEventListener('abort', withdraw, { once: true });
        pending.sent = () => {
          signal?.removeEventListener('abort', withdraw);
          control?.onSent?.();
        };
      }
      queue.push(pending);
      if (!pumping) void pump();
    });
  }

  return {
    write,
    lastFailureAt: () => lastFailureAt,
    unacknowledgedSince: () => (inFlightSince === 0 ? undefined : inFlightSince),
  };
}

function encodeRecords(serde: Serde, topic: string, records: OutRecord[]): KafkaMessageOut[] {
  return records.map((r) => ({
    key: r.key,
    value: r.first ? serde.encodeAfterFirst(topic, r.first, r.value) : serde.encode(topic, r.value),
    headers: r.headers,
  }));
}

function buildDeadLetterMessage(
  serde: Serde,
  logger: Logger,
  input: DeadLetterInput,
): { topic: string; message: KafkaMessageOut } {
  const { type, message } = describeError(input.error);
  const dlq = dlqOf(input.topic);
  const key = input.key === null ? null : Buffer.isBuffer(input.key) ? input.key : Buffer.from(input.key);
  const value = {
    originalTopic: input.topic,
    originalPartition: input.partition,
    originalOffset: Number(input.offset),
    originalKey: key,
    originalValue: input.value,
    originalHeaders: headersToStrings(input.headers),
    errorType: type,
    errorMessage: message,
    retriable: input.retriable ?? false,
    attempts: input.attempts ?? 1,
    service: input.service,
    failedAt: Date.now(),
  };
  logger.warn(
    {
      topic: input.topic,
      partition: input.partition,
      offset: String(input.offset),
      dlq,
      errorType: type,
    },
    `dead-lettered: ${message}`,
  );
  return {
    topic: dlq,
    message: { key, value: serde.encode(dlq, value), headers: { 'newsflow-error': message.slice(0, 500) } },
  };
}

/**
 * Idempotent producer (acks=all, retries without duplicates) with Avro encoding. Every failure
 * to write is an UnavailableError, which callers treat as retriable (ingest answers 503).
 */
export function createProducer(kafka: Kafka, serde: Serde, logger: Logger): EventProducer {
  const producer = createProducerSession(kafka, logger);
  let connected = false;
  let closed = false;
  const { write, lastFailureAt, unacknowledgedSince } = createGroupCommit(producer);
  const encodeAll = (topic: string, records: OutRecord[]) => encodeRecords(serde, topic, records);
  const deadLetterMessage = (input: DeadLetterInput) => buildDeadLetterMessage(serde, logger, input);

  return {
    async connect() {
      if (connected) return;
      await producer.connect();
      connected = true;
    },
    async send(topic, records, control) {
      await write([{ topic, messages: encodeAll(topic, records) }], control);
    },
    async sendMany(batches) {
      await write(batches.map((b) => ({ topic: b.topic, messages: encodeAll(b.topic, b.records) })));
    },
    async sendRaw(topic, records) {
      await write([{ topic, messages: records }]);
    },
    async deadLetter(input) {
      const { topic, message } = deadLetterMessage(input);
      await write([{ topic, messages: [message] }]);
    },
    encode: encodeAll,
    deadLetterMessage,
    healthy() {
      return connected && !closed && Date.now() - lastFailureAt() > 5000;
    },
    unacknowledgedSince,
    async close() {
      if (closed) return;
      closed = true;
      if (connected) await producer.disconnect();
    },
  };
}

export interface TransactionalProducer {
  connect(): Promise<void>;
  /** Runs `work` in one Kafka transaction: committed when it resolves, aborted when it throws. */
  inTransaction<T>(
    work: (send: (topic: string, records: OutRecord[]) => Promise<void>) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

export function createTransactionalProducer(
  kafka: Kafka,
  serde: Serde,
  transactionalId: string,
): TransactionalProducer {
  const producer = kafka.producer({ ...IDEMPOTENT_PRODUCER, transactionalId });
  return {
    connect: () => producer.connect(),
    async inTransaction(work) {
      const tx = await producer.transaction();
      try {
        const result = await work(async (topic, records) => {
          await tx.send({
            topic,
            acks: -1,
            messages: records.map((r) => ({
              key: r.key,
              value: serde.encode(topic, r.value),
              headers: r.headers,
            })),
          });
        });
        await tx.commit();
        return result;
      } catch (err) {
        await tx.abort();
        throw err;
      }
    },
    close: () => producer.disconnect(),
  };
}
