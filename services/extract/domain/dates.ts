// Relative and absolute date expressions in a sentence, resolved against the article date.
import type { Token } from './types.ts';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBR = new Map(MONTHS.map((m, i) => [m.slice(0, 3), i] as const).concat([['sept', 8]]));

export interface ResolvedDate {
  date: string;
  text: string;
}

/** 'YYYY-MM-DD' or 'YYYYMMDD' → 'YYYY-MM-DD'; anything else → null. */
export function normaliseDate(input: string | null | undefined): string | null {
  if (!input) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(input.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  // Date.parse rolls '2016-02-30' over to March; a date must survive the round trip.
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? null : iso;
}

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monthIndex(norm: string): number {
  const full = MONTHS.indexOf(norm);
  if (full >= 0) return full;
  return MONTH_ABBR.get(norm.replace(/\.$/, '')) ?? -1;
}

/** The first date expression in tokens [a, b), resolved against `articleDate`. */
export function resolveSentenceDate(
  tokens: Token[],
  a: number,
  b: number,
  articleDate: string,
): ResolvedDate | null {
  const weekday = new Date(`${articleDate}T00:00:00Z`).getUTCDay();
  for (let i = a; i < b; i++) {
    const t = tokens[i]!;
    const n = t.norm;
    const prev = tokens[i - 1]?.norm;
    if (n === 'yesterday') return { date: shift(articleDate, -1), text: t.value };
    if (n === 'today' || n === 'tonight') return { date: articleDate, text: t.value };
    if ((n === 'night' || n === 'week' || n === 'month') && prev === 'last') {
      const days = n === 'night' ? -1 : n === 'week' ? -7 : -30;
      return { date: shift(articleDate, days), text: `last ${t.value}` };
    }
    const wd = WEEKDAYS.indexOf(n);
    if (wd >= 0 && t.upper) {
      // News uses a bare weekday for the most recent one; the article's own weekday means today.
      let back = (weekday - wd + 7) % 7;
      if (prev === 'last' && back === 0) back = 7;
      const text = prev === 'on' || prev === 'last' ? `${tokens[i - 1]!.value} ${t.value}` : t.value;
      return { date: shift(articleDate, -back), text };
    }
    const mi = t.upper ? monthIndex(n) : -1;
    const day = tokens[i + 1];
    // 'the February 11 meeting' dates the meeting, not the event of the sentence.
    const attributive = prev === 'the' || tokens[i + 2]?.pos === 'NOUN';
    if (mi >= 0 && day && /^\d{1,2}$/.test(day.value) && !attributive) {
      const dd = Number(day.value);
      if (dd >= 1 && dd <= 31) {
        let year = Number(articleDate.slice(0, 4));
        const candidate = `${year}-${String(mi + 1).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
        // A date well after the article date is last year's.
        if (candidate > shift(articleDate, 31)) year--;
        return {
          date: `${year}-${String(mi + 1).padStart(2, '0')}-${String(dd).padStart(2, '0')}`,
          text: `${t.value} ${day.value}`,
        };
      }
    }
  }
  return null;
}
