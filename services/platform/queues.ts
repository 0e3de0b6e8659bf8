import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { retriableFlag } from './errors.ts';

// Thin wrappers so that services see plain functions and plain data, never BullMQ types.

interface AddJobOptions {
  /** Same id as a job still kept by the queue → not added again (BullMQ's own dedup). */
  jobId?: string;
  /** Default 1 (no retry). */
  attempts?: number;
  /** First retry delay of the exponential backoff (doubles each attempt). Default 1000 ms. */
  backoffMs?: number;
  delayMs?: number;
  /** How long a completed job (and so its jobId) is kept. Default 1 day. */
  keepCompletedSeconds?: number;
  /** How long a failed job is kept for inspection. Default 7 days. */
  keepFailedSeconds?: number;
}

export interface JobQueue<T> {
  readonly name: string;
  add(jobName: string, data: T, options?: AddJobOptions): Promise<void>;
  /** Creates or updates a repeating job (BullMQ job scheduler) with a fixed interval. */
  upsertScheduler(
    schedulerId: string,
    everyMs: number,
    jobName: string,
    data: T,
    options?: AddJobOptions,
  ): Promise<void>;
  removeScheduler(schedulerId: string): Promise<boolean>;
  schedulerIds(): Promise<string[]>;
  /** Counts by state: waiting, active, delayed, completed, failed, ... */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface QueueOptions {
  /** An ioredis client made with `createRedis(url, { forQueues: true })`; closed by its owner. */
  connection: Redis;
  /** Key prefix of the queue in Redis. Default 'bull'. */
  prefix?: string;
  /** Queue-level errors (e.g. Redis unreachable); without a listener they would be thrown. */
  onError?: (err: Error) => void;
}

function jobOptions(o: AddJobOptions = {}) {
  return {
    jobId: o.jobId,
    attempts: o.attempts ?? 1,
    backoff: { type: 'exponential' as const, delay: o.backoffMs ?? 1000 },
    delay: o.delayMs,
    removeOnComplete: { age: o.keepCompletedSeconds ?? 24 * 3600 },
    removeOnFail: { age: o.keepFailedSeconds ?? 7 * 24 * 3600 },
  };
}

export function createJobQueue<T>(name: string, options: QueueOptions): JobQueue<T> {
  const queue = new Queue(name, { connection: options.connection, prefix: options.prefix });
  queue.on('error', (err) => options.onError?.(err));
  return {
    name,
    async add(jobName, data, o) {
      await queue.add(jobName, data, jobOptions(o));
    },
    async upsertScheduler(schedulerId, everyMs, jobName, data, o) {
      const { jobId: _ignored, ...opts } = jobOptions(o);
      await queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name: jobName, data, opts });
    },
    removeScheduler: (schedulerId) => queue.removeJobScheduler(schedulerId),
    async schedulerIds() {
      const all = await queue.getJobSchedulers(0, -1, true);
      return all.map((s) => s.key);
    },
    async counts() {
      return queue.getJobCounts();
    },
    close: () => queue.close(),
  };
}

export interface JobInfo {
  id: string | undefined;
  name: string;
  /** Attempts already made before this one. */
  attemptsMade: number;
}

export interface WorkerOptions extends QueueOptions {
  /** Jobs run at once by this worker. Default 1. */
  concurrency?: number;
  /** Queue-wide limit: at most `max` jobs per `durationMs`, across every worker of the queue. */
  limiter?: { max: number; durationMs: number };
  /** Called when a job failed for good (attempts exhausted or not retriable). */
  onFailed?: (job: JobInfo, err: Error) => void;
  /** Worker-level errors (e.g. Redis unreachable); BullMQ keeps retrying the connection. */
  onError?: (err: Error) => void;
}

export interface JobWorker {
  /** Stops taking jobs, waits for the running ones to finish. Idempotent. */
  close(): Promise<void>;
}

/**
 * Runs `handler` for every job. An error whose `retriable` is false fails the job at once
 * (BullMQ's UnrecoverableError); any other error is retried with the job's backoff.
 */
export function createJobWorker<T>(
  name: string,
  handler: (data: T, job: JobInfo) => Promise<unknown>,
  options: WorkerOptions,
): JobWorker {
  const worker = new Worker(
    name,
    async (job: Job) => {
      const info = { id: job.id, name: job.name, attemptsMade: job.attemptsMade };
      try {
        return await handler(job.data as T, info);
      } catch (err) {
        if (retriableFlag(err) === false) {
          throw new UnrecoverableError((err as Error).message);
        }
        throw err;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      limiter: options.limiter
        ? { max: options.limiter.max, duration: options.limiter.durationMs }
        : undefined,
    },
  );
  worker.on('failed', (job, err) => {
    if (!job || !options.onFailed) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) options.onFailed({ id: job.id, name: job.name, attemptsMade: job.attemptsMade }, err);
  });
  // Without a listener an 'error' (e.g. Redis down) would be thrown as an unhandled event.
  worker.on('error', (err) => options.onError?.(err));
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= worker.close();
      return closing;
    },
  };
}
