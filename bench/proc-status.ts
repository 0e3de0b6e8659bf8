import { readFileSync } from 'node:fs';

export interface ProcMemory {
  /** Peak resident set size (VmHWM), bytes. */
  peakRss: number;
  /** Resident set size now (VmRSS), bytes. */
  rss: number;
}

/** Memory of a process from /proc/<pid>/status (Linux); undefined when it is gone or unreadable. */
export function procMemory(pid: number | undefined): ProcMemory | undefined {
  if (!pid) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : NaN;
  };
  return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
}
