import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeArticleWith, eventId, toCodedEvent } from './code-article.ts';
import { testCoder } from './test-kb.test-helper.ts';
import type { CodedEventDraft } from './types.ts';

const code = (text: string, date = '2016-02-15'): CodedEventDraft[] =>
  codeArticleWith(testCoder(), { id: 't', text, date }).events;
const triples = (events: CodedEventDraft[]): string[] =>
  events.map((e) => `${e.source.code}>${e.target?.code ?? ''}:${e.eventCode}`);

describe('actors', () => {
  it('codes a sector word with its country', () => {
    assert.deepEqual(triples(code('Turkish troops shelled Kurdish rebels near the border.')), [
      'TURMIL>KURREB:194',
    ]);
  });
  it('codes a person by the role held on the event date, and by country alone out of office', () => {
    assert.deepEqual(triples(code('Obama criticized Russia.', '2016-02-15')), ['USAGOV>RUS:111']);
    assert.deepEqual(triples(code('Obama criticized Russia.', '2019-05-01')), ['USA>RUS:111']);
  });
  it('drops the sponsor of a compound actor', () => {
    assert.deepEqual(
      triples(code('Russian-backed Syrian government forces attacked the town held by rebels.')).slice(0, 1),
      ['SYRMIL>SYRREB:190'],
    );
  });
  it('gives a bare sector word the country of the other actor', () => {
    assert.deepEqual(triples(code('Egyptian police arrested dozens of protesters in Cairo.')), [
      'EGYCOP>EGYCVL:173',
    ]);
  });
  it('treats seats of power as the government', () => {
    assert.deepEqual(
      triples(code('The Kremlin condemned the new sanctions imposed by Washington.')).slice(0, 1),
      ['RUSGOV>USAGOV:111'],
    );
  });
});

describe('events', () => {
  it('swaps source and target in the passive', () => {
    assert.deepEqual(triples(code('Chadian villagers were attacked by Sudanese militiamen on Sunday.')), [
      'SDNMIL>TCDCVL:190',
    ]);
  });
  it('codes both directions for a reciprocal verb with a conjoined subject', () => {
    assert.deepEqual(triples(code('France and Germany signed a trade agreement in Paris.')).sort(), [
      'DEU>FRA:057',
      'FRA>DEU:057',
    ]);
  });
  it('turns "will" plus a cooperative verb into intent and "would" plus force into a threat', () => {
    assert.deepEqual(triples(code('Japan will provide food aid to Haiti.')), ['JPN>HTI:033']);
    assert.deepEqual(triples(code('Iran said it would attack Israeli ships.')), ['IRN>ISR:138']);
  });
  it('reads "will not accept" as a rejection and drops a plainly negated attack', () => {
    assert.deepEqual(
      triples(code('Jordan said it will not accept more refugees from Syria.')).map((t) => t.slice(-3)),
      ['124'],
    );
    assert.deepEqual(code('India did not attack Pakistan.'), []);
  });
  it("reads 'no' before a pattern's object as a negation", () => {
    assert.deepEqual(triples(code('Japan offered no aid to Haiti.')), ['JPN>HTI:120']);
    assert.deepEqual(code('Egyptian troops launched no attack on Jordanian forces.'), []);
    assert.deepEqual(triples(code('Egyptian troops launched an attack on Jordanian forces.')), [
      'EGYMIL>JORMIL:190',
    ]);
  });
  it('codes "X said Y must" as a demand by X on Y', () => {
    const events = code('Germany said Greece must repay its loans.');
    assert.deepEqual(
      events.map((e) => `${e.source.code}>${e.target?.code}:${e.eventRootCode}`),
      ['DEU>GRC:10'],
    );
  });
  it('keeps the appositive owner as the source', () => {
    const t = triples(code('Pakistan, a key U.S. ally in the region, has refused to send troops to Yemen.'));
    assert.ok(t[0]?.startsWith('PAK>'), t.join());
  });
  it('codes the partner of a joint operation as cooperation, not as a target', () => {
    assert.deepEqual(triples(code('Egypt threatened a joint attack with Jordanian troops.')), [
      'EGY>JORMIL:0312',
    ]);
    assert.deepEqual(triples(code('Egypt will attack jointly with Jordanian troops.')), ['EGY>JORMIL:0312']);
    assert.deepEqual(triples(code('Egyptian troops launched a joint offensive with Jordanian forces.')), [
      'EGYMIL>JORMIL:062',
    ]);
    assert.deepEqual(triples(code('Egyptian troops attacked Jordanian forces.')), ['EGYMIL>JORMIL:190']);
  });
  it('emits nothing rather than a default code', () => {
    assert.deepEqual(code('The weather in Paris was mild and markets were calm.'), []);
  });
});

describe('dates and ids', () => {
  it('resolves relative dates against the article date', () => {
    const [e] = code('Obama telephoned Putin yesterday.');
    assert.equal(e?.eventDate, '2016-02-14');
    assert.equal(e?.dateText, 'yesterday');
    const [f] = code('On Friday, Turkish jets bombed Kurdish positions.');
    assert.equal(f?.eventDate, '2016-02-12');
  });
  it('gives the same event id on replay', () => {
    const a = code('Obama telephoned Putin yesterday.')[0]!;
    const b = code('Obama telephoned Putin yesterday.')[0]!;
    assert.equal(eventId('x', a), eventId('x', b));
    const rec = toCodedEvent({ id: 'x' }, a, 0);
    assert.equal(rec.eventRootCode, '04');
    assert.equal(rec.quadClass, 1);
    assert.equal(typeof rec.goldsteinScale, 'number');
  });
});

describe('coreference and nominal events', () => {
  it('resolves "the two leaders" to the two people last named', () => {
    const events = code(
      'Barack Obama met Vladimir Putin in Paris. The two leaders discussed the crisis in Syria.',
    );
    const second = events
      .filter((e) => e.sentence.index === 1)
      .map((e) => `${e.source.code}>${e.target?.code}`);
    assert.deepEqual(second.sort(), ['RUSGOV>USAGOV', 'USAGOV>RUSGOV']);
    assert.equal(events.find((e) => e.sentence.index === 1)?.source.resolvedBy, 'coreference');
  });
  it('codes a nominal event with an actor in front of the noun', () => {
    assert.deepEqual(triples(code('Amid Turkish shelling of Kurdish positions, the talks were postponed.')), [
      'TUR>KUR:194',
    ]);
  });
  it('keeps negated events only when asked, flagged', async () => {
    const { createCoder } = await import('./coder.ts');
    const { readDictionarySources } = await import('../../loaders/coder.ts');
    const { testKnowledgeBase } = await import('./test-kb.test-helper.ts');
    const keeping = createCoder(testKnowledgeBase(), readDictionarySources(), { keepNegated: true });
    const events = codeArticleWith(keeping, {
      id: 'n',
      text: 'India did not attack Pakistan.',
      date: '2016-02-15',
    }).events;
    assert.equal(events.length, 1);
    assert.equal(events[0]?.negated, true);
  });
  it('marks the lead paragraph as root events', () => {
    const events = code('Japan will provide food aid to Haiti.\nLater, Brazil criticized Argentina.');
    assert.deepEqual(
      events.map((e) => e.isRootEvent),
      [true, false],
    );
  });
});

describe('conjoined verbs and restatements', () => {
  it('gives a conjoined verb group with auxiliaries and adverbs the subject before it', () => {
    assert.deepEqual(
      triples(code('Benin opened its borders to Nigerians, but was still refusing admittance to Ghanaians.')),
      ['BEN>NGA:073', 'BEN>GHA:120'],
    );
    assert.deepEqual(triples(code('Israel attacked Syria and also shelled Lebanon.')), [
      'ISR>SYR:190',
      'ISR>LBN:194',
    ]);
  });

  it('leaves out a targetless event that restates a targeted one of the same source', () => {
    assert.deepEqual(triples(code('Russian jets killed three Syrian soldiers and wounded two others.')), [
      'RUSMIL>SYRMIL:190',
    ]);
  });
});

describe('actor lists', () => {
  it('keeps a comma list together across articles and adjectives', () => {
    assert.deepEqual(triples(code('Egypt, the powerful Saudi Arabia and Jordan condemned Israel.')).sort(), [
      'EGY>ISR:111',
      'JOR>ISR:111',
      'SAU>ISR:111',
    ]);
  });
});

describe('infinitives', () => {
  it('codes a verb conjoined to an uncoded infinitive no more than the infinitive', () => {
    assert.deepEqual(
      triples(code('Obama pressed Putin to play a constructive role and suspend the talks.')),
      ['USAGOV>RUSGOV:100'],
    );
  });
});

describe('states on the event date', () => {
  it('codes the actors of a state that did not exist yet as the state its land was part of', () => {
    assert.deepEqual(triples(code('South Sudan and Sudan signed an agreement.', '2005-03-01')), [
      'SDN>SDN:057',
    ]);
    assert.deepEqual(triples(code('South Sudan and Sudan signed an agreement.', '2016-03-01')).sort(), [
      'SDN>SSD:057',
      'SSD>SDN:057',
    ]);
  });
});
