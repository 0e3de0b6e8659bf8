export { KB_FILES, kbVersionOf, parseKnowledgeBase } from './load.ts';
export type { KbFileName, KbFiles } from './load.ts';
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
