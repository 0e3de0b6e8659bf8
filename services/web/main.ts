import { loadCountryCodes } from '../loaders/country-codes.ts';
import { installSignalHandlers } from '../platform/lifecycle.ts';
import { createLogger } from '../platform/logger.ts';
import { loadConfig } from './config.ts';
import { rootNames } from './root-names.ts';
import { createWebService } from './service.ts';

const config = loadConfig(process.env);
const logger = createLogger('web', config.LOG_LEVEL);
const codes = loadCountryCodes();
const service = createWebService(config, {
  logger,
  aliases: (c) => codes.aliasesOf(c),
  rootNames: rootNames(),
});
installSignalHandlers(() => service.stop(), logger);
service.start().catch((err) => {
  logger.fatal({ err }, 'web failed to start');
  void service.stop().finally(() => process.exit(1));
});
