// Worker threads for `newsflow process`: each request (a batch of articles) goes to the worker
// with the fewest outstanding requests; replies resolve the request's promise.
import { Worker } from 'node:worker_threads';
import type { ArticleRecord } from '../../services/contracts/records.ts';
import type { ProcessCoderOptions } from './coder-config.ts';
import type { ProcessedArticle } from './process-article.ts';

export interface WorkerRequest {
  id: number;
  items: { raw: unknown; origin: ArticleRecord['origin']; ingestedAt: number }[];
}

export type WorkerReply =
  { id: number; results: ProcessedArticle[] } | { id: number; error: string } | { ready: true };

export interface WorkerPool {
  /** Resolves when every worker has loaded the knowledge base, gazetteer and coder. */
  readonly ready: Promise<void>;
  run(items: WorkerRequest['items']): Promise<ProcessedArticle[]>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

export function createWorkerPool(size: number, coder: ProcessCoderOptions): WorkerPool {
  let nextId = 0;
  let failure: Error | undefined;
  const lanes = Array.from({ length: size }, () => {
    const worker = new Worker(WORKER_URL, { workerData: { coder } });
    const waiting = new Map<
      number,
      { resolve: (r: ProcessedArticle[]) => void; reject: (e: Error) => void }
    >();
    let markReady!: () => void;
    let failReady!: (e: Error) => void;
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      failReady = rej;
    });
    ready.catch(() => {});
    const failAll = (err: Error) => {
      failure ??= err;
      failReady(err);
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    };
    worker.on('message', (reply: WorkerReply) => {
      if ('ready' in reply) return markReady();
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(`worker failed: ${reply.error}`));
      else w?.resolve(reply.results);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      failReady(new Error(`worker exited (code ${code}) while loading`));
      if (waiting.size > 0) failAll(new Error(`worker exited (code ${code}) with work outstanding`));
    });
    return { worker, waiting, ready };
  });

  return {
    ready: Promise.all(lanes.map((l) => l.ready)).then(() => undefined),
    run(items) {
      if (failure) return Promise.reject(failure);
      const lane = lanes.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        lane.waiting.set(id, { resolve, reject });
        lane.worker.postMessage({ id, items } satisfies WorkerRequest);
      });
    },
    async close() {
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}
