export type PublishedAtResult = { ok: true; ms: number } | { ok: false; error: string };

const EARLIEST = Date.UTC(1900, 0, 1);
const FUTURE_SLACK_MS = 24 * 3600 * 1000;
// Epoch values below this are seconds: 1e11 s is the year 5138, 1e11 ms is March 1973.
const SECONDS_BELOW = 1e11;

const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/; // YYYYMMDD, GDELT's YYYYMMDDhhmmss
const EPOCH = /^-?\d+(?:\.\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const RFC2822 =
  /^(?:[A-Za-z]{3},?\s+)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(\s*(?:[+-]\d{4}|[A-Za-z]{1,5}))?$/;

function compact(m: RegExpExecArray): number {
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Date.UTC rolls 20240231 over into March: reject instead.
  return new Date(ms).getUTCDate() === Number(d) ? ms : Number.NaN;
}

function parseString(value: string): number {
  const m = COMPACT.exec(value);
  if (m) return compact(m);
  if (EPOCH.test(value)) return fromEpoch(Number(value));
  const iso = ISO.exec(value);
  if (iso) {
    // A date-time without an offset is read as UTC, never as the server's local time.
    const hasTime = /\d[T ]\d/.test(value);
    return Date.parse(hasTime && !iso[1] ? `${value.replace(' ', 'T')}Z` : value.replace(' ', 'T'));
  }
  const rfc = RFC2822.exec(value);
  if (rfc) return Date.parse(rfc[1] ? value : `${value} GMT`);
  return Number.NaN;
}

function fromEpoch(n: number): number {
  return Math.abs(n) < SECONDS_BELOW ? Math.round(n * 1000) : Math.round(n);
}

/** ISO 8601, RFC 2822, YYYYMMDD[hhmmss], epoch ms or s (number or digits) → ms since epoch, UTC. */
export function parsePublishedAt(value: string | number, now: number): PublishedAtResult {
  const ms =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? fromEpoch(value)
        : Number.NaN
      : parseString(value.trim());
  if (Number.isNaN(ms)) {
    return { ok: false, error: 'is not a date (ISO 8601, RFC 2822, YYYYMMDD or epoch ms/s expected)' };
  }
  if (ms < EARLIEST) return { ok: false, error: 'is before 1900' };
  if (ms > now + FUTURE_SLACK_MS) return { ok: false, error: 'is more than a day in the future' };
  return { ok: true, ms };
}
