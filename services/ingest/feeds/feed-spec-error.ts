import type { FieldError } from '../domain/field-error.ts';

export class FeedSpecError extends Error {
  readonly retriable = false;
  constructor(readonly details: FieldError[]) {
    super(`invalid feed: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`);
    this.name = 'FeedSpecError';
  }
}
