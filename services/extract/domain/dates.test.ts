import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseDate, resolveSentenceDate } from './dates.ts';
import { analyse } from './nlp.ts';

const resolve = (sentence: string, date: string) => {
  const { tokens } = analyse(sentence);
  return resolveSentenceDate(tokens, 0, tokens.length, date);
};

describe('dates', () => {
  it('normalises article dates', () => {
    assert.equal(normaliseDate('20160215'), '2016-02-15');
    assert.equal(normaliseDate('2016-02-15T08:00:00Z'), '2016-02-15');
    assert.equal(normaliseDate('last Tuesday'), null);
    assert.equal(normaliseDate('2016-02-30'), null);
  });
  it('resolves yesterday, today and last week', () => {
    assert.deepEqual(resolve('The minister resigned yesterday.', '2016-03-01'), {
      date: '2016-02-29',
      text: 'yesterday',
    });
    assert.deepEqual(resolve('Rebels shelled the town today.', '2016-02-15'), {
      date: '2016-02-15',
      text: 'today',
    });
    assert.equal(resolve('Talks ended last week.', '2016-02-15')?.date, '2016-02-08');
  });
  it('takes a weekday as the most recent one, the article day itself meaning today', () => {
    // 2016-02-15 was a Monday.
    assert.deepEqual(resolve('Envoys met on Friday in Geneva.', '2016-02-15'), {
      date: '2016-02-12',
      text: 'on Friday',
    });
    assert.equal(resolve('Envoys met on Monday.', '2016-02-15')?.date, '2016-02-15');
  });
  it('reads month and day, in the previous year when that day is well ahead', () => {
    assert.equal(
      resolve('The accord was signed on February 11 in Munich.', '2016-02-15')?.date,
      '2016-02-11',
    );
    assert.equal(resolve('Talks resumed on December 20, officials said.', '2016-01-05')?.date, '2015-12-20');
    assert.equal(resolve('They discussed the February 11 meeting.', '2016-02-15'), null);
  });
});
