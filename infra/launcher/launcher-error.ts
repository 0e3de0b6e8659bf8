// One error type for everything the launcher refuses or fails to do, so that the CLI can print
// the message alone (it is written for a person) and other errors keep their stack trace.
export class LauncherError extends Error {
  override readonly name = 'LauncherError';
  /** Lines of the server's log that explain the failure, when there is a server to blame. */
  readonly logTail: string | undefined;

  constructor(message: string, options: { logTail?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.logTail = options.logTail;
  }
}
