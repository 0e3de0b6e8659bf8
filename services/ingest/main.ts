// The ingest process: config from the environment, the service, signal handlers.
import { installSignalHandlers } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { loadConfig } from './config.ts';
import { createIngestService } from './service.ts';
import { forkWorkers } from './workers.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger('ingest', config.logLevel);
  if (forkWorkers(config.http.workers, logger)) return;
  const service = createIngestService(config, { logger });
  // A stop that hangs (a broker gone for good) must not keep the process alive forever.
  const stop = () =>
    Promise.race([
      service.stop(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('shutdown timed out')), config.http.shutdownTimeoutMs).unref(),
      ),
    ]);
  installSignalHandlers(stop, logger);
  try {
    await service.start();
  } catch (err) {
    logger.fatal({ err }, 'ingest failed to start');
    process.exit(1);
  }
}

void main();
