import type { EntityRecord } from '../contracts/records.ts';
import type { ActorInput } from './domain/index.ts';
import { UnavailableError } from '../platform/errors.ts';

/**
 * Optional second source of entities behind the same cache: `GET <url>?mention=&code=&date=`
 * answering an Entity as JSON, or 404 when it knows none. Off unless ENRICH_REMOTE_RESOLVER_URL
 * is set (e.g. a small service in front of a Wikidata endpoint).
 */
export function createRemoteResolver(baseUrl: string, timeoutMs: number) {
  return async (input: ActorInput): Promise<EntityRecord | null> => {
    const url = new URL(baseUrl);
    url.searchParams.set('mention', input.mention);
    url.searchParams.set('code', input.code);
    url.searchParams.set('date', input.eventDate);
    let res: Response;
    try {
      res = await fetch(url, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw new UnavailableError(`remote resolver ${url.origin} did not answer: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new UnavailableError(`remote resolver answered HTTP ${res.status}`);
    const body = (await res.json()) as Partial<EntityRecord>;
    if (typeof body.id !== 'string' || typeof body.name !== 'string') return null;
    return {
      id: body.id,
      name: body.name,
      type: body.type ?? 'OTHER',
      countryIso3: body.countryIso3 ?? null,
      role: body.role ?? null,
      roleStart: body.roleStart ?? null,
      roleEnd: body.roleEnd ?? null,
      confidence: typeof body.confidence === 'number' ? body.confidence : 0.5,
    };
  };
}
