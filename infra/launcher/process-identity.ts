import { readFileSync } from 'node:fs';

/**
 * The kernel's start time of a process (clock ticks since boot, field 22 of /proc/<pid>/stat).
 * Recorded beside a pid so that a pid reused by an unrelated process after a reboot or a crash
 * is never mistaken for one of ours. undefined where /proc does not exist (macOS).
 */
export function processStartTime(pid: number): string | undefined {
  return procStatFields(pid)?.[19];
}

/** Fields 3.. of /proc/<pid>/stat (state first); undefined without /proc or without the process. */
function procStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie answers signal 0 until its parent reaps it, which a parent that is no init may never do
    return procStatFields(pid)?.[0] !== 'Z';
  } catch (err) {
    // EPERM: it exists but belongs to someone else, which also means it is not ours
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when a process runs under `pid` and, where the platform lets us tell, it is the one we started. */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (startTime === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === startTime;
}
