import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalizeUrl } from './canonical-url.ts';

const canon = (u: string) => {
  const r = canonicalizeUrl(u);
  return r.ok ? r.url : `error: ${r.error}`;
};

// Per behaviour: [input, canonical form or error, what the pair shows (when not obvious)].
const cases: Record<string, [string, string, string?][]> = {
  'lower-cases scheme and host, drops default ports, fragment and credentials': [
    ['HTTPS://News.Example.COM:443/World/Story#comments', 'https://news.example.com/World/Story'],
    ['http://user:pw@example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com.', 'https://example.com/'],
  ],
  'removes tracking parameters and sorts the others, keeping their encoding': [
    [
      'https://example.com/a?utm_source=rss&b=2&fbclid=x&a=1&gclid=y&mc_cid=z&UTM_Campaign=c',
      'https://example.com/a?a=1&b=2',
    ],
    ['https://example.com/a?q=a%20b&flag&id=3', 'https://example.com/a?flag&id=3&q=a%20b'],
    ['https://example.com/a?utm_medium=feed', 'https://example.com/a'],
    ['https://example.com/a?z=1&a=2&z=0', 'https://example.com/a?a=2&z=1&z=0', 'same names keep their order'],
  ],
  'applies IDNA and resolves dot segments': [
    ['https://BÜCHER.example/a/../b/./c', 'https://xn--bcher-kva.example/b/c'],
  ],
  'refuses what is not an http(s) URL': [
    ['ftp://example.com/x', "error: scheme 'ftp' is not http or https"],
    ['/relative/path', 'error: is not an absolute URL'],
    ['javascript:alert(1)', "error: scheme 'javascript' is not http or https"],
  ],
};

describe('canonicalizeUrl', () => {
  for (const [behaviour, pairs] of Object.entries(cases))
    it(behaviour, () => {
      for (const [url, expected, why] of pairs) assert.equal(canon(url), expected, why ?? url);
    });
});
