// Shapes passed between the sentence coder's parts.
import type { Chunk } from './actors.ts';
import type { VerbGroup } from './clauses.ts';
import type { ArticleState } from './coreference.ts';
import type { SentenceSpan } from './nlp.ts';
import type { ActorMention, Modality, Token } from './types.ts';
import type { PatternMatch } from './verb-dictionary.ts';

export interface SentenceEvent {
  code: string;
  source: ActorMention | null;
  target: ActorMention | null;
  negated: boolean;
  modality: Modality;
  pattern: string;
  confidence: number;
  trigger: number;
}

export interface SentenceInput {
  tokens: Token[];
  span: SentenceSpan;
  text: string;
  date: string;
  state: ArticleState;
}

export interface Trigger {
  at: number;
  match: PatternMatch;
  group: VerbGroup;
  subject: Chunk[];
  clauseFrom: number;
}

export type MentionOf = (c: Chunk, other: ActorMention | null) => ActorMention[];
