import type { Acceptor } from './accept.ts';
import { IntakeTimeoutError } from './errors.ts';

/**
 * The acceptor with an answer within `ms` whatever is down: past the deadline the call fails with
 * a retriable IntakeTimeoutError (HTTP 503 + Retry-After), and the work it abandons is told so.
 * Work that had not yet sent its articles to Kafka (waiting on Redis, or queued behind a write
 * Kafka has not acknowledged) is withdrawn: its claims are released and nothing is published, so
 * the answer "nothing was accepted" holds and the retry is accepted. Only a publish already on its
 * way to Kafka may yet succeed; the answer then says the outcome is unknown, and the client's
 * retry is told "in flight" until Kafka decides, then "duplicate" (it is in) or "accepted".
 */
export function withDeadline(acceptor: Acceptor, ms: number): Acceptor {
  return {
    async accept(items, ctx) {
      let timer: NodeJS.Timeout | undefined;
      const abandon = new AbortController();
      let sent = false;
      const work = acceptor.accept(items, {
        ...ctx,
        control: {
          signal: abandon.signal,
          onSent: () => {
            sent = true;
          },
        },
      });
      work.catch(() => {}); // a failure after the deadline has nobody left to tell
      try {
        return await Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              // Listeners run at once: a queued write is taken back before `sent` is read.
              abandon.abort();
              reject(new IntakeTimeoutError(ms, sent));
            }, ms);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
