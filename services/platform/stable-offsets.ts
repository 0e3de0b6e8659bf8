// A consumer group's committed offsets as KIP-447 reads them: OffsetFetch v7 with
// require_stable=true, which kafkajs (OffsetFetch v1–v4 only) cannot send.
//
// Why: a transactional offset commit (TxnOffsetCommit, sent by sendOffsets) stays *pending* in the
// group coordinator until the transaction's commit marker reaches __consumer_offsets, and the
// markers are written after EndTxn (or, when the broker died mid-commit, by the restarted
// broker's transaction coordinator). A plain OffsetFetch in that window answers the offset from
// before the transaction, and the batch it covers is handled a second time. With require_stable
// the coordinator answers UNSTABLE_OFFSET_COMMIT (88, retriable) for such a partition instead, so
// the offset read is never older than a transaction that may still commit. Kafka 4's group
// coordinator also serves a require_stable fetch on its write path: from its latest state, not
// the snapshot at the last committed offset of __consumer_offsets that a plain fetch reads, and
// answered once that state is committed (GroupCoordinatorService.fetchOffsets).
//
// How it is sent: through kafkajs' own connection to the group coordinator, not a socket of our
// own, so that whatever the client is configured with (TLS, SASL, socket factory, client id,
// retries while finding the coordinator) applies here too. kafkajs keeps its cluster private; a
// cluster is made with the client's private factory (kafkajs is pinned, 2.2.4, and the lookup
// fails loudly if that ever changes). Its connection writes request header v1 itself (api key,
// version, correlation id, client id); header v2, which flexible versions such as v7 use, is
// header v1 plus an empty tagged-field section, so the body sent starts with that one 0x00
// byte. Likewise kafkajs reads the response's correlation id and hands over the rest, which for
// response header v1 starts with the header's tagged fields.
//
// Layouts (Kafka's OffsetFetchRequest.json / OffsetFetchResponse.json, version 7; flexible):
//   request:  group_id COMPACT_STRING, topics COMPACT_ARRAY of { name COMPACT_STRING,
//             partition_indexes COMPACT_ARRAY of INT32, tags }, require_stable BOOLEAN, tags
//   response: throttle_time_ms INT32, topics COMPACT_ARRAY of { name COMPACT_STRING,
//             partitions COMPACT_ARRAY of { partition_index INT32, committed_offset INT64,
//             committed_leader_epoch INT32, metadata COMPACT_NULLABLE_STRING, error_code INT16,
//             tags }, tags }, error_code INT16, tags
// COMPACT_* lengths are unsigned varints of length + 1 (0 = null); "tags" is a tagged-field
// section: a varint count, then per field a varint tag, a varint size and that many bytes.
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import { NewsflowError, UnavailableError } from './errors.ts';

const OFFSET_FETCH = { apiKey: 9, apiVersion: 7, apiName: 'OffsetFetch' } as const;

/** Kafka error codes this module acts on (Kafka's Errors.java). */
export const KafkaErrorCode = {
  NONE: 0,
  COORDINATOR_LOAD_IN_PROGRESS: 14,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  UNSTABLE_OFFSET_COMMIT: 88,
} as const;

/** Coordinator answers worth another attempt (which looks the coordinator up again). */
const COORDINATOR_MOVED: ReadonlySet<number> = new Set([
  KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  KafkaErrorCode.COORDINATOR_NOT_AVAILABLE,
  KafkaErrorCode.NOT_COORDINATOR,
]);

// ---- encoding ----------------------------------------------------------------------------

const EMPTY_TAGS = Buffer.of(0);

function uvarint(value: number): Buffer {
  const bytes: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

function compactString(value: string): Buffer {
  const utf8 = Buffer.from(value, 'utf8');
  return Buffer.concat([uvarint(utf8.length + 1), utf8]);
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

/** Request header v2's tagged fields, then the OffsetFetch v7 body for one topic. */
function offsetFetchV7(groupId: string, topic: string, partitions: readonly number[]): Buffer {
  return Buffer.concat([
    EMPTY_TAGS, // the header's tagged fields: header v1 (written by kafkajs) + this = header v2
    compactString(groupId),
    uvarint(1 + 1), // one topic
    compactString(topic),
    uvarint(partitions.length + 1),
    ...partitions.map(int32),
    EMPTY_TAGS, // the topic's
    Buffer.of(1), // require_stable = true
    EMPTY_TAGS, // the body's
  ]);
}

// ---- decoding ----------------------------------------------------------------------------

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift <= 28; shift += 7) {
      const byte = this.buf.readUInt8(this.at++);
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error('OffsetFetch response: varint longer than 5 bytes');
  }
  /** A COMPACT_NULLABLE_STRING (a COMPACT_STRING is the same without the null). */
  compactString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const end = this.at + n - 1;
    if (end > this.buf.length) throw new RangeError('OffsetFetch response: string runs past the end');
    const s = this.buf.toString('utf8', this.at, end);
    this.at = end;
    return s;
  }
  /** Element count of a COMPACT_ARRAY (null read as empty). */
  arrayLength(): number {
    return Math.max(this.uvarint() - 1, 0);
  }
  /** Skips a tagged-field section (nothing in v7 defines a tag; a newer broker might add some). */
  skipTags(): void {
    for (let n = this.uvarint(); n > 0; n--) {
      this.uvarint(); // tag
      this.at += this.uvarint(); // size, then the bytes
    }
    if (this.at > this.buf.length) throw new RangeError('OffsetFetch response: tags run past the end');
  }
}

/** One partition of an OffsetFetch answer: offset -1 means the group has none. */
interface PartitionOffsetAnswer {
  partition: number;
  offset: bigint;
  errorCode: number;
}

interface OffsetFetchAnswer {
  /** Group-level error (coordinator moved or loading, authorization, ...), 0 if none. */
  errorCode: number;
  partitions: PartitionOffsetAnswer[];
  /** What kafkajs' connection reads to throttle the client after a quota violation (KIP-219). */
  clientSideThrottleTime: number;
}

/** The response after its correlation id: header v1's tagged fields, then the v7 body. */
function decodeOffsetFetchV7(payload: Buffer, topic: string): OffsetFetchAnswer {
  const r = new Reader(payload);
  r.skipTags(); // response header v1
  const throttleTimeMs = r.int32();
  const partitions: PartitionOffsetAnswer[] = [];
  for (let t = r.arrayLength(); t > 0; t--) {
    const name = r.compactString();
    for (let p = r.arrayLength(); p > 0; p--) {
      const partition = r.int32();
      const offset = r.int64();
      r.int32(); // committed_leader_epoch
      r.compactString(); // metadata
      const errorCode = r.int16();
      r.skipTags();
      if (name === topic) partitions.push({ partition, offset, errorCode });
    }
    r.skipTags();
  }
  const errorCode = r.int16();
  r.skipTags();
  return { errorCode, partitions, clientSideThrottleTime: throttleTimeMs };
}

// ---- kafkajs' internals, as far as they are used here -------------------------------------

interface KafkajsEncoder {
  writeBuffer(value: Buffer): KafkajsEncoder;
}

interface KafkajsProtocolRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<KafkajsEncoder> };
  response: {
    decode(payload: Buffer): Promise<OffsetFetchAnswer>;
    parse(a: OffsetFetchAnswer): Promise<OffsetFetchAnswer>;
  };
}

interface KafkajsBroker {
  /** The broker's ApiVersions answer, by api key (set once connected). */
  versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  connectionPool: { send(protocol: KafkajsProtocolRequest): Promise<OffsetFetchAnswer> };
  disconnect(): Promise<void>;
}

interface KafkajsCluster {
  isConnected(): boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  /** FindCoordinator (retried as the client's `retry` says), then a connected broker. */
  findGroupCoordinator(args: { groupId: string }): Promise<KafkajsBroker>;
}

// kafkajs' request encoder: the connection's framing takes nothing else
const Encoder = createRequire(import.meta.url)('kafkajs/src/protocol/encoder') as new () => KafkajsEncoder;

/** A cluster of `kafka`'s own configuration, from the client's private factory. */
function clusterOf(kafka: Kafka): KafkajsCluster {
  const key = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const create = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof create !== 'function')
    throw new NewsflowError('stable-offsets: kafkajs has no private cluster factory (not kafkajs 2.2.x?)');
  return (create as (o: object) => KafkajsCluster)({
    metadataMaxAge: 300_000,
    allowAutoTopicCreation: false,
  });
}

// ---- the reader ---------------------------------------------------------------------------

export interface StableOffsetsOptions {
  /** Further attempts while a partition is unstable or the coordinator moves. Default 10. */
  retries?: number;
  /** First wait between attempts (ms), doubled up to maxDelayMs. Default 25. */
  initialDelayMs?: number;
  /** Default 1000: with the defaults the attempts span about 6 s. */
  maxDelayMs?: number;
}

/** An answer that is waited out: its error code, and the attempt it ended (from 1). */
type OnRetry = (retry: { errorCode: number; attempt: number }) => void;

export interface StableOffsetReader {
  /** One OffsetFetch v7 (require_stable) round trip; errors as the coordinator gave them. */
  fetchOnce(groupId: string, topic: string, partitions: readonly number[]): Promise<OffsetFetchAnswer>;
  /**
   * The group's committed offset of each partition (null: none), read only once no transaction
   * holds a pending offset commit for it. Waits out UNSTABLE_OFFSET_COMMIT and a coordinator that
   * moved or is loading, a bounded number of times; then, or when the coordinator cannot be
   * reached, throws UnavailableError (retriable: the caller's batch is tried again).
   */
  fetch(
    groupId: string,
    topic: string,
    partitions: readonly number[],
    onRetry?: OnRetry,
  ): Promise<Map<number, bigint | null>>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each asked partition's offset in an error-free answer (null: the group has none). */
function offsetsOf(
  answer: OffsetFetchAnswer,
  groupId: string,
  topic: string,
  partitions: readonly number[],
): Map<number, bigint | null> {
  const offsets = new Map<number, bigint | null>();
  for (const p of partitions) {
    const got = answer.partitions.find((a) => a.partition === p);
    // Read as "no offset", a partition left out would have its input handled again.
    if (got === undefined)
      throw new NewsflowError(`stable offset fetch for ${groupId}: no answer for ${topic}[${p}]`);
    offsets.set(p, got.offset < 0n ? null : got.offset);
  }
  return offsets;
}

export function createStableOffsetReader(
  kafka: Kafka,
  options: StableOffsetsOptions = {},
): StableOffsetReader {
  const retries = options.retries ?? 10;
  const initialDelay = options.initialDelayMs ?? 25;
  const maxDelay = options.maxDelayMs ?? 1000;
  let cluster: KafkajsCluster | undefined;

  // The coordinator is looked up at every attempt (one FindCoordinator, a cheap request, and
  // own() reads offsets once per partition and generation): after NOT_COORDINATOR, a broker
  // restart or a metadata change the broker object kafkajs hands out is the current one.
  async function coordinatorOf(groupId: string): Promise<KafkajsBroker> {
    cluster ??= clusterOf(kafka);
    if (!cluster.isConnected()) await cluster.connect();
    await cluster.refreshMetadataIfNecessary();
    const broker = await cluster.findGroupCoordinator({ groupId });
    const max = broker.versions?.[OFFSET_FETCH.apiKey]?.maxVersion ?? -1;
    if (max < OFFSET_FETCH.apiVersion)
      throw new NewsflowError(
        `the group coordinator speaks OffsetFetch up to v${max}; stable offsets (KIP-447) need v${OFFSET_FETCH.apiVersion} (Kafka 2.5+)`,
      );
    return broker;
  }

  async function fetchOnce(groupId: string, topic: string, partitions: readonly number[]) {
    const broker = await coordinatorOf(groupId);
    try {
      return await broker.connectionPool.send({
        request: {
          ...OFFSET_FETCH,
          encode: async () => new Encoder().writeBuffer(offsetFetchV7(groupId, topic, partitions)),
        },
        response: {
          decode: async (payload) => decodeOffsetFetchV7(payload, topic),
          parse: async (answer) => answer,
        },
      });
    } catch (err) {
      // As kafkajs does for its own requests: a connection the broker closed is dropped, so that
      // the next request connects afresh.
      if ((err as Error).name === 'KafkaJSConnectionClosedError') await broker.disconnect().catch(() => {});
      throw err;
    }
  }

  return {
    fetchOnce,
    async fetch(groupId, topic, partitions, onRetry) {
      for (let attempt = 0, delay = initialDelay; ; attempt++, delay = Math.min(delay * 2, maxDelay)) {
        let answer: OffsetFetchAnswer;
        try {
          answer = await fetchOnce(groupId, topic, partitions);
        } catch (err) {
          if (err instanceof NewsflowError) throw err;
          // kafkajs has already retried finding and reaching the coordinator by its own policy
          throw new UnavailableError(`stable offset fetch for ${groupId}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        const codes = [answer.errorCode, ...answer.partitions.map((p) => p.errorCode)];
        const failed = codes.find((c) => c !== KafkaErrorCode.NONE);
        if (failed === undefined) return offsetsOf(answer, groupId, topic, partitions);
        if (failed !== KafkaErrorCode.UNSTABLE_OFFSET_COMMIT && !COORDINATOR_MOVED.has(failed))
          throw new NewsflowError(
            `stable offset fetch for ${groupId} (${topic}): Kafka error code ${failed}`,
          );
        onRetry?.({ errorCode: failed, attempt: attempt + 1 });
        if (attempt >= retries)
          throw new UnavailableError(
            `stable offset fetch for ${groupId} (${topic}): still Kafka error code ${failed} after ${attempt + 1} attempts` +
              (failed === KafkaErrorCode.UNSTABLE_OFFSET_COMMIT
                ? ' (a transaction holds a pending offset commit)'
                : ''),
          );
        await sleep(delay);
      }
    },
    async close() {
      await cluster?.disconnect();
    },
  };
}
