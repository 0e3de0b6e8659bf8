// The worker threads of `newsflow process`: each request is a batch of article inputs, each
// reply their enriched-event drafts (see worker-main.ts).
import type { ArticleRecord } from '../../services/contracts/records.ts';
import {
  createWorkerPool as createPool,
  type WorkerPool as Pool,
} from '../../services/platform/worker-pool.ts';
import type { ProcessCoderOptions } from './coder-config.ts';
import type { ProcessedArticle } from './process-article.ts';

export type WorkerItems = { raw: unknown; origin: ArticleRecord['origin']; ingestedAt: number }[];

export type WorkerPool = Pool<WorkerItems, ProcessedArticle[]>;

export function createWorkerPool(size: number, coder: ProcessCoderOptions): WorkerPool {
  return createPool(new URL('./worker-main.ts', import.meta.url), size, { coder });
}
