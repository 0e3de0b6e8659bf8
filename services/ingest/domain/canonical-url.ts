import { isTrackingParam } from './tracking-params.ts';

export type CanonicalUrlResult = { ok: true; url: string; host: string } | { ok: false; error: string };

function decodeKey(part: string): string {
  const raw = part.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Canonical form of an article URL: http(s) only; the WHATWG parser lower-cases scheme and host,
 * applies IDNA, drops default ports and resolves dot segments; we drop credentials, the fragment
 * and tracking parameters, and sort the remaining parameters by name (stable, so repeated names
 * keep their order). Parameters are kept byte for byte as given: re-encoding them through
 * URLSearchParams would turn `%20` into `+` and `?flag` into `?flag=`, which some servers read
 * differently.
 */
export function canonicalizeUrl(input: string): CanonicalUrlResult {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: 'is not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `scheme '${url.protocol.replace(/:$/, '')}' is not http or https` };
  }
  if (!url.hostname) return { ok: false, error: 'has no host' };
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.replace(/\.+$/, '');
  const params = url.search
    .slice(1)
    .split('&')
    .filter((p) => p.length > 0)
    .map((part) => ({ part, key: decodeKey(part) }))
    .filter(({ key }) => !isTrackingParam(key))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  url.search = params.length > 0 ? `?${params.map((p) => p.part).join('&')}` : '';
  return { ok: true, url: url.href, host: url.hostname };
}
