// The coder's public face: `codeArticle` and `toCodedEvent` over the project's default
// knowledge base and dictionaries (loaded once, on first use), and `createCoder` for others.
import { loadKnowledgeBase } from '../../kb/load.ts';
import { codeArticleWith, toCodedEvent, type ArticleMeta, type PlaceFinder } from './code-article.ts';
import { createCoder, readDictionarySources, type Coder } from './coder.ts';
import type { ArticleInput, CodedArticle } from './types.ts';

let defaultCoder: Coder | undefined;
let defaultOptions: { kbDir?: string; dataDir?: string; keepNegated?: boolean } = {};

/** Choose another knowledge-base or data directory for the default coder (before first use). */
export function configureDefaultCoder(options: {
  kbDir?: string;
  dataDir?: string;
  keepNegated?: boolean;
}): void {
  defaultOptions = options;
  defaultCoder = undefined;
}

export function getDefaultCoder(): Coder {
  defaultCoder ??= createCoder(
    loadKnowledgeBase(defaultOptions.kbDir),
    readDictionarySources(defaultOptions.dataDir),
    {
      keepNegated: defaultOptions.keepNegated ?? false,
    },
  );
  return defaultCoder;
}

export function codeArticle(article: ArticleInput, findPlaces?: PlaceFinder): CodedArticle {
  return codeArticleWith(getDefaultCoder(), article, findPlaces);
}

export { codeArticleWith, createCoder, readDictionarySources, toCodedEvent };
export type { ArticleInput, ArticleMeta, CodedArticle, Coder, PlaceFinder };
export type { CodedEventDraft, ActorMention, PlaceMention } from './types.ts';
