import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FeedManager } from '../feeds/feed-manager.ts';
import { FeedSpecError } from '../feeds/feed-spec-error.ts';
import * as S from './openapi-schemas.ts';
import { replyError } from './reply-error.ts';

export async function feedsRoutes(app: FastifyInstance, opts: { feeds: FeedManager }): Promise<void> {
  const { feeds } = opts;

  app.post(
    '/v1/feeds',
    {
      schema: {
        summary: 'Add (or update) a polled RSS/Atom feed',
        tags: ['feeds'],
        body: S.feedSpec,
        response: {
          200: S.feed,
          201: S.feed,
          400: S.problem,
          401: S.problem,
          403: S.problem,
          415: S.problem,
        },
      },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const { feed, created } = await feeds.add(request.body, 'api');
        return reply.code(created ? 201 : 200).send(feed);
      } catch (err) {
        if (err instanceof FeedSpecError) return replyError(reply, 400, 'invalid feed', err.details);
        throw err;
      }
    },
  );

  app.get(
    '/v1/feeds',
    {
      schema: {
        summary: 'List polled feeds',
        tags: ['feeds'],
        response: { 200: { type: 'object', properties: { feeds: { type: 'array', items: S.feed } } } },
      },
    },
    async () => ({ feeds: await feeds.list() }),
  );

  app.delete(
    '/v1/feeds/:id',
    {
      schema: {
        summary: 'Stop polling a feed',
        tags: ['feeds'],
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 204: { type: 'null' }, 404: S.problem },
      },
    },
    async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const removed = await feeds.remove(request.params.id);
      if (!removed)
        return replyError(reply, 404, 'no such feed', [
          { field: 'id', message: `no feed with id ${request.params.id}` },
        ]);
      return reply.code(204).send();
    },
  );
}
