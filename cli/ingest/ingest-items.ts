import { setTimeout as sleep } from 'node:timers/promises';
import type { AcceptContext, Acceptor } from '../../services/ingest/accept.ts';
import type { FieldError } from '../../services/ingest/domain/field-error.ts';
import { isRetriable } from '../../services/ingest/errors.ts';
import type { SourceItem } from './read-sources.ts';

export interface IngestSummary {
  items: number;
  accepted: number;
  duplicates: { position: string; id: string; existingId: string }[];
  rejected: { position: string; errors: FieldError[] }[];
  /** Set when publishing failed for good: the items from this position on were not ingested. */
  abortedAt?: { position: string; error: string };
}

export interface IngestItemsOptions {
  acceptor: Acceptor;
  ctx: AcceptContext;
  batchSize: number;
  /** Tries of one batch while the sink answers "retriable". Default 6 (about 30 s in all). */
  attempts?: number;
  backoffMs?: number;
  onBatch?: (summary: IngestSummary) => void;
}

/**
 * Feeds items through the accept path in batches. A batch the sink could not take is retried
 * with backoff (its dedup claims were released, so the retry is not a "duplicate"); if it never
 * goes through, the run stops there and says from which position on nothing was ingested.
 */
export async function ingestItems(
  items: AsyncIterable<SourceItem>,
  options: IngestItemsOptions,
): Promise<IngestSummary> {
  const summary: IngestSummary = { items: 0, accepted: 0, duplicates: [], rejected: [] };
  const attempts = options.attempts ?? 6;
  const backoffMs = options.backoffMs ?? 500;
  let batch: SourceItem[] = [];

  async function flush(): Promise<boolean> {
    if (batch.length === 0) return true;
    const parsed = batch.filter((i): i is Extract<SourceItem, { value: unknown }> => 'value' in i);
    for (const item of batch)
      if ('error' in item)
        summary.rejected.push({ position: item.position, errors: [{ field: 'line', message: item.error }] });
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await options.acceptor.accept(
          parsed.map((i) => i.value),
          options.ctx,
        );
        results.forEach((r, k) => {
          const position = parsed[k]!.position;
          if (r.status === 'accepted') summary.accepted++;
          else if (r.status === 'duplicate')
            summary.duplicates.push({ position, id: r.id, existingId: r.existingId });
          else summary.rejected.push({ position, errors: r.errors });
        });
        break;
      } catch (err) {
        if (!isRetriable(err) || attempt >= attempts) {
          summary.abortedAt = {
            position: parsed[0]?.position ?? batch[0]!.position,
            error: (err as Error).message,
          };
          return false;
        }
        await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
    summary.items += batch.length;
    batch = [];
    options.onBatch?.(summary);
    return true;
  }

  for await (const item of items) {
    batch.push(item);
    if (batch.length >= options.batchSize && !(await flush())) return summary;
  }
  await flush();
  return summary;
}
