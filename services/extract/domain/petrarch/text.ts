// Helpers shared by the PETRARCH dictionary readers: line splitting with PETRARCH's comment
// rules, phrase words, regular plurals. Pure functions over strings.

import type { Diagnostic } from './types.ts';

/** One line still to read, after comments were removed. */
export class SourceLine {
  constructor(
    /** 1-based line number. */
    readonly line: number,
    private readonly original: string,
    /** The line with comments removed (not trimmed: leading white space matters to actors). */
    readonly text: string,
  ) {}

  /** The line as written, trimmed (for diagnostics); made only when asked for. */
  get raw(): string {
    return this.original.trim();
  }
}

export interface LineOptions {
  /** ';' also starts a comment (TABARI legacy, verbs and actors files). */
  semicolon?: boolean;
  /** Where to report damaged text (control characters, U+FFFD), with `file`. */
  diagnostics?: Diagnostic[];
  file?: string;
}

// C0 controls other than tab, DEL, and U+FFFD (a byte lost before the file was published).
// eslint-disable-next-line no-control-regex
const DAMAGED = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/;

/**
 * Splits a dictionary file into its lines, removing XML comments `<!-- -->` (also spanning
 * several lines), lines starting with '#', and trailing comments ('#', optionally ';') that
 * are not inside [...]. Blank lines (after removal) are dropped.
 */
export function readLines(text: string, options: LineOptions = {}): SourceLine[] {
  const out: SourceLine[] = [];
  const lines = text.includes('\r') ? text.split(/\r\n|\n|\r/) : text.split('\n');
  let inXml = false;
  for (let i = 0; i < lines.length; i++) {
    const original = lines[i] ?? '';
    let rest = original;
    let kept = '';
    // XML comments: anything between '<!--' and '-->', possibly over several lines.
    while (inXml || rest.includes('<!--')) {
      if (inXml) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          rest = '';
          break;
        }
        rest = rest.slice(end + 3);
        inXml = false;
      }
      const start = rest.indexOf('<!--');
      if (start < 0) break;
      kept += rest.slice(0, start);
      rest = rest.slice(start + 4);
      inXml = true;
    }
    kept += rest;
    // PETRARCH skips lines starting with '#' and with '<!' (even a broken '<!_-- ... -->').
    const c0 = kept.charCodeAt(0);
    if (c0 === 35 || c0 === 60 || c0 === 32 || c0 === 9) {
      const lead = kept.trimStart();
      if (lead.startsWith('#') || lead.startsWith('<!')) continue;
    }
    const body = stripTrailingComment(kept, options.semicolon === true);
    if (body.trim() === '') continue;
    const src = new SourceLine(i + 1, original, body.trimEnd());
    const bad = DAMAGED.test(body) ? DAMAGED.exec(body) : null;
    if (bad && options.diagnostics) {
      const cp = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      options.diagnostics.push(
        diag(
          options.file ?? '',
          src,
          `damaged text: character U+${cp} inside the line, read as written`,
          'error',
        ),
      );
    }
    out.push(src);
  }
  return out;
}

/** Cuts the line at the first '#' (or ';') outside square brackets. */
function stripTrailingComment(line: string, semicolon: boolean): string {
  if (!line.includes('#') && !(semicolon && line.includes(';'))) return line;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '[') depth++;
    else if (c === ']' && depth > 0) depth--;
    else if (depth === 0 && (c === '#' || (semicolon && c === ';'))) return line.slice(0, i);
  }
  return line;
}

/**
 * A phrase as written ('AL-QAEDA_LEADER_', 'AUSTRIAN FLORIN') → lower-case words; '_' and white
 * space both separate words, a trailing '_' is dropped, punctuation inside words is kept.
 */
export function phraseWords(phrase: string): string[] {
  // A plain scan: a RegExp split costs several times more on 60k-line files.
  const lower = phrase.toLowerCase();
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const sep = c === 95 || c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
    if (sep) {
      if (start >= 0) words.push(lower.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return words;
}

/**
 * The regular plural of a word (lower-case). PETRARCH documents: 'Y' → 'IES', 'SS' → 'SSES',
 * otherwise add 'S'. Deviations, so that the generated form is English: a 'y' after a vowel
 * just takes 's' ('attorney' → 'attorneys', where PETRARCH 2 wrote 'attornies'), and words
 * ending in s, x, z, ch, sh take 'es' ('bus' → 'buses', where PETRARCH 2's code dropped an 's').
 */
function pluralWord(word: string): string {
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
}

/** The plural of a phrase: its last word made plural. */
export function pluralPhrase(words: string[]): string[] {
  if (words.length === 0) return words;
  const last = words[words.length - 1] ?? '';
  return [...words.slice(0, -1), pluralWord(last)];
}

export function diag(
  file: string,
  line: SourceLine | { line: number; raw: string },
  message: string,
  severity: Diagnostic['severity'],
): Diagnostic {
  return { file, line: line.line, text: line.raw, message, severity };
}

/** Same phrase (word lists) already present? */
export function phraseKey(words: string[]): string {
  return words.join(' ');
}
