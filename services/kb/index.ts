import { kbVersion } from './load.ts';

export { DEFAULT_KB_DIR, KB_FILES, kbVersion, loadKnowledgeBase } from './load.ts';
export { KbFormatError } from './tsv.ts';
export type {
  Country,
  DateSpan,
  KnowledgeBase,
  Organisation,
  OrganisationKind,
  Person,
  Role,
} from './types.ts';

/** Version of the default knowledge base (data/kb): '<latest role date>.<content hash>'. */
export const KB_VERSION: string = (() => {
  try {
    return kbVersion();
  } catch {
    return 'unknown';
  }
})();
