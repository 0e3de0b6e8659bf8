import { z } from 'zod';
import { maxArticleCharsKey, parseConfig, platformConfigShape } from '../platform/config.ts';

export const extractConfigSchema = z.object({
  ...platformConfigShape,
  GROUP_ID: z
    .string()
    .min(1)
    .default('newsflow-extract')
    .describe('consumer group; run more copies to scale'),
  MAX_ARTICLE_CHARS: maxArticleCharsKey,
});

export type ExtractConfig = z.infer<typeof extractConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined>): ExtractConfig =>
  parseConfig(extractConfigSchema, env);
