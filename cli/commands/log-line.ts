// Services log JSON (pino); the supervisor shows one compact line per entry, prefixed with the
// process it came from. Lines that are not JSON are shown as they are.
const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg']);

export function formatLogLine(prefix: string, line: string): string {
  const tag = `[${prefix}]`.padEnd(10);
  if (!line.startsWith('{')) return `${tag}${line}\n`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level =
      typeof entry.level === 'number'
        ? (LEVELS[entry.level] ?? String(entry.level))
        : String(entry.level ?? '');
    const extra = Object.entries(entry)
      .filter(([k]) => !SKIP.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
    return `${tag}${level.padEnd(5)} ${String(entry.msg ?? '')}${extra ? `  ${extra}` : ''}\n`;
  } catch {
    return `${tag}${line}\n`;
  }
}
