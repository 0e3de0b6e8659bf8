import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs with the service name on every line; fields such as topic, partition,
 * offset and articleId are added by the callers through child loggers. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that writes nothing, for CLI tools and tests that want quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
