// The one place where `newsflow process` options reach the event coder: checked in the main
// thread (to refuse bad options before any work), the coder built in every worker.
import { existsSync, statSync } from 'node:fs';
import type { Coder } from '../../services/extract/domain/index.ts';
import { loadCoder } from '../../services/loaders/coder.ts';

export interface ProcessCoderOptions {
  /** A folder of PETRARCH-layout dictionaries (--dictionaries) replacing the defaults. */
  dictionaries?: string;
}

export class UnsupportedOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedOptionError';
  }
}

/** Throws UnsupportedOptionError when the options cannot build a coder. */
export function checkProcessCoder(options: ProcessCoderOptions): void {
  const dir = options.dictionaries;
  if (dir !== undefined && !(existsSync(dir) && statSync(dir).isDirectory()))
    throw new UnsupportedOptionError(`--dictionaries ${dir}: not a folder`);
}

/** The coder of one worker thread. */
export function buildProcessCoder(options: ProcessCoderOptions): Coder {
  return loadCoder({ dictionariesDir: options.dictionaries }).coder;
}
