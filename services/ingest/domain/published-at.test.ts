import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePublishedAt } from './published-at.ts';

const NOW = Date.UTC(2024, 5, 1);
const ms = (v: string | number) => {
  const r = parsePublishedAt(v, NOW);
  return r.ok ? r.ms : r.error;
};

describe('parsePublishedAt', () => {
  it('reads ISO 8601, zone-less date-times as UTC', () => {
    assert.equal(ms('2024-03-01T10:00:00Z'), Date.UTC(2024, 2, 1, 10));
    assert.equal(ms('2024-03-01T10:00:00+02:00'), Date.UTC(2024, 2, 1, 8));
    assert.equal(ms('2024-03-01T10:00:00.250Z'), Date.UTC(2024, 2, 1, 10, 0, 0, 250));
    assert.equal(ms('2024-03-01T10:00'), Date.UTC(2024, 2, 1, 10));
    assert.equal(ms('2024-03-01 10:00:00'), Date.UTC(2024, 2, 1, 10));
    assert.equal(ms('2024-03-01'), Date.UTC(2024, 2, 1));
  });

  it('reads RFC 2822 with offsets, zone names and none', () => {
    assert.equal(ms('Fri, 01 Mar 2024 09:30:00 +0100'), Date.UTC(2024, 2, 1, 8, 30));
    assert.equal(ms('Fri, 01 Mar 2024 11:00:00 GMT'), Date.UTC(2024, 2, 1, 11));
    assert.equal(ms('1 Mar 2024 11:00:00 EST'), Date.UTC(2024, 2, 1, 16));
    assert.equal(ms('Fri, 1 Mar 2024 11:00'), Date.UTC(2024, 2, 1, 11));
  });

  it('reads YYYYMMDD, GDELT YYYYMMDDhhmmss and epoch seconds or ms', () => {
    assert.equal(ms('20240301'), Date.UTC(2024, 2, 1));
    assert.equal(ms('20240301101500'), Date.UTC(2024, 2, 1, 10, 15));
    assert.equal(ms(1709287200), Date.UTC(2024, 2, 1, 10));
    assert.equal(ms(1709287200000), Date.UTC(2024, 2, 1, 10));
    assert.equal(ms('1709287200'), Date.UTC(2024, 2, 1, 10));
  });

  it('rejects nonsense, impossible dates, the far past and the future', () => {
    assert.match(String(ms('yesterday')), /is not a date/);
    assert.match(String(ms('20240231')), /is not a date/);
    assert.match(String(ms('2024-13-01')), /is not a date/);
    assert.match(String(ms(Number.NaN)), /is not a date/);
    assert.equal(ms('1850-01-01'), 'is before 1900');
    assert.equal(ms('2024-06-05T00:00:00Z'), 'is more than a day in the future');
  });
});
