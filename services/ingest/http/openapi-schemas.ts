import { z } from 'zod';
import { ArticleInputSchema } from '../domain/article-input.ts';
import { FeedSpecSchema } from '../feeds/feed-spec.ts';

// JSON Schemas for the OpenAPI document only: requests are checked by the domain's own zod
// schemas (one place, shared with the CLI and feeds), so these never validate anything.
const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;

export const articleInput = toSchema(ArticleInputSchema);
export const feedSpec = toSchema(FeedSpecSchema);

/** An object schema; `required` only where given, as the OpenAPI document writes it. */
const object = <P extends Record<string, unknown>>(properties: P, required?: string[]) => ({
  type: 'object',
  ...(required ? { required } : {}),
  properties,
});
const arrayOf = (items: unknown) => ({ type: 'array', items });

export const problem = object(
  {
    error: { type: 'string' },
    details: arrayOf(
      object({ field: { type: 'string' }, message: { type: 'string' } }, ['field', 'message']),
    ),
  },
  ['error', 'details'],
);

export const accepted = object(
  {
    id: { type: 'string' },
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    existingId: { type: 'string' },
  },
  ['id', 'status'],
);

export const batchResult = object({
  accepted: { type: 'integer' },
  duplicates: { type: 'integer' },
  rejected: { type: 'integer' },
  results: arrayOf(
    object(
      {
        index: { type: 'integer', description: '0-based position in the batch' },
        line: { type: 'integer', description: '1-based line of an NDJSON body' },
        status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
        id: { type: 'string' },
        existingId: { type: 'string' },
        errors: problem.properties.details,
      },
      ['index', 'status'],
    ),
  ),
});

export const feed = object({
  id: { type: 'string' },
  url: { type: 'string' },
  intervalSeconds: { type: 'integer' },
  fetchFullText: { type: 'boolean' },
  source: { type: 'string', nullable: true },
  origin: { type: 'string', enum: ['api', 'config'] },
  createdAt: { type: 'integer', description: 'ms since epoch' },
});
