// The one place where `newsflow process` options reach the event coder, in the main thread (to
// refuse bad options before any work) and in every worker. --dictionaries (PETRARCH-layout
// dictionaries) is accepted on the command line; it is wired here once the coder's factory takes
// such a folder.
import { configureDefaultCoder } from '../../services/extract/domain/index.ts';

export interface ProcessCoderOptions {
  /** A folder of PETRARCH-layout dictionaries (--dictionaries). */
  dictionaries?: string;
}

export class UnsupportedOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedOptionError';
  }
}

/** Configures the default coder for this thread; throws UnsupportedOptionError for what it cannot do yet. */
export function configureProcessCoder(options: ProcessCoderOptions): void {
  if (options.dictionaries !== undefined) {
    throw new UnsupportedOptionError(
      `--dictionaries ${options.dictionaries}: not supported yet: the coder does not read PETRARCH-layout dictionaries yet (it uses data/ of this repository)`,
    );
  }
  configureDefaultCoder({});
}
