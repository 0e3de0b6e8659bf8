import { z } from 'zod';
import { ArticleInputSchema } from '../domain/article-input.ts';
import { FeedSpecSchema } from '../feeds/feed-spec.ts';

// JSON Schemas for the OpenAPI document only: requests are checked by the domain's own zod
// schemas (one place, shared with the CLI and feeds), so these never validate anything.
const toSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<string, unknown>;

export const articleInput = toSchema(ArticleInputSchema);
export const feedSpec = toSchema(FeedSpecSchema);

export const problem = {
  type: 'object',
  required: ['error', 'details'],
  properties: {
    error: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

export const accepted = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['accepted', 'duplicate'] },
    existingId: { type: 'string' },
  },
};

export const batchResult = {
  type: 'object',
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer' },
    rejected: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'status'],
        properties: {
          index: { type: 'integer', description: '0-based position in the batch' },
          line: { type: 'integer', description: '1-based line of an NDJSON body' },
          status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
          id: { type: 'string' },
          existingId: { type: 'string' },
          errors: problem.properties.details,
        },
      },
    },
  },
};

export const feed = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    intervalSeconds: { type: 'integer' },
    fetchFullText: { type: 'boolean' },
    source: { type: 'string', nullable: true },
    origin: { type: 'string', enum: ['api', 'config'] },
    createdAt: { type: 'integer', description: 'ms since epoch' },
  },
};
