import { installSignalHandlers } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { loadConfig } from './config.ts';
import { createExtractService } from './service.ts';

const logger = createLogger('extract');
const config = loadConfig(process.env);
const service = createExtractService(config, () => {
  void service.stop().finally(() => process.exit(1));
});
installSignalHandlers(() => service.stop(), logger);
service.start().catch((err) => {
  logger.fatal({ err }, 'extract failed to start');
  void service.stop().finally(() => process.exit(1));
});
