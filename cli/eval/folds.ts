// Two folds of an evaluation set, fixed by id: 'dev' to develop on, 'holdout' to estimate on.
// A record's fold is the parity of the first byte of the SHA-256 of its id, so the split needs
// no list, never changes, and is the same for every command. The holdout fold is only ever
// scored: commands print no record of it (no worst misses, no per-record output).
import { createHash } from 'node:crypto';

export const FOLDS = ['dev', 'holdout', 'all'] as const;
export type Fold = (typeof FOLDS)[number];

export function foldOf(id: string | number): 'dev' | 'holdout' {
  return createHash('sha256').update(String(id)).digest()[0]! % 2 === 0 ? 'dev' : 'holdout';
}

export function inFold(id: string | number, fold: Fold): boolean {
  return fold === 'all' || foldOf(id) === fold;
}
