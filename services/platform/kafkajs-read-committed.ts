// kafkajs' read_committed filter, replaced before kafkajs loads (imported first by kafka.ts).
//
// A fetch answer lists the partition's aborted transactions (producer id, first offset) in the
// order their abort markers were written. kafkajs 2.2.4 (src/consumer/filterAbortedMessages.js)
// walks that list as if it were sorted by first offset, and starts at most one aborted
// transaction per message: when a broker restart aborts several open transactions at once, their
// first offsets interleave, and the records of every transaction but the last to start are handed
// to the application as committed. Seen in the fault suite's kill-kafka runs (up to 36 enriched
// events from aborted transactions read as duplicates); Kafka's Java client read the same topics
// without them. Here the list is sorted by first offset and every aborted transaction whose first
// offset is at or below a record's offset applies to it, as in the Java consumer.
//
// How: kafkajs' Batch reads the filter from its own module when kafkajs is first loaded; this
// puts ours in require's cache under that module's path before that happens. If kafkajs was
// loaded first, that fails loudly rather than run with the faulty filter.
import Module, { createRequire } from 'node:module';

interface FetchedMessage {
  offset: string;
  key?: Buffer | null;
  batchContext: { producerId: unknown; inTransaction: boolean };
}

interface AbortedTransaction {
  producerId: unknown;
  firstOffset: string;
}

/** The key of a control record that ends a transaction by aborting it (version 0, type 0). */
const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

/** The messages of one partition's fetched batch that no aborted transaction wrote. */
function withoutAborted({
  messages,
  abortedTransactions,
}: {
  messages: FetchedMessage[];
  abortedTransactions?: AbortedTransaction[];
}): FetchedMessage[] {
  if (!abortedTransactions || abortedTransactions.length === 0) return messages;
  const byFirstOffset = abortedTransactions
    .map((t) => ({ producerId: String(t.producerId), first: BigInt(t.firstOffset) }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const inAborted = new Set<string>();
  let next = 0;
  return messages.filter((message) => {
    const offset = BigInt(message.offset);
    while (next < byFirstOffset.length && byFirstOffset[next]!.first <= offset)
      inAborted.add(byFirstOffset[next++]!.producerId);
    const producerId = String(message.batchContext.producerId);
    // The abort marker itself is a control record: kafkajs drops those after this filter.
    if (message.key && Buffer.from(message.key).equals(ABORT_MARKER_KEY)) {
      inAborted.delete(producerId);
      return true;
    }
    return !(message.batchContext.inTransaction && inAborted.has(producerId));
  });
}

const require = createRequire(import.meta.url);
const filterPath = require.resolve('kafkajs/src/consumer/filterAbortedMessages.js');
const batchPath = require.resolve('kafkajs/src/consumer/batch.js');
if (require.cache[batchPath] && require.cache[filterPath]?.exports !== withoutAborted)
  throw new Error(
    "kafkajs was loaded before services/platform/kafkajs-read-committed.ts: its read_committed filter can't be replaced",
  );
if (!require.cache[filterPath]) {
  const replacement = new Module(filterPath);
  replacement.filename = filterPath;
  replacement.loaded = true;
  replacement.exports = withoutAborted;
  require.cache[filterPath] = replacement;
}
