// A small tokenizer for toponym recognition: words with offsets, capitalisation and sentence starts.

export interface Token {
  text: string;
  start: number;
  end: number;
  lower: string;
  /** Starts with an upper-case letter. */
  cap: boolean;
  /** Two or more letters, none lower-case ('US', 'WASHINGTON'). */
  allCaps: boolean;
  /** First word of a sentence, line or quotation. */
  sentStart: boolean;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}‘’'.]*/gu;
const ABBREVIATION = /^(?:\p{L}\.){2,}$/u;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const start = m.index;
    if (!ABBREVIATION.test(word)) word = word.replace(/[.]+$/, '');
    word = word.replace(/[‘’']s$|[‘’']$/u, '');
    if (!word) continue;
    out.push({
      text: word,
      start,
      end: start + word.length,
      lower: word.toLowerCase(),
      cap: /^\p{Lu}/u.test(word),
      allCaps: /\p{L}.*\p{L}/u.test(word) && !/\p{Ll}/u.test(word),
      sentStart: isSentenceStart(text, start),
    });
  }
  return out;
}

function isSentenceStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /[\s"“‘'([]/.test(text[i]!)) {
    if (text[i] === '\n') return true;
    i--;
  }
  return i < 0 || /[.!?:;—]/.test(text[i]!);
}

/** The text between two tokens joins them into one name: spaces, a hyphen, 'St. ', or (inside a
 * gazetteer phrase such as "People's Republic") a possessive. */
export function joins(text: string, left: Token, right: Token, possessive = false): boolean {
  const gap = text.slice(left.end, right.start);
  if (/^ {1,2}$/.test(gap) || gap === '-' || gap === '‐') return true;
  if (possessive && /^['’]s $/.test(gap)) return true;
  return gap === '. ' && /^(st|mt|ft|ste)$/.test(left.lower);
}
