import type { Kafka, Producer } from 'kafkajs';
import { describeError, UnavailableError } from './errors.ts';
import { IDEMPOTENT_PRODUCER } from './kafka.ts';
import type { Logger } from './logger.ts';
import type { KafkaMessageOut } from './producer.ts';
import { createStableOffsetReader } from './stable-offsets.ts';

export interface PartitionProducersOptions {
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Longest a transaction may stay open before the broker aborts it (ms). Default 60 s. */
  transactionTimeoutMs?: number;
  /**
   * Called in each transaction after its outputs were sent and before the offsets and the
   * commit: the window a crash must not turn into duplicates. A fault-injection point (see
   * NEWSFLOW_FAILPOINT_KILL_IN_TX in stage-service.ts); nothing else should need it.
   */
  afterOutputs?: () => void;
}

export interface PartitionProducers {
  /**
   * Makes this member the one writer for `partition`: a fresh transactional producer whose
   * InitProducerId fences any earlier holder of the partition's transactional id (a zombie's open
   * transaction is aborted, its later commits refused), then the group's committed offset for
   * the partition, read after the fencing and only once it is stable (no transaction holds a
   * pending offset commit for it), so that it includes everything the previous owner did commit.
   * Returns that offset (null when the group has none), or the last one this process committed
   * for the partition when the group's is behind it (see resumeOffset).
   */
  own(partition: number): Promise<bigint | null>;
  /**
   * Writes `topicMessages` and commits the consumed position `nextOffset` of `partition` in one
   * transaction: both or neither become visible to read_committed readers.
   */
  commit(
    partition: number,
    topicMessages: { topic: string; messages: KafkaMessageOut[] }[],
    nextOffset: string,
  ): Promise<void>;
  /** Forgets a partition's producer (after a failure or a revocation); the next `own` starts afresh. */
  drop(partition: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs `step` again while the coordinator answers CONCURRENT_TRANSACTIONS: the markers of the
 * transaction committed just before are still being written (a few ms). kafkajs retries that
 * answer for a send but not for AddOffsetsToTxn, which opens the transaction of a batch with no
 * outputs (an eventless article right after a commit), so without this the batch was aborted
 * and handled again. Kafka's own client retries it the same way; about 1 s in all.
 */
async function whileConcurrent(step: () => Promise<void>): Promise<void> {
  for (let attempt = 0, delay = 5; ; attempt++, delay = Math.min(delay * 2, 200)) {
    try {
      return await step();
    } catch (err) {
      if ((err as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/**
 * The offset a member resumes a partition from: the group's committed offset, unless it is behind
 * the last one this process itself committed for the partition. A committed offset never moves
 * back while a member is alive (another owner only moves it on; a reset needs an empty group), yet
 * right after a kill -9 of the broker the group coordinator has answered "no offset" for
 * partitions whose transactions (outputs and offsets) had committed, and the member then coded
 * them again from the start (issue #11: 255–532 duplicated events in 3 of 5 kill-kafka runs).
 * Why the broker does that: infra/README.md, "a broker that does not resume".
 */
export function resumeOffset(fetched: bigint | null, ownLast: bigint | undefined): bigint | null {
  if (ownLast === undefined) return fetched;
  return fetched === null || fetched < ownLast ? ownLast : fetched;
}

/**
 * One transactional producer per input partition, with the transactional id
 * `<group>.<topic>.<partition>`: stable across restarts and members, so whichever member owns the
 * partition next fences the one before (the scheme Kafka used before KIP-447; kafkajs cannot send
 * the consumer-group metadata KIP-447 needs).
 */
export function createPartitionProducers(opts: PartitionProducersOptions): PartitionProducers {
  const producers = new Map<number, Producer>();
  // The next offset of each partition as of this process's last commit that Kafka confirmed.
  const committedHere = new Map<number, bigint>();
  const offsets = createStableOffsetReader(opts.kafka);
  const log = opts.logger.child({ topic: opts.topic, groupId: opts.groupId });

  async function drop(partition: number): Promise<void> {
    const producer = producers.get(partition);
    producers.delete(partition);
    if (producer) await producer.disconnect().catch(() => {});
  }

  return {
    async own(partition) {
      await drop(partition);
      const producer = opts.kafka.producer({
        ...IDEMPOTENT_PRODUCER,
        transactionalId: `${opts.groupId}.${opts.topic}.${partition}`,
        transactionTimeout: opts.transactionTimeoutMs ?? 60_000,
        // A transaction begun right after a commit is refused (CONCURRENT_TRANSACTIONS) until the
        // coordinator has written the markers, a few ms: retry soon rather than after 200 ms.
        retry: { initialRetryTime: 10, maxRetryTime: 1000, retries: 12 },
      });
      const started = Date.now();
      try {
        await producer.connect();
        // kafkajs' connect() gets an idempotent producer id only, without the transactional id:
        // the InitProducerId that fences the earlier holders of the id (and has the coordinator
        // finish their pending transaction, committing or aborting it, before it answers) is sent
        // at the first transaction(). An empty transaction, begun and aborted, sends nothing
        // more, so the fencing happens here. Read before it, the offset missed a commit still in
        // flight (the broker killed mid-commit, a zombie's) and its batch was handled twice.
        await (await producer.transaction()).abort();
      } catch (err) {
        await producer.disconnect().catch(() => {});
        throw err;
      }
      producers.set(partition, producer);
      // The fencing waited for the earlier holder's transaction to complete, not for its markers
      // to reach __consumer_offsets: until then the group coordinator still answers a plain
      // OffsetFetch (kafkajs' admin.fetchOffsets) with the offset from before that transaction
      // (3 duplicates in 30 kill-kafka runs). The stable fetch waits until it is applied;
      // if it is still pending after a few seconds, it throws (retriable) and the batch is retried.
      let waited: { errorCode: number; attempt: number } | undefined;
      const fetched =
        (await offsets.fetch(opts.groupId, opts.topic, [partition], (r) => (waited = r))).get(partition) ??
        null;
      const committed = resumeOffset(fetched, committedHere.get(partition));
      const read = { partition, committed: committed?.toString(), ms: Date.now() - started };
      if (committed !== fetched)
        log.warn(
          { ...read, groupOffset: fetched?.toString() ?? null },
          "partition owned: the group's offset is behind this member's own last commit; resuming from that",
        );
      // Waiting happens only after a failure (a broker or member that died mid-commit): worth a line.
      if (waited) log.warn({ ...read, waited }, 'partition owned: offset read once no longer pending');
      else log.debug(read, 'partition owned: fenced, stable offset read');
      return committed;
    },
    async commit(partition, topicMessages, nextOffset) {
      const producer = producers.get(partition);
      if (!producer) throw new UnavailableError(`no producer owns partition ${partition}`);
      const tx = await producer.transaction();
      try {
        const nonEmpty = topicMessages.filter((t) => t.messages.length > 0);
        if (nonEmpty.length > 0) {
          await tx.sendBatch({ acks: -1, topicMessages: nonEmpty });
          opts.afterOutputs?.();
        }
        await whileConcurrent(() =>
          tx.sendOffsets({
            consumerGroupId: opts.groupId,
            topics: [{ topic: opts.topic, partitions: [{ partition, offset: nextOffset }] }],
          }),
        );
        await tx.commit();
        const next = BigInt(nextOffset);
        const before = committedHere.get(partition);
        if (before === undefined || next > before) committedHere.set(partition, next);
      } catch (err) {
        // Fenced, or the broker went away: nothing of this transaction is visible. The producer
        // is dropped so that the retry fences afresh and re-reads the committed offset.
        await tx.abort().catch(() => {});
        await drop(partition);
        log.warn({ partition, err: describeError(err) }, 'transaction aborted');
        throw new UnavailableError(
          `transaction on partition ${partition} failed: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    },
    drop,
    async close() {
      await Promise.all([...producers.keys()].map((p) => drop(p)));
      await offsets.close();
    },
  };
}
