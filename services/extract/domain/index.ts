// The coder's public face: build a coder once from data (`createCoder`; services/loaders/coder.ts
// `loadCoder` reads its files) and pass it to `codeArticleWith`.
import { codeArticleWith, toCodedEvent, type ArticleMeta, type PlaceFinder } from './code-article.ts';
import { createCoder, type Coder, type DictionarySources } from './coder.ts';
import type { ArticleInput, CodedArticle } from './types.ts';

export { codeArticleWith, createCoder, toCodedEvent };
export type { ArticleInput, ArticleMeta, CodedArticle, Coder, DictionarySources, PlaceFinder };
export type { CodedEventDraft, ActorMention, PlaceMention } from './types.ts';
