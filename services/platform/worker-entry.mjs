// Entry of a worker thread of services/platform/worker-pool.ts: TypeScript through tsx, as the
// main thread runs it (loader hooks are per thread), then the worker's own module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
