// One base error with a `retriable` flag and one classifier, so every consumer decides the same
// way between retry, dead-letter and stop.
export class NewsflowError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** The bytes could not be decoded (bad framing, unknown schema id, corrupt Avro). */
export class DecodeError extends NewsflowError {}

/** The record decoded but its content is unusable (empty text, oversized, bad field). */
export class ValidationError extends NewsflowError {}

/** A server we depend on (Kafka, Redis, registry) did not answer; worth retrying. */
export class UnavailableError extends NewsflowError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: true });
  }
}

/**
 * A write taken back before it was sent, because its caller stopped waiting (ingest's HTTP
 * deadline): nothing of it reached Kafka. Retriable: sending it again is safe.
 */
export class WithdrawnError extends NewsflowError {
  constructor(message: string) {
    super(message, { retriable: true });
  }
}

/** A configuration value is missing or malformed; the process should not start. */
export class ConfigError extends NewsflowError {}

/** The process cannot go on (a worker thread died): stop, commit nothing, restart. */
export class FatalError extends NewsflowError {}

/** The `retriable` flag an error carries (a NewsflowError, or any error marked so); undefined when it has none. */
export function retriableFlag(err: unknown): boolean | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const flag = (err as { retriable?: unknown }).retriable;
  return typeof flag === 'boolean' ? flag : undefined;
}

/** True when the error says that trying again may succeed (a server down, a time-out). */
function isRetriable(err: unknown): boolean {
  return retriableFlag(err) === true;
}

export type Disposition = 'retry' | 'dead-letter' | 'fatal';

const PROGRAMMER_ERRORS = [TypeError, ReferenceError, SyntaxError, RangeError];

/**
 * retriable → bounded retry; known non-retriable → dead-letter; programmer errors (TypeError and
 * kin) → stop the process: dead-lettering them would silently discard a whole topic after a bug.
 */
export function classify(err: unknown): Disposition {
  if (err instanceof FatalError) return 'fatal';
  if (err instanceof NewsflowError) return err.retriable ? 'retry' : 'dead-letter';
  if (PROGRAMMER_ERRORS.some((t) => err instanceof t)) return 'fatal';
  if (isRetriable(err)) return 'retry';
  return 'dead-letter';
}

export function describeError(err: unknown): { type: string; message: string } {
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: 'Error', message: String(err) };
}
