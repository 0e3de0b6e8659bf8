// Reader of PETRARCH discard lists: one phrase a line; '+' in front discards the whole story,
// otherwise only the sentence. Pure.

import { diag, phraseWords, readLines } from './text.ts';
import type { Diagnostic, DiscardDef } from './types.ts';

export function parseDiscards(
  text: string,
  file: string,
): { discards: DiscardDef[]; diagnostics: Diagnostic[] } {
  const discards: DiscardDef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const src of readLines(text, { diagnostics, file })) {
    let t = src.text.trim();
    const story = t.startsWith('+');
    if (story) t = t.slice(1);
    if (/[[\]{}]/.test(t)) {
      diagnostics.push(diag(file, src, 'brackets in a discard phrase: skipped', 'error'));
      continue;
    }
    const words = phraseWords(t);
    if (words.length === 0) {
      diagnostics.push(diag(file, src, 'empty discard phrase', 'error'));
      continue;
    }
    discards.push({ words, story, file, line: src.line });
  }
  return { discards, diagnostics };
}
