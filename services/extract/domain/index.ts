// The coder's public face: build a coder once from data (`createCoder` in coder.ts;
// services/loaders/coder.ts `loadCoder` reads its files) and pass it to `codeArticleWith`.
import { codeArticleWith, toCodedEvent, type PlaceFinder } from './code-article.ts';
import type { Coder } from './coder.ts';
import type { ArticleInput, CodedArticle } from './types.ts';

export { codeArticleWith, toCodedEvent };
export type { ArticleInput, CodedArticle, Coder, PlaceFinder };
