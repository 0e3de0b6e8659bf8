import { z } from 'zod';
import {
  maxArticleCharsKey,
  parseConfig,
  platformConfigShape,
  stageConfigShape,
} from '../platform/config.ts';

export const extractConfigSchema = z.object({
  ...platformConfigShape,
  ...stageConfigShape,
  GROUP_ID: z
    .string()
    .min(1)
    .default('newsflow-extract')
    .describe('consumer group; run more copies to scale'),
  MAX_ARTICLE_CHARS: maxArticleCharsKey,
  EXTRACT_DICTIONARIES_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('a PETRARCH-layout dictionary folder replacing the default (Phoenix) dictionaries'),
  NEWSFLOW_KB_DIR: z.string().min(1).optional().describe('knowledge base folder (default data/kb)'),
  EXTRACT_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(16)
    .default(0)
    .describe("worker threads that run the coder (0: the service's own thread); each loads its own coder"),
});

export type ExtractConfig = z.infer<typeof extractConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined>): ExtractConfig =>
  parseConfig(extractConfigSchema, env);
