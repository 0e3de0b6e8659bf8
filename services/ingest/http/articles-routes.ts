import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AcceptResult, Acceptor } from '../accept.ts';
import * as S from './openapi-schemas.ts';
import { replyError } from './reply-error.ts';

export interface ArticlesRouteOptions {
  acceptor: Acceptor;
  batchMaxItems: number;
}

const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'];

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

type Item = { index: number; line?: number; value: unknown } | { index: number; line: number; error: string };

/** NDJSON → items; a line that is not JSON becomes that item's own rejection, not the batch's. */
function ndjsonItems(body: string): Item[] {
  const items: Item[] = [];
  body.split('\n').forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const index = items.length;
    try {
      items.push({ index, line: i + 1, value: JSON.parse(text) });
    } catch (err) {
      items.push({ index, line: i + 1, error: `invalid JSON: ${(err as Error).message}` });
    }
  });
  return items;
}

function resultBody(r: AcceptResult) {
  if (r.status === 'accepted') return { status: r.status, id: r.id };
  if (r.status === 'duplicate') return { status: r.status, id: r.id, existingId: r.existingId };
  return { status: r.status, errors: r.errors };
}

/** OpenAPI documentation of POST /v1/articles. */
const oneSchema = {
  summary: 'Ingest one article',
  description:
    'Answers 202 only once Kafka acknowledged the article; 200 when it is a duplicate of an earlier one.',
  tags: ['articles'],
  body: S.articleInput,
  response: {
    200: S.accepted,
    202: S.accepted,
    400: S.problem,
    401: S.problem,
    403: S.problem,
    413: S.problem,
    415: S.problem,
    422: S.problem,
    503: S.problem,
  },
};

/** OpenAPI documentation of POST /v1/articles/batch. */
const batchSchema = {
  summary: 'Ingest a batch of articles (JSON array or NDJSON)',
  description: 'Per-item results in order. 202 when every item was accepted, 207 otherwise.',
  tags: ['articles'],
  body: {
    content: {
      'application/json': { schema: { type: 'array', items: S.articleInput } },
      'application/x-ndjson': {
        schema: { type: 'string', description: 'one article object per line' },
      },
    },
  },
  response: {
    202: S.batchResult,
    207: S.batchResult,
    400: S.problem,
    401: S.problem,
    403: S.problem,
    413: S.problem,
    415: S.problem,
    503: S.problem,
  },
};

/** One result per item, in order: the acceptor's for parsed items, a rejection for bad lines. */
function batchResults(items: Item[], parsed: Extract<Item, { value: unknown }>[], outcomes: AcceptResult[]) {
  const byIndex = new Map(parsed.map((item, k) => [item.index, outcomes[k]!]));
  return items.map((item) => {
    const r: AcceptResult =
      'error' in item
        ? { status: 'rejected', reason: 'invalid', errors: [{ field: 'body', message: item.error }] }
        : byIndex.get(item.index)!;
    return {
      index: item.index,
      ...(item.line !== undefined ? { line: item.line } : {}),
      ...resultBody(r),
    };
  });
}

export async function articlesRoutes(app: FastifyInstance, opts: ArticlesRouteOptions): Promise<void> {
  const { acceptor } = opts;

  app.post('/v1/articles', { schema: oneSchema }, async (request: FastifyRequest, reply: FastifyReply) => {
    if (mediaTypeOf(request) !== 'application/json') {
      return replyError(reply, 415, 'unsupported media type', [
        { field: 'content-type', message: 'must be application/json' },
      ]);
    }
    const [result] = await acceptor.accept([request.body], { origin: 'HTTP' });
    if (!result) throw new Error('acceptor returned no result');
    if (result.status === 'accepted') return reply.code(202).send({ id: result.id, status: 'accepted' });
    if (result.status === 'duplicate')
      return reply.code(200).send({ id: result.id, status: 'duplicate', existingId: result.existingId });
    if (result.reason === 'too-large') return replyError(reply, 413, 'article too large', result.errors);
    return result.reason === 'unfetchable'
      ? replyError(reply, 422, 'the article page could not be fetched', result.errors)
      : replyError(reply, 400, 'invalid article', result.errors);
  });

  app.post(
    '/v1/articles/batch',
    { schema: batchSchema },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const type = mediaTypeOf(request);
      let items: Item[];
      if (type === 'application/json') {
        if (!Array.isArray(request.body)) {
          return replyError(reply, 400, 'invalid batch', [
            { field: 'body', message: 'must be a JSON array of articles' },
          ]);
        }
        items = request.body.map((value, index) => ({ index, value }));
      } else if (NDJSON_TYPES.includes(type)) {
        items = ndjsonItems(String(request.body ?? ''));
      } else {
        return replyError(reply, 415, 'unsupported media type', [
          { field: 'content-type', message: 'must be application/json or application/x-ndjson' },
        ]);
      }
      if (items.length === 0)
        return replyError(reply, 400, 'invalid batch', [{ field: 'body', message: 'has no articles' }]);
      if (items.length > opts.batchMaxItems) {
        return replyError(reply, 413, 'batch too large', [
          { field: 'body', message: `has ${items.length} articles, more than ${opts.batchMaxItems}` },
        ]);
      }

      const parsed = items.filter((i): i is Extract<Item, { value: unknown }> => 'value' in i);
      const outcomes = await acceptor.accept(
        parsed.map((i) => i.value),
        { origin: 'HTTP' },
      );
      const results = batchResults(items, parsed, outcomes);
      const count = (s: string) => results.filter((r) => r.status === s).length;
      const summary = {
        accepted: count('accepted'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
      };
      return reply.code(summary.accepted === results.length ? 202 : 207).send({ ...summary, results });
    },
  );
}
