import { NewsflowError } from '../platform/errors.ts';

/** Base of ingest's own errors: `retriable` tells the caller whether trying again can help. */
class IngestError extends NewsflowError {
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options);
  }
}

/** The sink (Kafka) did not acknowledge a batch; nothing of the batch was reported accepted. */
export class SinkUnavailableError extends IngestError {}

/** The dedup store (Redis) failed; nothing of the batch was published. */
export class DedupUnavailableError extends IngestError {}

/** Another request holds a fresh pending claim on an article of the batch; retry later. */
export class ClaimInFlightError extends IngestError {
  constructor(message: string) {
    super(message, { retriable: true });
  }
}

/**
 * The request's deadline passed before Kafka and Redis answered. `sent`: its articles had left for
 * Kafka, so they may still be accepted (the retry's answer tells); otherwise nothing was.
 */
export class IntakeTimeoutError extends IngestError {
  readonly sent: boolean;
  constructor(ms: number, sent = false) {
    super(
      sent
        ? `Kafka did not acknowledge within ${ms} ms; the write may still succeed: retry the same request, and its answer says whether each article is in ("duplicate") or not`
        : `Kafka or Redis did not answer within ${ms} ms; nothing of this request was accepted: retry later`,
      { retriable: true },
    );
    this.sent = sent;
  }
}

/** A fetch failed; `retriable` for timeouts, connection errors and 5xx/429 answers. */
export class FetchError extends IngestError {
  readonly status: number | undefined;
  constructor(message: string, options: { retriable: boolean; status?: number; cause?: unknown }) {
    super(message, options);
    this.status = options.status;
  }
}

/** The fetch target resolves to an address ingest must not reach (private, loopback, link-local). */
export class ForbiddenTargetError extends FetchError {
  constructor(message: string) {
    super(message, { retriable: false });
  }
}

export function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}
