// The coder's public face: build a coder once (`loadCoder` reads its files, `createCoder` takes
// them as data) and pass it to `codeArticleWith`.
import { codeArticleWith, toCodedEvent, type ArticleMeta, type PlaceFinder } from './code-article.ts';
import { createCoder, readDictionarySources, type Coder } from './coder.ts';
import { loadCoder, type LoadCoderOptions, type LoadedCoder } from './load-coder.ts';
import type { ArticleInput, CodedArticle } from './types.ts';

export { codeArticleWith, createCoder, loadCoder, readDictionarySources, toCodedEvent };
export type { ArticleInput, ArticleMeta, CodedArticle, Coder, LoadCoderOptions, LoadedCoder, PlaceFinder };
export type { CodedEventDraft, ActorMention, PlaceMention } from './types.ts';
