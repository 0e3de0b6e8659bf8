// Reads everything a coder is built from: the knowledge base, newsflow's own word lists and
// codebook, and a PETRARCH dictionary folder (the Phoenix set by default). The one place where
// the coder's data is read from disk; createCoder itself works on what is passed in.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../../kb/load.ts';
import { createCoder, readDictionarySources, type Coder } from './coder.ts';
import { readPetrarchDirectory } from './petrarch/load.ts';
import type { Diagnostic } from './petrarch/types.ts';

/** The default PETRARCH dictionaries: the Phoenix set (data/dictionaries/phoenix/ORIGIN.md). */
export const DEFAULT_PETRARCH_DIR = fileURLToPath(
  new URL('../../../data/dictionaries/phoenix/', import.meta.url),
);

export interface LoadCoderOptions {
  /** Knowledge base folder (default data/kb). */
  kbDir?: string | undefined;
  /** A PETRARCH-layout folder that replaces the default dictionaries for this coder. */
  dictionariesDir?: string | undefined;
  keepNegated?: boolean;
}

export interface LoadedCoder {
  coder: Coder;
  seconds: number;
  diagnostics: Diagnostic[];
  dictionariesDir: string;
}

function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) hash.update(name).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** Builds a coder from its files. Throws with the file and the reason when one cannot be read. */
export function loadCoder(options: LoadCoderOptions = {}): LoadedCoder {
  const started = performance.now();
  const dir = options.dictionariesDir ?? DEFAULT_PETRARCH_DIR;
  const dictionaries = readPetrarchDirectory(dir);
  const coder = createCoder(loadKnowledgeBase(options.kbDir), readDictionarySources(), {
    keepNegated: options.keepNegated ?? false,
    petrarch: { dictionaries, digest: digestOf(dir) },
    mode: options.dictionariesDir ? 'replace' : 'merge',
  });
  return {
    coder,
    seconds: (performance.now() - started) / 1000,
    diagnostics: dictionaries.diagnostics,
    dictionariesDir: dir,
  };
}
