import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText } from './html-to-text.ts';
import { detectLanguage, parseLanguageTag } from './language.ts';
import { normalizeText } from './normalize-text.ts';

describe('normalizeText', () => {
  it('applies NFC and collapses whitespace, keeping paragraphs as blank-line separated', () => {
    const decomposed =
      'Cafe\u0301 talks\u00a0resume\r\n  in\tGeneva.\r\n\r\n\r\n\u200BSecond   paragraph.\n \n';
    assert.equal(normalizeText(decomposed), 'Café talks resume in Geneva.\n\nSecond paragraph.');
  });

  it('joins hard-wrapped lines and drops control characters', () => {
    assert.equal(normalizeText('one\ntwo\u0000three\n\n\nfour'), 'one two three\n\nfour');
    assert.equal(normalizeText(' \n\t \n'), '');
  });
});

describe('htmlToText', () => {
  it('extracts the main text with readability and keeps paragraphs', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(
      new URL('../../../tests/fixtures/ingest/article-page.html', import.meta.url),
      'utf8',
    );
    const r = htmlToText(html);
    const text = normalizeText(r.text);
    assert.equal(r.extractedBy, 'readability');
    assert.equal(r.lang, 'en');
    assert.equal(r.publishedTime, '2024-03-01T11:00:00Z');
    assert.match(
      text,
      /^(Sylvania's parliament debates sanctions bill\n\n)?(By A\. Reporter\n\n)?Lawmakers in Sylvania/,
    );
    assert.match(text, /exporters\.\n\nA vote is expected next Tuesday\./);
    for (const chrome of ['Home', 'All rights reserved', 'window.ads', 'font-family'])
      assert.ok(!text.includes(chrome), chrome);
  });

  it('falls back to the body text and decodes entities', () => {
    const r = htmlToText('<div>Fish &amp; chips</div><div>in&nbsp;Leeds</div><script>x()</script>');
    assert.equal(normalizeText(r.text), 'Fish & chips\n\nin Leeds');
  });
});

describe('language', () => {
  it('maps declared tags to ISO 639-1 and und to null', () => {
    assert.deepEqual(parseLanguageTag('en-GB'), { ok: true, language: 'en' });
    assert.deepEqual(parseLanguageTag('FRA'), { ok: true, language: 'fr' });
    assert.deepEqual(parseLanguageTag('und'), { ok: true, language: null });
    assert.equal(parseLanguageTag('english').ok, false);
  });

  it('detects the language of a text, null when too short', () => {
    assert.equal(
      detectLanguage(
        'Le ministre des affaires étrangères se rendra lundi à Genève pour rencontrer son homologue, a annoncé son porte-parole.',
      ),
      'fr',
    );
    assert.equal(
      detectLanguage(
        'Die Regierung hat am Montag angekündigt, die Truppen aus der Grenzregion abzuziehen, nachdem die Gespräche gescheitert waren.',
      ),
      'de',
    );
    assert.equal(detectLanguage('Hello'), null);
  });

  it('takes the English fast path only for English', () => {
    assert.equal(
      detectLanguage(
        'The foreign minister said on Monday that the government would withdraw its troops from the border region after talks with the rebels, which had been held in the capital for three days.',
      ),
      'en',
    );
    // many English loan words, few English function words: still decided by franc
    assert.equal(
      detectLanguage(
        'Il governo ha annunciato lunedì il ritiro delle truppe dalla regione di confine dopo i colloqui con i ribelli, che si sono svolti nella capitale per tre giorni, secondo il ministro.',
      ),
      'it',
    );
    assert.equal(
      detectLanguage(
        'De regering heeft maandag aangekondigd dat de troepen uit het grensgebied worden teruggetrokken na de gesprekken met de rebellen in de hoofdstad, zei de minister van buitenlandse zaken.',
      ),
      'nl',
    );
  });
});

describe('normalizeText fast paths', () => {
  // The plain definition the fast paths must agree with.
  const reference = (raw: string) =>
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
      // eslint-disable-next-line no-control-regex -- the same class as the implementation
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, ' ')
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter((p) => p.length > 0)
      .join('\n\n');

  it('gives the same text as the plain definition on random mixes of words, spaces and odd characters', () => {
    const pieces = [
      'word',
      'Zürich',
      'e\u0301',
      ' ',
      '  ',
      '\t',
      '\n',
      '\n\n',
      '\r\n',
      '\u00a0',
      '\u2003',
      '\u200b',
      '\u00ad',
      '\u0007',
      '\ufeff',
      '.',
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % pieces.length;
    for (let i = 0; i < 2000; i++) {
      const raw = Array.from({ length: 1 + (i % 30) }, () => pieces[next()]).join('');
      assert.equal(normalizeText(raw), reference(raw), JSON.stringify(raw));
    }
  });
});
