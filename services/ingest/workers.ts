import cluster from 'node:cluster';
import type { Logger } from '../platform/logger.ts';

/**
 * INGEST_WORKERS > 1: the primary forks that many copies of this process, which share the HTTP
 * port (node:cluster hands out connections). Parsing and normalising articles is CPU work, and
 * one Node process uses one core. Each worker is a whole ingest (its own producer and Redis
 * clients); the primary only forwards SIGINT/SIGTERM and exits when they have all stopped.
 * Returns true in the primary, which must not start a service of its own.
 */
export function forkWorkers(count: number, logger: Logger): boolean {
  if (count <= 1 || !cluster.isPrimary) return false;
  let stopping = false;
  let failed = false;
  let restarts: number[] = [];
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping && code !== 0 && code !== 130) failed = true;
    if (!stopping) {
      // A worker that keeps dying (bad config, servers gone) must not be forked forever.
      restarts = restarts.filter((t) => Date.now() - t < 60_000).concat(Date.now());
      if (restarts.length > 5) {
        logger.fatal('ingest workers keep exiting; stopping');
        failed = true;
        stop('SIGTERM');
        return;
      }
      logger.error({ worker: worker.process.pid, code, signal }, 'ingest worker exited; starting another');
      cluster.fork();
      return;
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  logger.info({ workers: count }, 'ingest primary started its workers');
  return true;
}
