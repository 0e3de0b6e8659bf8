// What the PETRARCH dictionary readers return: the files' own constructs, parsed but not yet
// compiled for matching (compile.ts turns them into the coder's tables). Words are lower-case,
// with PETRARCH's '_' joins split into separate words. Plain data only.

/** A construct a reader met and did not use, or could not read: always with file and line. */
export interface Diagnostic {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  /** The offending line as written (trimmed). */
  text: string;
  message: string;
  /** 'ignored': a known construct newsflow does not use; 'error': the line could not be read. */
  severity: 'ignored' | 'error';
}

/**
 * One item of a verb pattern, in written order. `joined` means the item was linked to the NEXT
 * item with '_' (the two must be consecutive words); on the last item before the verb it links
 * to the verb itself.
 */
export type PatternItem =
  | { kind: 'word'; word: string; joined: boolean }
  | { kind: 'synset'; name: string; joined: boolean } // '&NAME', name without '&', upper-case as written
  | { kind: 'source'; joined: boolean } // '$'
  | { kind: 'target'; joined: boolean } // '+'
  | { kind: 'compound'; joined: boolean } // '%'
  | { kind: 'skip'; joined: boolean } // '^'
  | { kind: 'not'; word: string } // newsflow's '~WORD': the word must not follow the verb
  | { kind: 'notSynset'; name: string } // newsflow's '~&NAME'
  | { kind: 'open'; bracket: '(' | '{' } // start of a prepositional phrase / noun phrase
  | { kind: 'close'; bracket: ')' | '}' };

export interface VerbPatternDef {
  /** Items before the verb ('*'), in order. */
  before: PatternItem[];
  /** Items after the verb, in order. */
  after: PatternItem[];
  /** The verb was joined to the first item after it ('*_X'). */
  verbJoined: boolean;
  /**
   * The code as written inside [...], without brackets: '042', '0334', '075A', '---' (match,
   * but no event), '042:043' (source→target 042 and target→source 043), ':173' (reverse only).
   */
  code: string;
  /** newsflow's flags written after the code ('<recip>', '<speech>'), without brackets. */
  flags: string[];
  file: string;
  line: number;
  /** The pattern line without its comment, white space collapsed. */
  text: string;
}

/** One verb (or multi-word verb) of a block, with its explicit forms. */
export interface VerbForm {
  /** 'CALL_OFF' → ['call', 'off']; 'WIRE_+TAP' → ['wire', 'tap']. */
  words: string[];
  /** Index in `words` of the verb itself ('+' marks it; 0 when unmarked). */
  verbIndex: number;
}

export interface VerbDef {
  /** The base form as written first on the line. */
  base: VerbForm;
  /** newsflow's '@WORD' verb line: the trigger is a noun (a nominal event: 'the shelling of'). */
  noun: boolean;
  /** Forms listed in {...} (irregular forms); empty when none were given. */
  forms: VerbForm[];
  /**
   * A {...} list was written (possibly empty, '{}'): PETRARCH then generates no regular forms
   * ('S', 'ED', 'ING'); when false the compiler generates them for the '+' word.
   */
  formsGiven: boolean;
  /** The verb's own [code] (used when no pattern matches), else null → the block's code. */
  code: string | null;
  file: string;
  line: number;
}

export interface VerbBlock {
  /** The header name ('--- ACCELERATE [---] ---' → 'ACCELERATE'). */
  name: string;
  /** The header code; '---' or absent → null (the isolated verb codes no event). */
  code: string | null;
  verbs: VerbDef[];
  patterns: VerbPatternDef[];
  file: string;
  line: number;
}

export interface VerbDictionaryDef {
  /** 'PETRARCH2' (CAMEO.2.0.txt: '+' multi-word verbs, synsets before blocks) or 'PETRARCH1'/TABARI. */
  layout: 'PETRARCH2' | 'PETRARCH1';
  /** Synset name (without '&', upper-case) → its phrases (each a word list), plurals already generated. */
  synsets: Map<string, string[][]>;
  blocks: VerbBlock[];
  diagnostics: Diagnostic[];
}

export interface DatedCode {
  code: string;
  /** Inclusive ISO dates 'YYYY-MM-DD'; null = open. */
  from: string | null;
  to: string | null;
}

export interface ActorDef {
  /** The primary phrase then its '+' synonyms, each a word list. */
  phrases: string[][];
  /** Code on the primary line or an undated [CODE] restriction; null if none. */
  defaultCode: string | null;
  /** Dated restrictions in file order. */
  roles: DatedCode[];
  file: string;
  line: number;
}

export interface AgentDef {
  /** Every surface form (singular, generated or listed plurals, substitutions expanded). */
  phrases: string[][];
  /** The code without '~' ('GOV', 'GOVFRM', 'NGO'). */
  code: string;
  /** '~GOV' → 'suffix' (appended to the country code); 'NGO~' → 'prefix'. */
  position: 'suffix' | 'prefix';
  file: string;
  line: number;
}

export interface DiscardDef {
  words: string[];
  /** '+' entries discard the whole story; others only the sentence. */
  story: boolean;
  file: string;
  line: number;
}

export interface PetrarchDictionaries {
  /** The folder read, for messages. */
  dir: string;
  verbs: VerbDictionaryDef;
  actors: ActorDef[];
  agents: AgentDef[];
  discards: DiscardDef[];
  /** PETR_config.ini [Options], keys lower-case. */
  options: Record<string, string>;
  diagnostics: Diagnostic[];
}
