// wink-nlp wrapper: one pass over the article gives tokens with character offsets, POS tags,
// lemmas and sentence boundaries. Everything downstream works on these plain arrays.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Token } from './types.ts';

// Only sentence boundaries and POS tags: negation, sentiment and entity recognition are not used.
const nlp = winkNLP(model, ['sbd', 'pos']);
const its = nlp.its;

export interface SentenceSpan {
  /** Token indexes, end exclusive. */
  first: number;
  last: number;
  start: number;
  end: number;
}

export interface AnalysedText {
  tokens: Token[];
  sentences: SentenceSpan[];
}

function startsUpper(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = value[0]!;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function normalise(value: string): string {
  let lower = value.toLowerCase();
  if (lower.includes('’')) lower = lower.replace(/’/g, "'");
  return lower.length > 1 && lower.includes('.') ? lower.replace(/\./g, '') : lower;
}

export function analyse(text: string): AnalysedText {
  const doc = nlp.readDoc(text);
  const all = doc.tokens();
  const values = all.out(its.value) as string[];
  const spaces = all.out(its.precedingSpaces as unknown as typeof its.value) as string[];
  const pos = all.out(its.pos) as string[];
  const lemmas = all.out(its.lemma as unknown as typeof its.value) as string[];
  const tokens: Token[] = new Array(values.length);
  let offset = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    offset += (spaces[i] ?? '').length;
    // wink expands contractions ("won't" → "wo" "n't") without changing the text; resync defensively.
    if (text.startsWith(value, offset) === false) {
      const found = text.indexOf(value, offset);
      if (found >= 0 && found - offset < 8) offset = found;
    }
    const start = offset;
    offset += value.length;
    tokens[i] = {
      value,
      norm: normalise(value),
      pos: pos[i] ?? 'X',
      lemma: (lemmas[i] ?? value).toLowerCase(),
      start,
      end: offset,
      upper: startsUpper(value),
    };
  }
  const spans = doc.sentences().out(its.span) as unknown as [number, number][];
  const sentences: SentenceSpan[] = spans.map(([a, b]) => ({
    first: a,
    last: b + 1,
    start: tokens[a]?.start ?? 0,
    end: tokens[b]?.end ?? 0,
  }));
  return { tokens, sentences };
}

/** wink-nlp tagging alone, the ceiling the coder's throughput is compared with. */
export function tagOnly(text: string): number {
  const doc = nlp.readDoc(text);
  return doc.tokens().out(its.pos).length;
}
