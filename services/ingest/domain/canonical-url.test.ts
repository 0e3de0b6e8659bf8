import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalizeUrl } from './canonical-url.ts';

const canon = (u: string) => {
  const r = canonicalizeUrl(u);
  return r.ok ? r.url : `error: ${r.error}`;
};

describe('canonicalizeUrl', () => {
  it('lower-cases scheme and host, drops default ports, fragment and credentials', () => {
    assert.equal(
      canon('HTTPS://News.Example.COM:443/World/Story#comments'),
      'https://news.example.com/World/Story',
    );
    assert.equal(canon('http://user:pw@example.com:80/a'), 'http://example.com/a');
    assert.equal(canon('http://example.com:8080/a'), 'http://example.com:8080/a');
    assert.equal(canon('https://example.com.'), 'https://example.com/');
  });

  it('removes tracking parameters and sorts the others, keeping their encoding', () => {
    assert.equal(
      canon('https://example.com/a?utm_source=rss&b=2&fbclid=x&a=1&gclid=y&mc_cid=z&UTM_Campaign=c'),
      'https://example.com/a?a=1&b=2',
    );
    assert.equal(canon('https://example.com/a?q=a%20b&flag&id=3'), 'https://example.com/a?flag&id=3&q=a%20b');
    assert.equal(canon('https://example.com/a?utm_medium=feed'), 'https://example.com/a');
    assert.equal(
      canon('https://example.com/a?z=1&a=2&z=0'),
      'https://example.com/a?a=2&z=1&z=0',
      'same names keep their order',
    );
  });

  it('applies IDNA and resolves dot segments', () => {
    assert.equal(canon('https://BÜCHER.example/a/../b/./c'), 'https://xn--bcher-kva.example/b/c');
  });

  it('refuses what is not an http(s) URL', () => {
    assert.equal(canon('ftp://example.com/x'), "error: scheme 'ftp' is not http or https");
    assert.equal(canon('/relative/path'), 'error: is not an absolute URL');
    assert.equal(canon('javascript:alert(1)'), "error: scheme 'javascript' is not http or https");
  });
});
