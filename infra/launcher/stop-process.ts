import { setTimeout as sleep } from 'node:timers/promises';
import { isSameProcess } from './process-identity.ts';

/**
 * SIGTERM, then SIGKILL after `graceMs`. Kafka needs a few seconds for a clean shutdown (it
 * flushes logs and writes a clean-shutdown marker, which makes the next start faster).
 * Resolves to how it ended.
 */
export async function stopProcess(
  pid: number,
  startTime: string | undefined,
  graceMs = 20_000,
): Promise<'not-running' | 'terminated' | 'killed'> {
  if (!isSameProcess(pid, startTime)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isSameProcess(pid, startTime)) return 'terminated';
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'terminated';
  }
  while (isSameProcess(pid, startTime)) await sleep(50);
  return 'killed';
}
