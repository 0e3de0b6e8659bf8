import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256Hex } from './article-id.ts';
import { checkArticleInput } from './article-input.ts';
import { normalizeArticle } from './normalize-article.ts';

const NOW = Date.UTC(2024, 5, 1);

function normalize(raw: unknown) {
  const checked = checkArticleInput(raw, NOW);
  if (!checked.ok) return checked;
  return normalizeArticle(checked.input, { origin: 'OTHER', ingestedAt: NOW, maxTextChars: 10_000 });
}

describe('normalizeArticle', () => {
  it('ids an article by its canonical URL, so tracking variants share one id', () => {
    const a = normalize({
      text: 'Talks resumed in Oslo on Monday.',
      url: 'https://Example.com/x?utm_source=a',
    });
    const b = normalize({
      text: 'Talks resumed in Oslo on Monday, officials said.',
      url: 'https://example.com/x#top',
    });
    assert.ok(a.ok && b.ok);
    assert.equal(a.article.id, b.article.id);
    assert.equal(a.article.id, sha256Hex('https://example.com/x').slice(0, 32));
    assert.equal(a.article.url, 'https://Example.com/x?utm_source=a');
  });

  it('ids an article without URL by its normalised text', () => {
    const a = normalize({ text: 'Talks  resumed\n in Oslo.' });
    const b = normalize({ text: 'Talks resumed in Oslo.' });
    assert.ok(a.ok && b.ok);
    assert.equal(a.article.id, b.article.id);
    assert.equal(a.article.contentHash, sha256Hex('Talks resumed in Oslo.'));
    assert.equal(a.article.source, null);
  });

  it('takes title, language and date from the page when the feeder gave none, the feeder otherwise', () => {
    const html =
      '<html lang="fr"><head><title>Titre</title><meta property="article:published_time" content="2024-03-01T10:00:00Z"></head><body><article><p>Le texte.</p></article></body></html>';
    const fromPage = normalize({ html });
    assert.ok(fromPage.ok);
    assert.equal(fromPage.article.title, 'Titre');
    assert.equal(fromPage.article.language, 'fr');
    assert.equal(fromPage.article.publishedAt, Date.UTC(2024, 2, 1, 10));
    const declared = normalize({
      html,
      title: 'Mine',
      language: 'de',
      publishedAt: '20240102',
      source: ' Le Monde ',
    });
    assert.ok(declared.ok);
    assert.deepEqual(
      [
        declared.article.title,
        declared.article.language,
        declared.article.publishedAt,
        declared.article.source,
      ],
      ['Mine', 'de', Date.UTC(2024, 0, 2), 'Le Monde'],
    );
  });

  it('names every offending field', () => {
    const r = normalize({
      text: 5,
      url: 'notaurl',
      publishedAt: true,
      language: 'xx-!!',
      metadata: { ok: 'y', bad: 2 },
      extra: 1,
    });
    assert.ok(!r.ok);
    const fields = r.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['extra', 'language', 'metadata.bad', 'publishedAt', 'text', 'url']);
  });

  it('rejects a text that normalises to nothing, or is too long', () => {
    const empty = normalize({ html: '<script>only()</script>' });
    assert.ok(!empty.ok);
    assert.deepEqual(empty.errors, [{ field: 'html', message: 'has no text after normalisation' }]);
    const long = normalize({ text: 'x'.repeat(10_001) });
    assert.ok(!long.ok && long.errors[0]!.field === 'text');
  });
});
