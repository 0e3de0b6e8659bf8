// The one polling wait of newsflow: the stack launcher waits for its servers, the tests and
// benchmarks for processes and topics.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between attempts: a dead process will never become ready, so stop waiting for it. */
  abortIf?: () => string | undefined;
}

/** Polls `check` until it returns true; resolves to why it gave up, or undefined on success. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  options: WaitOptions,
): Promise<string | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  for (;;) {
    if (await attempt(check)) return undefined;
    const reason = options.abortIf?.();
    if (reason) return reason;
    if (Date.now() >= deadline) return `not ready after ${Math.round(options.timeoutMs / 1000)} s`;
    await sleep(interval);
  }
}

/** A check that throws ("not answering yet") counts as not ready. */
async function attempt(check: () => Promise<boolean> | boolean): Promise<boolean> {
  try {
    return await check();
  } catch {
    return false;
  }
}
