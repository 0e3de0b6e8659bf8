import type { ActorRecord } from '../../contracts/records.ts';
// Shapes shared by the coder's modules. Plain data only.

export interface Token {
  /** Surface text. */
  value: string;
  /** Lower-case surface with dots removed ('U.S.' → 'us'), the key used by the dictionaries. */
  norm: string;
  /** Universal POS tag from wink-nlp (NOUN, VERB, AUX, PROPN, ...). */
  pos: string;
  /** Lower-case lemma. */
  lemma: string;
  /** Character offsets in the article text (end exclusive). */
  start: number;
  end: number;
  /** First character is an upper-case letter. */
  upper: boolean;
}

/** An actor as coded: the Actor record of coded-event.avsc, with how it was found. */
export interface ActorMention extends Omit<ActorRecord, 'resolvedBy'> {
  resolvedBy: 'dictionary' | 'coreference' | 'context' | 'place';
}

export interface PlaceMention {
  name: string;
  start: number;
  end: number;
  qualifier: string | null;
}

export type Modality = 'ASSERTED' | 'INTENDED' | 'HYPOTHETICAL' | 'REPORTED';

interface SentenceRef {
  index: number;
  text: string;
  start: number;
  end: number;
}

/** What the coder finds in the text; `toCodedEvent` adds ids, versions and article metadata. */
export interface CodedEventDraft {
  eventCode: string;
  eventBaseCode: string;
  eventRootCode: string;
  quadClass: number;
  goldsteinScale: number;
  source: ActorMention;
  target: ActorMention | null;
  negated: boolean;
  modality: Modality;
  isRootEvent: boolean;
  pattern: string;
  confidence: number;
  places: PlaceMention[];
  sentence: SentenceRef;
  eventDate: string;
  dateText: string | null;
  /** Index of the event within its sentence (part of the deterministic event id). */
  index: number;
  coderVersion: string;
  dictionaryVersion: string;
}

export interface ArticleInput {
  id: string;
  text: string;
  /** 'YYYY-MM-DD' or 'YYYYMMDD'; absent → events carry no resolvable date beyond today's. */
  date?: string | null;
}

export interface CodedArticle {
  sentences: number;
  events: CodedEventDraft[];
  /**
   * Set when a discard phrase stopped coding: 'story' (a '+' phrase: nothing in the article is
   * coded) or 'sentence' (one or more sentences were left out).
   */
  discarded?: 'story' | 'sentence';
}
