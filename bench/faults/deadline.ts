// A time limit for one fault scenario. Without one, a broker whose group coordinator never comes
// back (issue #11: NOT_COORDINATOR for good after a kill -9) holds the read-back forever: its
// throwaway consumer groups rejoin again and again, and kafkajs treats that as retriable.

/** Thrown by `withinDeadline` when the work is still running at the deadline. */
export class DeadlineExceeded extends Error {
  constructor(
    /** What was running when time ran out (a stage of the scenario). */
    readonly stage: string,
    limitMs: number,
  ) {
    super(`${stage} still running at the scenario's time limit (${Math.round(limitMs / 1000)} s)`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Settles as `work` does, or rejects with DeadlineExceeded once `deadline` (ms since the epoch)
 * has passed. The work itself is not stopped (the caller cleans up); the timer is cleared when
 * the work settles first, and a rejection of `work` after the deadline is absorbed.
 */
export function withinDeadline<T>(
  work: Promise<T>,
  deadline: { at: number; limitMs: number },
  stage: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DeadlineExceeded(stage, deadline.limitMs)),
      Math.max(0, deadline.at - Date.now()),
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** A deadline `limitMs` from now. */
export function deadlineIn(limitMs: number): { at: number; limitMs: number } {
  return { at: Date.now() + limitMs, limitMs };
}
