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
  // A plain scan rather than RegExps: this runs on ~30,000 lines of Phoenix.Countries.
  const groups: string[] = [];
  let rest = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf('[', at);
    const close = open < 0 ? -1 : text.indexOf(']', open + 1);
    if (close < 0) {
      rest += text.slice(at);
      break;
    }
    rest += text.slice(at, open);
    groups.push(text.slice(open + 1, close));
    at = close + 1;
  }
  if (groups.length === 0) {
    diagnostics.push(diag(file, src, 'cannot read the code: expected [CODE] or [CODE date]', 'error'));
    return;
  }
  if (rest.trim() !== '')
    diagnostics.push(diag(file, src, 'text after the code not understood: ignored', 'error'));
  for (const g of groups) {
    const role = readCode(g);
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
function readCode(inner: string): DatedCode | string {
  const body = inner.trim();
  if (body === '') return 'empty code []';
  const space = body.search(/\s/);
  const code = space < 0 ? body : body.slice(0, space);
  const c0 = code.charCodeAt(0);
  if (c0 === 60 || c0 === 62 || (c0 >= 48 && c0 <= 57)) return `[${body}]: code missing before the date`;
  if (space < 0) return { code, from: null, to: null };
  const when = body.slice(space).replace(/\s+/g, '');
  const first = when.charCodeAt(0);
  if (first === 60 || first === 62) {
    const iso = isoDate(when.slice(1));
    if (iso === null) return brokenDate(when.slice(1), body);
    return first === 60 ? { code, from: null, to: iso } : { code, from: iso, to: null };
  }
  const dash = when.indexOf('-');
  if (dash < 0) return `date '${when}' in [${body}] needs '<', '>' or a range 'from-to'`;
  const from = isoDate(when.slice(0, dash));
  if (from === null) return brokenDate(when.slice(0, dash), body);
  const to = isoDate(when.slice(dash + 1));
  if (to === null) return brokenDate(when.slice(dash + 1), body);
  if (from > to) return `range in [${body}] ends before it starts: skipped`;
  return { code, from, to };
}

function brokenDate(date: string, body: string): string {
  return `broken date '${date}' in [${body}] (expected YYMMDD or YYYYMMDD)`;
}

/**
 * 'YYMMDD' or 'YYYYMMDD' → 'YYYY-MM-DD', or null. Two-digit years 00-30 are 20YY, 31-99 are
 * 19YY (PETRARCH's dstr_to_ordate, "for consistency with KEDS and TABARI"). Any other length
 * (PETRARCH reads 7 digits as YYMMDD plus junk, 9+ as YYYYMMDD plus junk) is refused, and so is
 * a day the month does not have.
 */
export function isoDate(s: string): string | null {
  if (s.length !== 6 && s.length !== 8) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  let y: number;
  let rest: string;
  if (s.length === 6) {
    const yy = Number(s.slice(0, 2));
    y = yy <= 30 ? 2000 + yy : 1900 + yy;
    rest = s.slice(2);
  } else {
    y = Number(s.slice(0, 4));
    rest = s.slice(4);
  }
  const mo = Number(rest.slice(0, 2));
  const d = Number(rest.slice(2, 4));
  if (mo < 1 || mo > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}
