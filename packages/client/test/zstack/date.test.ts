import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { parseZStackDate } from '../../src/zstack/date/index.js';

describe('parseZStackDate', () => {
  it('reads the wall-clock time in the runtime zone by default', () => {
    const date = parseZStackDate('Nov 14, 2017 10:20:57 PM');
    expect([
      date.getFullYear(),
      date.getMonth(),
      date.getDate(),
      date.getHours(),
      date.getMinutes(),
      date.getSeconds(),
    ]).toEqual([2017, 10, 14, 22, 20, 57]);
  });

  it('applies a fixed offset or an IANA zone (with daylight saving)', () => {
    expect(parseZStackDate('Nov 14, 2017 10:20:57 PM', { offset: '+08:00' }).toISOString()).toBe(
      '2017-11-14T14:20:57.000Z',
    );
    expect(parseZStackDate('Nov 14, 2017 10:20:57 PM', { offset: 480 }).toISOString()).toBe('2017-11-14T14:20:57.000Z');
    expect(parseZStackDate('Jan 1, 2020 12:00:00 AM', { offset: 'Z' }).toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(parseZStackDate('Jan 1, 2020 12:30:00 PM', { offset: '-0530' }).toISOString()).toBe(
      '2020-01-01T18:00:00.000Z',
    );
    expect(parseZStackDate('Nov 14, 2017 10:20:57 PM', { timeZone: 'Asia/Shanghai' }).toISOString()).toBe(
      '2017-11-14T14:20:57.000Z',
    );
    // New York: EDT (-4) in July, EST (-5) in January
    expect(parseZStackDate('Jul 4, 2021 9:00:00 AM', { timeZone: 'America/New_York' }).toISOString()).toBe(
      '2021-07-04T13:00:00.000Z',
    );
    expect(parseZStackDate('Jan 4, 2021 9:00:00 AM', { timeZone: 'America/New_York' }).toISOString()).toBe(
      '2021-01-04T14:00:00.000Z',
    );
  });

  it('accepts the JDK 9+ form: comma after the year, narrow no-break space before AM/PM', () => {
    expect(parseZStackDate('Nov 14, 2017, 10:20:57\u202fPM', { offset: 'Z' }).toISOString()).toBe(
      '2017-11-14T22:20:57.000Z',
    );
  });

  it('refuses text that is not such a date, naming the expected form', () => {
    for (const bad of [
      '2017-11-14T22:20:57Z',
      'Foo 14, 2017 10:20:57 PM',
      'Nov 14, 2017 13:20:57 PM',
      'Nov 14, 2017 0:20:57 AM',
      '',
    ]) {
      expect(() => parseZStackDate(bad)).toThrow(/expected e\.g\. "Nov 14, 2017 10:20:57 PM"/);
    }
    expect(() => parseZStackDate('Feb 30, 2021 1:00:00 AM')).toThrow(/Not a ZStack date/);
  });

  it('refuses bad zone options with what to pass', () => {
    expect(() => parseZStackDate('Nov 14, 2017 10:20:57 PM', { timeZone: 'Mars/Olympus' })).toThrow(ConfigurationError);
    expect(() => parseZStackDate('Nov 14, 2017 10:20:57 PM', { offset: '+8' })).toThrow(/"\+HH:MM"/);
    expect(() => parseZStackDate('Nov 14, 2017 10:20:57 PM', { offset: 'Z', timeZone: 'UTC' })).toThrow(/not both/);
  });
});
