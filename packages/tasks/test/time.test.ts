import { describe, expect, it } from 'vitest';
import { fromZStack, parseHuaweiTime } from '../src/index.js';

describe('Huawei times', () => {
  it.each([
    ['2019-05-23T14:35:23.584+00:00', '2019-05-23T14:35:23.584Z'],
    ['2019-05-23T14:31:36.039365', '2019-05-23T14:31:36.039Z'],
    ['2016-12-02T09:06:46.706', '2016-12-02T09:06:46.706Z'],
    ['2016-12-02T09:06:46Z', '2016-12-02T09:06:46.000Z'],
    ['2016-12-02T17:06:46+08:00', '2016-12-02T09:06:46.000Z'],
    ['2016-12-02T17:06:46+0800', '2016-12-02T09:06:46.000Z'],
    ['2016-12-02 09:06:46.7', '2016-12-02T09:06:46.700Z'],
  ])('%s is %s (zone-less times are UTC)', (text, iso) => {
    expect(parseHuaweiTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2016-13-02T09:06:46', '2016-12-02', 1480669606, null])(
    '%j is no time (undefined)',
    (text) => {
      expect(parseHuaweiTime(text)).toBeUndefined();
    },
  );
});

describe('ZStack dates', () => {
  const task = (createDate: string, source: { timeZone?: string; offset?: string }) =>
    fromZStack('cbt-task', { uuid: 'a', status: 'Running', createDate }, source).created?.toISOString();

  it('reads the Java 8 and Java 9+ forms in the server zone', () => {
    expect(task('Nov 14, 2017 10:20:57 PM', { timeZone: 'Asia/Shanghai' })).toBe('2017-11-14T14:20:57.000Z');
    expect(task('Nov 14, 2017, 10:20:57 PM', { timeZone: 'Asia/Shanghai' })).toBe('2017-11-14T14:20:57.000Z');
    expect(task('Nov 14, 2017, 10:20:57\u202fPM', { timeZone: 'UTC' })).toBe('2017-11-14T22:20:57.000Z');
    expect(task('Jul 1, 2024 12:00:00 AM', { timeZone: 'Europe/Berlin' })).toBe('2024-06-30T22:00:00.000Z');
    expect(task('Nov 14, 2017 10:20:57 PM', { offset: '-05:00' })).toBe('2017-11-15T03:20:57.000Z');
  });

  it('leaves an unreadable date undefined and keeps the text in raw', () => {
    const converted = fromZStack(
      'cdp-task',
      { uuid: 'a', status: 'Running', createDate: '2017-11-14 22:20' },
      { timeZone: 'UTC' },
    );
    expect(converted.created).toBeUndefined();
    expect(converted.raw.createDate).toBe('2017-11-14 22:20');
  });
});
