import type { Logger } from './logger.ts';

export type CleanupStep = { name: string; run: () => Promise<unknown> | unknown };

/**
 * Runs every cleanup step in order even when one fails, once: a second call returns the first
 * call's promise. Resolves to the errors met, so callers can choose the exit code.
 */
export function closer(steps: CleanupStep[], logger: Logger): () => Promise<unknown[]> {
  let closing: Promise<unknown[]> | undefined;
  return () => {
    closing ??= (async () => {
      const errors: unknown[] = [];
      for (const step of steps) {
        try {
          await step.run();
        } catch (err) {
          errors.push(err);
          logger.error({ step: step.name, err }, 'cleanup step failed');
        }
      }
      return errors;
    })();
    return closing;
  };
}

/** SIGINT/SIGTERM stop the service cleanly; a second signal exits at once. */
export function installSignalHandlers(
  stop: () => Promise<unknown>,
  logger: Logger,
  exit: (code: number) => void = process.exit,
): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    signalled = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => exit(0),
      (err) => {
        logger.error({ err }, 'stop failed');
        exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
