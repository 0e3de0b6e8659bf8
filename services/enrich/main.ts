import { installSignalHandlers } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { loadConfig } from './config.ts';
import { createEnrichService } from './service.ts';

const logger = createLogger('enrich');
const config = loadConfig(process.env);
const service = createEnrichService(config, () => {
  void service.stop().finally(() => process.exit(1));
});
installSignalHandlers(() => service.stop(), logger);
service.start().catch((err) => {
  logger.fatal({ err }, 'enrich failed to start');
  void service.stop().finally(() => process.exit(1));
});
