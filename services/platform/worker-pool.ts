// Worker threads that answer requests: CPU-bound domain work (the coder) on more than one core
// inside one service. Each request goes to the worker with the fewest outstanding; a worker
// answers its requests in order. A worker that dies or fails to load takes the pool down with a
// FatalError: its requests are neither lost nor dead-lettered, the process stops and restarts.
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { deferred } from './deferred.ts';
import { FatalError } from './errors.ts';

export interface WorkerPool<Req, Res> {
  readonly size: number;
  /** Resolves when every worker has loaded; rejects when one could not. */
  readonly ready: Promise<void>;
  run(request: Req): Promise<Res>;
  close(): Promise<void>;
}

type Reply<Res> = { ready: true } | { id: number; result: Res } | { id: number; error: unknown };

// One entry for every pool: it loads tsx in the thread (loader hooks are per thread), then the
// worker's own module.
const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

/**
 * Starts `size` workers, each running `module` (which calls serveRequests) with `data` as its
 * setup data.
 */
export function createWorkerPool<Req, Res>(module: URL, size: number, data: unknown): WorkerPool<Req, Res> {
  let nextId = 0;
  let failure: FatalError | undefined;
  let closing = false;
  const lanes = Array.from({ length: size }, (_, n) => {
    const worker = new Worker(ENTRY, { workerData: { module: module.href, data } });
    const waiting = new Map<number, { resolve: (r: Res) => void; reject: (e: unknown) => void }>();
    const { promise: ready, resolve: markReady, reject: failReady } = deferred<void>();
    const fail = (why: string, cause?: unknown) => {
      if (closing) return;
      failure ??= new FatalError(`worker ${n + 1} of ${size}: ${why}`, { cause });
      failReady(failure);
      for (const lane of lanes) {
        for (const w of lane.waiting.values()) w.reject(failure);
        lane.waiting.clear();
      }
    };
    worker.on('message', (reply: Reply<Res>) => {
      if ('ready' in reply) return markReady();
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) w?.reject(reply.error);
      else w?.resolve(reply.result);
    });
    worker.on('error', (err) => fail(`failed: ${err instanceof Error ? err.message : String(err)}`, err));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    return { worker, waiting, ready };
  });
  return {
    size,
    ready: Promise.all(lanes.map((l) => l.ready)).then(() => undefined),
    run(request) {
      if (failure) return Promise.reject(failure);
      const lane = lanes.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
      const id = nextId++;
      return new Promise<Res>((resolve, reject) => {
        lane.waiting.set(id, { resolve, reject });
        lane.worker.postMessage({ id, request });
      });
    },
    async close() {
      closing = true;
      await Promise.all(lanes.map((l) => l.worker.terminate()));
    },
  };
}

/**
 * The worker's side: builds the request handler from the pool's data once, says it is ready,
 * then answers each request with its result or the error it threw (Error classes such as
 * TypeError survive the trip, so the pool's caller classifies them as it would in-thread).
 */
export function serveRequests<Req, Res>(setup: (data: unknown) => (request: Req) => Res): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  const handle = setup((workerData as { data: unknown }).data);
  port.on('message', ({ id, request }: { id: number; request: Req }) => {
    try {
      port.postMessage({ id, result: handle(request) } satisfies Reply<Res>);
    } catch (error) {
      try {
        port.postMessage({ id, error } satisfies Reply<Res>);
      } catch {
        // An error that cannot be copied (a function in its cause): its name and message can.
        const e = error instanceof Error ? error : new Error(String(error));
        port.postMessage({
          id,
          error: Object.assign(new Error(e.message), { name: e.name }),
        } satisfies Reply<Res>);
      }
    }
  });
  port.postMessage({ ready: true } satisfies Reply<Res>);
}
