import type { FastifyReply } from 'fastify';
import type { FieldError } from '../domain/field-error.ts';

/** Every error answer has one shape: `{ error, details: [{ field, message }] }`. */
export function replyError(
  reply: FastifyReply,
  status: number,
  error: string,
  details: FieldError[] = [],
): FastifyReply {
  return reply.code(status).type('application/json').send({ error, details });
}
