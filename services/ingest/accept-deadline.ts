import type { Acceptor } from './accept.ts';
import { IntakeTimeoutError } from './errors.ts';

/**
 * The acceptor with an answer within `ms` whatever is down: past the deadline the call fails with
 * a retriable IntakeTimeoutError (HTTP 503 + Retry-After). A publish still under way may yet
 * succeed; its claims are then confirmed, so the client's retry is told "duplicate" (or, until
 * then, "in flight"), which is the truth either way.
 */
export function withDeadline(acceptor: Acceptor, ms: number): Acceptor {
  return {
    async accept(items, ctx) {
      let timer: NodeJS.Timeout | undefined;
      const work = acceptor.accept(items, ctx);
      work.catch(() => {}); // a failure after the deadline has nobody left to tell
      try {
        return await Promise.race([
          work,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new IntakeTimeoutError(ms)), ms);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
