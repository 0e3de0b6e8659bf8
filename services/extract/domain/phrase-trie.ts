// A token trie over normalised tokens: compiled once from the knowledge base and the sector
// words, then walked at every token of a sentence to find the longest dictionary phrase.
import type { Token } from './types.ts';

// Most nodes of a dictionary's trie are leaves or carry no entry (Phoenix: some hundred thousand
// nodes): they share one empty table and one empty list instead of a Map and an array each.
export interface TrieNode<T> {
  next: ReadonlyMap<string, TrieNode<T>>;
  entries: readonly T[];
}

const NO_NEXT: ReadonlyMap<string, never> = new Map<string, never>();
const NO_ENTRIES: readonly never[] = [];

export function createTrie<T>(): TrieNode<T> {
  return { next: NO_NEXT, entries: NO_ENTRIES };
}

export function insertPhrase<T>(root: TrieNode<T>, keys: string[], entry: T): void {
  let node = root;
  for (const key of keys) {
    let child = node.next.get(key);
    if (!child) {
      child = createTrie<T>();
      if (node.next === NO_NEXT) node.next = new Map([[key, child]]);
      else (node.next as Map<string, TrieNode<T>>).set(key, child);
    }
    node = child;
  }
  if (!node.entries.includes(entry)) node.entries = [...node.entries, entry];
}

export interface PhraseMatch<T> {
  first: number;
  /** Exclusive. */
  last: number;
  entries: readonly T[];
}

/** Longest phrase starting at token `at` whose entries pass `accept`, or undefined. */
export function longestMatch<T>(
  root: TrieNode<T>,
  tokens: Token[],
  at: number,
  limit: number,
  accept: (entries: readonly T[], first: number) => readonly T[],
): PhraseMatch<T> | undefined {
  let node: TrieNode<T> | undefined = root;
  let best: PhraseMatch<T> | undefined;
  for (let i = at; i < limit && node; i++) {
    const token = tokens[i];
    if (!token) break;
    node = node.next.get(token.norm);
    if (node && node.entries.length > 0) {
      const ok = accept(node.entries, at);
      if (ok.length > 0) best = { first: at, last: i + 1, entries: ok };
    }
  }
  return best;
}
