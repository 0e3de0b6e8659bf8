// Reader of TABARI/PETRARCH actor dictionaries: a primary phrase line with optional [CODE]s,
// '+' synonym lines, and (usually tab-indented) [CODE], [CODE >YYMMDD], [CODE <YYMMDD] and
// [CODE YYMMDD-YYMMDD] lines. Pure: text in, data and diagnostics out.

import { diag, phraseWords, readLines, type SourceLine } from './text.ts';
import type { ActorDef, DatedCode, Diagnostic } from './types.ts';

export function parseActors(text: string, file: string): { actors: ActorDef[]; diagnostics: Diagnostic[] } {
  const actors: ActorDef[] = [];
  const diagnostics: Diagnostic[] = [];
  let current: ActorDef | null = null;

  const finish = (): void => {
    if (!current) return;
    if (current.defaultCode === null && current.roles.length === 0) {
      diagnostics.push({
        file,
        line: current.line,
        text: current.phrases[0]?.join('_').toUpperCase() ?? '',
        message: 'actor has no code: skipped',
        severity: 'error',
      });
    } else actors.push(current);
    current = null;
  };

  for (const src of readLines(text, { semicolon: true, diagnostics, file })) {
    const t = src.text.trim();
    if (t.startsWith('+')) {
      if (!current) {
        diagnostics.push(diag(file, src, 'synonym before any actor', 'error'));
        continue;
      }
      const words = readPhrase(t.slice(1), src, file, diagnostics);
      if (words) current.phrases.push(words);
      continue;
    }
    if (t.startsWith('[')) {
      if (!current) {
        diagnostics.push(diag(file, src, 'code line before any actor', 'error'));
        continue;
      }
      readCodes(t, src, file, current, diagnostics);
      continue;
    }
    if (t.includes('---STOP---')) {
      diagnostics.push(
        diag(file, src, '---STOP---: the rest of the file is not read, as in PETRARCH', 'ignored'),
      );
      break;
    }
    const bracket = t.indexOf('[');
    const phrase = bracket < 0 ? t : t.slice(0, bracket);
    const words = readPhrase(phrase, src, file, diagnostics);
    if (!words) continue;
    // TABARI/PETRARCH: primary lines that follow a primary line with no code yet share the
    // codes that come next (several names of one actor, each written as a primary line).
    if (current && current.defaultCode === null && current.roles.length === 0) current.phrases.push(words);
    else {
      finish();
      current = { phrases: [words], defaultCode: null, roles: [], file, line: src.line };
    }
    if (bracket >= 0) readCodes(t.slice(bracket), src, file, current, diagnostics);
  }
  finish();
  return { actors, diagnostics };
}

function readPhrase(text: string, src: SourceLine, file: string, diagnostics: Diagnostic[]): string[] | null {
  if (/[[\]{}]/.test(text)) {
    diagnostics.push(diag(file, src, 'brackets inside an actor phrase', 'error'));
    return null;
  }
  const words = phraseWords(text);
  if (words.length === 0) {
    diagnostics.push(diag(file, src, 'empty actor phrase', 'error'));
    return null;
  }
  return words;
}

/** Reads one or more [...] groups (and nothing else) into `actor`. */
function readCodes(
  text: string,
  src: SourceLine,
  file: string,
  actor: ActorDef,
  diagnostics: Diagnostic[],
): void {
  const groups = [...text.matchAll(/\[([^\]]*)\]/g)];
  const rest = text.replace(/\[[^\]]*\]/g, '').trim();
  if (groups.length === 0) {
    diagnostics.push(diag(file, src, 'cannot read the code: expected [CODE] or [CODE date]', 'error'));
    return;
  }
  if (rest !== '') diagnostics.push(diag(file, src, 'text after the code not understood: ignored', 'error'));
  for (const g of groups) {
    const role = readCode(g[1] ?? '');
    if (typeof role === 'string') {
      diagnostics.push(diag(file, src, role, 'error'));
      continue;
    }
    if (role.from === null && role.to === null) {
      if (actor.defaultCode === null) actor.defaultCode = role.code;
      else if (actor.defaultCode !== role.code) {
        diagnostics.push(
          diag(
            file,
            src,
            `second undated code [${role.code}] ignored: [${actor.defaultCode}] kept`,
            'ignored',
          ),
        );
      }
    } else actor.roles.push(role);
  }
}

/** '[CODE >YYMMDD]' etc. (inside the brackets) → a DatedCode, or an error message. */
export function readCode(inner: string): DatedCode | string {
  const m = /^\s*(\S+)\s*(.*?)\s*$/.exec(inner);
  const code = m?.[1];
  if (!m || code === undefined) return 'empty code []';
  if (/^[<>]?\d/.test(code)) return `[${inner.trim()}]: code missing before the date`;
  const when = (m[2] ?? '').replace(/\s+/g, '');
  if (when === '') return { code, from: null, to: null };
  const one = (s: string): string => {
    const iso = isoDate(s);
    if (iso === null)
      throw new Error(`broken date '${s}' in [${inner.trim()}] (expected YYMMDD or YYYYMMDD)`);
    return iso;
  };
  try {
    if (when.startsWith('<')) return { code, from: null, to: one(when.slice(1)) };
    if (when.startsWith('>')) return { code, from: one(when.slice(1)), to: null };
    const dash = when.indexOf('-');
    if (dash < 0) return `date '${when}' in [${inner.trim()}] needs '<', '>' or a range 'from-to'`;
    const from = one(when.slice(0, dash));
    const to = one(when.slice(dash + 1));
    if (from > to) return `range in [${inner.trim()}] ends before it starts: skipped`;
    return { code, from, to };
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * 'YYMMDD' or 'YYYYMMDD' → 'YYYY-MM-DD', or null. Two-digit years 00-30 are 20YY, 31-99 are
 * 19YY (PETRARCH's dstr_to_ordate, "for consistency with KEDS and TABARI"). Any other length
 * (PETRARCH reads 7 digits as YYMMDD plus junk, 9+ as YYYYMMDD plus junk) is refused, and so is
 * a day the month does not have.
 */
export function isoDate(s: string): string | null {
  let y: number;
  let rest: string;
  if (/^\d{6}$/.test(s)) {
    const yy = Number(s.slice(0, 2));
    y = yy <= 30 ? 2000 + yy : 1900 + yy;
    rest = s.slice(2);
  } else if (/^\d{8}$/.test(s)) {
    y = Number(s.slice(0, 4));
    rest = s.slice(4);
  } else return null;
  const mo = Number(rest.slice(0, 2));
  const d = Number(rest.slice(2, 4));
  if (mo < 1 || mo > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}
