// Two folds of an evaluation set, fixed by id: 'dev' to develop on, 'holdout' to estimate on.
// A record's fold is the parity of the first byte of the SHA-256 of its id, so the split needs
// no list, never changes, and is the same for every command. The holdout fold is only ever
// scored: commands print no record of it (no worst misses, no per-record output).
import { createHash } from 'node:crypto';

const FOLDS = ['dev', 'holdout', 'all'] as const;
export type Fold = (typeof FOLDS)[number];

/** `--fold NAME`, every record when not given. */
export const FOLD_OPTION = { type: 'string', default: 'all' } as const;
/** What a command says when `--fold` names no fold. */
export const FOLD_ERROR = `--fold must be one of ${FOLDS.join(', ')}`;

/** The fold `text` names, or undefined when it names none. */
export function parseFold(text: string | undefined): Fold | undefined {
  return FOLDS.find((f) => f === text);
}

export function foldOf(id: string | number): 'dev' | 'holdout' {
  return createHash('sha256').update(String(id)).digest()[0]! % 2 === 0 ? 'dev' : 'holdout';
}

export function inFold(id: string | number, fold: Fold): boolean {
  return fold === 'all' || foldOf(id) === fold;
}
