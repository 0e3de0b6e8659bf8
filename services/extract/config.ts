import { z } from 'zod';
import { parseConfig, platformConfigShape } from '../platform/config.ts';

export const extractConfigSchema = z.object({
  ...platformConfigShape,
  GROUP_ID: z
    .string()
    .min(1)
    .default('newsflow-extract')
    .describe('consumer group; run more copies to scale'),
  EXTRACT_MAX_ARTICLE_CHARS: z.coerce
    .number()
    .int()
    .positive()
    .default(200_000)
    .describe('longer articles are dead-lettered'),
});

export type ExtractConfig = z.infer<typeof extractConfigSchema>;

export const loadConfig = (env: Record<string, string | undefined>): ExtractConfig =>
  parseConfig(extractConfigSchema, env);
